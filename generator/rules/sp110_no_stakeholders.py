"""An open objective names no stakeholders: nobody on the customer side is invested in it.
Reported at `stakeholders` when present, else at `status`."""

from collections.abc import Iterator

from ..problems import Problem
from .base import RuleContext

CODE = "SP110"
TITLE = "Objective without stakeholders"


def check(ctx: RuleContext) -> Iterator[Problem]:
    for s in ctx.statuses.values():
        o = s.objective
        if s.is_open and not o.stakeholders:
            yield ctx.problem(CODE, o.source.path, o.source.at("stakeholders", "status"),
                              f"objective {o.id} names no stakeholders", "list who on the customer side owns it")
