"""A field names a stakeholder or objective this customer does not have: an objective's
`stakeholders`, `validated_by` or `closed.confirmed_by`; an activity's `objectives`, `readings` or
`attendees`; a risk's `objectives`; a waiver's `objective`. Task owners are not checked this way: an owner who is not a
stakeholder is taken to be someone on our team. References are checked even when other fields of
the same entry are wrong.

Why it matters: the link is lost: a reading that names no objective moves no progress, an attendee
who is nobody is left out of the meeting.

How to fix: use the exact id from stakeholders.yaml, or the objective's file name without `.md`;
the hint suggests the closest one. Add the person to stakeholders.yaml when they are new.

Example: activity/2026-05-02-agreed-first-objective-sam-02b9aa.yaml
Before:
    attendees: [sam-rivera, lee-chan]
After:
    attendees: [sam-rivera, lee-chen]
"""

import difflib
from collections.abc import Iterable, Iterator

from ..model import CustomerFile, Written
from ..problems import Problem, Severity
from .base import RuleContext

CODE = "SP009"
TITLE = "Unknown reference"
SEVERITY: Severity = "error"


def _hint(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, sorted(known), n=1)
    return f"did you mean '{close[0]}'?" if close else ""


def check(ctx: RuleContext) -> Iterator[Problem]:
    customer = ctx.customer
    people = customer.known_stakeholder_ids
    objectives = customer.known_objective_ids
    judge_people = CustomerFile.STAKEHOLDERS not in customer.unparsed

    def person(record: Written, key: str, name: object) -> Iterator[Problem]:
        if judge_people and isinstance(name, str) and name not in people:
            yield ctx.problem(CODE, SEVERITY, record.source.path, record.source.at(key), f"unknown stakeholder '{name}'",
                              _hint(name, people) or "add the person to stakeholders.yaml")

    def objective(record: Written, key: str, name: object) -> Iterator[Problem]:
        if isinstance(name, str) and name not in objectives:
            yield ctx.problem(CODE, SEVERITY, record.source.path, record.source.at(key), f"unknown objective '{name}'",
                              _hint(name, objectives) or "objective ids are file names in objectives/")

    for o in customer.written_of("objective"):
        for i, name in enumerate(o.items("stakeholders")):
            yield from person(o, f"stakeholders[{i}]", name)
        yield from person(o, "validated_by", o.get("validated_by"))
        yield from person(o, "closed.confirmed_by", o.get("closed.confirmed_by"))
    for a in customer.written_of("activity"):
        for i, name in enumerate(a.items("objectives")):
            yield from objective(a, f"objectives[{i}]", name)
        readings = a.get("readings")
        for name in readings if isinstance(readings, dict) else ():
            yield from objective(a, f"readings.{name}", name)
        for i, name in enumerate(a.items("attendees")):
            yield from person(a, f"attendees[{i}]", name)
    for r in customer.written_of("risk"):
        for i, name in enumerate(r.items("objectives")):
            yield from objective(r, f"objectives[{i}]", name)
    for c in customer.written_of("customer"):
        for i, waiver in enumerate(c.items("waivers")):
            if isinstance(waiver, dict):
                yield from objective(c, f"waivers[{i}].objective", waiver.get("objective"))
