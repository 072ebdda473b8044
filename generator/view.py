"""The customer-facing view: the only data a deck or digest renderer ever receives.

SPEC §5 gives the customer-facing rule as an allowlist, so the view is built the same way: each
record below holds only allowed fields, copied one by one. Internal activities and
`audience: internal` objectives are dropped *before* progress is computed, so no internal reading
moves a number the customer sees. Nothing here holds a Customer, a CustomerStatus or a Portfolio:
ARR, CRM links, scorecards, health, risks, problems, Markdown bodies, notes, `closed.evidence`,
`x-` fields and every other customer's data are out of reach by construction. From the team roster
(team.yaml) only the name of a vendor handle comes in, as that handle's name (FROM_ROSTER).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from .compute import objective_statuses
from .config import Config
from .model import OPEN, CustomerStatus, Number
from .people import Roster, name_for_customer


# The view's fields that copy no file field of their own record: computed values, another file kind's
# records, configuration. Every other field copies the file field of the same name (`closed_date` is
# `closed.date`); the handbook's "customer-facing" column is read from that, and a test fails when a
# new field is neither.
NOT_FROM_FIELDS: dict[str, tuple[str, ...]] = {
    "CustomerView": ("company_name", "as_of"),
    "ViewObjective": ("key", "track", "progress", "expected", "current", "readings"),
    "ViewTask": ("owner_is_customer",),
}
# Fields that reach the customer only in another form: ids and handles become people's names, and
# `persona` only chooses who appears where.
SHOWN_AS_NAME: dict[str, tuple[str, ...]] = {
    "CustomerView": ("csm",),
    "ViewTask": ("owner",),
    "ViewObjective": ("validated_by", "closed_confirmed_by"),
    "ViewActivity": ("attendees",),
}
NEVER_PRINTED: dict[str, tuple[str, ...]] = {"ViewPerson": ("persona",)}
# The team roster's fields that reach the customer (SPEC §12): a vendor handle's `name`, where the
# customer's own account team does not name the handle. Nothing else of team.yaml does.
FROM_ROSTER: tuple[str, ...] = ("name",)


@dataclass(frozen=True, slots=True, kw_only=True)
class ViewPerson:
    name: str
    title: str | None
    persona: str  # chooses who appears where (the sponsor); never printed (SPEC §9)


@dataclass(frozen=True, slots=True, kw_only=True)
class ViewTeamMember:
    role: str
    name: str
    email: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ViewTask:
    title: str
    owner: str  # a person's name, or "Your <company> team"; never a handle
    owner_is_customer: bool  # the owner is one of the customer's stakeholders
    due: dt.date | None
    done: dt.date | None  # only when done by the as-of date


@dataclass(frozen=True, slots=True, kw_only=True)
class ViewMetric:
    name: str
    unit: str | None
    baseline: Number
    target: Number


@dataclass(frozen=True, slots=True, kw_only=True)
class ViewObjective:
    key: str  # the objective's file stem, used only to join readings; never printed
    title: str
    status: str  # at the as-of date
    priority: int | None
    started: dt.date
    due: dt.date
    metric: ViewMetric | None
    success_criteria: str | None
    tasks: tuple[ViewTask, ...]
    last_validated: dt.date | None
    validated_by: str | None  # the stakeholder's name
    closed_date: dt.date | None
    closed_confirmed_by: str | None  # the stakeholder's name
    closed_summary: str | None
    value_statement: str | None
    asks: tuple[str, ...]
    recovery: str | None  # what changes to get back on plan (SPEC §12)
    # computed from the fields above and customer-facing readings only
    track: str
    progress: Fraction | None
    expected: Fraction
    current: Number | None
    readings: tuple[tuple[dt.date, Number], ...]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN


@dataclass(frozen=True, slots=True, kw_only=True)
class ViewActivity:
    date: dt.date
    kind: str
    title: str
    readings: tuple[tuple[str, Number], ...]  # objective key → value
    attendees: tuple[str, ...]  # names


@dataclass(frozen=True, slots=True, kw_only=True)
class CustomerView:
    """What a customer may see of their own plan (SPEC §5), at the as-of date."""

    name: str
    company_name: str
    as_of: dt.date
    csm: str  # the owning CSM by name, or "Your <company> team"
    next_review: dt.date | None
    logo: bytes | None  # a PNG or JPEG checked when loading
    account_team: tuple[ViewTeamMember, ...]
    stakeholders: tuple[ViewPerson, ...]
    objectives: tuple[ViewObjective, ...]  # open by priority, then closed, newest first
    activities: tuple[ViewActivity, ...]  # dated ≤ as-of, oldest first

    def objective(self, key: str) -> ViewObjective | None:
        return next((o for o in self.objectives if o.key == key), None)


def customer_view(status: CustomerStatus, config: Config, roster: Roster | None = None) -> CustomerView:
    """Filter first, then compute: the view of one customer for decks and digests. Vendor handles
    become names from the customer's own account team or the roster (people.name_for_customer)."""
    customer = status.customer
    as_of = status.as_of
    visible_objectives = tuple(o for o in customer.objectives if o.audience == "customer")
    visible_ids = {o.id for o in visible_objectives}
    visible_activities = tuple(a for a in customer.activities if not a.internal)
    filtered = dataclasses.replace(customer, objectives=visible_objectives, activities=visible_activities)
    names = {s.id: s.name for s in customer.stakeholders}

    def vendor(handle: str | None) -> str:
        return name_for_customer(handle, customer, config.company_name, roster)

    def name_of(stakeholder_id: str | None) -> str | None:
        return names.get(stakeholder_id) if stakeholder_id else None

    objectives = []
    for s in objective_statuses(filtered, as_of, config):
        o = s.objective
        metric = ViewMetric(name=o.metric.name, unit=o.metric.unit, baseline=o.metric.baseline,
                            target=o.metric.target) if o.metric else None
        tasks = tuple(ViewTask(title=t.title, owner=names.get(t.owner) or vendor(t.owner),
                               owner_is_customer=t.owner in names, due=t.due,
                               done=t.done if t.done is not None and t.done <= as_of else None) for t in o.tasks)
        closed = o.closed if s.status not in OPEN else None
        objectives.append(ViewObjective(
            key=o.id, title=o.title, status=s.status, priority=o.priority, started=o.started, due=o.due,
            metric=metric, success_criteria=o.success_criteria, tasks=tasks,
            last_validated=o.last_validated if o.last_validated and o.last_validated <= as_of else None,
            validated_by=name_of(o.validated_by) if o.last_validated and o.last_validated <= as_of else None,
            closed_date=closed.date if closed else None,
            closed_confirmed_by=name_of(closed.confirmed_by) if closed else None,
            closed_summary=closed.summary if closed else None,
            value_statement=o.value_statement, asks=o.asks, recovery=o.recovery,
            track=s.track, progress=s.progress, expected=s.expected, current=s.current,
            readings=tuple((r.date, r.value) for r in s.readings),
        ))
    activities = tuple(
        ViewActivity(date=a.date, kind=a.kind, title=a.title,
                     readings=tuple((key, value) for key, value in a.readings if key in visible_ids),
                     attendees=tuple(names[p] for p in a.attendees if p in names))
        for a in sorted(visible_activities, key=lambda a: (a.date, a.index)) if a.date <= as_of
    )
    return CustomerView(
        name=customer.name,
        company_name=config.company_name,
        as_of=as_of,
        csm=vendor(customer.csm),
        next_review=customer.next_review,
        logo=customer.logo_data,
        account_team=tuple(ViewTeamMember(role=m.role, name=m.name, email=m.email) for m in customer.account_team),
        stakeholders=tuple(ViewPerson(name=p.name, title=p.title, persona=p.persona) for p in customer.stakeholders),
        objectives=tuple(objectives),
        activities=activities,
    )
