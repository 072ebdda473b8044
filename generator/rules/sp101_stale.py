"""An open objective was last confirmed with the customer (`last_validated`) more than
`stale_after_days` days before today (the as-of date). Reported at `last_validated`.

Why it matters: priorities drift. An objective nobody has asked about for months may no longer be
what the customer cares about, and the plan then talks about the wrong things.

How to fix: ask the customer whether it still matters. If it does, record it with
`successplans revalidate`, which sets `last_validated` and `validated_by`; if not, close it.

Example: objectives/faster-order-processing.md
Before:
    last_validated: 2026-02-20
After:
    last_validated: 2026-05-02
"""

from collections.abc import Iterator

from ..problems import Problem, Severity
from .base import RuleContext

CODE = "SP101"
TITLE = "Stale objective"
SEVERITY: Severity = "warning"


def check(ctx: RuleContext) -> Iterator[Problem]:
    for s in ctx.statuses.values():
        o = s.objective
        if s.stale and not s.never_validated and o.last_validated is not None:
            days = (ctx.as_of - o.last_validated).days
            yield ctx.problem(CODE, SEVERITY, o.source.path, o.source.at("last_validated"),
                              f"objective {o.id} was last validated {days} days ago "
                              f"(more than {ctx.config.stale_after_days})",
                              "confirm it with the customer", ctx.revalidate(o.id))
