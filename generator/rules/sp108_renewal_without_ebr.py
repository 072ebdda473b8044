"""The renewal date (`renewal_date`) is within `renewal_window_days` days after today (the as-of
date), and no `ebr` activity is dated in the 180 days before it. Reported at `renewal_date`.

Why it matters: the customer's executives decide the renewal on the value they have seen. Without
a recent business review, they decide without ours.

How to fix: hold an executive business review before the renewal and log it with kind `ebr`.

No example: the date is in customer.yaml and the review in the activity log; the fix is a new
entry in the log, shown in "Log a meeting" of the handbook.
"""

import datetime as dt
from collections.abc import Iterator

from ..problems import Problem, Severity
from .base import RuleContext

CODE = "SP108"
TITLE = "Renewal without a recent EBR"
SEVERITY: Severity = "warning"


def check(ctx: RuleContext) -> Iterator[Problem]:
    c = ctx.customer
    renewal = c.renewal_date
    if renewal is None or not ctx.as_of <= renewal <= ctx.as_of + dt.timedelta(days=ctx.config.renewal_window_days):
        return
    since = ctx.as_of - dt.timedelta(days=180)
    if not any(a.kind == "ebr" and since <= a.date <= ctx.as_of for a in c.activities):
        yield ctx.problem(CODE, SEVERITY, c.source.path, c.source.at("renewal_date"),
                          f"renewal on {renewal.isoformat()} ({(renewal - ctx.as_of).days} days away) "
                          "and no EBR in the last 180 days", "schedule an executive business review")
