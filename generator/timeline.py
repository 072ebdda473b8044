"""Health over time: each customer's health at the end of every week of the last four quarters.

Any past date can be computed exactly from today's files (SPEC §3 with another as-of date), so
the history needs no stored snapshots. This reuses the customers already loaded: for each date it
recomputes only the objective statuses and the health, never reading a file again.

The dates are the Sundays (the end of each ISO week) from the first day of the quarter three
quarters before the as-of date's, up to the as-of date, and then the as-of date itself (the
current, partial week).
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from dataclasses import dataclass
from fractions import Fraction

from .compute import (_display_order, clamp, effective_status, expected_progress, health, is_stale, quarter_start,
                      readings_by_objective)
from .config import Config
from .model import (OPEN, CustomerStatus, HealthColor, HealthSignal, Number, Objective, ObjectiveStatus, Portfolio,
                    Reading, Track)

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


class _ObjectiveHistory:
    """One objective's status on any date up to the latest, computed as `objective_status` does.

    Week after week only the expected progress moves (one day at a time) while the progress stays
    until the next reading or finished task, so the progress, its clamped value and the two last
    days on which it is on track or at risk are computed once per reading (exactly: the day counts
    are integers), and each date then costs a few integer comparisons instead of Fraction sums.
    """

    def __init__(self, objective: Objective, readings: list[Reading], config: Config) -> None:
        self.o = objective
        self.config = config
        self.readings = readings
        self.reading_dates = [r.date for r in readings]
        self.done_dates = sorted(t.done for t in objective.tasks if t.done is not None)
        self.span_days = (objective.due - objective.started).days
        self._prefix: dict[int, tuple[Reading, ...]] = {}
        # (readings so far, tasks done so far, open?) → (current, progress, last on-track and at-risk days)
        self._measure: dict[tuple[int, int, bool], tuple[Number | None, Fraction | None, tuple[int, int] | None]] = {}
        m = objective.metric
        self.baseline = Fraction(m.baseline) if m is not None else Fraction(0)
        self.metric_span = Fraction(m.target) - self.baseline if m is not None else Fraction(0)

    def _last_days(self, progress: Fraction | None) -> tuple[int, int] | None:
        """Days since `started` up to which the objective is on track, at risk (exact)."""
        if progress is None:
            return None
        p = clamp(progress)
        on, risk = p + self.config.on_track_tolerance, p + self.config.at_risk_tolerance
        if self.span_days == 0:  # expected is 1 on the due date
            return (0 if on >= 1 else -1, 0 if risk >= 1 else -1)
        # on track while days / span ≤ on, i.e. days ≤ floor(on × span)
        return (math.floor(on * self.span_days), math.floor(risk * self.span_days))

    def _measured(self, readings: tuple[Reading, ...], tasks_done: int,
                  is_open: bool) -> tuple[Number | None, Fraction | None, tuple[int, int] | None]:
        key = (len(readings), tasks_done, is_open)
        found = self._measure.get(key)
        if found is None:
            o = self.o
            current: Number | None = None
            progress: Fraction | None = None
            if o.metric is not None and (readings or is_open):
                current = readings[-1].value if readings else o.metric.baseline
                if self.metric_span != 0:
                    progress = (Fraction(current) - self.baseline) / self.metric_span
            elif o.tasks:
                progress = Fraction(tasks_done, len(o.tasks))
            found = self._measure[key] = (current, progress, self._last_days(progress))
        return found

    def at(self, day: dt.date) -> ObjectiveStatus:
        o, config = self.o, self.config
        status = effective_status(o, day)
        count = bisect.bisect_right(self.reading_dates, day)
        readings = self._prefix.get(count)
        if readings is None:
            readings = self._prefix[count] = tuple(self.readings[:count])
        tasks_done = bisect.bisect_right(self.done_dates, day)
        current, progress, limits = self._measured(readings, tasks_done, status in OPEN)
        days = (day - o.started).days
        if self.span_days == 0 or days <= 0 or days >= self.span_days:
            expected = expected_progress(o.started, o.due, day)  # 0 or 1
        else:
            expected = Fraction(days, self.span_days)  # strictly between 0 and 1: nothing to clamp
        track: Track
        if status == "closed_success":
            track = "achieved"
        elif status not in OPEN:
            track = "closed"
        elif day < o.started:
            track = "planned"
        elif day > o.due:
            track = "overdue"
        elif progress is None:
            track = "unmeasured"
        else:
            assert limits is not None
            track = "on_track" if days <= limits[0] else "at_risk" if days <= limits[1] else "off_track"
        stale, never = is_stale(o, status, day, config)
        achieved_on = o.closed.date if status == "closed_success" and o.closed else None
        return ObjectiveStatus(objective=o, status=status, track=track, current=current, progress=progress,
                               expected=expected, stale=stale, never_validated=never,
                               readings=readings if o.metric is not None else (), tasks_done=tasks_done,
                               achieved_on=achieved_on)


def health_timeline(status: CustomerStatus, config: Config,
                    dates: tuple[dt.date, ...] | None = None) -> HealthTimeline:
    """The customer's health at each date, from the records already loaded: the same objective
    statuses and health as `status --as-of` that date (tests/test_timeline.py holds them equal)."""
    customer = status.customer
    dates = dates if dates is not None else timeline_dates(status.as_of)
    readings = readings_by_objective(customer.activities, max(dates))
    histories = [_ObjectiveHistory(o, readings.get(o.id, []), config) for o in customer.objectives]
    points = []
    for day in dates:
        if day == status.as_of:
            h = status.health
        else:
            statuses = sorted((history.at(day) for history in histories), key=_display_order)
            h = health(customer, statuses, day, config, status.has_errors)
        points.append(HealthPoint(date=day, color=h.color, signals=h.signals))
    return HealthTimeline(customer=customer.id, points=tuple(points))


def portfolio_timelines(portfolio: Portfolio, config: Config) -> dict[str, HealthTimeline]:
    dates = timeline_dates(portfolio.as_of)
    return {c.id: health_timeline(c, config, dates) for c in portfolio.customers}
