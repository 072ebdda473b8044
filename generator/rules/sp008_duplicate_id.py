"""Two stakeholders of one customer share an id. References would be ambiguous, so each id must be
unique within its kind (an objective and a risk may share a file stem). Reported at the second and
later occurrences."""

from collections.abc import Iterator

from ..problems import Problem
from .base import RuleContext

CODE = "SP008"
TITLE = "Duplicate id"


def check(ctx: RuleContext) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for person in ctx.customer.written_of("stakeholder"):
        if person.id is None:
            continue
        pos = person.source.at("id")
        if person.id in seen:
            yield ctx.problem(CODE, person.source.path, pos,
                              f"stakeholder id '{person.id}' is already used on line {seen[person.id]}",
                              "give each person a unique id")
        else:
            seen[person.id] = pos[0]
