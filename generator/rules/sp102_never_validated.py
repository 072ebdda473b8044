"""An open objective has no `last_validated`, and it started more than `stale_after_days` (90) days
before the as-of date: nobody has confirmed with the customer that it is still a priority.
Reported at `started`."""

from collections.abc import Iterator

from ..problems import Problem
from .base import RuleContext

CODE = "SP102"
TITLE = "Never validated"


def check(ctx: RuleContext) -> Iterator[Problem]:
    for s in ctx.statuses.values():
        o = s.objective
        if s.never_validated:
            yield ctx.problem(CODE, o.source.path, o.source.at("started"),
                              f"objective {o.id} started {o.started.isoformat()} and has never been validated",
                              "confirm it with the customer, then run: successplans revalidate")
