"""Health over time: a customer's health at the end of every week of the last four quarters.

Any past date can be computed exactly from today's files (SPEC §3 with another as-of date), so
the history needs no stored snapshots. It is computed beside the customer's status, from the
records already loaded: for each date only the objective statuses and the health are computed
again, never a file read.

The dates are the Sundays (the end of each ISO week) from the first day of the quarter three
quarters before the as-of date's, up to the as-of date, and then the as-of date itself (the
current, partial week). A customer's history starts at its first record (its earliest activity,
objective start or `customer_since`): the weeks before it had no customer to judge.
"""

from __future__ import annotations

import datetime as dt

from .compute import health, objective_histories, quarter_start, statuses_at
from .config import Config
from .model import Customer, Health, HealthPoint, HealthTimeline

QUARTERS = 4


def timeline_dates(as_of: dt.date) -> tuple[dt.date, ...]:
    """Week ends (Sundays) of the last four quarters before the as-of date, then the as-of date."""
    start = quarter_start(as_of)
    for _ in range(QUARTERS - 1):
        start = quarter_start(start - dt.timedelta(days=1))
    first_sunday = start + dt.timedelta(days=(6 - start.weekday()) % 7)
    dates = []
    day = first_sunday
    while day < as_of:
        dates.append(day)
        day += dt.timedelta(days=7)
    dates.append(as_of)
    return tuple(dates)


def first_record(customer: Customer, as_of: dt.date) -> dt.date | None:
    """The earliest date the files know the customer by, on or before the as-of date: its first
    activity, the first start of an objective, or `customer_since`."""
    dates = [a.date for a in customer.activities if a.date <= as_of]
    dates += [o.started for o in customer.objectives if o.started <= as_of]
    if customer.customer_since is not None and customer.customer_since <= as_of:
        dates.append(customer.customer_since)
    return min(dates, default=None)


def health_timeline(customer: Customer, now: Health, as_of: dt.date, config: Config,
                    has_errors: bool) -> HealthTimeline:
    """The customer's health at each date of timeline_dates(as_of) from its first record on (and
    always at the as-of date), `now` being its health at the as-of date: the same objective statuses
    and health as `status --as-of` that date (tests/test_timeline.py holds them equal)."""
    points = []
    histories = objective_histories(customer, as_of, config)
    first = first_record(customer, as_of)
    for day in timeline_dates(as_of):
        if day != as_of and (first is None or day < first):
            continue
        h = now if day == as_of else health(customer, statuses_at(histories, day), day, config, has_errors)
        points.append(HealthPoint(date=day, color=h.color, signals=h.signals))
    return HealthTimeline(points=tuple(points), first_record=first)
