"""A metric's target equals its baseline, so progress cannot be measured. Its progress is null and
its track is `unmeasured` until the target is corrected."""

from collections.abc import Iterator

from ..problems import Problem
from .base import RuleContext

CODE = "SP011"
TITLE = "Target equals baseline"


def check(ctx: RuleContext) -> Iterator[Problem]:
    for o in ctx.customer.written_of("objective"):
        baseline, target = o.get("metric.baseline"), o.get("metric.target")
        if baseline is not None and target is not None and target == baseline:
            yield ctx.problem(CODE, o.source.path, o.source.at("metric.target", "metric"),
                              f"metric target {target} equals the baseline",
                              "set the value the customer wants to reach")
