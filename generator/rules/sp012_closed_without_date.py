"""An objective with a `closed_*` status has no `closed.date`. The date says when the outcome was
reached or the objective dropped; every closed status needs it. Reported at `status`."""

from collections.abc import Iterator

from ..problems import Problem
from .base import RuleContext

CODE = "SP012"
TITLE = "Closed without a date"


def check(ctx: RuleContext) -> Iterator[Problem]:
    for o in ctx.customer.written_of("objective"):
        status = o.get("status")
        if isinstance(status, str) and status.startswith("closed_") and o.get("closed.date") is None \
                and not o.source.has("closed.date"):
            yield ctx.problem(CODE, o.source.path, o.source.at("status"),
                              f"status {status} needs closed.date",
                              "add closed: {date: YYYY-MM-DD} (successplans close does this)")
