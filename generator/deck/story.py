"""What the review says, in the customer's words: status words, numbers, dates, and which part of the
plan is recent. The words themselves (status words, numbers, dates) live in generator/wording.py,
shared with the digest; the rules of the story live here.

The two rules of what is recent (SPEC §9): *since the last review* means after the latest `ebr`
activity dated on or before the as-of date, else since the earliest start of the customer's
objectives; *value delivered* means objectives closed as a success within 365 days before it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..view import CustomerView, ViewObjective, ViewTask
from .. import wording

# Status colours: the one deliberate exception to theme colours; `status_colors` overrides them.
STATUS_COLORS = {
    "on_track": "2E7D32",
    "at_risk": "B26A00",
    "off_track": "C2410C",
    "overdue": "B71C1C",
    "planned": "4A6489",
    "unmeasured": "4A6489",
    "achieved": "1A7F74",
    "closed": "5F6368",
}
STATUS_TEXT = "FFFFFF"  # the text on a status colour
BEHIND = ("at_risk", "off_track", "overdue")
AHEAD_DAYS = 90
VALUE_DAYS = 365


def possessive(name: str) -> str:
    """Helix Payments' team, Acme's team."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def lower_is_better(o: ViewObjective) -> bool:
    return o.metric is not None and o.metric.target < o.metric.baseline


def is_measured(o: ViewObjective) -> bool:
    """Open, started, with a metric and at least one reading: it gets its own slide and chart."""
    return o.is_open and o.metric is not None and bool(o.readings) and o.track != "planned"


def standing(o: ViewObjective) -> str:
    """Where an objective stands, in one sentence without percentages."""
    if o.status == "closed_success":
        return f"Achieved on {wording.day(o.closed_date)}."
    if not o.is_open:
        return o.closed_summary or f"Closed on {wording.day(o.closed_date)}."
    if o.track == "planned":
        return f"Starts {wording.day(o.started)}; due {wording.day(o.due)}."
    if o.metric is not None:
        m = o.metric
        target = f"target {wording.number(m.target, m.unit)} by {wording.day(o.due)}"
        if not o.readings:
            return f"Not measured yet: from {wording.number(m.baseline, m.unit)}, {target}."
        pace = wording.CUSTOMER_PACE.get(o.track, "")
        return f"{_capital(m.name)}: {wording.number(o.current, m.unit)} — {target}" + (f"; {pace}." if pace else ".")
    if o.tasks:
        done = sum(1 for t in o.tasks if t.done)
        pace = wording.CUSTOMER_PACE.get(o.track, "")
        return f"{done} of {len(o.tasks)} joint steps done; due {wording.day(o.due)}" + (f"; {pace}." if pace else ".")
    if o.track == "overdue":
        return f"Due {wording.day(o.due)}: past its due date."
    return f"Due {wording.day(o.due)}."


def value_cell(o: ViewObjective) -> str:
    """Measured value → target, for tables."""
    if o.metric is not None:
        m = o.metric
        now = wording.number(o.current, m.unit) if o.readings else "not measured yet"
        if o.status == "closed_success":
            now = wording.number(o.current, m.unit) if o.readings else "target reached"
        return f"{now} → {wording.number(m.target, m.unit)}"
    if o.tasks:
        done = sum(1 for t in o.tasks if t.done)
        return f"{done} of {len(o.tasks)} steps done"
    return wording.NONE


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(frozen=True, slots=True)
class Window:
    """Since when "since our last review" counts, and how the slide says it."""

    start: dt.date
    review: dt.date | None  # the last review's date; None: the plan's start

    @property
    def heading(self) -> str:
        if self.review is not None:
            return f"Since our last review on {wording.day(self.review)}"
        return f"Since the plan began on {wording.day(self.start)}"

    @property
    def short(self) -> str:
        return "since our last review" if self.review is not None else "since the plan began"


def since_last_review(view: CustomerView) -> Window:
    reviews = [a.date for a in view.activities if a.kind == "ebr" and a.date <= view.as_of]
    if reviews:
        return Window(max(reviews), max(reviews))
    return Window(min((o.started for o in view.objectives), default=view.as_of), None)


def value_delivered(view: CustomerView) -> list[ViewObjective]:
    """Closed as a success within 365 days before the as-of date, newest first."""
    first = view.as_of - dt.timedelta(days=VALUE_DAYS)
    found = [o for o in view.objectives
             if o.status == "closed_success" and o.closed_date and first <= o.closed_date <= view.as_of]
    return sorted(found, key=lambda o: o.closed_date or view.as_of, reverse=True)


def wins(view: CustomerView) -> list[ViewObjective]:
    """Achieved since the last review."""
    window = since_last_review(view)

    def recent(day: dt.date) -> bool:
        return day > window.start if window.review is not None else day >= window.start

    return [o for o in value_delivered(view) if o.closed_date and recent(o.closed_date)]


def at_a_glance(view: CustomerView) -> list[ViewObjective]:
    """Open objectives, then those closed within the last 365 days (the same year as value delivered)."""
    first = view.as_of - dt.timedelta(days=VALUE_DAYS)
    return [o for o in view.objectives if o.is_open or (o.closed_date and first <= o.closed_date <= view.as_of)]


def moved(view: CustomerView) -> list[tuple[ViewObjective, str]]:
    """Measures with a reading in the window: from the value before it to the latest."""
    window = since_last_review(view)
    out = []
    for o in view.objectives:
        if o.metric is None or not (o.is_open or o in value_delivered(view)):
            continue
        before = [v for d, v in o.readings if d <= window.start]
        after = [v for d, v in o.readings if window.start < d <= view.as_of]
        if after:
            first = before[-1] if before else o.metric.baseline
            unit = o.metric.unit
            out.append((o, f"from {wording.number(first, unit)} to {wording.number(after[-1], unit)}"))
    return out


def confirmed(view: CustomerView) -> list[ViewObjective]:
    window = since_last_review(view)
    return [o for o in view.objectives if o.is_open and o.last_validated and window.start < o.last_validated]


@dataclass(frozen=True, slots=True)
class Step:
    """A dated item of the joint plan: an open task or an objective's due date."""

    due: dt.date | None
    what: str
    owner: str
    objective: ViewObjective
    is_task: bool


def open_steps(view: CustomerView) -> list[Step]:
    steps: list[Step] = []
    for o in view.objectives:
        if not o.is_open:
            continue
        steps += [Step(t.due, t.title, t.owner, o, True) for t in o.tasks if not t.done]
        steps.append(Step(o.due, "Objective due", "Both teams", o, False))
    return sorted(steps, key=lambda s: (s.due or dt.date.max, not s.is_task, s.what))


def overdue_steps(view: CustomerView) -> list[Step]:
    return [s for s in open_steps(view) if s.due is not None and s.due < view.as_of]


def upcoming_steps(view: CustomerView, days: int = AHEAD_DAYS) -> list[Step]:
    """Due from the as-of date to `days` later, then undated open tasks."""
    last = view.as_of + dt.timedelta(days=days)
    dated = [s for s in open_steps(view) if s.due is not None and view.as_of <= s.due <= last]
    return dated + [s for s in open_steps(view) if s.due is None]


def next_tasks(o: ViewObjective, limit: int = 4) -> list[ViewTask]:
    return sorted((t for t in o.tasks if not t.done), key=lambda t: (t.due or dt.date.max, t.title))[:limit]


def task_line(t: ViewTask, as_of: dt.date) -> str:
    when = ""
    if t.due is not None:
        when = f", late since {wording.day(t.due)}" if t.due < as_of else f", by {wording.day(t.due)}"
    return f"{t.title} — {t.owner}{when}"


def asks(view: CustomerView) -> list[tuple[ViewObjective, str]]:
    return [(o, ask) for o in view.objectives if o.is_open for ask in o.asks]


def sponsor(view: CustomerView) -> str | None:
    found = next((p for p in view.stakeholders if p.persona == "executive_sponsor"), None)
    return found.name if found else None
