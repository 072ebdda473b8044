"""The file schemas (SPEC §2): one source of truth for validation and for `successplans schema`.

Each field type checks a DataNode, reports located issues and returns the clean Python value (or
INVALID). The same objects render themselves as JSON Schema for editors.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .model import HEALTH_ORDER
from .yamlread import Issue, DataNode, resolve_plain

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}\Z")
HANDLE_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,62}\Z")
ID_RULE = "use lowercase letters a-z, digits and '-' (at most 63, starting with a letter or digit)"
_ID_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")


def id_detail(text: str) -> str:
    """Why `text` is no id, when one character says it: a look-alike (Cyrillic "а" for "a") is named."""
    import unicodedata

    odd = next(((i, ch) for i, ch in enumerate(text) if ch not in _ID_CHARACTERS), None)
    if odd is None:
        return ""
    name = unicodedata.name(odd[1], "")
    return f" (character {odd[0] + 1} is U+{ord(odd[1]):04X}{' ' + name if name else ''})"


DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")

ACTIVITY_DIR = "activity"
"""The folder of a customer's activity log kept as one file per entry (SPEC §12)."""
ENTRY_FILE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}-[a-z0-9]+(?:-[a-z0-9]+)*-[0-9a-f]{6}\.yaml\Z")
"""The name of one entry's file in activity/: its date, a few words of its title and six random
hexadecimal digits, so that two branches never add the same name (edit/scaffold.entry_file_name)."""
ENTRY_FILE_RULE = ("activity/ holds one file per entry, named YYYY-MM-DD-<words>-<6 hex digits>.yaml "
                   "(successplans log makes them)")
URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*\Z", re.I)


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()


class Findings:
    """What validating one file finds: its issues, and the position of every key and list item by
    dotted path (for problems the rules report later)."""

    __slots__ = ("issues", "marks")

    def __init__(self) -> None:
        self.issues: list[Issue] = []
        self.marks: dict[str, tuple[int, int]] = {}

    def report(self, code: str, node_or_pos: DataNode | tuple[int, int], message: str, hint: str = "") -> None:
        if isinstance(node_or_pos, DataNode):
            line, column = node_or_pos.line, node_or_pos.column
        else:
            line, column = node_or_pos
        self.issues.append(Issue(code=code, line=line, column=column, message=message, hint=hint))


def _describe(node: DataNode) -> str:
    if node.kind == "map":
        return "a mapping"
    if node.kind == "seq":
        return "a list"
    value = node.value
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, Decimal)):
        shown = str(value)
        return f"the number {shown if len(shown) <= 40 else shown[:37] + '...'}"
    text = value if len(value) <= 40 else value[:37] + "..."
    return f"'{text}'"


def _label(path: str) -> str:
    return path.rsplit(".", 1)[-1] if path else "value"


class Type:
    """A field type: check() validates a node, json() describes it as JSON Schema."""

    def check(self, node: DataNode, findings: Findings, path: str) -> Any:
        raise NotImplementedError

    def json(self) -> dict[str, Any]:
        raise NotImplementedError

    def wrong(self, node: DataNode, findings: Findings, path: str, expected: str, hint: str = "") -> Any:
        findings.report("SP005", node, f"{_label(path)} must be {expected}, not {_describe(node)}", hint)
        return INVALID


class Text(Type):
    def check(self, node: DataNode, findings: Findings, path: str) -> Any:
        if node.kind != "scalar" or node.value is None or isinstance(node.value, bool):
            return self.wrong(node, findings, path, "text")
        value = node.text
        if not value.strip():
            return self.wrong(node, findings, path, "non-empty text")
        return value

    def json(self) -> dict[str, Any]:
        return {"type": "string", "minLength": 1}


class Pattern(Type):
    def __init__(self, regex: re.Pattern[str], what: str, code: str = "SP005", hint: str = "") -> None:
        self.regex = regex
        self.what = what
        self.code = code
        self.hint = hint

    def check(self, node: DataNode, findings: Findings, path: str) -> Any:
        value = node.value
        if node.kind != "scalar" or isinstance(value, bool) or value is None:
            return self.wrong(node, findings, path, self.what)
        text = node.text
        if not self.regex.match(text):
            findings.report(self.code, node, f"{_label(path)} '{text}' is not a valid {self.what}", self.hint)
            return INVALID
        return text

    def json(self) -> dict[str, Any]:
        return {"type": "string", "pattern": self.regex.pattern.replace("\\Z", "$")}


def Handle() -> Pattern:  # noqa: N802 - reads like a type in the tables below
    return Pattern(HANDLE_RE, "handle", hint="lowercase letters, digits, '.', '_' and '-', e.g. jane.doe")


def Id(code: str = "SP005") -> Pattern:  # noqa: N802
    return Pattern(ID_RE, "id", code, "lowercase letters, digits and '-', starting with a letter or digit")


EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2999, 12, 31)
NUMBER_LIMIT = 10**15  # every number in a file is smaller than this in magnitude
MAX_DECIMALS = 100  # digits after the point, as written: exact arithmetic stays cheap


def date_in_range(day: dt.date) -> bool:
    """Dates anywhere (files, --as-of, options) lie between 1900-01-01 and 2999-12-31."""
    return EARLIEST_DATE <= day <= LATEST_DATE


def number_problem(value: int | Decimal) -> str | None:
    """Why a number is unusable (infinite, too large, too finely written), or None."""
    if isinstance(value, Decimal):
        if not value.is_finite():
            return "a finite number"
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -MAX_DECIMALS:
            return f"a number with at most {MAX_DECIMALS} decimals"
        if value.adjusted() >= 15:
            return "a number below 10^15 in size"
    elif abs(value) >= NUMBER_LIMIT:
        return "a number below 10^15 in size"
    return None


class Date(Type):
    def check(self, node: DataNode, findings: Findings, path: str) -> Any:
        value = node.value
        if node.kind != "scalar" or not isinstance(value, str) or not DATE_RE.match(value):
            return self.wrong(node, findings, path, "a date (YYYY-MM-DD)")
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            findings.report("SP005", node, f"{_label(path)} '{value}' is not a real date")
            return INVALID
        if not date_in_range(day):
            findings.report("SP005", node, f"{_label(path)} '{value}' is out of range",
                            "dates lie between 1900-01-01 and 2999-12-31")
            return INVALID
        return day

    def json(self) -> dict[str, Any]:
        return {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}


class Number(Type):
    def __init__(self, minimum: int | None = None, integer: bool = False) -> None:
        self.minimum = minimum
        self.integer = integer

    def check(self, node: DataNode, findings: Findings, path: str) -> Any:
        value = node.value
        what = "a whole number" if self.integer else "a number"
        if self.minimum is not None:
            what += f" ≥ {self.minimum}"
        if node.kind != "scalar" or isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            return self.wrong(node, findings, path, what, _number_hint(value, path) if node.kind == "scalar" else "")
        problem = number_problem(value)
        if problem is not None:
            return self.wrong(node, findings, path, problem)
        if self.integer and not isinstance(value, int):
            return self.wrong(node, findings, path, what)
        if self.minimum is not None and value < self.minimum:
            return self.wrong(node, findings, path, what)
        return value

    def json(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "integer" if self.integer else "number"}
        if self.minimum is not None:
            schema["minimum"] = self.minimum
        return schema


def _number_hint(value: Any, path: str) -> str:
    """What to write instead of a value that looks like a number but is text."""
    if not isinstance(value, str):
        return ""
    text = value.strip()
    if text.endswith("%") and isinstance(resolve_plain(text[:-1].strip()), (int, Decimal)):
        unit = "metric.unit" if path.startswith("metric.") else "the metric's unit"
        return f"write {text[:-1].strip()} and put % in {unit}"
    if isinstance(resolve_plain(text), (int, Decimal)) and not isinstance(resolve_plain(text), bool):
        return f"remove the quotes around {text}: a number is written without them"
    if re.fullmatch(r"-?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?", text):
        return f"write {text.replace(',', '')} (without thousands separators)"
    return ""


class Bool(Type):
    def check(self, node: DataNode, findings: Findings, path: str) -> Any:
        if node.kind != "scalar" or not isinstance(node.value, bool):
            return self.wrong(node, findings, path, "true or false")
        return node.value

    def json(self) -> dict[str, Any]:
        return {"type": "boolean"}


class Enum(Type):
    def __init__(self, values: Sequence[str]) -> None:
        self.values = tuple(values)

    def check(self, node: DataNode, findings: Findings, path: str) -> Any:
        value = node.value
        if node.kind == "scalar" and isinstance(value, str) and value in self.values:
            return value
        close = difflib.get_close_matches(str(value), self.values, n=1) if node.kind == "scalar" else []
        hint = f"did you mean '{close[0]}'?" if close else ""  # the message already lists the values
        return self.wrong(node, findings, path, "one of " + ", ".join(self.values), hint)

    def json(self) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.values)}


class Url(Type):
    def check(self, node: DataNode, findings: Findings, path: str) -> Any:
        value = node.value
        if node.kind != "scalar" or not isinstance(value, str) or not URL_RE.match(value):
            return self.wrong(node, findings, path, "an http(s) URL")
        return value

    def json(self) -> dict[str, Any]:
        return {"type": "string", "format": "uri", "pattern": "^https?://"}


class ListOf(Type):
    def __init__(self, item: Type) -> None:
        self.item = item

    def check(self, node: DataNode, findings: Findings, path: str) -> Any:
        if node.kind == "scalar" and node.value is None:
            return []
        if node.kind != "seq":
            hint = "start each item with '- ' on a line of its own" if node.kind == "map" else \
                "write it as a list: [a, b], or one '- ' line per item"
            return self.wrong(node, findings, path, "a list", hint)
        out = []
        marks = findings.marks
        for index, child in enumerate(node.value):
            child_path = f"{path}[{index}]"
            marks[child_path] = (child.line, child.column)
            # INVALID placeholders keep indices aligned with the marks
            out.append(INVALID if child.kind == "invalid" else self.item.check(child, findings, child_path))
        return out

    def json(self) -> dict[str, Any]:
        return {"type": "array", "items": self.item.json()}


class MapOf(Type):
    """A mapping with free keys (e.g. readings: objective id → number)."""

    def __init__(self, value: Type, key_what: str = "id") -> None:
        self.value = value
        self.key_what = key_what

    def check(self, node: DataNode, findings: Findings, path: str) -> Any:
        if node.kind != "map":
            return self.wrong(node, findings, path, "a mapping")
        out: dict[str, Any] = {}
        for key, entry in node.value.items():
            child_path = f"{path}.{key}"
            findings.marks[child_path] = (entry.line, entry.column)
            if entry.node.kind == "invalid":
                continue
            value = self.value.check(entry.node, findings, child_path)
            if value is not INVALID:
                out[key] = value
        return out

    def json(self) -> dict[str, Any]:
        return {"type": "object", "additionalProperties": self.value.json()}


@dataclass(frozen=True, kw_only=True)
class Field:
    type: Type
    required: bool = False
    doc: str = ""
    default: str | None = None  # what an absent field means, as written in a file (for the reference)


@dataclass(kw_only=True)
class Record(Type):
    """A mapping with a closed set of keys; `x-` keys are kept and never reported."""

    fields: Mapping[str, Field]
    doc: str = ""
    names: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        self.names = tuple(self.fields)

    def check(self, node: DataNode, findings: Findings, path: str) -> Any:
        if node.kind != "map":
            if node.kind == "scalar" and node.value is None:
                # an empty document or `key:` with nothing: every required field is missing
                for name, spec in self.fields.items():
                    if spec.required:
                        findings.report("SP004", node, f"required field '{_join(path, name)}' is missing")
                return INVALID
            hint = "remove the '- ' in front of the keys: fields are `key: value` lines without a dash" \
                if node.kind == "seq" else "write `key: value` lines, indented under it"
            return self.wrong(node, findings, path, "a mapping of fields", hint)
        out: dict[str, Any] = {}
        marks = findings.marks
        prefix = f"{path}." if path else ""
        for key, entry in node.value.items():
            child_path = prefix + key
            marks[child_path] = (entry.line, entry.column)
            found = self.fields.get(key)
            if found is None:
                if key.startswith("x-"):
                    out[key] = to_python(entry.node)
                    continue
                close = difflib.get_close_matches(key, self.names, n=1, cutoff=0.6)
                hint = f"did you mean '{close[0]}'?" if close else "known fields: " + ", ".join(self.names)
                findings.report("SP006", (entry.line, entry.column), f"unknown field '{key}'", hint)
                continue
            if entry.node.kind == "invalid":
                out[key] = INVALID
                continue
            out[key] = found.type.check(entry.node, findings, child_path)
        for name, spec in self.fields.items():
            if spec.required and name not in out:
                findings.report("SP004", node, f"required field {_missing(path, name, node)} is missing")
        return out

    def json(self) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "type": "object",
            "properties": {name: _with_doc(spec.type.json(), spec.doc) for name, spec in self.fields.items()},
            "patternProperties": {"^x-": {}},
            "additionalProperties": False,
        }
        required = [name for name, spec in self.fields.items() if spec.required]
        if required:
            schema["required"] = required
        if self.doc:
            schema["description"] = self.doc
        return schema


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _missing(path: str, name: str, node: DataNode) -> str:
    """A missing field, quoted; a list item is named by its id, title or name rather than by its
    index: "'persona' of 'dana'" reads better than "'[2].persona'"."""
    found = re.fullmatch(r"(.*)\[([0-9]+)\]", path)
    if found is None:
        return f"'{_join(path, name)}'"
    label = next((entry.node.value for key in ("id", "title", "name") if (entry := node.value.get(key)) is not None
                  and isinstance(entry.node.value, str)), None)
    item = f"'{label}'" if label else f"item {int(found.group(2)) + 1}"
    return f"'{name}' of {item}" + (f" in {found.group(1)}" if found.group(1) else "")


def _with_doc(schema: dict[str, Any], doc: str) -> dict[str, Any]:
    if doc:
        schema = {**schema, "description": doc}
    return schema


def to_python(node: DataNode | None) -> Any:
    """Plain Python value of a node: dicts, lists, exact numbers, dates as text, None for what a
    forbidden tag made invalid. Used for `x-` fields, the configuration and edit verification."""
    if node is None:
        return None
    if node.kind == "map":
        return {key: to_python(entry.node) for key, entry in node.value.items()}
    if node.kind == "seq":
        return [to_python(child) for child in node.value]
    if node.kind == "invalid":
        return None
    return node.value


# --- the file kinds ---------------------------------------------------------------------------

STATUSES = ("new", "in_progress", "closed_success", "closed_no_action", "closed_invalid")
PERSONAS = ("executive_sponsor", "economic_buyer", "key_influencer", "adoption_champion", "admin",
            "end_user", "big_boss")
ACTIVITY_KINDS = ("meeting", "call", "email", "update", "strategy_session", "ebr", "exec_checkin",
                  "milestone", "note")
RISK_KINDS = ("renewal", "adoption", "deployment", "sentiment", "company", "support", "product", "other")
SEVERITIES = ("low", "medium", "high")
RISK_STATUSES = ("open", "mitigated", "closed")
ESCALATIONS = ("none", "manager", "executive")
COLORS = HEALTH_ORDER  # scorecard readings use the health scale
DEFAULT_SEGMENTS = ("strategic", "enterprise", "mid-market", "smb")


def customer_schema(segments: Sequence[str] = DEFAULT_SEGMENTS) -> Record:
    return Record(fields={
        "name": Field(type=Text(), required=True, doc="Display name of the customer."),
        "csm": Field(type=Handle(), required=True, doc="The owning CSM's team handle, e.g. jane.doe."),
        "segment": Field(type=Enum(segments), doc="Customer segment (configurable list)."),
        "customer_since": Field(type=Date(), doc="Contract start; used for time to value."),
        "renewal_date": Field(type=Date(), doc="Next renewal date."),
        "arr": Field(type=Number(minimum=0), doc="Annual recurring revenue (internal only)."),
        "lifecycle_stage": Field(type=Text(), doc="e.g. onboarding, adoption, expansion, renewal."),
        "account_team": Field(type=ListOf(Record(fields={
            "role": Field(type=Text(), required=True, doc="Their role on the account, e.g. Solutions architect."),
            "name": Field(type=Text(), required=True, doc="Full name, as the customer knows them."),
            "email": Field(type=Text(), doc="E-mail address, shown to the customer on the deck."),
            "handle": Field(type=Handle(), doc="The person's team handle, as in csm and task owners."),
        })), doc="The vendor side: account leader, solutions architect, CSM, engineer."),
        "crm_url": Field(type=Url(), doc="Link to the CRM record (internal only)."),
        "crm_id": Field(type=Text(), doc="The account's id in the team's CRM, unique across customers; imports of "
                        "account facts find the customer by it (internal only)."),
        "tags": Field(type=ListOf(Id()), doc="Free tags for grouping (industry, region)."),
        "scorecard": Field(type=ListOf(Record(fields={
            "date": Field(type=Date(), required=True, doc="When the reading was taken."),
            "measure": Field(type=Text(), required=True,
                             doc="What was rated, e.g. deployment, habits, executive_adoption."),
            "color": Field(type=Enum(COLORS), required=True, doc="The rating, green (best) to red."),
            "note": Field(type=Text(), doc="Why, in a line."),
        })), doc="Adoption readings; the latest per measure sets a health signal."),
        "next_review": Field(type=Date(), doc="The next business review agreed with the customer."),
        "logo": Field(type=Text(),
                      doc="A PNG or JPEG file directly in the customer folder, for the deck's title slide."),
        "waivers": Field(type=ListOf(Record(fields={
            "code": Field(type=Text(), required=True, doc="The warning waived, e.g. SP107 (never an error)."),
            "objective": Field(type=Text(), doc="The objective it is waived for (default: the whole customer)."),
            "reason": Field(type=Text(), required=True, doc="Why the warning does not apply, for the reviewer."),
            "until": Field(type=Date(), required=True,
                           doc="The last day it holds; after it the warning is back, and SP116 says so."),
        })), doc="Warnings the team agreed do not apply to this customer for a while (internal only)."),
    }, doc="customer.yaml: account facts.")


STAKEHOLDER = Record(fields={
    "id": Field(type=Id("SP007"), required=True, doc="Stable id, referenced from objectives and activity."),
    "name": Field(type=Text(), required=True, doc="Full name."),
    "title": Field(type=Text(), doc="Job title, e.g. Chief Operating Officer."),
    "persona": Field(type=Enum(PERSONAS), required=True,
                     doc="Their role in the plan (our own vocabulary, never printed)."),
    "email": Field(type=Text(), doc="E-mail address."),
    "location": Field(type=Text(), doc="Where they work, e.g. Rotterdam."),
}, doc="A person on the customer side.")
STAKEHOLDERS = ListOf(STAKEHOLDER)

ACTIVITY = Record(fields={
    "date": Field(type=Date(), required=True, doc="When it happened."),
    "kind": Field(type=Enum(ACTIVITY_KINDS), required=True, doc="What kind of contact or event it was."),
    "title": Field(type=Text(), required=True, doc="One line."),
    "objectives": Field(type=ListOf(Text()), doc="Ids of the objectives this entry is about."),
    "readings": Field(type=MapOf(Number()), doc="Objective id → measured value of its metric on this date."),
    "attendees": Field(type=ListOf(Text()), doc="Stakeholder ids."),
    "author": Field(type=Handle(), doc="Who logged it."),
    "internal": Field(type=Bool(), doc="true: never leaves the internal site.", default="false"),
    "notes": Field(type=Text(), doc="Free notes (Markdown); internal site only."),
}, doc="One activity log entry.")
ACTIVITY_LOG = ListOf(ACTIVITY)

OBJECTIVE = Record(fields={
    "title": Field(type=Text(), required=True, doc="The outcome in the customer's words."),
    "status": Field(type=Enum(STATUSES), required=True, doc="Where it stands: new, in progress, or how it was closed."),
    "priority": Field(type=Number(minimum=1, integer=True), doc="Rank among open objectives, 1 = first."),
    "started": Field(type=Date(), required=True, doc="When work toward it began."),
    "due": Field(type=Date(), required=True, doc="When it must be reached."),
    "stakeholders": Field(type=ListOf(Text()), doc="Stakeholder ids of the people invested in it."),
    "metric": Field(type=Record(fields={
        "name": Field(type=Text(), required=True, doc="What is measured, e.g. Cycle time."),
        "unit": Field(type=Text(), doc="Its unit, e.g. days or %."),
        "baseline": Field(type=Number(), required=True, doc="Its value when work began."),
        "target": Field(type=Number(), required=True, doc="The value that means success."),
    }), doc="A numerical goal; absent for a qualitative initiative."),
    "success_criteria": Field(type=Text(), doc="How the customer will judge it."),
    "tasks": Field(type=ListOf(Record(fields={
        "title": Field(type=Text(), required=True, doc="What is to be done."),
        "owner": Field(type=Text(), required=True, doc="A stakeholder id, or the team handle of someone on our side."),
        "due": Field(type=Date(), doc="When it should be done."),
        "done": Field(type=Date(), doc="The date it was done."),
    })), doc="The joint plan."),
    "last_validated": Field(type=Date(), doc="When the customer last confirmed it is still a priority."),
    "validated_by": Field(type=Text(), doc="Stakeholder id of who confirmed it."),
    "closed": Field(type=Record(fields={
        "date": Field(type=Date(), doc="When it was reached or dropped."),
        "confirmed_by": Field(type=Text(), doc="Stakeholder id of who on the customer side confirmed it."),
        "evidence": Field(type=Text(), doc="What shows it, e.g. a report (internal only)."),
        "summary": Field(type=Text(), doc="One line on how it ended, for the customer."),
    }), doc="Required for every closed_* status: date, and the customer's confirmation."),
    "value_usd": Field(type=Number(minimum=0), doc="Value the customer gains when it is achieved."),
    "audience": Field(type=Enum(("customer", "internal")), doc="internal: never reaches the customer.",
                      default="customer"),
    "value_statement": Field(type=Text(),
                             doc="The value in the customer's words, e.g. two analysts freed for planning."),
    "asks": Field(type=ListOf(Text()), doc="What we need from the customer to move it: a decision, access, people."),
    "recovery": Field(type=Text(), doc="How it gets back on plan, in the customer's words (extra people, a weekly "
                      "check); the review shows it whenever the objective is behind plan or past due."),
}, doc="objectives/<id>.md front matter.")

ROLES = ("csm", "manager", "executive", "specialist", "other")
TEAM_FILE = "team.yaml"
"""The team roster, beside mkdocs.yml (SPEC §12)."""
USERNAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,254}\Z")

TEAM_MEMBER = Record(fields={
    "handle": Field(type=Handle(), required=True,
                    doc="The person's team handle, as csm, task owners and authors name them; unique."),
    "name": Field(type=Text(), required=True, doc="Full name, as customers and the team site show it."),
    "email": Field(type=Text(), doc="E-mail address."),
    "username": Field(type=Pattern(USERNAME_RE, "user name", hint="their user name on GitLab or GitHub, "
                                   "without the @"),
                      doc="Their user on the git forge (GitLab, GitHub), for CODEOWNERS."),
    "role": Field(type=Enum(ROLES), doc="What they do in the team."),
}, doc="One person on our side.")
TEAM = ListOf(TEAM_MEMBER)

RISK = Record(fields={
    "title": Field(type=Text(), required=True, doc="The risk in one line."),
    "kind": Field(type=Enum(RISK_KINDS), required=True, doc="What is at risk."),
    "severity": Field(type=Enum(SEVERITIES), required=True, doc="How bad it would be; high needs an escalation."),
    "status": Field(type=Enum(RISK_STATUSES), required=True, doc="open, mitigated (under control) or closed."),
    "opened": Field(type=Date(), required=True, doc="When it was raised."),
    "escalation": Field(type=Enum(ESCALATIONS), doc="Who beyond the CSM is engaged.", default="none"),
    "owner": Field(type=Handle(), doc="The team handle of who handles it."),
    "objectives": Field(type=ListOf(Text()), doc="Ids of the objectives at risk."),
}, doc="risks/<id>.md front matter (always internal).")


def json_schemas(segments: Sequence[str] = DEFAULT_SEGMENTS) -> dict[str, dict[str, Any]]:
    """JSON Schema (draft 2020-12) per file kind, from the same objects that validate."""
    def doc(title: str, body: dict[str, Any]) -> dict[str, Any]:
        return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, **body}

    return {
        "customer": doc("customer.yaml", customer_schema(segments).json()),
        "stakeholders": doc("stakeholders.yaml", {"type": ["array", "null"], "items": STAKEHOLDER.json()}),
        "activity": doc("activity.yaml", {"type": ["array", "null"], "items": ACTIVITY.json()}),
        "objective": doc("objective front matter", OBJECTIVE.json()),
        "risk": doc("risk front matter", RISK.json()),
        "activity-entry": doc("activity/ entry", ACTIVITY.json()),
        "team": doc("team.yaml", {"type": ["array", "null"], "items": TEAM_MEMBER.json()}),
    }
