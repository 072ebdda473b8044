"""An objective's dates contradict each other: `due` comes before `started`, or `closed.date` comes
before `started`.

Why it matters: the time elapsed is what progress is compared with; with dates in the wrong order
there is no expected progress to compare with.

How to fix: correct the date that is wrong, usually a typo in the year or the month.

Example: objectives/faster-order-processing.md
Before:
    started: 2026-11-02
After:
    started: 2026-05-02
"""

from collections.abc import Iterator

from ..problems import Problem, Severity
from .base import RuleContext

CODE = "SP010"
TITLE = "Inconsistent dates"
SEVERITY: Severity = "error"


def check(ctx: RuleContext) -> Iterator[Problem]:
    for o in ctx.customer.written_of("objective"):
        started, due, closed = o.get("started"), o.get("due"), o.get("closed.date")
        if started is None:
            continue
        if due is not None and due < started:
            yield ctx.problem(CODE, SEVERITY, o.source.path, o.source.at("due"),
                              f"due {due.isoformat()} is before started {started.isoformat()}")
        if closed is not None and closed < started:
            yield ctx.problem(CODE, SEVERITY, o.source.path, o.source.at("closed.date", "closed"),
                              f"closed.date {closed.isoformat()} is before started {started.isoformat()}")
