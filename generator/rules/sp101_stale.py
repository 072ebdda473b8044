"""An open objective was last validated more than `stale_after_days` (90) days before the as-of
date. Priorities drift: ask the customer whether it still matters, then record it with
`successplans revalidate`. Reported at `last_validated`."""

from collections.abc import Iterator

from ..problems import Problem
from .base import RuleContext

CODE = "SP101"
TITLE = "Stale objective"


def check(ctx: RuleContext) -> Iterator[Problem]:
    for s in ctx.statuses.values():
        o = s.objective
        if s.stale and not s.never_validated and o.last_validated is not None:
            days = (ctx.as_of - o.last_validated).days
            yield ctx.problem(CODE, o.source.path, o.source.at("last_validated"),
                              f"objective {o.id} was last validated {days} days ago "
                              f"(more than {ctx.config.stale_after_days})",
                              "confirm it with the customer, then run: successplans revalidate")
