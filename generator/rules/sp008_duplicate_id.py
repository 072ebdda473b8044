"""Two stakeholders of one customer have the same `id`. Reported at the second one and any later.

Why it matters: objectives, tasks and activity name people by id; with two people behind one id
nobody can tell who is meant.

How to fix: give each person an id of their own (usually their name in lowercase with dashes), or
delete the entry that repeats someone already listed.

Example: stakeholders.yaml
Before:
      persona: adoption_champion
    - id: lee-chen
      name: Lee Chen
      persona: end_user
After:
      persona: adoption_champion
"""

from collections.abc import Iterator

from ..problems import Problem, Severity
from .base import RuleContext

CODE = "SP008"
TITLE = "Duplicate id"
SEVERITY: Severity = "error"


def check(ctx: RuleContext) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for person in ctx.customer.written_of("stakeholder"):
        if person.id is None:
            continue
        pos = person.source.at("id")
        if person.id in seen:
            yield ctx.problem(CODE, SEVERITY, person.source.path, pos,
                              f"stakeholder id '{person.id}' is already used on line {seen[person.id]}",
                              "give each person a unique id")
        else:
            seen[person.id] = pos[0]
