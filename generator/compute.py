"""Computed values (SPEC §3): objective progress and track, staleness, health, portfolio figures.

Pure functions of the loaded records, the as-of date and the configuration. Every comparison is
exact: file numbers are int/Decimal and ratios are Fractions, so a value on a boundary lands on the
better side.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import cast

from .config import Config
from .model import (HEALTH_COLORS, HEALTH_ORDER, OPEN, RISK_COLOR, TRACK_COLOR, Activity, Customer, CustomerStatus,
                    Health, HealthColor, HealthMove, HealthSignal, Number, Objective, ObjectiveStatus, PortfolioFigures,
                    Reading, Renewal, ScorecardReading, SignalKind, Track)

_RANK = {color: index for index, color in enumerate(HEALTH_ORDER)}
CLOSED_SUCCESS = "closed_success"
VALUE_WINDOW_DAYS = 365
"""Value delivered counts objectives achieved within this many days before the as-of date (SPEC §9)."""
RECENT_CUSTOMER_DAYS = 730
"""Time to first value is also measured over the customers whose contract started within this many
days before the as-of date (SPEC §12): onboarding as it is now, not the tenure of old accounts."""


def quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_label(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def clamp(value: Fraction, low: Fraction = Fraction(0), high: Fraction = Fraction(1)) -> Fraction:
    return max(low, min(high, value))


def readings_by_objective(activities: Iterable[Activity], as_of: dt.date) -> dict[str, list[Reading]]:
    """Readings dated ≤ as-of per objective, oldest first; same date: file order (later wins)."""
    found: dict[str, list[tuple[dt.date, int, Reading]]] = defaultdict(list)
    for activity in activities:
        if activity.date > as_of or not activity.readings:
            continue
        for objective_id, value in activity.readings:
            found[objective_id].append((activity.date, activity.index, Reading(date=activity.date, value=value,
                                                                               internal=activity.internal)))
    return {oid: [r for _, _, r in sorted(items, key=lambda t: (t[0], t[1]))] for oid, items in found.items()}


def effective_status(objective: Objective, as_of: dt.date) -> str:
    """The status at the as-of date: a closure dated after it had not happened yet."""
    if objective.status not in OPEN and objective.closed is not None and objective.closed.date is not None \
            and objective.closed.date > as_of:
        return "in_progress"
    return objective.status


def expected_progress(started: dt.date, due: dt.date, as_of: dt.date) -> Fraction:
    if due == started:
        return Fraction(1) if as_of >= due else Fraction(0)
    return clamp(Fraction((as_of - started).days, (due - started).days))


def is_stale(objective: Objective, status: str, as_of: dt.date, config: Config) -> tuple[bool, bool]:
    """(stale, never validated) for SP101/SP102; only open objectives can be stale."""
    if status not in OPEN:
        return False, False
    limit = as_of - dt.timedelta(days=config.stale_after_days)
    validated = objective.last_validated
    if validated is not None:
        # A validation dated after the as-of date replaced an earlier one we no longer know, so
        # looking back (health at the start of the quarter) gives it the benefit of the doubt.
        return validated < limit, False
    never = objective.started < limit
    return never, never


class ObjectiveHistory:
    """One objective's status at any date up to the latest reading given: the one home of SPEC §3's
    progress and track rules, for the as-of date (`objective_statuses`) and for every week of the
    health timeline alike.

    Between two readings (or finished tasks) only the expected progress moves, one day at a time,
    so the progress and the last days on which the objective is still on track or at risk are
    computed once per reading, and each date then costs a few integer comparisons. The day limits
    are exact: with `span` days from start to due and `days` elapsed, the expected progress is
    days / span, and clamp(progress) ≥ days / span − tolerance holds exactly while
    days ≤ floor((clamp(progress) + tolerance) × span).
    """

    __slots__ = ("objective", "config", "readings", "done_dates", "span_days", "_reading_dates", "_prefix", "_measure",
                 "_limits")

    def __init__(self, objective: Objective, readings: Sequence[Reading], config: Config) -> None:
        """`readings`: the objective's readings oldest first (see readings_by_objective), up to the
        latest date this history will be asked about."""
        self.objective = objective
        self.config = config
        self.readings = readings
        self._reading_dates: list[dt.date] | None = None  # made when a date falls before the last reading
        self.done_dates = sorted(t.done for t in objective.tasks if t.done is not None)
        self.span_days = (objective.due - objective.started).days
        self._prefix: dict[int, tuple[Reading, ...]] = {}
        # by (readings so far, tasks done so far, open?): (current, progress), and the last on-track
        # and at-risk days that progress gives
        self._measure: dict[tuple[int, int, bool], tuple[Number | None, Fraction | None]] = {}
        self._limits: dict[tuple[int, int, bool], tuple[int, int]] = {}

    def _last_days(self, progress: Fraction) -> tuple[int, int]:
        """Days since the start up to which the objective is on track, at risk (exact)."""
        p = clamp(progress)
        on, risk = p + self.config.on_track_tolerance, p + self.config.at_risk_tolerance
        if self.span_days == 0:  # the expected progress is 1 on the day it starts and is due
            return (0 if on >= 1 else -1, 0 if risk >= 1 else -1)
        return (math.floor(on * self.span_days), math.floor(risk * self.span_days))

    def _measured(self, key: tuple[int, int, bool],
                  readings: tuple[Reading, ...]) -> tuple[Number | None, Fraction | None]:
        """(current value, progress) for a key of (readings so far, tasks done so far, open?)."""
        found = self._measure.get(key)
        if found is None:
            o, metric = self.objective, self.objective.metric
            current: Number | None = None
            progress: Fraction | None = None
            if metric is not None and (readings or key[2]):
                # an open objective without readings stands at its baseline; a closed one is simply unread
                current = readings[-1].value if readings else metric.baseline
                baseline = Fraction(metric.baseline)
                span = Fraction(metric.target) - baseline
                if span != 0:
                    progress = (Fraction(current) - baseline) / span
            elif o.tasks:
                progress = Fraction(key[1], len(o.tasks))
            found = self._measure[key] = (current, progress)
        return found

    def at(self, day: dt.date) -> ObjectiveStatus:
        o = self.objective
        status = effective_status(o, day)
        count = len(self.readings)
        if count and self.readings[-1].date > day:
            if self._reading_dates is None:
                self._reading_dates = [r.date for r in self.readings]
            count = bisect.bisect_right(self._reading_dates, day)
        readings = self._prefix.get(count)
        if readings is None:
            readings = self._prefix[count] = tuple(self.readings[:count])
        tasks_done = bisect.bisect_right(self.done_dates, day)
        key = (count, tasks_done, status in OPEN)
        current, progress = self._measured(key, readings)
        days = (day - o.started).days
        if self.span_days == 0 or days <= 0 or days >= self.span_days:
            expected = expected_progress(o.started, o.due, day)  # 0 or 1
        else:
            expected = Fraction(days, self.span_days)  # strictly between 0 and 1: nothing to clamp
        track: Track
        if status == CLOSED_SUCCESS:
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
            limits = self._limits.get(key)
            if limits is None:
                limits = self._limits[key] = self._last_days(progress)
            track = "on_track" if days <= limits[0] else "at_risk" if days <= limits[1] else "off_track"
        stale, never = is_stale(o, status, day, self.config)
        achieved_on = o.closed.date if status == CLOSED_SUCCESS and o.closed else None
        return ObjectiveStatus(objective=o, status=status, track=track, current=current, progress=progress,
                               expected=expected, stale=stale, never_validated=never,
                               readings=readings if o.metric is not None else (), tasks_done=tasks_done,
                               achieved_on=achieved_on)


def _display_order(status: ObjectiveStatus) -> tuple[object, ...]:
    o = status.objective
    if status.is_open:
        return (0, o.priority if o.priority is not None else 10**9, o.due, o.id)
    closed_on = o.closed.date if o.closed and o.closed.date else dt.date.min
    return (1, -closed_on.toordinal(), o.id)


def objective_histories(customer: Customer, until: dt.date, config: Config) -> tuple[ObjectiveHistory, ...]:
    """A history per objective, able to say its status at any date up to `until`."""
    readings = readings_by_objective(customer.activities, until)
    return tuple(ObjectiveHistory(o, readings.get(o.id, ()), config) for o in customer.objectives)


def statuses_at(histories: Iterable[ObjectiveHistory], day: dt.date) -> tuple[ObjectiveStatus, ...]:
    """Every objective's status at that date, in display order (open first, by priority)."""
    return tuple(sorted((history.at(day) for history in histories), key=_display_order))


def objective_statuses(customer: Customer, as_of: dt.date, config: Config) -> tuple[ObjectiveStatus, ...]:
    return statuses_at(objective_histories(customer, as_of, config), as_of)


def log_file(customer: Customer, as_of: dt.date) -> str:
    """Where a finding about the whole activity log points (line 1): activity.yaml, or, for a customer
    keeping the folder form, the file of the latest entry dated on or before the as-of date (else of
    the latest entry); customer.yaml when there is no log at all (SPEC §8, §12)."""
    fallback = customer.activity_path or customer.source.path
    if customer.activity_dir is None or not customer.activities:
        return fallback
    dated = [a for a in customer.activities if a.date <= as_of] or customer.activities
    return max(dated, key=lambda a: (a.date, a.index)).source.path


def last_activity(customer: Customer, as_of: dt.date) -> dt.date | None:
    dates = [a.date for a in customer.activities if a.date <= as_of]
    return max(dates) if dates else None


def achieved_within(statuses: Iterable[ObjectiveStatus], as_of: dt.date,
                    days: int = VALUE_WINDOW_DAYS) -> list[ObjectiveStatus]:
    start = as_of - dt.timedelta(days=days)
    return [s for s in statuses if s.achieved_on is not None and start <= s.achieved_on <= as_of]


def health(customer: Customer, statuses: Sequence[ObjectiveStatus], as_of: dt.date, config: Config,
           has_errors: bool = False) -> Health:
    """Customer health: the worst signal, with every signal worse than green, worst first. A warning
    set aside that day (waivers.py) drops the signal tied to it, and only that one."""
    from .waivers import set_aside, unstale

    statuses = unstale(statuses, customer, config, as_of)
    quiet = set_aside(customer, config, as_of).holds("SP103") is not False
    signals: list[HealthSignal] = []
    for s in statuses:
        if s.is_open and s.track in TRACK_COLOR:
            measured = s.track in ("at_risk", "off_track")
            kind = cast(SignalKind, s.track)  # TRACK_COLOR names the tracks that are signals
            signals.append(HealthSignal(kind=kind, color=TRACK_COLOR[s.track], objective=s.objective.id,
                                        progress=s.progress if measured else None,
                                        expected=s.expected if measured else None,
                                        date=s.objective.due if s.track == "overdue" else None))
    for s in statuses:
        if s.stale:
            o = s.objective
            if s.never_validated:
                signals.append(HealthSignal(kind="never_validated", color="lime", objective=o.id))
            else:
                signals.append(HealthSignal(kind="stale", color="lime", objective=o.id, date=o.last_validated,
                                            days=config.stale_after_days))
    latest = last_activity(customer, as_of)
    if quiet:
        pass
    elif latest is None:
        signals.append(HealthSignal(kind="no_activity", color="yellow"))
    elif latest < as_of - dt.timedelta(days=config.activity_gap_days):
        signals.append(HealthSignal(kind="activity_gap", color="yellow", date=latest, days=config.activity_gap_days))
    for risk in customer.risks:
        if risk.status == "open" and risk.opened <= as_of:
            signals.append(HealthSignal(kind="risk", color=RISK_COLOR[risk.severity], risk=risk.id))
    for reading in latest_scorecard(customer, as_of):
        if reading.color != "green":
            signals.append(HealthSignal(kind="scorecard", color=reading.color, measure=reading.measure,
                                        date=reading.date))
    if not any(s.is_open for s in statuses) and not achieved_within(statuses, as_of):
        signals.append(HealthSignal(kind="no_live_plan", color="yellow"))
    signals.sort(key=lambda sig: -_RANK[sig.color])
    worst: HealthColor = signals[0].color if signals else "green"
    if has_errors:
        return Health(color="unknown", signals=(HealthSignal(kind="errors", color="unknown"), *signals))
    return Health(color=worst, signals=tuple(signals))


def latest_scorecard(customer: Customer, as_of: dt.date) -> tuple[ScorecardReading, ...]:
    """Latest reading dated ≤ as-of per measure, by measure; same date: the later entry in the file."""
    latest: dict[str, ScorecardReading] = {}
    for reading in customer.scorecard:
        if reading.date > as_of:
            continue
        seen = latest.get(reading.measure)
        if seen is None or (reading.date, reading.index) > (seen.date, seen.index):
            latest[reading.measure] = reading
    return tuple(latest[measure] for measure in sorted(latest))


# --- portfolio --------------------------------------------------------------------------------


def portfolio_figures(customers: Sequence[CustomerStatus], as_of: dt.date, config: Config) -> PortfolioFigures:
    all_statuses = [s for c in customers for s in c.objectives]
    recent = sum(1 for c in customers if achieved_within(c.objectives, as_of))

    quarters: list[dt.date] = []
    start = quarter_start(as_of)
    for _ in range(8):
        quarters.append(start)
        start = quarter_start(start - dt.timedelta(days=1))
    quarters.reverse()
    per_quarter: dict[str, int] = {quarter_label(q): 0 for q in quarters}
    for s in all_statuses:
        if s.achieved_on is not None and s.achieved_on >= quarters[0]:
            per_quarter[quarter_label(s.achieved_on)] += 1

    samples: list[int] = []
    recent_samples: list[int] = []
    recent_start = as_of - dt.timedelta(days=RECENT_CUSTOMER_DAYS)
    recent_customers = 0
    for c in customers:
        since = c.customer.customer_since
        is_recent = since is not None and recent_start <= since <= as_of
        recent_customers += is_recent
        achieved = [s.achieved_on for s in c.objectives if s.achieved_on is not None]
        if since is not None and achieved:
            samples.append((min(achieved) - since).days)
            if is_recent:
                recent_samples.append(samples[-1])
    median = Fraction(statistics.median(samples)) if samples else None
    median_recent = Fraction(statistics.median(recent_samples)) if recent_samples else None

    value = sum((s.objective.value_usd for s in all_statuses if s.achieved_on and s.objective.value_usd), start=0)
    value_365 = sum((s.objective.value_usd for s in achieved_within(all_statuses, as_of, VALUE_WINDOW_DAYS)
                     if s.objective.value_usd), start=0)
    open_statuses = [s for s in all_statuses if s.is_open]
    window = as_of - dt.timedelta(days=config.stale_after_days)
    validated = sum(1 for s in open_statuses
                    if s.objective.last_validated is not None and window <= s.objective.last_validated <= as_of)

    by_health: dict[str, int] = {color: 0 for color in HEALTH_COLORS}
    arr: dict[str, Number] = {color: 0 for color in HEALTH_COLORS}
    for c in customers:
        by_health[c.health.color] += 1
        if c.customer.arr is not None:
            arr[c.health.color] += c.customer.arr

    horizon = as_of + dt.timedelta(days=config.renewal_window_days)
    renewals = sorted(
        (Renewal(customer_id=c.id, name=c.customer.name, date=c.customer.renewal_date, health=c.health.color,
                 arr=c.customer.arr)
         for c in customers if c.customer.renewal_date is not None and as_of <= c.customer.renewal_date <= horizon),
        key=lambda r: (r.date, r.name),
    )
    moves = tuple(HealthMove(customer_id=c.id, name=c.customer.name, before=c.health_at_quarter_start.color,
                             after=c.health.color)
                  for c in customers)
    return PortfolioFigures(
        customers=len(customers), customers_with_recent_success=recent,
        achieved_per_quarter=tuple(per_quarter.items()), median_days_to_first_value=median,
        time_to_value_samples=len(samples), value_achieved_usd=value, value_achieved_365_usd=value_365,
        median_days_to_first_value_recent=median_recent, recent_value_customers=len(recent_samples),
        recent_customers=recent_customers, open_objectives=len(open_statuses),
        open_validated_in_window=validated, customers_by_health=by_health, arr_by_health=arr,
        renewals=tuple(renewals), health_moves=moves, quarter_start=quarter_start(as_of),
    )


def health_rank(color: str) -> int:
    """Sort key: green first, unknown last."""
    return _RANK.get(color, len(_RANK))


def as_float(value: Fraction | Number | None) -> float | None:
    return None if value is None else float(value)

