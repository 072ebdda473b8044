"""The deck's words and rules of what is recent (SPEC §9), and text measurement, on small cases."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from generator import wording
from generator.config import Config
from generator.deck import story
from generator.deck.fit import SAFETY, Measurer
from generator.model import Portfolio
from generator.view import CustomerView, ViewActivity, customer_view


@pytest.fixture(scope="module")
def helix(demo_portfolio: Portfolio, demo_config: Config) -> CustomerView:
    status = demo_portfolio.customer("helix-payments")
    assert status is not None
    return customer_view(status, demo_config)


def test_last_review_counts_a_review_on_the_as_of_date(helix: CustomerView) -> None:
    today = ViewActivity(date=helix.as_of, kind="ebr", title="Review", readings=(), attendees=())
    window = story.since_last_review(dataclasses.replace(helix, activities=helix.activities + (today,)))
    assert window.review == helix.as_of and window.heading == "Since our last review on 16 Nov 2026"
    none = story.since_last_review(dataclasses.replace(helix, activities=()))
    assert none.review is None and none.start == min(o.started for o in helix.objectives)
    assert none.heading.startswith("Since the plan began on ")


def test_value_delivered_is_the_365_days_before_the_as_of_date(helix: CustomerView) -> None:
    achieved = next(o for o in helix.objectives if o.status == "closed_success")

    def at(days: int) -> tuple[list[str], list[str]]:
        moved = dataclasses.replace(achieved, closed_date=helix.as_of - dt.timedelta(days=days))
        view = dataclasses.replace(helix, objectives=tuple(moved if o is achieved else o for o in helix.objectives))
        return [o.title for o in story.value_delivered(view)], [o.title for o in story.at_a_glance(view)]

    assert achieved.title in at(365)[0] and achieved.title in at(365)[1]
    assert achieved.title not in at(366)[0] and achieved.title not in at(366)[1]
    assert achieved.title in at(0)[0]


def test_overdue_apart_from_the_next_90_days(helix: CustomerView) -> None:
    o = next(o for o in helix.objectives if o.is_open and o.tasks)
    task = o.tasks[0]
    tasks = (dataclasses.replace(task, title="late", due=helix.as_of - dt.timedelta(days=1), done=None),
             dataclasses.replace(task, title="in 90", due=helix.as_of + dt.timedelta(days=90), done=None),
             dataclasses.replace(task, title="in 91", due=helix.as_of + dt.timedelta(days=91), done=None))
    view = dataclasses.replace(helix, objectives=(dataclasses.replace(o, tasks=tasks),))
    assert [s.what for s in story.overdue_steps(view)] == ["late"]
    assert "in 90" in [s.what for s in story.upcoming_steps(view)]
    assert "in 91" not in [s.what for s in story.upcoming_steps(view)]
    assert story.task_line(tasks[0], view.as_of).endswith("late since 15 Nov 2026")


def test_customer_words() -> None:
    assert wording.number(1, "days") == "1 day" and wording.number(2, "days") == "2 days"
    assert wording.number(1200, "items") == "1,200 items" and wording.number(27.5, "%") == "27.5%"
    assert story.possessive("Helix Payments") == "Helix Payments'" and story.possessive("Acme") == "Acme's"
    assert set(wording.CUSTOMER_STATUS_WORDS) == set(story.STATUS_COLORS)
    assert not any("_" in word for word in wording.CUSTOMER_STATUS_WORDS.values())


def test_one_sentence_per_objective_without_percent_of_progress(helix: CustomerView) -> None:
    for o in helix.objectives:
        sentence = story.standing(o)
        assert "of the way" not in sentence and "expected" not in sentence
        if o.metric is not None and o.metric.unit != "%":
            assert "%" not in sentence
    chargeback = next(o for o in helix.objectives if o.title.startswith("Resolve chargeback"))
    assert story.standing(chargeback) == ("Median dispute resolution time: 7.6 days — target 5 days by 29 Jan 2027; "
                                          "on pace.")


def test_measuring_counts_wide_characters_full_width_and_never_drops_one() -> None:
    font = Measurer("Carlito")
    assert font.width("日本語", 10) == pytest.approx(30 * SAFETY)
    assert font.width("WWWW", 10) > font.width("iiii", 10)
    text = "maximiliane.alexandra.hohenzollern-sigmaringen@vendor.example 配送センター 📦 and more"
    lines = font.wrap(text, 120, 14)
    assert len(lines) > 2 and all(font.width(line, 14) <= 120 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_status_colors_option_is_validated(tmp_path: object) -> None:
    from pathlib import Path

    from generator.errors import ConfigError

    root = Path(".")
    assert Config.from_mapping({"status_colors": {"on_track": "#2e7d32"}}, root).status_colors == {"on_track": "2E7D32"}
    assert Config.from_mapping({}, root).status_colors == {}
    for bad, message in (({"on_pace": "2E7D32"}, "unknown status 'on_pace'"), ({"overdue": "red"}, "RRGGBB hex"),
                         (["2E7D32"], "must map statuses to colours")):
        with pytest.raises(ConfigError, match=message):
            Config.from_mapping({"status_colors": bad}, root)
