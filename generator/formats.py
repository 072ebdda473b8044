"""Problem formatters for `check`: text, json, github annotations, GitLab Code Quality."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Sequence

from .problems import PROGRAM, Problem
from .yamlread import printable

GITHUB_LIMIT = 10  # GitHub shows at most 10 annotations of each level per step

FIX_IN_HINT = {
    "revalidate": "{hint}, then run: {program} {command}",
    "log": "{hint} with: {program} {command}",
    "close": "{hint} ({program} {command} does this)",
    "team add": "{hint}: {program} {command}",
    "objective due": "{hint} ({program} {command} records a new date)",
}
"""How a report's hint names the command of a problem's fix (the site shows the whole command line)."""


def hint_text(p: Problem) -> str:
    """A problem's hint as reports print it: what to do, and the command that does it."""
    if p.fix is None:
        return p.hint
    form = FIX_IN_HINT.get(p.fix.command, "{hint}, then run: {program} {command}")
    return form.format(hint=p.hint, program=PROGRAM, command=p.fix.command)


def record(p: Problem) -> dict[str, object]:
    """The JSON object of one problem (SPEC §7)."""
    hint = hint_text(p)
    return {"code": p.code, "severity": p.severity, "customer": p.customer, "file": p.file, "line": p.line,
            "column": p.column, "message": p.message, "hint": hint or None}


def text(problems: Sequence[Problem]) -> str:
    """One line per problem; control characters and line ends from file names or data are escaped,
    so no name can hide text or forge a line."""
    lines = []
    for p in problems:
        hint = hint_text(p)
        shown = f" [{printable(hint)}]" if hint else ""
        lines.append(f"{printable(p.file)}:{p.line}:{p.column or 1}: {p.severity} {p.code} {printable(p.message)}{shown}")
    return "".join(line + "\n" for line in lines)


def as_json(problems: Sequence[Problem]) -> str:
    return json.dumps([record(p) for p in problems], indent=2, ensure_ascii=False) + "\n"


def _gh_data(value: str) -> str:
    return printable(value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _gh_property(value: str) -> str:
    return _gh_data(value).replace(":", "%3A").replace(",", "%2C")


def github(problems: Sequence[Problem]) -> str:
    """Workflow commands; the first 10 of each level, then a summary line of the rest."""
    out: list[str] = []
    shown: Counter[str] = Counter()
    hidden: Counter[str] = Counter()
    for p in problems:
        if shown[p.severity] >= GITHUB_LIMIT:
            hidden[p.severity] += 1
            continue
        shown[p.severity] += 1
        hint = hint_text(p)
        message = f"{p.message} ({hint})" if hint else p.message
        out.append(f"::{p.severity} file={_gh_property(p.file)},line={p.line},col={p.column or 1},"
                   f"title={_gh_property(p.code)}::{_gh_data(message)}")
    if hidden:
        parts = [f"{hidden[level]} more {level}{'s' if hidden[level] != 1 else ''}"
                 for level in ("error", "warning") if hidden[level]]
        out.append(f"::notice title=successplans::{' and '.join(parts)} not shown as annotations "
                   "(GitHub shows 10 of each level); run 'successplans check' for the full list")
    return "".join(line + "\n" for line in out)


def gitlab(problems: Sequence[Problem]) -> str:
    """GitLab Code Quality report: a JSON array with exactly the fields GitLab reads."""
    seen: Counter[tuple[str, str, str]] = Counter()
    report = []
    for p in problems:
        key = (p.code, p.file, p.message)
        seen[key] += 1
        digest = hashlib.sha256("\0".join((*key, str(seen[key]))).encode()).hexdigest()
        hint = hint_text(p)
        report.append({
            "description": f"{p.code} {p.message}" + (f" ({hint})" if hint else ""),
            "check_name": p.code,
            "fingerprint": digest,
            "severity": "major" if p.severity == "error" else "minor",
            "location": {"path": p.file, "lines": {"begin": p.line}},
        })
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


FORMATS: dict[str, Callable[[Sequence[Problem]], str]] = {
    "text": text,
    "json": as_json,
    "github": github,
    "gitlab": gitlab,
}
