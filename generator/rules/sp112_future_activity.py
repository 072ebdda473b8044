"""An activity entry is dated after the as-of date. It is ignored in every computation until its
date comes; usually it is a typo in the year. Reported at the entry's `date`."""

from collections.abc import Iterator

from ..problems import Problem
from .base import RuleContext

CODE = "SP112"
TITLE = "Future-dated activity"


def check(ctx: RuleContext) -> Iterator[Problem]:
    for a in ctx.customer.activities:
        if a.date > ctx.as_of:
            yield ctx.problem(CODE, a.source.path, a.source.at("date"),
                              f"'{a.title}' is dated {a.date.isoformat()}, after {ctx.as_of.isoformat()}",
                              "check the date; planned events belong in objective tasks")
