"""An open objective is past its `due` date. Reported at `due`.

Why it matters: the objective shows as overdue, on the site and in the customer's review deck, and
the customer's health drops.

How to fix: close it with the customer (achieved, no longer wanted, or not valid), or agree a new
date with them and record it with `successplans objective due`, which writes it in `due` and logs
the old date and the reason.

Example: objectives/faster-order-processing.md
Before:
    due: 2026-05-29
After:
    due: 2026-10-29
"""

from collections.abc import Iterator

from ..problems import Fix, Problem, Severity
from .base import RuleContext

CODE = "SP104"
TITLE = "Overdue objective"
SEVERITY: Severity = "warning"


def check(ctx: RuleContext) -> Iterator[Problem]:
    for s in ctx.statuses.values():
        if s.track == "overdue":
            o = s.objective
            yield ctx.problem(CODE, SEVERITY, o.source.path, o.source.at("due"),
                              f"objective {o.id} was due {o.due.isoformat()} and is still open",
                              "close it or agree a new due date with the customer",
                              Fix(command="objective due",
                                  arguments=(ctx.customer.id, o.id, "<YYYY-MM-DD>", "--reason", '"..."')))
