"""No activity in the last `activity_gap_days` (14) days before the as-of date, or none at all.
Every valid entry counts, internal ones included. Reported at line 1 of activity.yaml (customer.yaml
when there is no activity file)."""

import datetime as dt
from collections.abc import Iterator

from ..compute import last_activity
from ..problems import Problem
from .base import RuleContext

CODE = "SP103"
TITLE = "Activity gap"


def check(ctx: RuleContext) -> Iterator[Problem]:
    if "activity" in ctx.customer.unparsed:
        return  # the log is unreadable (SP001/SP002): its dates cannot be judged
    latest = last_activity(ctx.customer, ctx.as_of)
    days = ctx.config.activity_gap_days
    if latest is None:
        yield ctx.problem(CODE, ctx.log_path, (1, 1), "no activity has been logged",
                          "log customer contact with: successplans log")
    elif latest < ctx.as_of - dt.timedelta(days=days):
        yield ctx.problem(CODE, ctx.log_path, (1, 1),
                          f"no activity for {(ctx.as_of - latest).days} days (last on {latest.isoformat()}; "
                          f"expected within {days})", "log customer contact with: successplans log")
