"""No `exec_checkin` or `ebr` activity is dated within `exec_checkin_days` (90) days before the
as-of date. Executive attention fades quietly. Reported at line 1 of activity.yaml (customer.yaml
when there is no activity file)."""

import datetime as dt
from collections.abc import Iterator

from ..problems import Problem
from .base import RuleContext

CODE = "SP109"
TITLE = "No executive check-in"


def check(ctx: RuleContext) -> Iterator[Problem]:
    if "activity" in ctx.customer.unparsed:
        return  # the log is unreadable (SP001/SP002)
    days = ctx.config.exec_checkin_days
    since = ctx.as_of - dt.timedelta(days=days)
    if not any(a.kind in ("exec_checkin", "ebr") and since <= a.date <= ctx.as_of for a in ctx.customer.activities):
        yield ctx.problem(CODE, ctx.log_path, (1, 1), f"no executive check-in or EBR in the last {days} days",
                          "meet the executive sponsor and log it as exec_checkin")
