"""An objective is `closed_success` without `closed.confirmed_by` or `closed.evidence`. Reported at
`closed` (at `status` when `closed` is missing).

Why it matters: a success counts when the customer agrees it happened. Unconfirmed, it is our
opinion, and it would go into the customer's review as a fact.

How to fix: add who on the customer side confirmed it (`confirmed_by`, a stakeholder id) or what
shows it (`evidence`, e.g. a report); `successplans close --confirmed-by` writes it.

Example: objectives/order-tracking-page.md
Before:
    ---
    title: Customers track their own orders
    status: closed_success
    started: 2026-02-02
    due: 2026-05-29
    stakeholders: [sam-rivera]
    success_criteria: Calls asking where an order is drop by half.
    closed:
      date: 2026-05-25
    ---
After:
    ---
    title: Customers track their own orders
    status: closed_success
    started: 2026-02-02
    due: 2026-05-29
    stakeholders: [sam-rivera]
    success_criteria: Calls asking where an order is drop by half.
    closed:
      date: 2026-05-25
      confirmed_by: sam-rivera
    ---
"""

from collections.abc import Iterator

from ..problems import Problem, Severity
from .base import RuleContext

CODE = "SP106"
TITLE = "Unconfirmed success"
SEVERITY: Severity = "warning"


def check(ctx: RuleContext) -> Iterator[Problem]:
    for s in ctx.statuses.values():
        o = s.objective
        if s.status == "closed_success" and not (o.closed and (o.closed.confirmed_by or o.closed.evidence)):
            yield ctx.problem(CODE, SEVERITY, o.source.path, o.source.at("closed", "status"),
                              f"objective {o.id} is closed as a success without the customer's confirmation",
                              "add closed.confirmed_by (a stakeholder id) or closed.evidence")
