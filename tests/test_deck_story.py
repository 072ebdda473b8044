"""The deck's words and rules (the headline, honest status words, gains and projections, what is
recent, the joint plan) and text measurement, on small cases."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from generator import wording
from generator.config import Config, load_config
from generator.deck import story
from generator.deck.fit import SAFETY, Measurer, Run
from generator.model import Portfolio
from generator.portfolio import build_portfolio
from generator.view import CustomerView, ViewActivity, ViewMetric, ViewObjective, ViewTask, customer_view

STRESS = Path(__file__).parent / "fixtures" / "stress"


@pytest.fixture(scope="module")
def helix(demo_portfolio: Portfolio, demo_config: Config) -> CustomerView:
    status = demo_portfolio.customer("helix-payments")
    assert status is not None
    return customer_view(status, demo_config)


@pytest.fixture(scope="module")
def tallyhq(demo_portfolio: Portfolio, demo_config: Config) -> CustomerView:
    status = demo_portfolio.customer("tallyhq")
    assert status is not None
    return customer_view(status, demo_config)


@pytest.fixture(scope="module")
def stress() -> CustomerView:
    config = load_config(STRESS / "mkdocs.yml")
    status = build_portfolio(config, dt.date(2026, 11, 16)).customers[0]
    return customer_view(status, config)


def objective(**changes: object) -> ViewObjective:
    """An open objective measured in days (14 → 5, lower is better), started 1 Mar 2026, due 30 Jun 2027."""
    base = ViewObjective(
        key="cycle", title="Cut the invoice cycle", status="in_progress", priority=1, started=dt.date(2026, 3, 1),
        due=dt.date(2027, 6, 30), metric=ViewMetric(name="Invoice time", unit="days", baseline=14, target=5), success_criteria=None, tasks=(),
        last_validated=None, validated_by=None, closed_date=None, closed_confirmed_by=None, closed_summary=None,
        value_statement=None, asks=(), recovery=None, track="on_track", progress=None, expected=0,  # type: ignore[arg-type]
        current=Decimal("7.6"), readings=((dt.date(2026, 4, 1), 12), (dt.date(2026, 10, 1), Decimal("7.6"))))
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


# --- what is recent ------------------------------------------------------------------------------


def test_last_review_counts_a_review_on_the_as_of_date(helix: CustomerView) -> None:
    today = ViewActivity(date=helix.as_of, kind="ebr", title="Review", readings=(), attendees=())
    window = story.since_last_review(dataclasses.replace(helix, activities=helix.activities + (today,)))
    assert window.review == helix.as_of and window.heading == "Since our last review on 16 Nov 2026"
    none = story.since_last_review(dataclasses.replace(helix, activities=()))
    assert none.review is None and none.start == min(o.started for o in helix.objectives)
    assert none.heading.startswith("Since the plan began on ")


def test_value_delivered_is_the_365_days_before_the_as_of_date(helix: CustomerView) -> None:
    achieved = next(o for o in helix.objectives if o.status == "closed_success")

    def at(days: int) -> list[str]:
        moved = dataclasses.replace(achieved, closed_date=helix.as_of - dt.timedelta(days=days))
        view = dataclasses.replace(helix, objectives=tuple(moved if o is achieved else o for o in helix.objectives))
        return [o.title for o in story.value_delivered(view)]

    assert achieved.title in at(365) and achieved.title not in at(366) and achieved.title in at(0)


def test_since_the_plan_began_holds_every_win_inside_it(tallyhq: CustomerView) -> None:
    """TallyHQ has had no review: "since the plan began" includes a win of more than a year ago."""
    window = story.since_last_review(tallyhq)
    assert window.review is None
    wins = story.wins(tallyhq)
    assert [(o.title, o.closed_date) for o in wins] == [("Send the CS team a weekly churn-risk digest",
                                                         dt.date(2025, 9, 30))]
    assert wins[0] not in story.value_delivered(tallyhq)  # older than the 365 days of value delivered
    assert story.wins(dataclasses.replace(tallyhq, objectives=())) == []


def test_measures_that_moved_read_as_improvements_when_they_improved() -> None:
    lower = objective()
    move = story.Move(objective=lower, start=Decimal(1), end=Decimal("0.8"))
    assert move.words == "improved from 1 day to 0.8 days"
    assert story.Move(objective=lower, start=3, end=4).words == "slipped from 3 days to 4 days"
    higher = objective(metric=ViewMetric(name="Share", unit="%", baseline=35, target=80))
    assert story.Move(objective=higher, start=35, end=48).words == "improved from 35% to 48%"
    assert story.Move(objective=higher, start=48, end=48).words == "unchanged at 48%"


# --- honest status words ---------------------------------------------------------------------------


def test_a_measured_objective_without_a_reading_is_not_measured_yet() -> None:
    unread = objective(readings=(), current=14, track="at_risk")  # SPEC §3 puts it at its baseline
    assert story.track(unread) == "not_measured" and story.status_word(unread) == "Not measured yet"
    assert not story.is_behind(unread) and story.recovery(unread) is None and not story.is_measured(unread)
    assert unread.track == "at_risk"  # the view (and the site) keep SPEC §3's track
    late = objective(readings=(), current=14, track="overdue")
    assert story.status_word(late) == "Past due" and story.recovery(late) == story.NO_RECOVERY
    assert story.standing(unread) == "No reading yet: from 14 days, target 5 days by 30 Jun 2027."


def test_behind_plan_shows_its_recovery_or_says_one_will_be_agreed() -> None:
    assert story.recovery(objective(track="off_track", recovery="Two analysts from March")) == "Two analysts from March"
    assert story.recovery(objective(track="at_risk")) == story.NO_RECOVERY
    assert story.recovery(objective(track="on_track", recovery="Two analysts from March")) is None


def test_objectives_measured_by_joint_steps_are_measured() -> None:
    tasks = (ViewTask(title="Map the depots", owner="Dana", owner_is_customer=True, due=dt.date(2026, 5, 1),
                      done=dt.date(2026, 5, 2)),
             ViewTask(title="Train the leads", owner="Dana", owner_is_customer=True, due=dt.date(2027, 1, 1),
                      done=None))
    steps = objective(metric=None, tasks=tasks, current=None, readings=())
    assert story.by_steps(steps) and story.is_measured(steps)
    assert story.measure(steps) == "1 of 2 joint steps done"
    assert story.standing(steps) == "1 of 2 joint steps done, all by 30 Jun 2027."


# --- progress as a gain, with a projection ----------------------------------------------------


def test_gain_since_the_baseline_and_projection_at_the_due_date() -> None:
    o = objective()
    assert story.gain(o) == "14 → 7.6 days, −46% since Mar 2026"
    # the line through 12 on 1 Apr 2026 and 7.6 on 1 Oct 2026 (183 days), read 272 days later
    expected = Decimal("7.6") - Decimal("4.4") * 272 / 183
    assert story.projection(o, dt.date(2026, 11, 16)) == f"At this pace: {wording.number(round(expected, 1), 'days')} " \
                                                         "by 30 Jun 2027"
    assert story.projection(objective(readings=o.readings[:1]), dt.date(2026, 11, 16)) is None
    assert story.projection(o, dt.date(2027, 7, 1)) is None  # past due: no pace to project
    # a reading after the as-of date is not part of the line
    assert story.projection(o, dt.date(2026, 9, 1)) is None
    percent = objective(metric=ViewMetric(name="Share", unit="%", baseline=35, target=80), current=48,
                        readings=((dt.date(2026, 3, 1), 35), (dt.date(2026, 9, 1), 48)))
    assert story.gain(percent) == "35% → 48%, +13 points since Mar 2026"
    assert story.projection(percent, dt.date(2026, 11, 16)) == "At this pace: 69% by 30 Jun 2027"
    fast = objective(readings=((dt.date(2026, 3, 1), 14), (dt.date(2026, 4, 1), 2)), current=2)
    assert story.projection(fast, dt.date(2026, 11, 16)) == "At this pace: 0 days by 30 Jun 2027"  # never below 0


def test_the_headline_says_what_moved_how_many_are_on_track_and_the_decisions(helix: CustomerView,
                                                                              stress: CustomerView) -> None:
    assert story.headline(helix) == ("Median dispute resolution time down 46% since May 2026; both objectives on "
                                     "track; 3 decisions needed today.")
    assert story.headline(stress) == ("Invoice cycle time down 44% since Mar 2026; 1 of 5 objectives on track; "
                                      "3 decisions needed today.")
    quiet = dataclasses.replace(helix, objectives=())
    assert story.headline(quiet) == "Time to agree the next objectives together."


def test_identical_asks_are_one_ask(stress: CustomerView) -> None:
    asks = story.merged_asks(stress)
    assert asks == ["Nominate one approver for the steering committee before the December close",
                    "Share the supplier master data export every Friday",
                    "Approve the new exception rules for the order desk"]
    assert sum(len(o.asks) for o in stress.objectives) > 8


# --- the joint plan ------------------------------------------------------------------------------


def test_every_open_step_once_by_group(helix: CustomerView, stress: CustomerView) -> None:
    o = next(o for o in helix.objectives if o.is_open and o.tasks)
    task = o.tasks[0]
    tasks = (dataclasses.replace(task, title="late", due=helix.as_of - dt.timedelta(days=1), done=None),
             dataclasses.replace(task, title="in 90", due=helix.as_of + dt.timedelta(days=90), done=None),
             dataclasses.replace(task, title="in 91", due=helix.as_of + dt.timedelta(days=91), done=None),
             dataclasses.replace(task, title="undated", due=None, done=None))
    view = dataclasses.replace(helix, objectives=(dataclasses.replace(o, tasks=tasks),), next_review=None)
    groups = {g.label: [s.what for s in g.steps] for g in story.step_groups(view)}
    assert groups == {"Overdue": ["late"], "Due by 14 Feb 2027": ["Objective due", "in 90"], "Later": ["in 91"],
                      "Date to agree": ["undated"]}
    assert story.task_line(tasks[0], view.as_of).endswith("late since 15 Nov 2026")
    every = [s for g in story.step_groups(stress) for s in g.steps]
    assert len(every) == len(story.open_steps(stress)) == len(set(map(id, every)))
    assert len(next(g for g in story.step_groups(stress) if g.label == "Overdue").steps) == 21  # 20 tasks, 1 due date


# --- words and measures ------------------------------------------------------------------------


def test_customer_words() -> None:
    assert wording.number(1, "days") == "1 day" and wording.number(2, "days") == "2 days"
    assert wording.number(1200, "items") == "1,200 items" and wording.number(27.5, "%") == "27.5%"
    assert story.possessive("Helix Payments") == "Helix Payments'" and story.possessive("Acme") == "Acme's"
    assert set(wording.CUSTOMER_STATUS_WORDS) | set(wording.DECK_STATUS_WORDS) == set(story.STATUS_COLORS)
    assert not any("_" in word for word in [*wording.CUSTOMER_STATUS_WORDS.values(),
                                            *wording.DECK_STATUS_WORDS.values()])
    assert wording.customer_status("not_measured") == "Not measured yet"
    assert story.plural(1, "measure") == "1 measure" and story.plural(2, "priority", "priorities") == "2 priorities"


def test_one_sentence_per_objective_without_percent_of_progress(helix: CustomerView) -> None:
    for o in helix.objectives:
        sentence = story.standing(o)
        assert "of the way" not in sentence and "expected" not in sentence
        if o.metric is not None and o.metric.unit != "%":
            assert "%" not in sentence
    chargeback = next(o for o in helix.objectives if o.title.startswith("Resolve chargeback"))
    assert story.standing(chargeback) == "Median dispute resolution time: 7.6 days — target 5 days by 29 Jan 2027."


def test_measuring_counts_wide_characters_full_width_and_never_drops_one() -> None:
    font = Measurer("Carlito")
    assert font.width("日本語", 10) == pytest.approx(30 * SAFETY)
    assert font.width("WWWW", 10) > font.width("iiii", 10)
    text = "maximiliane.alexandra.hohenzollern-sigmaringen@vendor.example 配送センター 📦 and more"
    lines = font.wrap(text, 120, 14)
    assert len(lines) > 2 and all(font.width(line, 14) <= 120 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_bold_runs_are_measured_bold() -> None:
    font = Measurer("Carlito")
    text = "Behind plan · the rest of the sentence in plain words, long enough to wrap twice or more"
    plain = font.lines(text, 200, 18)
    bold = font.lines((Run(text=text, bold=True),), 200, 18)
    mixed = font.lines((Run(text="Behind plan", bold=True), Run(text=text[len("Behind plan"):])), 200, 18)
    assert plain <= mixed <= bold
    assert font.width(text, 18, True) > font.width(text, 18)


def test_status_colors_option_is_validated() -> None:
    from generator.errors import ConfigError

    root = Path(".")
    assert Config.from_mapping({"status_colors": {"on_track": "#2e7d32"}}, root).status_colors == {"on_track": "2E7D32"}
    assert Config.from_mapping({"status_colors": {"not_measured": "123456"}}, root).status_colors == {
        "not_measured": "123456"}
    assert Config.from_mapping({}, root).status_colors == {}
    for bad, message in (({"on_pace": "2E7D32"}, "unknown status 'on_pace'"), ({"overdue": "red"}, "RRGGBB hex"),
                         (["2E7D32"], "must map statuses to colours")):
        with pytest.raises(ConfigError, match=message):
            Config.from_mapping({"status_colors": bad}, root)
