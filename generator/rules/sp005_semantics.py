"""A value has the wrong type or is not allowed. Found while reading: a value of the wrong kind
(text where a number belongs, a list where fields belong), a value outside the allowed list, a
date that is not a real YYYY-MM-DD date, a negative number where none is allowed, a link that is
not http(s), a YAML tag such as `!!python/object`. Found by comparing fields: `closed` on an
objective that is still open, readings for an objective that has no metric, a task owner that is
neither a stakeholder id nor a team handle, a waiver of an unknown code or of an error (only
warnings can be waived).

Why it matters: the value cannot be used, so whatever depends on it (progress, health, the deck)
is computed without it.

How to fix: write the value the way the field reference says; the hint names the closest allowed
value when there is one.

Example: objectives/faster-order-processing.md
Before:
    status: in progress
After:
    status: in_progress
"""

import difflib
from collections.abc import Iterator

from ..model import OPEN
from ..schema import HANDLE_RE
from ..problems import Problem, Severity
from .base import RuleContext

CODE = "SP005"
TITLE = "Invalid value"
SEVERITY: Severity = "error"


def check(ctx: RuleContext) -> Iterator[Problem]:
    initiatives = set()
    people = ctx.customer.known_stakeholder_ids
    for o in ctx.customer.written_of("objective"):
        for i, task in enumerate(o.items("tasks")):
            owner = task.get("owner") if isinstance(task, dict) else None
            if isinstance(owner, str) and owner not in people and not HANDLE_RE.match(owner):
                yield ctx.problem(CODE, SEVERITY, o.source.path, o.source.at(f"tasks[{i}].owner", f"tasks[{i}]"),
                                  f"task owner '{owner}' is neither a stakeholder id nor a handle",
                                  "use a stakeholder id from stakeholders.yaml or a team handle such as jane.doe")
        if not o.source.has("metric") and o.id is not None:
            initiatives.add(o.id)
        status = o.get("status")
        if status in OPEN and o.source.has("closed"):
            yield ctx.problem(CODE, SEVERITY, o.source.path, o.source.at("closed"),
                              f"an objective with status {status} cannot have 'closed'",
                              "remove 'closed' or set a closed_* status")
    from . import documentation  # the codes and their severities, declared beside each rule

    severities = {d.code: d.severity for d in documentation()}
    for c in ctx.customer.written_of("customer"):
        for i, waiver in enumerate(c.items("waivers")):
            code = waiver.get("code") if isinstance(waiver, dict) else None
            if not isinstance(code, str):
                continue
            pos = c.source.at(f"waivers[{i}].code", f"waivers[{i}]")
            if code not in severities:
                close = difflib.get_close_matches(code, [k for k, v in severities.items() if v == "warning"], n=1)
                yield ctx.problem(CODE, SEVERITY, c.source.path, pos, f"waiver of unknown code '{code}'",
                                  f"did you mean '{close[0]}'?" if close else "waive a warning code, SP101 to SP116")
            elif severities[code] == "error":
                yield ctx.problem(CODE, SEVERITY, c.source.path, pos, f"{code} is an error and cannot be waived",
                                  "fix the data: only warnings (SP1xx) are waived")
    for a in ctx.customer.written_of("activity"):
        readings = a.get("readings")
        for name in readings if isinstance(readings, dict) else ():
            if name in initiatives:
                yield ctx.problem(CODE, SEVERITY, a.source.path, a.source.at(f"readings.{name}"),
                                  f"objective '{name}' has no metric, so it cannot have readings",
                                  "add a metric to the objective or log the news without a reading")
