"""An activity is dated after today (the as-of date). It is left out of every figure until its date
comes. Reported at the entry's `date`.

Why it matters: usually it is a typo in the year, and the meeting, with its readings, is then
missing from progress and health.

How to fix: correct the date. A meeting that is only planned does not belong in the log yet.

Example: activity/2026-05-02-agreed-first-objective-sam-02b9aa.yaml
Before:
    date: 2027-05-02
    kind: strategy_session
After:
    date: 2026-05-02
    kind: strategy_session
"""

from collections.abc import Iterator

from ..problems import Problem, Severity
from .base import RuleContext

CODE = "SP112"
TITLE = "Future-dated activity"
SEVERITY: Severity = "warning"


def check(ctx: RuleContext) -> Iterator[Problem]:
    for a in ctx.customer.activities:
        if a.date > ctx.as_of:
            yield ctx.problem(CODE, SEVERITY, a.source.path, a.source.at("date"),
                              f"'{a.title}' is dated {a.date.isoformat()}, after {ctx.as_of.isoformat()}",
                              "check the date; planned events belong in objective tasks")
