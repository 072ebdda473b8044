"""The model: typed, immutable records of the customer files and of the values computed from them.

Loading builds the first half (Customer and what it holds); compute.py builds the second half
(ObjectiveStatus, Health, CustomerStatus, Portfolio). Renderers read these and nothing else.
Numbers from files are kept exact (int or Decimal); computed ratios are Fractions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from typing import Any, Literal

from .problems import Problem

Number = int | Decimal
Pos = tuple[int, int]


class CustomerFile(Enum):
    """The single files of a customer folder (objectives and risks are folders of files)."""

    CUSTOMER = "customer.yaml"
    STAKEHOLDERS = "stakeholders.yaml"
    ACTIVITY = "activity.yaml"

HEALTH_ORDER = ("green", "lime", "yellow", "orange", "red")
HEALTH_COLORS = (*HEALTH_ORDER, "unknown")
"""Every health a customer can show, best first; unknown (the files have errors) last."""
HealthColor = Literal["green", "lime", "yellow", "orange", "red", "unknown"]
RISK_COLOR: dict[str, HealthColor] = {"low": "lime", "medium": "orange", "high": "red"}
"""The health signal an open risk of each severity sets (and the colour it is shown in)."""
Track = Literal["achieved", "closed", "planned", "overdue", "unmeasured", "on_track", "at_risk", "off_track"]
OPEN = ("new", "in_progress")
TRACK_COLOR: dict[str, HealthColor] = {"unmeasured": "lime", "at_risk": "yellow", "off_track": "orange",
                                       "overdue": "red"}
"""The health signal an open objective on each track sets (the other tracks set none)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """Where a record came from: its repo-relative file and the position of each key path."""

    path: str
    line: int = 1
    column: int = 1
    marks: Mapping[str, Pos] = field(default_factory=dict, compare=False, repr=False)
    prefix: str = ""  # "[3]." for the fourth item of a list file

    def at(self, key: str, fallback: str | None = None) -> Pos:
        """Position of a key path such as "due", "metric.target" or "tasks[0]"."""
        pos = self.marks.get(self.prefix + key)
        if pos is None and fallback is not None:
            pos = self.marks.get(self.prefix + fallback)
        return pos if pos is not None else (self.line, self.column)

    def has(self, key: str) -> bool:
        return self.prefix + key in self.marks

    def bare(self) -> Source:
        """The same record's own position, without the positions of the keys inside it."""
        return Source(path=self.path, line=self.line, column=self.column)

    def top_level(self) -> Source:
        """The same record with the positions of its own keys and their list items only ("due",
        "tasks[2]"), not of keys nested deeper ("metric.target", "tasks[2].title")."""
        start = len(self.prefix)
        kept = {key: pos for key, pos in self.marks.items() if key.startswith(self.prefix) and "." not in key[start:]}
        return Source(path=self.path, line=self.line, column=self.column, marks=kept, prefix=self.prefix)


@dataclass(frozen=True, slots=True, kw_only=True)
class Written:
    """What one objective or risk file, or one stakeholder or activity item, says: its valid fields
    only, kept even when other fields are missing or invalid, so that every check that needs only
    valid fields still runs (a record too broken to compute with still gets its references and
    dates checked). Invalid list items stay as None so that positions keep their index."""

    kind: Literal["customer", "objective", "risk", "stakeholder", "activity"]
    id: str | None
    values: Mapping[str, Any]
    source: Source

    def get(self, path: str) -> Any:
        """A valid value by dotted path ("status", "closed.date"), else None."""
        value: Any = self.values
        for key in path.split("."):
            if not isinstance(value, Mapping):
                return None
            value = value.get(key)
        return value

    def items(self, key: str) -> list[Any]:
        """A list field's items (None for invalid ones), or no items."""
        value = self.get(key)
        return list(value) if isinstance(value, list) else []


@dataclass(frozen=True, slots=True, kw_only=True)
class TeamMember:
    role: str
    name: str
    email: str | None = None
    handle: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RosterMember:
    """One person of the team roster (team.yaml)."""

    handle: str
    name: str
    email: str | None = None
    username: str | None = None  # their user on the git forge
    role: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class TeamRoster:
    """The vendor side as team.yaml lists it (SPEC §12): who a handle is, and which handles exist."""

    path: str  # repo-relative: team.yaml
    members: tuple[RosterMember, ...] = ()

    @property
    def handles(self) -> frozenset[str]:
        return frozenset(m.handle for m in self.members)

    def member(self, handle: str) -> RosterMember | None:
        return next((m for m in self.members if m.handle == handle), None)

    def names(self) -> dict[str, str]:
        """Each handle's name (people.Roster); a repeated handle keeps its first entry."""
        out: dict[str, str] = {}
        for m in self.members:
            out.setdefault(m.handle, m.name)
        return out


@dataclass(frozen=True, slots=True, kw_only=True)
class Waiver:
    """A warning the team agreed does not apply to a customer, or one of its objectives, until a date
    (customer.yaml `waivers`, SPEC §12)."""

    code: str
    reason: str
    until: dt.date
    objective: str | None = None  # None: the whole customer


@dataclass(frozen=True, slots=True, kw_only=True)
class Waived:
    """A warning left out of every report, and why: a waiver (its reason and last day) or the `rules`
    option turning its code off (reason and until None)."""

    problem: Problem
    reason: str | None
    until: dt.date | None


@dataclass(frozen=True, slots=True, kw_only=True)
class SharedFacts:
    """What each customer is checked against beyond its own folder: the team roster (SP115) and
    which customer holds each CRM id (SP008: the first in id order)."""

    roster: TeamRoster | None = None
    crm_owners: Mapping[str, str] = field(default_factory=dict)  # crm_id → the customer id holding it


@dataclass(frozen=True, slots=True, kw_only=True)
class ScorecardReading:
    date: dt.date
    measure: str
    color: HealthColor  # green to red
    note: str | None
    index: int  # order in the file; ties on the same date go to the later entry


@dataclass(frozen=True, slots=True, kw_only=True)
class Stakeholder:
    id: str
    name: str
    persona: str
    title: str | None = None
    email: str | None = None
    location: str | None = None
    extensions: Mapping[str, Any] = field(default_factory=dict)
    source: Source = field(default_factory=lambda: Source(path=""), compare=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Metric:
    name: str
    baseline: Number
    target: Number
    unit: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Task:
    title: str
    owner: str
    due: dt.date | None = None
    done: dt.date | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Closure:
    date: dt.date | None
    confirmed_by: str | None = None
    evidence: str | None = None
    summary: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Objective:
    id: str
    title: str
    status: str
    started: dt.date
    due: dt.date
    priority: int | None = None
    stakeholders: tuple[str, ...] = ()
    metric: Metric | None = None
    success_criteria: str | None = None
    tasks: tuple[Task, ...] = ()
    last_validated: dt.date | None = None
    validated_by: str | None = None
    closed: Closure | None = None
    value_usd: Number | None = None
    audience: str = "customer"
    value_statement: str | None = None
    asks: tuple[str, ...] = ()
    recovery: str | None = None
    body: str = ""
    extensions: Mapping[str, Any] = field(default_factory=dict)
    source: Source = field(default_factory=lambda: Source(path=""), compare=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Activity:
    date: dt.date
    kind: str
    title: str
    objectives: tuple[str, ...] = ()
    readings: tuple[tuple[str, Number], ...] = ()
    attendees: tuple[str, ...] = ()
    author: str | None = None
    internal: bool = False
    notes: str | None = None
    extensions: Mapping[str, Any] = field(default_factory=dict)
    index: int = 0  # place in the log: activity.yaml's entries in file order, then activity/'s files by name
    source: Source = field(default_factory=lambda: Source(path=""), compare=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Risk:
    id: str
    title: str
    kind: str
    severity: str
    status: str
    opened: dt.date
    escalation: str = "none"
    owner: str | None = None
    objectives: tuple[str, ...] = ()
    body: str = ""
    extensions: Mapping[str, Any] = field(default_factory=dict)
    source: Source = field(default_factory=lambda: Source(path=""), compare=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Customer:
    """One customer folder, with every record that could be loaded from it."""

    id: str
    name: str
    csm: str | None
    path: str  # repo-relative folder
    segment: str | None = None
    customer_since: dt.date | None = None
    renewal_date: dt.date | None = None
    arr: Number | None = None
    lifecycle_stage: str | None = None
    account_team: tuple[TeamMember, ...] = ()
    crm_url: str | None = None
    crm_id: str | None = None  # the account's id in the team's CRM, unique across customers
    tags: tuple[str, ...] = ()
    scorecard: tuple[ScorecardReading, ...] = ()
    next_review: dt.date | None = None
    logo: str | None = None  # file name in the customer folder
    logo_data: bytes | None = field(default=None, compare=False, repr=False)  # its bytes, when valid
    waivers: tuple[Waiver, ...] = ()
    extensions: Mapping[str, Any] = field(default_factory=dict)
    stakeholders: tuple[Stakeholder, ...] = ()
    objectives: tuple[Objective, ...] = ()
    activities: tuple[Activity, ...] = ()
    risks: tuple[Risk, ...] = ()
    source: Source = field(default_factory=lambda: Source(path=""), compare=False)
    activity_path: str | None = None  # activity.yaml when present
    activity_dir: str | None = None  # the activity/ folder (one file per entry) when present
    stakeholders_path: str | None = None
    # ids seen in the files, even on records too broken to load: references to them are not SP009
    known_stakeholder_ids: frozenset[str] = frozenset()
    known_objective_ids: frozenset[str] = frozenset()
    # every objective/risk file and stakeholder/activity item as written, complete or not
    written: tuple[Written, ...] = ()
    # files present but unreadable or unparseable: rules that would judge their content stay silent
    # rather than report what is merely unreadable
    unparsed: frozenset[CustomerFile] = frozenset()

    def objective(self, objective_id: str) -> Objective | None:
        return next((o for o in self.objectives if o.id == objective_id), None)

    def stakeholder(self, stakeholder_id: str) -> Stakeholder | None:
        return next((s for s in self.stakeholders if s.id == stakeholder_id), None)

    def risk(self, risk_id: str) -> Risk | None:
        return next((r for r in self.risks if r.id == risk_id), None)

    def written_of(self, kind: str) -> tuple[Written, ...]:
        return tuple(w for w in self.written if w.kind == kind)

    def settled(self) -> Customer:
        """This customer as it is kept once the rules have read it.

        The records as written and the position of every key inside a stakeholder or an activity
        entry are what the rules locate their problems with; nothing after them reads those, and
        they are most of a customer's memory (a large portfolio is held whole by `build` and
        `serve`). Each entry keeps its own position; the customer's, objectives' and risks' own keys
        and list items keep theirs (the agenda points at them), not the keys nested inside them.
        """
        return replace(
            self, written=(), source=self.source.top_level(),
            objectives=tuple(replace(o, source=o.source.top_level()) for o in self.objectives),
            risks=tuple(replace(r, source=r.source.top_level()) for r in self.risks),
            stakeholders=tuple(replace(s, source=s.source.bare()) for s in self.stakeholders),
            activities=tuple(replace(a, source=a.source.bare()) for a in self.activities),
        )


# --- computed -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Reading:
    date: dt.date
    value: Number
    internal: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class ObjectiveStatus:
    """An objective as it stands at the as-of date (SPEC §3)."""

    objective: Objective
    status: str  # effective at the as-of date: a closure dated after it is still in_progress
    track: Track
    current: Number | None
    progress: Fraction | None  # unclamped
    expected: Fraction
    stale: bool  # SP101 or SP102
    never_validated: bool  # SP102
    readings: tuple[Reading, ...]  # dated ≤ as-of, oldest first
    tasks_done: int
    achieved_on: dt.date | None  # closed.date of a closed_success at the as-of date

    @property
    def id(self) -> str:
        return self.objective.id

    @property
    def is_open(self) -> bool:
        return self.status in OPEN


SignalKind = Literal["errors", "unmeasured", "at_risk", "off_track", "overdue", "stale", "never_validated",
                     "no_activity", "activity_gap", "risk", "scorecard", "no_live_plan"]
OBJECTIVE_SIGNALS: frozenset[SignalKind] = frozenset({"unmeasured", "at_risk", "off_track", "overdue", "stale",
                                                      "never_validated"})
"""The signals about one objective: they name it in `objective`."""


@dataclass(frozen=True, slots=True, kw_only=True)
class HealthSignal:
    """One reason for a customer's health (SPEC §3), as facts: each renderer words it
    (wording.health_reason), so nothing reads an objective id back out of a sentence."""

    kind: SignalKind
    color: HealthColor
    objective: str | None = None  # the objective's id, for the kinds in OBJECTIVE_SIGNALS
    risk: str | None = None  # the open risk's id (risk)
    measure: str | None = None  # the scorecard measure (scorecard)
    progress: Fraction | None = None  # at_risk, off_track: done so far, unclamped
    expected: Fraction | None = None  # at_risk, off_track: expected by now
    date: dt.date | None = None  # overdue: the due date; stale: last validated; activity_gap: the last
    # activity; scorecard: the reading's date
    days: int | None = None  # stale: stale_after_days; activity_gap: activity_gap_days


@dataclass(frozen=True, slots=True, kw_only=True)
class Health:
    color: HealthColor
    signals: tuple[HealthSignal, ...]  # every signal worse than green, worst first


@dataclass(frozen=True, slots=True, kw_only=True)
class HealthPoint:
    date: dt.date
    color: HealthColor
    signals: tuple[HealthSignal, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class HealthTimeline:
    """A customer's health at the end of every week of the last four quarters (timeline.py)."""

    points: tuple[HealthPoint, ...]  # oldest first, from the first record on; the last is the as-of date
    first_record: dt.date | None = None  # the customer's earliest activity, objective start or customer_since

    def changes(self) -> tuple[tuple[HealthPoint, HealthPoint], ...]:
        """(before, after) for every point whose color differs from the point before it."""
        return tuple((a, b) for a, b in zip(self.points, self.points[1:], strict=False) if a.color != b.color)


AgendaKind = Literal["revalidate", "task", "chase", "risk_review", "objective_due", "exec_checkin", "ebr", "activity",
                     "fix"]


@dataclass(frozen=True, slots=True, kw_only=True)
class AgendaItem:
    """One action of the week's work (SPEC §10), as facts: who, which customer, what, by when, and
    where in the files it comes from. The agenda command and the site word it
    (wording.agenda_title); the fields after `line` are what that wording needs, per kind."""

    csm: str | None
    customer: str  # customer id
    customer_name: str
    arr: int | float | None
    kind: AgendaKind
    due: dt.date
    late: bool  # due before the as-of date
    objective: str | None  # objective id
    objective_title: str | None
    file: str
    line: int
    since: dt.date | None = None  # revalidate: last validated (None: never); exec_checkin: the latest
    # check-in or EBR, activity: the latest activity (None: none logged); risk_review: the latest dated
    # update (None: none yet)
    started: dt.date | None = None  # when the objective started (revalidate counts from it when never
    # validated); risk_review: when the risk was opened
    task: str | None = None  # task, chase: its title
    owner: str | None = None  # task: its owner (a vendor handle); chase: the stakeholder's id
    owner_name: str | None = None  # chase: the stakeholder's name
    risk: str | None = None  # risk_review: the risk's id
    risk_title: str | None = None  # risk_review: its title
    severity: str | None = None  # risk_review: medium or high
    track: Track | None = None  # objective_due: where the objective stands
    renewal: dt.date | None = None  # ebr: the renewal date
    errors: int = 0  # fix: how many errors the files have
    first_error: Problem | None = None  # fix: the first of them

    def days_from(self, as_of: dt.date) -> int:
        return (self.due - as_of).days


ActionKind = Literal["objective", "task", "risk", "problem", "renewal"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Action:
    """One thing in an account that needs a decision (attention.py), as facts; the site words it."""

    kind: ActionKind
    color: HealthColor  # how bad, on the health scale
    objective: str | None = None  # objective id (objective, task, problem, or the first a risk names)
    risk: str | None = None  # risk id (risk, problem)
    problem: Problem | None = None  # problem: the warning about the account (its code and message)
    track: Track | None = None  # objective: off_track or overdue
    progress: Fraction | None = None  # objective off track: done so far
    expected: Fraction | None = None  # objective off track: expected by now
    due: dt.date | None = None  # objective, task: its due date; renewal: the renewal date
    days: int = 0  # overdue or late by (objective, task), open for (risk), until the renewal (renewal)
    task: str | None = None  # task: its title
    owner: str | None = None  # task: its owner, a stakeholder id or a vendor handle


@dataclass(frozen=True, slots=True, kw_only=True)
class CustomerStatus:
    """A customer computed at the as-of date: everything every renderer reads about it."""

    customer: Customer
    as_of: dt.date
    objectives: tuple[ObjectiveStatus, ...]  # in display order: open by priority, then the rest
    health: Health
    health_at_quarter_start: Health
    last_activity: dt.date | None
    problems: tuple[Problem, ...]  # the waived and turned-off warnings left out (they are in `waived`)
    waived: tuple[Waived, ...] = ()
    scorecard: tuple[ScorecardReading, ...] = ()  # the latest reading of each measure at the as-of date
    agenda: tuple[AgendaItem, ...] = ()  # every action of the week's work, whatever its due date
    actions: tuple[Action, ...] = ()  # what needs a decision, in the order Needs attention lists it
    timeline: HealthTimeline | None = None  # health week by week; computed for the site only

    @property
    def id(self) -> str:
        return self.customer.id

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")

    @property
    def open_objectives(self) -> tuple[ObjectiveStatus, ...]:
        return tuple(o for o in self.objectives if o.is_open)

    @property
    def stale_count(self) -> int:
        return sum(1 for o in self.objectives if o.stale)


@dataclass(frozen=True, slots=True, kw_only=True)
class Renewal:
    customer_id: str
    name: str
    date: dt.date
    health: HealthColor
    arr: Number | None


@dataclass(frozen=True, slots=True, kw_only=True)
class HealthMove:
    customer_id: str
    name: str
    before: HealthColor
    after: HealthColor

    @property
    def direction(self) -> Literal["better", "worse", "same"]:
        rank = {color: i for i, color in enumerate(HEALTH_ORDER)}
        before, after = rank.get(self.before, len(rank)), rank.get(self.after, len(rank))
        return "better" if after < before else "worse" if after > before else "same"


@dataclass(frozen=True, slots=True, kw_only=True)
class PortfolioFigures:
    """The two columns a CS leader reads (SPEC §3)."""

    # customer success
    customers: int
    customers_with_recent_success: int  # an objective achieved in the last 365 days
    achieved_per_quarter: tuple[tuple[str, int], ...]  # ("2026-Q3", 4), oldest first
    median_days_to_first_value: Fraction | None
    time_to_value_samples: int
    value_achieved_usd: Number  # every objective achieved on or before the as-of date
    value_achieved_365_usd: Number  # achieved within the 365 days before the as-of date (SPEC §9's window)
    median_days_to_first_value_recent: Fraction | None  # over customers since at most RECENT_CUSTOMER_DAYS
    recent_value_customers: int  # how many of those customers reached a first value
    recent_customers: int  # customers whose customer_since is within RECENT_CUSTOMER_DAYS before the as-of date
    open_objectives: int
    open_validated_in_window: int
    # business
    customers_by_health: Mapping[str, int]
    arr_by_health: Mapping[str, Number]
    renewals: tuple[Renewal, ...]  # within renewal_window_days after as-of, soonest first
    health_moves: tuple[HealthMove, ...]  # since the start of the quarter, every customer
    quarter_start: dt.date

    @property
    def recent_success_share(self) -> Fraction | None:
        return Fraction(self.customers_with_recent_success, self.customers) if self.customers else None

    @property
    def arr_total(self) -> Number:
        return sum(self.arr_by_health.values(), start=0)


@dataclass(frozen=True, slots=True, kw_only=True)
class Portfolio:
    """Everything the renderers need: every customer's status, all problems, the figures."""

    as_of: dt.date
    customers: tuple[CustomerStatus, ...]  # sorted by name
    problems: tuple[Problem, ...]  # every problem, sorted (includes folder-level ones and team.yaml's)
    figures: PortfolioFigures
    team: TeamRoster | None = None  # team.yaml, when there is one that reads

    def customer(self, customer_id: str) -> CustomerStatus | None:
        return next((c for c in self.customers if c.id == customer_id), None)

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    @property
    def roster(self) -> dict[str, str]:
        """Each team handle's name from team.yaml (people.Roster); empty without a roster."""
        return self.team.names() if self.team is not None else {}
