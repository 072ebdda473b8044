"""An objective's dates contradict each other: `due` before `started`, or `closed.date` before
`started`."""

from collections.abc import Iterator

from ..problems import Problem
from .base import RuleContext

CODE = "SP010"
TITLE = "Inconsistent dates"


def check(ctx: RuleContext) -> Iterator[Problem]:
    for o in ctx.customer.objectives:
        if o.due < o.started:
            yield ctx.problem(CODE, o.source.path, o.source.at("due"),
                              f"due {o.due.isoformat()} is before started {o.started.isoformat()}")
        if o.closed and o.closed.date and o.closed.date < o.started:
            yield ctx.problem(CODE, o.source.path, o.source.at("closed.date", "closed"),
                              f"closed.date {o.closed.date.isoformat()} is before started {o.started.isoformat()}")
