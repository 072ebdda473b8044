"""The reference pages' data, read from the code's own definitions so the pages cannot drift.

- File fields: walked from schema.py's records (the ones that validate and write JSON Schema); whether
  a field reaches the customer is read from the customer-facing view's records (view.py).
- Problem codes: the rule modules' docstrings and rules/reading.py, in one shape (what it means, why
  it matters, how to fix it, an example before and after).
- Configuration: the Config dataclass, its defaults, docstrings and the ranges config.py enforces.
- Commands: each click command's own `--help` text.

Renderers (the handbook templates) read only the records built here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import click

from .. import view
from ..config import Config, option_range
from ..plantemplates import PLAYBOOK
from ..schema import (ACTIVITY, OBJECTIVE, RISK, STAKEHOLDER, TEAM_FILE, TEAM_MEMBER, Bool, Date, Enum, Field, ListOf,
                      MapOf, Number, Pattern, Record, Text, Type, Url, customer_schema)

# The day the handbook's example customer and every problem example are written for: fixed, so the
# pages say the same on any day and the examples keep producing the problems they show.
EXAMPLE_DAY = dt.date(2026, 6, 1)


# --- file fields --------------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class FieldRow:
    key: str  # dotted path in the file: "metric.baseline", "tasks[].owner"
    type: str
    required: bool
    allowed: tuple[str, ...]
    default: str | None
    customer_facing: bool
    customer_form: str  # how it reaches the customer: "shown", "as a name", "not printed", or "internal"
    doc: str


@dataclass(frozen=True, kw_only=True)
class FileKind:
    kind: str  # the name used by `successplans schema`: customer, stakeholders, activity, objective, risk
    path: str  # where it lives in a customer folder
    doc: str
    is_list: bool  # the file is a list of the records below
    rows: tuple[FieldRow, ...]


def describe(t: Type) -> str:
    """A field type in words, for the tables."""
    if isinstance(t, Text):
        return "text"
    if isinstance(t, Pattern):
        return t.what
    if isinstance(t, Date):
        return "date (YYYY-MM-DD)"
    if isinstance(t, Number):
        what = "whole number" if t.integer else "number"
        return f"{what} ≥ {t.minimum}" if t.minimum is not None else what
    if isinstance(t, Bool):
        return "true or false"
    if isinstance(t, Enum):
        return "one of"
    if isinstance(t, Url):
        return "http(s) URL"
    if isinstance(t, ListOf):
        return "list of fields below" if isinstance(t.item, Record) else f"list of {describe(t.item)}"
    if isinstance(t, MapOf):
        return f"mapping: {t.key_what} → {describe(t.value)}"
    if isinstance(t, Record):
        return "mapping of fields below"
    raise TypeError(f"no description for {type(t).__name__}")  # pragma: no cover - every type is above


def _records(kind: str, segments: tuple[str, ...]) -> tuple[str, str, bool, Record]:
    return {
        "customer": ("customer.yaml", "The account: who the customer is, who looks after them, renewal and revenue.",
                     False, customer_schema(segments)),
        "stakeholders": ("stakeholders.yaml", "The people on the customer's side; a list, one entry per person.",
                         True, STAKEHOLDER),
        "activity": ("activity/<date>-<words>-<digits>.yaml", "What happened: meetings, calls, reviews, measured "
                     "values. One file per entry in the folder `activity/` (`successplans log` names and writes "
                     "them), or every entry in one list, `activity.yaml`, where each entry starts with `- `; a "
                     "customer may have both.", False, ACTIVITY),
        "objective": ("objectives/<id>.md", "One objective: these fields between `---` lines at the top, then "
                      "free notes in Markdown. The file name is its id.", False, OBJECTIVE),
        "risk": ("risks/<id>.md", "One risk, always internal: fields between `---` lines, then dated updates. "
                 "The file name is its id.", False, RISK),
        "team": (TEAM_FILE, "The team roster, beside `mkdocs.yml` (not in a customer folder), optional: the people "
                 "on our side, one entry per person. With it, every handle in the customers' files must be one of "
                 "its handles (SP115), and a handle the customer's own `account_team` does not name reaches "
                 "the customer as the roster's `name`.", True, TEAM_MEMBER),
        "playbook": ("templates/playbooks/<name>.yaml", "A playbook of the repository (beside mkdocs.yml, not in a "
                     "customer folder): joint tasks that `successplans playbook apply` adds to an objective. The "
                     "file name is its name.", False, PLAYBOOK),
    }[kind]


KINDS = ("customer", "stakeholders", "activity", "objective", "risk", "team", "playbook")


def _walk(record: Record, prefix: str) -> Iterator[tuple[str, Field]]:
    for name, spec in record.fields.items():
        key = prefix + name
        yield key, spec
        inner = spec.type.item if isinstance(spec.type, ListOf) else spec.type
        if isinstance(inner, Record):
            yield from _walk(inner, key + ("[]." if isinstance(spec.type, ListOf) else "."))


def file_kinds(segments: tuple[str, ...] = Config.segments) -> tuple[FileKind, ...]:
    facing = customer_facing_keys()
    forms = customer_forms()
    kinds = []
    for kind in KINDS:
        path, doc, is_list, record = _records(kind, segments)
        rows = tuple(FieldRow(
            key=key, type=describe(spec.type), required=spec.required,
            allowed=spec.type.values if isinstance(spec.type, Enum) else (),
            default=spec.default, customer_facing=key in facing[kind],
            customer_form=forms.get((kind, key), "shown") if key in facing[kind] else "internal", doc=spec.doc,
        ) for key, spec in _walk(record, ""))
        kinds.append(FileKind(kind=kind, path=path, doc=doc, is_list=is_list, rows=rows))
    return tuple(kinds)


def all_field_keys() -> dict[str, set[str]]:
    """Every field path the code defines, by file kind."""
    return {kind: {key for key, _ in _walk(_records(kind, Config.segments)[3], "")} for kind in KINDS}


# Where each record of the customer-facing view comes from: file kind and key prefix.
VIEW_SOURCES: Mapping[type, tuple[str, str]] = {
    view.CustomerView: ("customer", ""),
    view.ViewTeamMember: ("customer", "account_team[]."),
    view.ViewPerson: ("stakeholders", ""),
    view.ViewObjective: ("objective", ""),
    view.ViewMetric: ("objective", "metric."),
    view.ViewTask: ("objective", "tasks[]."),
    view.ViewActivity: ("activity", ""),
}


def _view_fields() -> Iterator[tuple[type, str, Any]]:
    for cls in VIEW_SOURCES:
        hints = typing.get_type_hints(cls)
        for f in dataclasses.fields(cls):
            yield cls, f.name, hints[f.name]


def _mentions(hint: Any) -> set[type]:
    found = {hint} if hint in VIEW_SOURCES else set()
    for arg in typing.get_args(hint):
        found |= _mentions(arg)
    return found


def resolve_view_field(cls: type, name: str, hint: Any) -> str | None:
    """The file field a view field copies, as a dotted key; None for a computed value or another record."""
    kind, prefix = VIEW_SOURCES[cls]
    keys = _KEYS[kind]
    if name in view.NOT_FROM_FIELDS.get(cls.__name__, ()):
        return None
    nested = _mentions(hint)
    if nested and all(VIEW_SOURCES[n][0] != kind for n in nested):
        return None  # another file kind (the customer's stakeholders, objectives, activities)
    if prefix + name in keys:
        return prefix + name
    head, _, rest = name.partition("_")  # closed_date → closed.date
    if rest and f"{prefix}{head}.{rest}" in keys:
        return f"{prefix}{head}.{rest}"
    raise LookupError(f"{cls.__name__}.{name} is neither a file field nor listed in view.NOT_FROM_FIELDS")


_KEYS = all_field_keys()


def customer_facing_keys() -> dict[str, set[str]]:
    """The file fields a customer may see, by file kind: exactly those the view copies."""
    out: dict[str, set[str]] = {kind: set() for kind in KINDS}
    out["team"] = set(view.FROM_ROSTER)
    for cls, name, hint in _view_fields():
        key = resolve_view_field(cls, name, hint)
        if key is not None:
            out[VIEW_SOURCES[cls][0]].add(key)
            if "." in key:  # a group some of whose fields reach the customer: `closed`, `metric`
                out[VIEW_SOURCES[cls][0]].add(re.split(r"\[\]\.|\.", key)[0])
    return out


def customer_forms() -> dict[tuple[str, str], str]:
    """(kind, key) → the form a customer-facing field takes when it is not shown as written."""
    out = {}
    for cls, name, hint in _view_fields():
        for table, form in ((view.SHOWN_AS_NAME, "as a name"), (view.NEVER_PRINTED, "not printed")):
            if name in table.get(cls.__name__, ()):
                key = resolve_view_field(cls, name, hint)
                assert key is not None, f"{cls.__name__}.{name} copies no file field"
                out[VIEW_SOURCES[cls][0], key] = form
    return out


def example_customer() -> dict[str, str]:
    """The handbook's example customer, as `successplans init` writes it, dated for EXAMPLE_DAY:
    path relative to the customer folder → text."""
    from ..starter import EXAMPLE_ID, example_customer as files

    prefix = f"customers/{EXAMPLE_ID}/"
    return {path.removeprefix(prefix): text for path, text in files(EXAMPLE_DAY).items()}


# --- problem codes --------------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class Example:
    file: str  # relative to the customer folder
    before: str
    after: str


@dataclass(frozen=True, kw_only=True)
class CodeReference:
    code: str
    severity: str
    title: str
    what: str
    why: str
    fix: str
    example: Example | None
    no_example: str  # why there is no before/after, when there is none


_SECTION = re.compile(r"^(Why it matters|How to fix|Example|No example):[ \t]*(.*)$", re.M)


def parse_code_doc(text: str) -> tuple[str, str, str, Example | None, str]:
    """A problem code's documentation in its shape: the meaning first, then labelled paragraphs.

        <what it means>

        Why it matters: ...

        How to fix: ...

        Example: objectives/<id>.md
        Before:
            <lines>
        After:
            <lines>

    (or "No example: <why>" when a text edit of one file cannot show it).
    """
    text = _dedent_doc(text)
    parts = _SECTION.split(text)
    what = _flow(parts[0])
    sections = {parts[i]: parts[i + 1] + parts[i + 2] for i in range(1, len(parts), 3)}
    missing = {"Why it matters", "How to fix"} - set(sections)
    if missing or ("Example" in sections) == ("No example" in sections):
        raise ValueError(f"documentation lacks {', '.join(sorted(missing)) or 'one of Example / No example'}")
    example = None
    if "Example" in sections:
        found = re.fullmatch(r"(\S+)\s*\nBefore:\n(.*?)\nAfter:\n(.*)", sections["Example"].strip("\n"), re.S)
        if found is None:
            raise ValueError("an Example names its file, then Before: and After: blocks of indented lines")
        example = Example(file=found.group(1), before=_block(found.group(2)), after=_block(found.group(3)))
    return what, _sentence(sections["Why it matters"]), _sentence(sections["How to fix"]), example, \
        _sentence(sections.get("No example", ""))


def _dedent_doc(text: str) -> str:
    lines = text.strip("\n").splitlines()
    indents = [len(line) - len(line.lstrip()) for line in lines[1:] if line.strip()]
    cut = min(indents, default=0)
    return "\n".join([lines[0].strip()] + [line[cut:] for line in lines[1:]]) if lines else ""


def _flow(paragraph: str) -> str:
    return " ".join(paragraph.split())


def _sentence(paragraph: str) -> str:
    """A labelled paragraph read on its own: "the value ..." → "The value ..."."""
    text = _flow(paragraph)
    return text[:1].upper() + text[1:]


BLOCK_INDENT = 4  # an example's lines are indented by four spaces; what follows is the file's own


def _block(text: str) -> str:
    lines = text.rstrip().splitlines()
    if any(line.strip() and not line.startswith(" " * BLOCK_INDENT) for line in lines):
        raise ValueError(f"an example's lines are indented by {BLOCK_INDENT} spaces")
    return "\n".join(line[BLOCK_INDENT:] for line in lines).strip("\n") + "\n"


def codes() -> tuple[CodeReference, ...]:
    from .. import rules

    out = []
    for d in rules.documentation():
        what, why, fix, example, no_example = parse_code_doc(d.text)
        out.append(CodeReference(code=d.code, severity=d.severity, title=d.title, what=what, why=why, fix=fix,
                                 example=example, no_example=no_example))
    return tuple(out)


# --- configuration ----------------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class OptionRow:
    name: str
    default: str
    range: str
    doc: str


def _shown_default(value: Any) -> str:
    if value is None:
        return "unset"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Fraction):
        return format(float(value), "g")
    if isinstance(value, tuple):
        return "[" + ", ".join(value) + "]"
    if isinstance(value, Mapping):
        return "{}" if not value else ", ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def _attribute_docs() -> dict[str, str]:
    """The docstring under each Config attribute (Python keeps none at run time: read the source)."""
    import inspect

    try:
        source = inspect.getsource(Config)
    except OSError:  # installed without sources: the table keeps its defaults and ranges
        return {}
    return {name: _flow(doc) for name, doc in
            re.findall(r'^    (\w+): [^\n]*\n    """(.*?)"""', source, re.M | re.S)}


def options() -> tuple[OptionRow, ...]:
    docs = _attribute_docs()
    defaults = Config()  # every option has a default: the Config of an empty plugin entry
    return tuple(OptionRow(name=f.name, default=_shown_default(getattr(defaults, f.name)), range=option_range(f.name),
                           doc=docs.get(f.name, ""))
                 for f in dataclasses.fields(Config) if f.name != "root")


# --- commands ---------------------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class CommandHelp:
    name: str  # "log", "risk open"
    summary: str
    help: str  # exactly what `successplans <name> --help` prints


# `--help` as a terminal 100 columns wide prints it (the width the command line allows; click leaves
# two columns free), so the page does not depend on the terminal the site was built in.
HELP_WIDTH = 98


def commands() -> tuple[CommandHelp, ...]:
    from ..cli import cli

    out: list[CommandHelp] = []
    root = click.Context(cli, info_name="successplans", max_content_width=100, terminal_width=HELP_WIDTH,
                         help_option_names=["-h", "--help"])

    def visit(command: click.Command, parent: click.Context, name: str) -> None:
        click_context = click.Context(command, info_name=name.rsplit(" ", 1)[-1], parent=parent,
                                      max_content_width=100, terminal_width=HELP_WIDTH, help_option_names=["-h", "--help"])
        out.append(CommandHelp(name=name, summary=command.get_short_help_str(limit=100),
                               help=command.get_help(click_context)))
        if isinstance(command, click.Group):
            for sub in command.list_commands(click_context):
                found = command.get_command(click_context, sub)
                assert found is not None
                visit(found, click_context, f"{name} {sub}")

    for name in cli.list_commands(root):
        command = cli.get_command(root, name)
        assert command is not None
        visit(command, root, name)
    return tuple(out)
