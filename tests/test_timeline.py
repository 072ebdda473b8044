"""Health over time: each week's point is exactly what `status --as-of <that date>` says."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from generator.cli import main
from generator.model import Portfolio
from generator.timeline import timeline_dates
from generator.wording import health_reason

ROOT = Path(__file__).resolve().parent.parent


def test_dates_are_the_week_ends_of_the_last_four_quarters_then_the_as_of_date() -> None:
    dates = timeline_dates(dt.date(2026, 11, 16))
    assert dates[0] == dt.date(2026, 1, 4)  # the first Sunday of 2026-Q1
    assert dates[-2:] == (dt.date(2026, 11, 15), dt.date(2026, 11, 16))
    assert all(d.weekday() == 6 for d in dates[:-1])
    assert all((b - a).days == 7 for a, b in zip(dates[:-2], dates[1:-1], strict=True))
    # an as-of date that is itself a Sunday appears once
    assert timeline_dates(dt.date(2026, 11, 15))[-2:] == (dt.date(2026, 11, 8), dt.date(2026, 11, 15))


@pytest.mark.parametrize("index", [0, 7, 19, 33, 40, 45, -1])
def test_timeline_points_equal_status_as_of_that_date(demo_portfolio: Portfolio,
                                                      capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch, index: int) -> None:
    timelines = {c.id: c.timeline for c in demo_portfolio.customers}
    day = timeline_dates(demo_portfolio.as_of)[index]
    monkeypatch.chdir(ROOT)
    assert main(["status", "--format", "json", "--as-of", day.isoformat()]) == 0
    statuses = json.loads(capsys.readouterr().out)
    for s in statuses:
        timeline = timelines[s["id"]]
        assert timeline is not None
        customer = demo_portfolio.customer(s["id"])
        assert customer is not None
        if timeline.first_record is None or day < timeline.first_record:  # no history before the first record
            assert all(p.date != day for p in timeline.points) or day == demo_portfolio.as_of
            continue
        point = next(p for p in timeline.points if p.date == day)
        reasons = [health_reason(sig, customer.customer) for sig in point.signals]
        assert (point.color, reasons) == (s["health"], s["health_reasons"]), s["id"]


def test_the_demo_history_has_changes(demo_portfolio: Portfolio) -> None:
    status = demo_portfolio.customer("ironbridge-precision")
    assert status is not None and status.timeline is not None
    ironbridge = status.timeline
    assert ironbridge.points[-1].color == "red"
    before, after = ironbridge.changes()[-1]
    assert (before.color, after.color) == ("orange", "red")
    assert any(sig.kind == "overdue" for sig in after.signals)


@pytest.mark.parametrize("case", ["demo", "boundaries", "warnings", "clean"])
def test_a_history_asked_about_any_earlier_day_equals_a_fresh_computation(case: str) -> None:
    """The histories the timeline keeps (built once with the readings up to the as-of date and then
    asked about each earlier day) give, on every day, the statuses computed afresh for that day."""
    from generator.compute import objective_histories, objective_statuses
    from generator.config import load_config
    from generator.portfolio import build_portfolio, resolve_as_of

    config = load_config(ROOT / "mkdocs.yml" if case == "demo" else ROOT / "tests" / "cases" / case / "mkdocs.yml")
    portfolio = build_portfolio(config, resolve_as_of(config))
    dates = timeline_dates(portfolio.as_of)
    every_day = tuple(dates[0] + dt.timedelta(days=n) for n in range((dates[-1] - dates[0]).days + 1))
    compared = 0
    for c in portfolio.customers:
        histories = {h.objective.id: h for h in objective_histories(c.customer, portfolio.as_of, config)}
        for day in every_day:
            for fresh in objective_statuses(c.customer, day, config):
                assert histories[fresh.id].at(day) == fresh, (c.id, fresh.id, day)
                compared += 1
    assert compared > 100


def test_a_history_never_starts_before_the_first_record() -> None:
    """A customer entered today has one point, today; one whose first record is an activity two
    weeks ago starts at the first week's end on or after it."""
    from generator.compute import health
    from generator.config import Config
    from generator.model import Activity, Customer
    from generator.timeline import health_timeline

    as_of = dt.date(2026, 11, 16)  # a Monday
    config = Config()
    new = Customer(id="new", name="New", csm="jane", path="customers/new", customer_since=as_of)
    now = health(new, (), as_of, config)
    assert [p.date for p in health_timeline(new, now, as_of, config, False).points] == [as_of]
    logged = Customer(id="logged", name="Logged", csm="jane", path="customers/logged",
                      customer_since=dt.date(2027, 1, 1),  # a contract starting later counts from later
                      activities=(Activity(date=dt.date(2026, 11, 3), kind="call", title="Kick-off"),))
    timeline = health_timeline(logged, health(logged, (), as_of, config), as_of, config, False)
    assert timeline.first_record == dt.date(2026, 11, 3)
    assert [p.date for p in timeline.points] == [dt.date(2026, 11, 8), dt.date(2026, 11, 15), as_of]
    assert len(timeline_dates(as_of)) == 47  # the period itself is unchanged
