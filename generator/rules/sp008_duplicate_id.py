"""Two stakeholders of one customer have the same `id`, two people of `team.yaml` the same
`handle`, or two customers the same `crm_id`. Reported at the second one and any later (for a CRM
id, at every customer after the first in id order, whichever customers are checked).

Why it matters: objectives, tasks and activity name people by id; with two people behind one id
nobody can tell who is meant. An import of account facts finds a customer by its CRM id: with two,
one customer's ARR and renewal would land on the other.

How to fix: give each person an id of their own (usually their name in lowercase with dashes), or
delete the entry that repeats someone already listed; give each customer its own account's CRM id.

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
    crm = ctx.customer.crm_id
    holder = ctx.shared.crm_owners.get(crm) if crm is not None else None
    if holder is not None and holder != ctx.customer.id:
        source = ctx.customer.source
        yield ctx.problem(CODE, SEVERITY, source.path, source.at("crm_id"),
                          f"CRM id '{crm}' is already customer {holder}'s",
                          "each customer is one account of the CRM: correct the id of one of the two")
