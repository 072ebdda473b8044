"""A reference names a stakeholder or objective this customer does not have: an objective's
`stakeholders`, `validated_by` or `closed.confirmed_by`; an activity's `objectives`, `readings` or
`attendees`; a risk's `objectives`. Task owners are never checked: an owner that is not a
stakeholder id is a vendor handle."""

import difflib
from collections.abc import Iterable, Iterator

from ..model import Source
from ..problems import Problem
from .base import RuleContext

CODE = "SP009"
TITLE = "Unknown reference"


def _hint(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, sorted(known), n=1)
    return f"did you mean '{close[0]}'?" if close else ""


def check(ctx: RuleContext) -> Iterator[Problem]:
    customer = ctx.customer
    people = customer.known_stakeholder_ids
    objectives = customer.known_objective_ids
    judge_people = "stakeholders" not in customer.unparsed

    def person(source: Source, key: str, name: str) -> Iterator[Problem]:
        if judge_people and name not in people:
            yield ctx.problem(CODE, source.path, source.at(key), f"unknown stakeholder '{name}'",
                              _hint(name, people) or "add the person to stakeholders.yaml")

    def objective(source: Source, key: str, name: str) -> Iterator[Problem]:
        if name not in objectives:
            yield ctx.problem(CODE, source.path, source.at(key), f"unknown objective '{name}'",
                              _hint(name, objectives) or "objective ids are file names in objectives/")

    for o in customer.objectives:
        for i, name in enumerate(o.stakeholders):
            yield from person(o.source, f"stakeholders[{i}]", name)
        if o.validated_by:
            yield from person(o.source, "validated_by", o.validated_by)
        if o.closed and o.closed.confirmed_by:
            yield from person(o.source, "closed.confirmed_by", o.closed.confirmed_by)
    for a in customer.activities:
        for i, name in enumerate(a.objectives):
            yield from objective(a.source, f"objectives[{i}]", name)
        for name, _value in a.readings:
            yield from objective(a.source, f"readings.{name}", name)
        for i, name in enumerate(a.attendees):
            yield from person(a.source, f"attendees[{i}]", name)
    for r in customer.risks:
        for i, name in enumerate(r.objectives):
            yield from objective(r.source, f"objectives[{i}]", name)
