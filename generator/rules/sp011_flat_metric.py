"""A metric's target equals its baseline, so progress cannot be measured. Its progress is null and
its track is `unmeasured` until the target is corrected."""

from collections.abc import Iterator

from ..problems import Problem
from .base import RuleContext

CODE = "SP011"
TITLE = "Target equals baseline"


def check(ctx: RuleContext) -> Iterator[Problem]:
    for o in ctx.customer.objectives:
        if o.metric is not None and o.metric.target == o.metric.baseline:
            yield ctx.problem(CODE, o.source.path, o.source.at("metric.target", "metric"),
                              f"metric target {o.metric.target} equals the baseline",
                              "set the value the customer wants to reach")
