"""What the review says, in the customer's words: the headline, where each objective stands, how far
it moved and where its pace leads, what is recent, and the joint plan's next steps. The words for
numbers, dates and statuses live in generator/wording.py, shared with the digest; the rules of the
story live here, and slides.py only lays them out.

The two rules of what is recent (SPEC §9): *since the last review* means after the latest `ebr`
activity dated on or before the as-of date, else since the earliest start of the customer's
objectives (that day included); *value delivered* means objectives closed as a success within 365
days before it. Everything that happened inside a window is in it, however long ago it began.

The deck's own reading of a track (SPEC §12 and design/ebr-deck.md): an objective with a metric but
no reading on or before the as-of date is "not measured yet" (past due when overdue), neither on
nor behind plan; the site and `status` keep SPEC §3's track.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from .. import wording
from ..model import Number
from ..view import CustomerView, ViewObjective, ViewTask

# Status colours: the one deliberate exception to theme colours; `status_colors` overrides them.
STATUS_COLORS = {
    "on_track": "2E7D32",
    "at_risk": "B26A00",
    "off_track": "C2410C",
    "overdue": "B71C1C",
    "planned": "4A6489",
    "unmeasured": "4A6489",
    "not_measured": "4A6489",
    "achieved": "1A7F74",
    "closed": "5F6368",
}
STATUS_TEXT = "FFFFFF"  # the text on a status colour
BEHIND = ("at_risk", "off_track", "overdue")
PACED = ("on_track",) + BEHIND
AHEAD_DAYS = 90
VALUE_DAYS = 365
NO_RECOVERY = "Recovery plan to be agreed"


def possessive(name: str) -> str:
    """Helix Payments' team, Acme's team."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def plural(count: int, word: str, words: str | None = None) -> str:
    """1 measure, 2 measures."""
    return f"{count} {word if count == 1 else words or word + 's'}"


def lower_is_better(o: ViewObjective) -> bool:
    return o.metric is not None and o.metric.target < o.metric.baseline


def by_steps(o: ViewObjective) -> bool:
    """Measured by its joint steps: no metric, and tasks to count."""
    return o.metric is None and bool(o.tasks)


def track(o: ViewObjective) -> str:
    """The objective's track as the deck tells it: an objective with a metric but no reading yet is
    not measured (past due once overdue)."""
    if o.is_open and o.metric is not None and not o.readings and o.track not in ("planned", "overdue"):
        return "not_measured"
    return o.track


def status_word(o: ViewObjective) -> str:
    return wording.customer_status(track(o))


def is_measured(o: ViewObjective) -> bool:
    """Open, started and measured (a reading on or before the as-of date, or joint steps to count):
    it gets a slide and a chart of its own."""
    return o.is_open and o.track != "planned" and (bool(o.readings) if o.metric is not None else bool(o.tasks))


def is_behind(o: ViewObjective) -> bool:
    return o.is_open and track(o) in BEHIND


def recovery(o: ViewObjective) -> str | None:
    """How an objective behind plan or past due gets back on plan, or that this is still to agree."""
    if not is_behind(o):
        return None
    return o.recovery or NO_RECOVERY


def steps_done(o: ViewObjective) -> int:
    return sum(1 for t in o.tasks if t.done)


def target(o: ViewObjective) -> str:
    """The goal in words: "target 3 days by 31 Mar 2027", "all 5 joint steps by 31 Mar 2027"."""
    if o.metric is not None:
        return f"target {wording.number(o.metric.target, o.metric.unit)} by {wording.day(o.due)}"
    if o.tasks:
        return f"all {plural(len(o.tasks), 'joint step')} by {wording.day(o.due)}"
    return f"due {wording.day(o.due)}"


def now(o: ViewObjective) -> str | None:
    """The measured value now: "4.8 days", "3 of 5 joint steps done"; None when there is none."""
    if o.metric is not None:
        return wording.number(o.current, o.metric.unit) if o.readings else None
    if o.tasks:
        return f"{steps_done(o)} of {plural(len(o.tasks), 'joint step')} done"
    return None


def measure(o: ViewObjective) -> str:
    """The measured value against its target, short enough for one line of the summary with the
    title and the status word (the due dates are on the objectives' own slides): "7.9 days, target
    5 days", "1 of 9 joint steps done", "starts 11 Jan 2027"."""
    if o.track == "planned":
        return f"starts {wording.day(o.started)}"
    if by_steps(o):
        return now(o) or ""
    if o.metric is None:
        return f"due {wording.day(o.due)}"
    goal = f"target {wording.number(o.metric.target, o.metric.unit)}"
    value = now(o)
    return f"{value}, {goal}" if value else goal


def standing(o: ViewObjective) -> str:
    """Where an objective stands, in one sentence without percentages or the status word."""
    if o.status == "closed_success":
        return f"Achieved on {wording.day(o.closed_date)}."
    if not o.is_open:
        return o.closed_summary or f"Closed on {wording.day(o.closed_date)}."
    if o.track == "planned":
        return f"Starts {wording.day(o.started)}; {target(o)}."
    if o.metric is not None:
        m = o.metric
        if not o.readings:
            return f"No reading yet: from {wording.number(m.baseline, m.unit)}, {target(o)}."
        return f"{_capital(m.name)}: {wording.number(o.current, m.unit)} — {target(o)}."
    if o.tasks:
        return f"{_capital(now(o) or '')}, all by {wording.day(o.due)}."
    return f"Due {wording.day(o.due)}."


def gain(o: ViewObjective) -> str | None:
    """How far a measured objective moved from its baseline: "14 → 7.6 days, −46% since Mar 2026"."""
    if o.metric is None or not o.readings or o.current is None:
        return None
    m = o.metric
    start, latest = Decimal(str(m.baseline)), Decimal(str(o.current))
    values = f"{_bare(m.baseline, m.unit)} → {wording.number(o.current, m.unit)}"
    change = _change(start, latest, m.unit)
    return f"{values}{', ' + change if change else ''} since {_month(o.started)}"


def _change(start: Decimal, latest: Decimal, unit: str | None) -> str | None:
    """The change in words-as-figures: "−46%", "+12 points" (for a measure in percent)."""
    if latest == start:
        return "no change"
    if unit in ("%", "percent"):
        return f"{_signed(latest - start)} points"
    if start == 0:
        return None
    share = (latest - start) / abs(start) * 100
    return f"{_signed(share.quantize(Decimal(1), ROUND_HALF_UP))}%"


def _signed(value: Decimal) -> str:
    text = wording.number(abs(value).normalize())
    return ("+" if value > 0 else "−") + text


def direction(o: ViewObjective, start: Number, end: Number) -> str:
    """"improved", "slipped" or "unchanged", judged by the way the target lies."""
    if start == end:
        return "unchanged"
    better = end < start if lower_is_better(o) else end > start
    return "improved" if better else "slipped"


def projection(o: ViewObjective, as_of: dt.date) -> str | None:
    """Where the current pace leads by the due date: the line through the earliest and the latest
    reading on or before the as-of date, read at `due` ("at this pace: 5.8 days by 30 Jun 2027").
    None with fewer than two reading dates or once the due date has passed."""
    if o.metric is None or o.due < as_of:
        return None
    readings = [(d, v) for d, v in o.readings if d <= as_of]
    if len(readings) < 2 or readings[0][0] == readings[-1][0]:
        return None
    (first_day, first), (last_day, last) = readings[0], readings[-1]
    slope = (Fraction(str(last)) - Fraction(str(first))) / (last_day - first_day).days
    value = Fraction(str(last)) + slope * (o.due - last_day).days
    values = [o.metric.baseline, o.metric.target] + [v for _, v in o.readings]
    if all(v >= 0 for v in values):
        value = max(value, Fraction(0))
    if o.metric.unit in ("%", "percent") and all(0 <= v <= 100 for v in values):
        value = min(value, Fraction(100))
    places = min(2, max(_places(v) for v in values))
    shown = (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return f"At this pace: {wording.number(shown, o.metric.unit)} by {wording.day(o.due)}"


def _places(value: Number) -> int:
    exponent = Decimal(str(value)).normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _bare(value: Number, unit: str | None) -> str:
    """A value without its unit, except percent ("14 → 7.6 days", "35% → 64%")."""
    return wording.number(value, "%" if unit in ("%", "percent") else None)


def _month(day: dt.date) -> str:
    return f"{day:%b %Y}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- the headline ----------------------------------------------------------------------------------


def headline(view: CustomerView) -> str:
    """The sentence a sponsor could repeat: what moved most, how many objectives are on track,
    whether a decision is needed today."""
    parts = []
    best = _moved_most(view)
    if best is not None:
        parts.append(best)
    paced = [o for o in view.objectives if o.is_open and track(o) in PACED]
    on = sum(1 for o in paced if track(o) == "on_track")
    if len(paced) > 1 and on == len(paced):
        parts.append("both objectives on track" if on == 2 else f"all {on} objectives on track")
    elif len(paced) > 1:
        parts.append(f"{on} of {len(paced)} objectives on track")
    elif paced:
        parts.append(f"1 objective {wording.customer_status(track(paced[0])).lower()}")
    asks = merged_asks(view)
    if asks:
        parts.append("one decision needed today" if len(asks) == 1 else f"{len(asks)} decisions needed today")
    if not parts:
        achieved = value_delivered(view)
        if achieved:
            parts.append(f"{plural(len(achieved), 'objective')} achieved in the last 12 months")
        elif not any(o.is_open for o in view.objectives):
            parts.append("time to agree the next objectives together")
        else:
            parts.append("every objective is where the plan expects it")
    return _capital("; ".join(parts)) + "."


def _moved_most(view: CustomerView) -> str | None:
    """The open measure that went furthest towards its target: "invoice time down 46% since Mar 2026"."""
    found = []
    for o in view.objectives:
        if not o.is_open or o.metric is None or not o.readings or o.progress is None or o.progress <= 0:
            continue
        found.append((o.progress, o))
    if not found:
        return None
    _, o = max(found, key=lambda item: item[0])
    assert o.metric is not None
    start, latest = Decimal(str(o.metric.baseline)), Decimal(str(o.current))
    name = o.metric.name[:1].lower() + o.metric.name[1:] if o.metric.name[1:2].islower() else o.metric.name
    if o.metric.unit in ("%", "percent") or start == 0:
        moved = f"from {wording.number(o.metric.baseline, o.metric.unit)} to {wording.number(o.current, o.metric.unit)}"
    else:
        share = ((latest - start) / abs(start) * 100).quantize(Decimal(1), ROUND_HALF_UP)
        moved = f"{'down' if share < 0 else 'up'} {wording.number(abs(share))}%"
    return f"{name} {moved} since {_month(o.started)}"


# --- what is recent ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
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

    def holds(self, day: dt.date, as_of: dt.date) -> bool:
        """After the last review (on or after the plan's start), up to the as-of date."""
        after = day > self.start if self.review is not None else day >= self.start
        return after and day <= as_of


def since_last_review(view: CustomerView) -> Window:
    reviews = [a.date for a in view.activities if a.kind == "ebr" and a.date <= view.as_of]
    if reviews:
        return Window(start=max(reviews), review=max(reviews))
    return Window(start=min((o.started for o in view.objectives), default=view.as_of), review=None)


def value_delivered(view: CustomerView) -> list[ViewObjective]:
    """Closed as a success within 365 days before the as-of date, newest first."""
    first = view.as_of - dt.timedelta(days=VALUE_DAYS)
    found = [o for o in view.objectives
             if o.status == "closed_success" and o.closed_date and first <= o.closed_date <= view.as_of]
    return sorted(found, key=lambda o: o.closed_date or view.as_of, reverse=True)


def wins(view: CustomerView) -> list[ViewObjective]:
    """Achieved inside the window since the last review (or since the plan began), newest first."""
    window = since_last_review(view)
    found = [o for o in view.objectives
             if o.status == "closed_success" and o.closed_date and window.holds(o.closed_date, view.as_of)]
    return sorted(found, key=lambda o: o.closed_date or view.as_of, reverse=True)


@dataclass(frozen=True, slots=True, kw_only=True)
class Move:
    objective: ViewObjective
    start: Number  # the value before the window (the baseline when there is none)
    end: Number  # the latest reading inside it

    @property
    def words(self) -> str:
        o = self.objective
        assert o.metric is not None
        unit = o.metric.unit
        how = direction(o, self.start, self.end)
        if how == "unchanged":
            return f"unchanged at {wording.number(self.end, unit)}"
        return f"{how} from {wording.number(self.start, unit)} to {wording.number(self.end, unit)}"


def moved(view: CustomerView) -> list[Move]:
    """Measures with a reading inside the window: from the value before it to the latest."""
    window = since_last_review(view)
    out = []
    for o in view.objectives:
        if o.metric is None or not (o.is_open or o.closed_date and window.holds(o.closed_date, view.as_of)):
            continue
        before = [v for d, v in o.readings if not window.holds(d, view.as_of) and d <= window.start]
        inside = [v for d, v in o.readings if window.holds(d, view.as_of)]
        if inside:
            start = before[-1] if before and window.review is not None else o.metric.baseline
            out.append(Move(objective=o, start=start, end=inside[-1]))
    return out


def confirmed(view: CustomerView) -> list[ViewObjective]:
    """Open objectives confirmed as a priority inside the window."""
    window = since_last_review(view)
    return [o for o in view.objectives if o.is_open and o.last_validated and window.holds(o.last_validated, view.as_of)]


# --- the joint plan ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
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
        steps += [Step(due=t.due, what=t.title, owner=t.owner, objective=o, is_task=True)
                  for t in o.tasks if not t.done]
        steps.append(Step(due=o.due, what="Objective due", owner="Both teams", objective=o, is_task=False))
    return sorted(steps, key=lambda s: (s.due or dt.date.max, not s.is_task, s.what))


def horizon(view: CustomerView) -> dt.date:
    """The end of "the next 90 days" (or of the time to the next review, when that is longer)."""
    ahead = view.as_of + dt.timedelta(days=AHEAD_DAYS)
    return max(ahead, view.next_review) if view.next_review else ahead


@dataclass(frozen=True, slots=True, kw_only=True)
class StepGroup:
    label: str
    status: str | None  # a status colour for the group's label
    steps: tuple[Step, ...]


def step_groups(view: CustomerView) -> list[StepGroup]:
    """Every open step once: overdue, due within the horizon, later, and those without a date."""
    steps = open_steps(view)
    last = horizon(view)
    groups = [
        StepGroup(label="Overdue", status="overdue",
                  steps=tuple(s for s in steps if s.due is not None and s.due < view.as_of)),
        StepGroup(label=f"Due by {wording.day(last)}", status=None,
                  steps=tuple(s for s in steps if s.due is not None and view.as_of <= s.due <= last)),
        StepGroup(label="Later", status=None, steps=tuple(s for s in steps if s.due is not None and s.due > last)),
        StepGroup(label="Date to agree", status=None, steps=tuple(s for s in steps if s.due is None)),
    ]
    return [g for g in groups if g.steps]


def pending(o: ViewObjective) -> list[ViewTask]:
    return sorted((t for t in o.tasks if not t.done), key=lambda t: (t.due or dt.date.max, t.title))


def task_line(t: ViewTask, as_of: dt.date) -> str:
    when = ""
    if t.due is not None:
        when = f", late since {wording.day(t.due)}" if t.due < as_of else f", by {wording.day(t.due)}"
    return f"{t.title} — {t.owner}{when}"


def merged_asks(view: CustomerView) -> list[str]:
    """What we need from the customer, each ask once (the same words in several objectives are one
    ask), in the order of the objectives."""
    seen: dict[str, str] = {}
    for o in view.objectives:
        if not o.is_open:
            continue
        for ask in o.asks:
            key = " ".join(ask.split()).casefold()
            seen.setdefault(key, " ".join(ask.split()))
    return list(seen.values())


def sponsor(view: CustomerView) -> str | None:
    found = next((p for p in view.stakeholders if p.persona == "executive_sponsor"), None)
    return found.name if found else None
