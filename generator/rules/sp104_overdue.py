"""An open objective is past its due date. Close it (achieved, no action, invalid) or agree a new
date with the customer. Reported at `due`."""

from collections.abc import Iterator

from ..problems import Problem
from .base import RuleContext

CODE = "SP104"
TITLE = "Overdue objective"


def check(ctx: RuleContext) -> Iterator[Problem]:
    for s in ctx.statuses.values():
        if s.track == "overdue":
            o = s.objective
            yield ctx.problem(CODE, o.source.path, o.source.at("due"),
                              f"objective {o.id} was due {o.due.isoformat()} and is still open",
                              "close it or agree a new due date with the customer")
