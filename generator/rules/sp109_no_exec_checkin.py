"""No `exec_checkin` or `ebr` activity is dated within `exec_checkin_days` days before today (the
as-of date). Reported where SP103 is: the first line of activity.yaml, or of the latest entry's
file in activity/ (customer.yaml when nothing was logged).

Why it matters: executive attention fades quietly; the first sign is often a renewal in doubt.

How to fix: meet the sponsor and log the meeting with kind `exec_checkin` (or `ebr` for a business
review).

Example: activity/2026-06-01-monthly-check-sam-5bdbde.yaml
Before:
    kind: call
    title: Monthly check-in with Sam
After:
    kind: exec_checkin
    title: Monthly check-in with Sam
"""

import datetime as dt
from collections.abc import Iterator

from ..model import CustomerFile
from ..problems import Problem, Severity
from .base import RuleContext

CODE = "SP109"
TITLE = "No executive check-in"
SEVERITY: Severity = "warning"


def check(ctx: RuleContext) -> Iterator[Problem]:
    if CustomerFile.ACTIVITY in ctx.customer.unparsed:
        return  # the log is unreadable (SP001/SP002)
    days = ctx.config.exec_checkin_days
    since = ctx.as_of - dt.timedelta(days=days)
    if not any(a.kind in ("exec_checkin", "ebr") and since <= a.date <= ctx.as_of for a in ctx.customer.activities):
        yield ctx.problem(CODE, SEVERITY, ctx.log_path, (1, 1), f"no executive check-in or EBR in the last {days} days",
                          "meet the executive sponsor and log it as exec_checkin")
