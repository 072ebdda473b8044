"""Plans from templates: the plans repository's objective templates and playbooks.

Beside mkdocs.yml, `templates/objectives/<name>.md` is an objective file whose values may hold
placeholders, and `templates/playbooks/<name>.yaml` a set of joint tasks, each with an owner by role
and a due date counted in days from the start. `new objective --template` and `playbook apply` fill
them in for one customer; `check` reads them like customer files, each problem at its line.

Placeholders are written `${name}`: `${customer}` (the customer's name), `${start}` and
`${start+N}` (the start date, N days later; `-N` before), `${csm}` (the customer's CSM) and one per
stakeholder persona (`${executive_sponsor}`, `${adoption_champion}`, ...: the first stakeholder
with that persona). A placeholder that is a whole value takes its type (a date stays a date);
inside longer text it is text. Playbook owners are role names: `csm` or a persona.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import Config
from .files import DiskFiles, Files, Kind
from .load import LINK_HINT, LINK_MESSAGE, _Collector, _ignored, _read_text, _rel
from .model import Customer
from .problems import Problem
from .schema import (ID_RE, INVALID, OBJECTIVE, PERSONAS, Enum, Field, Findings, ListOf, Number, Record, Text,
                     date_in_range)
from .yamlread import DataNode, Issue, parse_yaml, split_front_matter

FOLDER = "templates"
OBJECTIVES = "objectives"
PLAYBOOKS = "playbooks"
ROLES: tuple[str, ...] = ("csm", *PERSONAS)
"""Who a playbook task (or a placeholder) can name: our CSM, or the customer's person of a persona."""
NAMES: tuple[str, ...] = ("customer", "start", *ROLES)
MAX_OFFSET = 36_500

_PLACEHOLDER = re.compile(r"\$\{([^{}\n]*)\}")
_OPENED = re.compile(r"\$\{")
_START = re.compile(r"start\s*(?:([+-])\s*([0-9]{1,5}))?\Z")

PLAYBOOK = Record(fields={
    "title": Field(type=Text(), doc="What the playbook is for, in a few words."),
    "description": Field(type=Text(), doc="When to use it, for the Handbook's list."),
    "tasks": Field(type=ListOf(Record(fields={
        "title": Field(type=Text(), required=True, doc="What is to be done; may hold placeholders."),
        "owner": Field(type=Enum(ROLES), required=True,
                       doc="Who does it, by role: csm (us) or a stakeholder persona (the customer)."),
        "due": Field(type=Number(integer=True), doc="Days after the start (negative: before it)."),
    })), required=True, doc="The joint tasks, added to the objective in this order."),
}, doc="templates/playbooks/<name>.yaml: a set of joint tasks with owners by role.")


# --- what the files hold ----------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class PlaybookTask:
    title: str
    owner: str  # a role
    due: int | None  # days after the start


@dataclass(frozen=True, kw_only=True)
class Playbook:
    name: str
    path: str  # repo-relative
    title: str | None
    description: str | None
    tasks: tuple[PlaybookTask, ...]


@dataclass(frozen=True, kw_only=True)
class ObjectiveTemplate:
    name: str
    path: str
    text: str  # the whole file, as written
    title: str  # as written, placeholders included
    due: str  # as written
    tasks: int

    @property
    def due_days(self) -> int | None:
        """Days from the start to the due date, when the template writes it as ${start+N}."""
        found = _PLACEHOLDER.fullmatch(self.due.strip())
        return _offset(found.group(1)) if found else None


@dataclass(frozen=True, kw_only=True)
class PlanTemplates:
    """The repository's templates that read cleanly, and every problem of those that do not."""

    objectives: tuple[ObjectiveTemplate, ...] = ()
    playbooks: tuple[Playbook, ...] = ()
    problems: tuple[Problem, ...] = ()
    broken: tuple[str, ...] = ()  # repo-relative paths of templates with errors

    def objective(self, name: str) -> ObjectiveTemplate | None:
        return next((t for t in self.objectives if t.name == name), None)

    def playbook(self, name: str) -> Playbook | None:
        return next((p for p in self.playbooks if p.name == name), None)


# --- placeholders -----------------------------------------------------------------------------


def _offset(inner: str) -> int | None:
    """The day offset of a `start` placeholder (0 for `${start}`), or None when it is none."""
    found = _START.match(inner.strip())
    if found is None:
        return None
    days = int(found.group(2) or 0)
    return -days if found.group(1) == "-" else days


def placeholder_issues(text: str, first_line: int = 1) -> list[Issue]:
    """Every placeholder in `text` that names nothing (or is not closed), at its line and column."""
    issues: list[Issue] = []
    for number, line in enumerate(text.split("\n"), start=first_line):
        closed = {m.start() for m in _PLACEHOLDER.finditer(line)}
        for opened in _OPENED.finditer(line):
            if opened.start() not in closed:
                issues.append(Issue(code="SP005", line=number, column=opened.start() + 1,
                                    message="placeholder '${' is not closed with '}'",
                                    hint="write placeholders as ${name}, e.g. ${customer}"))
        for found in _PLACEHOLDER.finditer(line):
            inner = found.group(1).strip()
            offset = _offset(inner)
            if inner in NAMES or offset is not None and abs(offset) <= MAX_OFFSET:
                continue
            close = difflib.get_close_matches(inner, NAMES, n=1) or [n for n in NAMES if inner and inner in n][:1]
            hint = f"did you mean '${{{close[0]}}}'? " if close else ""
            what = f"the offset of '{inner}' is over {MAX_OFFSET:,} days" if offset is not None \
                else f"unknown placeholder '${{{inner}}}'"
            issues.append(Issue(code="SP005", line=number, column=found.start() + 1, message=what,
                                hint=hint + "placeholders: ${customer}, ${start}, ${start+N} (days), ${csm} and "
                                            "one per persona, e.g. ${executive_sponsor}"))
    return issues


@dataclass(frozen=True, kw_only=True)
class Filling:
    """What the placeholders stand for, for one customer."""

    customer: str  # the customer's name
    start: dt.date
    roles: Mapping[str, str]  # role → stakeholder id or team handle; a role nobody has is absent

    def value(self, inner: str) -> str | None:
        """What `${inner}` stands for; None for an unknown placeholder or a role nobody has."""
        inner = inner.strip()
        offset = _offset(inner)
        if offset is not None:
            try:
                return (self.start + dt.timedelta(days=offset)).isoformat()
            except OverflowError:
                return None
        if inner == "customer":
            return self.customer
        return self.roles.get(inner)

    def missing(self, text: str, owners: Sequence[str] = ()) -> list[str]:
        """The roles that `text`'s placeholders (and `owners`) name and nobody has, in order."""
        named = [found.group(1).strip() for found in _PLACEHOLDER.finditer(text)] + list(owners)
        return list(dict.fromkeys(role for role in named if role in ROLES and role not in self.roles))

    def text(self, text: str) -> str:
        """`text` with every placeholder it knows replaced (unknown ones stay, and are reported)."""
        def one(found: re.Match[str]) -> str:
            value = self.value(found.group(1))
            return found.group(0) if value is None else value

        return _PLACEHOLDER.sub(one, text)


SAMPLE = Filling(customer="Example Customer", start=dt.date(2026, 1, 5),
                 roles={role: f"sample-{role.replace('_', '-')}" for role in ROLES} | {"csm": "jane.doe"})
"""The values a template is checked with: any customer's real ones are of the same kinds."""


def roles_of(customer: Customer, given: Mapping[str, str] | None = None) -> dict[str, str]:
    """Who each role is for a customer: its CSM, and the first stakeholder of each persona (in the
    order of stakeholders.yaml); `given` (from --role) comes first."""
    roles: dict[str, str] = {}
    if customer.csm:
        roles["csm"] = customer.csm
    for person in customer.stakeholders:
        roles.setdefault(person.persona, person.id)
    roles.update(given or {})
    return roles


def _fill_nodes(node: DataNode, filling: Filling) -> None:
    if node.kind == "map":
        for entry in node.value.values():
            _fill_nodes(entry.node, filling)
    elif node.kind == "seq":
        for child in node.value:
            _fill_nodes(child, filling)
    elif node.kind == "scalar" and isinstance(node.value, str):
        node.value = filling.text(node.value)


# --- reading ----------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class FilledObjective:
    """An objective template filled in: the front matter's clean values, in the template's order,
    and the Markdown body."""

    fields: dict[str, Any]
    body: str


def _objective(text: str, rel: str, filling: Filling, out: _Collector) -> FilledObjective | None:
    """Read an objective template's text with `filling`; None (problems in `out`) when it is broken."""
    front, issue = split_front_matter(text)
    if front is None:
        out.add(rel, [issue] if issue else [])
        return None
    placeholders = placeholder_issues(text)
    out.add(rel, placeholders)
    root, issues = parse_yaml(front.yaml_text, line_offset=front.yaml_first_line - 1)
    out.add(rel, issues)
    if any(i.fatal for i in issues):
        return None
    findings = Findings()
    if root is not None:
        _fill_nodes(root, filling)
    data = OBJECTIVE.check(root if root is not None else DataNode("scalar", None, 1, 1), findings, "")
    flagged = {i.line for i in placeholders}  # a value left unfilled is already reported at its placeholder
    out.add(rel, [i for i in findings.issues if i.line not in flagged])
    if placeholders or issues or findings.issues or not isinstance(data, dict) or _has_invalid(data):
        return None
    return FilledObjective(fields=data, body=filling.text(front.body))


def _has_invalid(value: Any) -> bool:
    if value is INVALID:
        return True
    if isinstance(value, dict):
        return any(_has_invalid(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_invalid(v) for v in value)
    return False


def _playbook(text: str, name: str, rel: str, out: _Collector) -> Playbook | None:
    placeholders = placeholder_issues(text)
    out.add(rel, placeholders)
    root, issues = parse_yaml(text)
    out.add(rel, issues)
    if any(i.fatal for i in issues):
        return None
    findings = Findings()
    data = PLAYBOOK.check(root if root is not None else DataNode("scalar", None, 1, 1), findings, "")
    out.add(rel, findings.issues)
    if placeholders or issues or findings.issues or not isinstance(data, dict) or _has_invalid(data):
        return None
    return Playbook(name=name, path=rel, title=data.get("title"), description=data.get("description"),
                    tasks=tuple(PlaybookTask(title=t["title"], owner=t["owner"], due=t.get("due"))
                                for t in data.get("tasks") or []))


def _entries(files: Files, folder: Path, root: Path, suffix: str, out: _Collector) -> list[tuple[str, Path, str]]:
    """(name, path, repo-relative path) of each template file in a folder; others reported."""
    found = []
    try:
        listing = files.listdir(folder)
    except OSError as exc:
        out.at(_rel(folder, root), "SP001", f"the folder cannot be read: {exc.strerror or exc}")
        return []
    for entry in listing:
        rel = _rel(entry.path, root)
        if _ignored(entry.name):
            continue
        if entry.kind is Kind.LINK:
            out.at(rel, "SP001", LINK_MESSAGE, LINK_HINT)
            continue
        if entry.kind is not Kind.FILE or not entry.name.endswith(suffix):
            out.at(rel, "SP113", f"unexpected {entry.kind.value} in {_rel(folder, root)}/",
                   f"{_rel(folder, root)}/ holds only {suffix} files")
            continue
        name = entry.name[: -len(suffix)]
        if not ID_RE.match(name):
            out.at(rel, "SP007", f"'{name}' is not a valid id for a template name",
                   f"use lowercase letters, digits and '-', e.g. onboarding{suffix}")
            continue
        found.append((name, entry.path, rel))
    return found


def load_templates(config: Config, files: Files | None = None) -> PlanTemplates:
    """Every objective template and playbook of the repository, checked with sample values."""
    files = files or DiskFiles()
    root = config.root
    base = root / FOLDER
    out = _Collector(customer=None)
    kind = files.kind(base)
    if kind is None:
        return PlanTemplates()
    if kind is not Kind.DIR:
        out.at(FOLDER, "SP001" if kind is Kind.LINK else "SP113",
               LINK_MESSAGE if kind is Kind.LINK else f"'{FOLDER}' is not a folder",
               LINK_HINT if kind is Kind.LINK else f"{FOLDER}/ holds {OBJECTIVES}/ and {PLAYBOOKS}/")
        return PlanTemplates(problems=tuple(out.problems))
    objectives: list[ObjectiveTemplate] = []
    playbooks: list[Playbook] = []
    broken: list[str] = []
    for entry in files.listdir(base):
        rel = _rel(entry.path, root)
        if _ignored(entry.name) or entry.name in (OBJECTIVES, PLAYBOOKS) and entry.kind is Kind.DIR:
            continue
        if entry.kind is Kind.LINK:
            out.at(rel, "SP001", LINK_MESSAGE, LINK_HINT)
        else:
            out.at(rel, "SP113", f"unexpected {entry.kind.value} in {FOLDER}/",
                   f"{FOLDER}/ holds {OBJECTIVES}/ (objective templates) and {PLAYBOOKS}/ (playbooks)")
    for folder, suffix in ((OBJECTIVES, ".md"), (PLAYBOOKS, ".yaml")):
        path = base / folder
        if files.kind(path) is Kind.LINK:
            out.at(_rel(path, root), "SP001", LINK_MESSAGE, LINK_HINT)
            continue
        if files.kind(path) is not Kind.DIR:
            continue
        for name, file, rel in _entries(files, path, root, suffix, out):
            before = len(out.problems)
            text = _read_text(files, file, rel, out)
            record: ObjectiveTemplate | Playbook | None = None
            if text is not None and folder == OBJECTIVES:
                filled = _objective(text, rel, SAMPLE, out)
                if filled is not None:
                    record = ObjectiveTemplate(name=name, path=rel, text=text, title=_as_written(text, "title"),
                                               due=_as_written(text, "due"), tasks=len(filled.fields.get("tasks") or []))
                    objectives.append(record)
            elif text is not None:
                record = _playbook(text, name, rel, out)
                if record is not None:
                    playbooks.append(record)
            if record is None or len(out.problems) > before:
                broken.append(rel)
    return PlanTemplates(objectives=tuple(objectives), playbooks=tuple(playbooks), problems=tuple(out.problems),
                         broken=tuple(broken))


def _as_written(text: str, key: str) -> str:
    """A top-level front matter value as the template writes it (placeholders and all)."""
    front, _issue = split_front_matter(text)
    root, _issues = parse_yaml(front.yaml_text) if front is not None else (None, [])
    entry = root.value.get(key) if root is not None and root.kind == "map" else None
    return entry.node.text if entry is not None and entry.node.kind == "scalar" and entry.node.value is not None \
        else ""


# --- filling in for a customer ------------------------------------------------------------------


class TemplateRefused(Exception):
    """The template cannot be filled in for this customer: problems in it, or roles nobody has."""

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems)


def _missing(missing: list[str], where: str) -> TemplateRefused:
    one = len(missing) == 1
    return TemplateRefused(f"{where} names the role{'' if one else 's'} {', '.join(missing)}, and this customer has "
                           f"nobody in {'that role' if one else 'those roles'}: add the person to stakeholders.yaml "
                           "with that persona, or say who it is with --role ROLE=ID")


def fill_objective(template: ObjectiveTemplate, filling: Filling) -> FilledObjective:
    missing = filling.missing(template.text)
    if missing:
        raise _missing(missing, template.path)
    out = _Collector(customer=None)
    filled = _objective(template.text, template.path, filling, out)
    if filled is None:
        raise TemplateRefused(f"{template.path} cannot be filled in:", out.problems)
    return filled


def fill_playbook(playbook: Playbook, filling: Filling) -> list[dict[str, Any]]:
    """The playbook's tasks for one customer: titles filled in, owners resolved, dates counted."""
    missing = filling.missing("\n".join(t.title for t in playbook.tasks), [t.owner for t in playbook.tasks])
    if missing:
        raise _missing(missing, playbook.path)
    tasks: list[dict[str, Any]] = []
    for task in playbook.tasks:
        item: dict[str, Any] = {"title": filling.text(task.title), "owner": filling.roles[task.owner]}
        if task.due is not None:
            day = filling.start + dt.timedelta(days=task.due)
            if not date_in_range(day):
                raise TemplateRefused(f"{playbook.path}: task '{task.title}' would be due {day.isoformat()}, "
                                      "outside 1900-01-01 to 2999-12-31")
            item["due"] = day
        tasks.append(item)
    return tasks


def parse_roles(given: Sequence[str], check: Callable[[str, str], str | None]) -> dict[str, str]:
    """--role ROLE=ID options as a mapping; `check(role, who)` says why `who` cannot be that role."""
    roles: dict[str, str] = {}
    for text in given:
        role, eq, who = (part.strip() for part in text.partition("="))
        if not eq or role not in ROLES or not who:
            close = difflib.get_close_matches(role, ROLES, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise ValueError(f"--role takes ROLE=ID with ROLE one of {', '.join(ROLES)}; '{text}' is not one{hint}")
        why = check(role, who)
        if why:
            raise ValueError(f"--role {role}={who}: {why}")
        roles[role] = who
    return roles
