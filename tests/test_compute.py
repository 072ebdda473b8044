"""Computed values (SPEC §3) on small typed records: exact arithmetic, ties, health, figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from generator.compute import (ObjectiveHistory, expected_progress, health, objective_statuses, portfolio_figures,
                               readings_by_objective)
from generator.config import Config
from generator.model import (Activity, Closure, Customer, HealthSignal, Metric, Objective, ObjectiveStatus, Reading,
                             Risk, ScorecardReading, Task)
from generator.portfolio import customer_status
from generator.wording import health_reason

A = dt.date(2026, 11, 16)
CONFIG = Config()
D = dt.date


def objective(oid: str = "o", status: str = "in_progress", started: dt.date = D(2026, 1, 1),
              due: dt.date = D(2026, 12, 31), **kw: object) -> Objective:
    return Objective(id=oid, title=oid, status=status, started=started, due=due, **kw)  # type: ignore[arg-type]


def objective_status(objective: Objective, readings: Sequence[Reading], as_of: dt.date,
                     config: Config) -> ObjectiveStatus:
    """The objective at one date, from its readings dated ≤ that date, oldest first: the reference the
    tests hold the track rule to."""
    return ObjectiveHistory(objective, readings, config).at(as_of)


def customer(cid: str = "c", **kw: object) -> Customer:
    return Customer(id=cid, name=kw.pop("name", cid.upper()), csm="jane.doe", path=f"customers/{cid}",  # type: ignore[arg-type]
                    **kw)  # type: ignore[arg-type]


def test_expected_progress_edges() -> None:
    assert expected_progress(D(2026, 1, 1), D(2026, 1, 1), D(2025, 12, 31)) == 0
    assert expected_progress(D(2026, 1, 1), D(2026, 1, 1), D(2026, 1, 1)) == 1
    assert expected_progress(D(2026, 1, 1), D(2026, 1, 11), D(2026, 1, 5)) == Fraction(2, 5)
    assert expected_progress(D(2026, 1, 1), D(2026, 1, 11), D(2027, 1, 1)) == 1


def test_same_day_readings_later_entry_wins_and_future_ignored() -> None:
    log = (Activity(date=D(2026, 5, 1), kind="update", title="b", readings=(("o", 5),), index=0),
           Activity(date=D(2026, 5, 1), kind="update", title="c", readings=(("o", 7),), index=1),
           Activity(date=D(2026, 4, 1), kind="update", title="a", readings=(("o", 9),), index=2),
           Activity(date=D(2026, 12, 1), kind="update", title="future", readings=(("o", 10),), index=3))
    readings = readings_by_objective(log, A)["o"]
    assert [r.value for r in readings] == [9, 5, 7]
    status = objective_status(objective(metric=Metric(name="m", baseline=0, target=10)), readings, A, CONFIG)
    assert (status.current, status.progress) == (7, Fraction(7, 10))


def test_progress_unclamped_but_track_clamps() -> None:
    o = objective(metric=Metric(name="m", baseline=Decimal("12"), target=Decimal("6")))
    log = (Activity(date=D(2026, 11, 1), kind="update", title="r", readings=(("o", Decimal("3")),)),)
    status = objective_status(o, readings_by_objective(log, A)["o"], A, CONFIG)
    assert status.progress == Fraction(3, 2) and status.track == "on_track"
    worse = objective_status(o, readings_by_objective(
        (Activity(date=D(2026, 11, 1), kind="update", title="r", readings=(("o", 14),)),), A)["o"], A, CONFIG)
    assert worse.progress == Fraction(-1, 3) and worse.track == "off_track"


def test_initiative_progress_counts_tasks_done_by_as_of() -> None:
    o = objective(tasks=(Task(title="a", owner="x", done=D(2026, 2, 1)), Task(title="b", owner="x", done=D(2026, 12, 1)),
                         Task(title="c", owner="x")))
    status = objective_status(o, [], A, CONFIG)
    assert (status.progress, status.current, status.tasks_done) == (Fraction(1, 3), None, 1)
    assert objective_status(objective(), [], A, CONFIG).track == "unmeasured"


def test_tolerances_come_from_config() -> None:
    o = objective(started=D(2026, 1, 1), due=D(2026, 1, 11), metric=Metric(name="m", baseline=0, target=100))
    log = (Activity(date=D(2026, 1, 1), kind="update", title="r", readings=(("o", 30),)),)
    at = D(2026, 1, 6)  # expected 0.5
    readings = readings_by_objective(log, at)["o"]
    assert objective_status(o, readings, at, CONFIG).track == "at_risk"
    loose = Config(on_track_tolerance=Fraction(1, 5), at_risk_tolerance=Fraction(1, 2))
    assert objective_status(o, readings, at, loose).track == "on_track"


def test_track_is_the_rule_written_with_fractions_on_every_day_and_boundary() -> None:
    """The day limits the computation uses say exactly: clamp(progress) ≥ expected − tolerance."""
    def written_rule(progress: Fraction, expected: Fraction, config: Config) -> str:
        p = min(Fraction(1), max(Fraction(0), progress))
        if p >= expected - config.on_track_tolerance:
            return "on_track"
        return "at_risk" if p >= expected - config.at_risk_tolerance else "off_track"

    configs = (CONFIG, Config(on_track_tolerance=Fraction(1, 5), at_risk_tolerance=Fraction(1, 2)),
               Config(on_track_tolerance=Fraction(0), at_risk_tolerance=Fraction(0)))
    checked = 0
    for span in (0, 1, 3, 7, 10, 20):
        started = D(2026, 1, 1)
        o = objective(started=started, due=started + dt.timedelta(days=span), metric=Metric(name="m", baseline=0,
                                                                                            target=20))
        for value in (-5, 0, 1, 2, 5, 10, 15, 19, 20, 25):
            readings = [Reading(date=started, value=value, internal=False)]
            for config in configs:
                for days in range(0, span + 1):
                    day = started + dt.timedelta(days=days)
                    status = objective_status(o, readings, day, config)
                    assert status.track == written_rule(Fraction(value, 20), status.expected, config), \
                        (span, value, days)
                    checked += 1
    assert checked > 500


def test_health_reasons_worst_first_with_every_signal() -> None:
    c = customer(
        objectives=(objective("late", due=D(2026, 11, 1), last_validated=D(2026, 10, 1)),
                    objective("vague", last_validated=D(2026, 1, 1), success_criteria="x")),
        risks=(Risk(id="r1", title="Budget", kind="company", severity="medium", status="open", opened=D(2026, 10, 1)),
               Risk(id="r2", title="Later", kind="company", severity="high", status="open", opened=D(2026, 12, 1)),
               Risk(id="r3", title="Gone", kind="company", severity="high", status="closed", opened=D(2026, 1, 1))),
        scorecard=(ScorecardReading(date=D(2026, 11, 1), measure="habits", color="lime", note=None, index=0),
                   ScorecardReading(date=D(2026, 11, 20), measure="habits", color="red", note=None, index=1)),
        activities=(Activity(date=D(2026, 11, 10), kind="call", title="c"),),
    )
    result = health(c, objective_statuses(c, A, CONFIG), A, CONFIG)
    assert result.color == "red"
    assert result.signals == (
        HealthSignal(kind="overdue", color="red", objective="late", date=D(2026, 11, 1)),
        HealthSignal(kind="risk", color="orange", risk="r1"),
        HealthSignal(kind="unmeasured", color="lime", objective="vague"),
        HealthSignal(kind="stale", color="lime", objective="vague", date=D(2026, 1, 1), days=90),
        HealthSignal(kind="scorecard", color="lime", measure="habits", date=D(2026, 11, 1)),
    )
    assert [health_reason(signal, c) for signal in result.signals] == [
        "objective late is overdue (due 2026-11-01)",
        "open medium-severity company risk: Budget",
        "objective vague has no measure of progress yet",
        "objective vague was last validated 2026-01-01, over 90 days ago",
        "scorecard habits is lime (reading of 2026-11-01)",
    ]


def test_no_live_plan_is_yellow_unless_recent_success() -> None:
    old = objective("old", "closed_success", D(2024, 1, 1), D(2024, 6, 1), closed=Closure(date=D(2025, 11, 15),
                                                                                          confirmed_by="x"))
    c = customer(objectives=(old,), activities=(Activity(date=A, kind="call", title="c"),))
    assert health(c, objective_statuses(c, A, CONFIG), A, CONFIG).signals == (
        HealthSignal(kind="no_live_plan", color="yellow"),)
    recent = objective("recent", "closed_success", D(2024, 1, 1), D(2024, 6, 1), closed=Closure(date=D(2025, 11, 16),
                                                                                                confirmed_by="x"))
    c = customer(objectives=(recent,), activities=(Activity(date=A, kind="call", title="c"),))
    assert health(c, objective_statuses(c, A, CONFIG), A, CONFIG).color == "green"


def test_value_in_the_window_and_time_to_value_of_recent_customers() -> None:
    """Value achieved in the 365 days before the as-of date beside the all-time total; time to first
    value over the customers whose contract started within 730 days, with how many reached it."""
    def won(oid: str, closed: dt.date, value: int) -> Objective:
        return objective(oid, "closed_success", closed - dt.timedelta(days=30), closed,
                         closed=Closure(date=closed, evidence="signed"), value_usd=value)

    log = (Activity(date=D(2026, 11, 10), kind="ebr", title="EBR"),)
    old = customer("old", customer_since=D(2021, 3, 1), objectives=(won("first", D(2022, 6, 1), 700),
                                                                    won("late", D(2026, 5, 1), 300)), activities=log)
    young = customer("young", customer_since=D(2025, 1, 10), objectives=(won("w", D(2025, 4, 10), 50),),
                     activities=log)
    edge = customer("edge", customer_since=A - dt.timedelta(days=730), objectives=(won("e", A - dt.timedelta(days=365), 20),),
                    activities=log)  # both ends of both windows count
    before_edge = customer("before-edge", customer_since=A - dt.timedelta(days=731),
                           objectives=(won("b", A - dt.timedelta(days=366), 4),), activities=log)
    waiting = customer("waiting", customer_since=D(2026, 9, 1), objectives=(objective("open"),), activities=log)
    statuses = [customer_status(c, [], A, CONFIG) for c in (old, young, edge, before_edge, waiting)]
    f = portfolio_figures(statuses, A, CONFIG)
    assert f.value_achieved_usd == 700 + 300 + 50 + 20 + 4
    assert f.value_achieved_365_usd == 300 + 20  # 2026-05-01 and the first day of the window
    assert f.recent_customers == 3  # young, edge, waiting
    assert f.recent_value_customers == 2  # young (90 days) and edge (365 days); waiting has no value yet
    assert f.median_days_to_first_value_recent == Fraction(90 + 365, 2)
    assert f.median_days_to_first_value == 365  # 90, 365, 365, 457 (old: 2021-03-01 to 2022-06-01)
    none = portfolio_figures([customer_status(old, [], A, CONFIG)], A, CONFIG)
    assert (none.median_days_to_first_value_recent, none.recent_value_customers) == (None, 0)


def test_portfolio_figures() -> None:
    won = objective("won", "closed_success", D(2026, 1, 1), D(2026, 9, 1), closed=Closure(date=D(2026, 8, 20),
                                                                                          evidence="signed"),
                    value_usd=Decimal("1500.50"))
    won_q4 = objective("q4", "closed_success", D(2026, 1, 1), D(2026, 12, 1), closed=Closure(date=D(2026, 10, 5),
                                                                                             evidence="signed"),
                       value_usd=1000)
    future = objective("future", "closed_success", D(2026, 1, 1), D(2026, 12, 1), closed=Closure(date=D(2026, 12, 5),
                                                                                                 evidence="signed"),
                       value_usd=99, last_validated=D(2026, 11, 1))
    stale = objective("stale", last_validated=D(2026, 1, 1))
    log = (Activity(date=D(2026, 11, 10), kind="ebr", title="EBR"),)
    a = customer("a", objectives=(won, future), customer_since=D(2026, 1, 1), arr=100, renewal_date=D(2027, 2, 14),
                 activities=log)
    b = customer("b", objectives=(won_q4, stale), customer_since=D(2025, 10, 5), arr=Decimal("50.5"),
                 renewal_date=D(2027, 2, 15), activities=log)
    statuses = [customer_status(c, [], A, CONFIG) for c in (a, b)]
    f = portfolio_figures(statuses, A, CONFIG)
    assert f.customers_with_recent_success == 2 and f.recent_success_share == 1
    assert f.achieved_per_quarter[-2:] == (("2026-Q3", 1), ("2026-Q4", 1))
    assert len(f.achieved_per_quarter) == 8 and f.achieved_per_quarter[0][0] == "2025-Q1"
    assert f.median_days_to_first_value == Fraction(231 + 365, 2)  # 231 and 365 days
    assert f.value_achieved_usd == Decimal("2500.50")  # the closure after the as-of date does not count yet
    assert (f.open_objectives, f.open_validated_in_window) == (2, 1)  # future (open at A) and stale
    assert f.customers_by_health["lime"] == 2
    assert f.arr_by_health["lime"] == Decimal("150.5")
    assert [r.customer_id for r in f.renewals] == ["a"]  # 2027-02-15 is 91 days away
    assert [(m.customer_id, m.before, m.after, m.direction) for m in f.health_moves] == [
        ("a", "yellow", "lime", "better"), ("b", "yellow", "lime", "better")]  # no activity yet on 2026-10-01
