"""An open objective has no `last_validated`, and it started more than `stale_after_days` days
before today (the as-of date): nobody has confirmed with the customer that it is still a priority.
Reported at `started`.

Why it matters: an objective agreed once and never revisited drifts away from what the customer
wants, as a stale one does.

How to fix: confirm it with the customer and record it with `successplans revalidate`, which adds
`last_validated` and `validated_by`.

Example: objectives/self-service-returns.md
Before:
    ---
    title: Customers file their own returns
    status: in_progress
    started: 2026-01-12
    due: 2026-09-30
    stakeholders: [lee-chen]
    success_criteria: Lee's team stops keying returns in by hand.
    ---
After:
    ---
    title: Customers file their own returns
    status: in_progress
    started: 2026-01-12
    due: 2026-09-30
    stakeholders: [lee-chen]
    success_criteria: Lee's team stops keying returns in by hand.
    last_validated: 2026-05-20
    validated_by: lee-chen
    ---
"""

from collections.abc import Iterator

from ..problems import Problem, Severity
from .base import RuleContext

CODE = "SP102"
TITLE = "Never validated"
SEVERITY: Severity = "warning"


def check(ctx: RuleContext) -> Iterator[Problem]:
    for s in ctx.statuses.values():
        o = s.objective
        if s.never_validated:
            yield ctx.problem(CODE, SEVERITY, o.source.path, o.source.at("started"),
                              f"objective {o.id} started {o.started.isoformat()} and has never been validated",
                              "confirm it with the customer", ctx.revalidate(o.id))
