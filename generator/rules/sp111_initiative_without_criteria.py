"""An open initiative (an objective without a metric) has no `success_criteria`: without a number,
the customer's own words must say how success will be judged. Reported at `status`."""

from collections.abc import Iterator

from ..problems import Problem
from .base import RuleContext

CODE = "SP111"
TITLE = "Initiative without success criteria"


def check(ctx: RuleContext) -> Iterator[Problem]:
    for s in ctx.statuses.values():
        o = s.objective
        if s.is_open and o.metric is None and not o.success_criteria:
            yield ctx.problem(CODE, o.source.path, o.source.at("status"),
                              f"initiative {o.id} has neither a metric nor success_criteria",
                              "add success_criteria: how the customer will judge it")
