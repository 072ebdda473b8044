"""The renewal date falls within `renewal_window_days` (90) days after the as-of date (both ends
included), and no `ebr` activity is dated within the 180 days before it. Review the value delivered
with the customer's executives before they decide. Reported at `renewal_date`."""

import datetime as dt
from collections.abc import Iterator

from ..problems import Problem
from .base import RuleContext

CODE = "SP108"
TITLE = "Renewal without a recent EBR"


def check(ctx: RuleContext) -> Iterator[Problem]:
    c = ctx.customer
    renewal = c.renewal_date
    if renewal is None or not ctx.as_of <= renewal <= ctx.as_of + dt.timedelta(days=ctx.config.renewal_window_days):
        return
    since = ctx.as_of - dt.timedelta(days=180)
    if not any(a.kind == "ebr" and since <= a.date <= ctx.as_of for a in c.activities):
        yield ctx.problem(CODE, c.source.path, c.source.at("renewal_date"),
                          f"renewal on {renewal.isoformat()} ({(renewal - ctx.as_of).days} days away) "
                          "and no EBR in the last 180 days", "schedule an executive business review")
