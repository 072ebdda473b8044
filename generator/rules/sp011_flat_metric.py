"""A metric's `target` is the same as its `baseline`. Its progress cannot be measured, so it is shown
as unmeasured until the target is corrected.

Why it matters: the objective looks neither good nor bad, and the customer cannot see the change
they asked for.

How to fix: write the value the customer wants to reach in `target` (the `baseline` is where they
started).

Example: objectives/faster-order-processing.md
Before:
      target: 5
After:
      target: 2
"""

from collections.abc import Iterator

from ..problems import Problem, Severity
from .base import RuleContext

CODE = "SP011"
TITLE = "Target equals baseline"
SEVERITY: Severity = "error"


def check(ctx: RuleContext) -> Iterator[Problem]:
    for o in ctx.customer.written_of("objective"):
        baseline, target = o.get("metric.baseline"), o.get("metric.target")
        if baseline is not None and target is not None and target == baseline:
            yield ctx.problem(CODE, SEVERITY, o.source.path, o.source.at("metric.target", "metric"),
                              f"metric target {target} equals the baseline",
                              "set the value the customer wants to reach")
