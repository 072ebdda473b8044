"""Health over time: each customer's health at the end of every week of the last four quarters.

Any past date can be computed exactly from today's files (SPEC §3 with another as-of date), so
the history needs no stored snapshots. This reuses the customers already loaded: for each date it
recomputes only the objective statuses and the health, never reading a file again.

The dates are the Sundays (the end of each ISO week) from the first day of the quarter three
quarters before the as-of date's, up to the as-of date, and then the as-of date itself (the
current, partial week).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .compute import health, objective_histories, quarter_start, statuses_at
from .config import Config
from .model import CustomerStatus, HealthColor, HealthSignal, Portfolio

QUARTERS = 4


@dataclass(frozen=True, slots=True, kw_only=True)
class HealthPoint:
    date: dt.date
    color: HealthColor
    signals: tuple[HealthSignal, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class HealthTimeline:
    customer: str  # customer id
    points: tuple[HealthPoint, ...]  # oldest first; the last is the as-of date

    def changes(self) -> tuple[tuple[HealthPoint, HealthPoint], ...]:
        """(before, after) for every point whose color differs from the point before it."""
        return tuple((a, b) for a, b in zip(self.points, self.points[1:], strict=False) if a.color != b.color)


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


def health_timeline(status: CustomerStatus, config: Config,
                    dates: tuple[dt.date, ...] | None = None) -> HealthTimeline:
    """The customer's health at each date, from the records already loaded: the same objective
    statuses and health as `status --as-of` that date (tests/test_timeline.py holds them equal)."""
    customer = status.customer
    dates = dates if dates is not None else timeline_dates(status.as_of)
    histories = objective_histories(customer, max(dates), config)
    points = []
    for day in dates:
        if day == status.as_of:
            h = status.health
        else:
            h = health(customer, statuses_at(histories, day), day, config, status.has_errors)
        points.append(HealthPoint(date=day, color=h.color, signals=h.signals))
    return HealthTimeline(customer=customer.id, points=tuple(points))


def portfolio_timelines(portfolio: Portfolio, config: Config) -> dict[str, HealthTimeline]:
    dates = timeline_dates(portfolio.as_of)
    return {c.id: health_timeline(c, config, dates) for c in portfolio.customers}
