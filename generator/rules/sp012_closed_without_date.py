"""An objective with a `closed_*` status has no `closed.date`. The date says when the outcome was
reached or the objective dropped; every closed status needs it. Reported at `status`."""

from collections.abc import Iterator

from ..problems import Problem
from .base import RuleContext

CODE = "SP012"
TITLE = "Closed without a date"


def check(ctx: RuleContext) -> Iterator[Problem]:
    for o in ctx.customer.objectives:
        if o.status.startswith("closed_") and (o.closed is None or o.closed.date is None):
            yield ctx.problem(CODE, o.source.path, o.source.at("status"),
                              f"status {o.status} needs closed.date",
                              "add closed: {date: YYYY-MM-DD} (successplans close does this)")
