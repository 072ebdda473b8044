"""Nothing was logged for this customer in the last `activity_gap_days` days before today (the
as-of date), or nothing at all. Every entry counts, internal ones included. Reported at the first
line of activity.yaml, or of the latest entry's file when the log is the activity/ folder
(customer.yaml when nothing was logged).

Why it matters: silence is how accounts slip. The site turns the customer yellow so that someone
gets in touch.

How to fix: get in touch, and log it (`successplans log`). If you were in touch and did not log it,
add the entry with its real date.

Example: activity/2026-06-01-monthly-check-sam-5bdbde.yaml
Before:
    date: 2026-05-10
    kind: exec_checkin
After:
    date: 2026-06-01
    kind: exec_checkin
"""

import datetime as dt
from collections.abc import Iterator

from ..compute import last_activity
from ..model import CustomerFile
from ..problems import Fix, Problem, Severity
from .base import RuleContext

CODE = "SP103"
TITLE = "Activity gap"
SEVERITY: Severity = "warning"


def check(ctx: RuleContext) -> Iterator[Problem]:
    if CustomerFile.ACTIVITY in ctx.customer.unparsed:
        return  # the log is unreadable (SP001/SP002): its dates cannot be judged
    latest = last_activity(ctx.customer, ctx.as_of)
    days = ctx.config.activity_gap_days
    if latest is None:
        yield ctx.problem(CODE, SEVERITY, ctx.log_path, (1, 1), "no activity has been logged",
                          "log customer contact", _log(ctx))
    elif latest < ctx.as_of - dt.timedelta(days=days):
        yield ctx.problem(CODE, SEVERITY, ctx.log_path, (1, 1),
                          f"no activity for {(ctx.as_of - latest).days} days (last on {latest.isoformat()}; "
                          f"expected within {days})", "log customer contact", _log(ctx))


def _log(ctx: RuleContext) -> Fix:
    return Fix(command="log", arguments=(ctx.customer.id, "--kind", "call", "--title", '"..."'))
