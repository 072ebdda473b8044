"""More than `max_open_objectives` (3) objectives are open. Teams that pursue everything deliver
nothing: keep 1–3 in focus and park the rest. Reported at line 1 of customer.yaml."""

from collections.abc import Iterator

from ..problems import Problem
from .base import RuleContext

CODE = "SP105"
TITLE = "Too many open objectives"


def check(ctx: RuleContext) -> Iterator[Problem]:
    open_ids = sorted(s.objective.id for s in ctx.statuses.values() if s.is_open)
    limit = ctx.config.max_open_objectives
    if len(open_ids) > limit:
        yield ctx.problem(CODE, ctx.customer.source.path, (1, 1),
                          f"{len(open_ids)} open objectives (at most {limit} keep the focus): " + ", ".join(open_ids),
                          "close or park the lowest priorities")
