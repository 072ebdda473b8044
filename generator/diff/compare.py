"""The differences between two portfolios, in the plan's terms.

Both sides are computed at the same as-of date, so every difference comes from the files:
objectives added or removed, status, priority, progress and track, validations, other objective
fields, tasks, stakeholders, risks, customer fields, activity entries, health, and problems
(matched by code, file and message, since line numbers move when lines are added).

A file that stops parsing is reported as unreadable, not as everything in it removed: what it
held is left out of the comparison on both sides.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..model import (Activity, Customer, CustomerFile, CustomerStatus, Objective, ObjectiveStatus, Portfolio, Risk,
                     Stakeholder, Task)
from ..problems import UNREADABLE_CODES, Problem
from ..wording import health_reason
from .settings import SettingChange, SettingsEffect, signal_key


def _value(value: Any) -> Any:
    """JSON-friendly: dates as text, exact numbers as int or float."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Fraction):
        return float(value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and abs(value) < 2**53 else float(value)
    return value


@dataclass(frozen=True, kw_only=True)
class ObjectiveRef:
    id: str
    title: str
    status: str
    due: str
    priority: int | None


@dataclass(frozen=True, kw_only=True)
class Change:
    """One field that changed: `objective` is None for a customer.yaml field."""

    objective: str | None
    field: str
    before: Any
    after: Any


@dataclass(frozen=True, kw_only=True)
class StatusChange:
    objective: str
    before: str
    after: str
    closed_date: str | None
    confirmed_by: str | None


@dataclass(frozen=True, kw_only=True)
class ProgressChange:
    objective: str
    progress_before: float | None
    progress_after: float | None
    current_before: Any
    current_after: Any
    unit: str | None
    track_before: str
    track_after: str


@dataclass(frozen=True, kw_only=True)
class Validation:
    objective: str
    last_validated: str | None
    validated_by: str | None
    before: str | None


@dataclass(frozen=True, kw_only=True)
class ActivityRef:
    date: str
    kind: str
    title: str
    internal: bool


@dataclass(frozen=True, kw_only=True)
class ItemChange:
    """A field of a stakeholder or a risk that changed."""

    id: str
    field: str
    before: Any
    after: Any


@dataclass(frozen=True, kw_only=True)
class StakeholderRef:
    id: str
    name: str
    persona: str
    title: str | None


@dataclass(frozen=True, kw_only=True)
class RiskRef:
    id: str
    title: str
    kind: str
    severity: str
    status: str
    escalation: str


@dataclass(frozen=True, kw_only=True)
class TaskChange:
    """A task of an objective that was added, removed, done or is now late (`change`)."""

    objective: str
    change: str
    title: str
    owner: str
    due: str | None
    done: str | None


@dataclass(frozen=True, kw_only=True)
class Unreadable:
    """A file that no longer parses, or whose objective or risk can no longer be read because of
    an invalid value; what it held is left out of the comparison. `code` and `line`: its first error."""

    file: str
    code: str
    line: int

    @property
    def unparsed(self) -> bool:
        """The file no longer reads as data at all (rather than holding an invalid value)."""
        return self.code in UNREADABLE_CODES


@dataclass(kw_only=True)
class CustomerDiff:
    """What changed for one customer; `change` is added, removed or changed."""

    id: str
    name: str
    change: str
    health_before: str | None = None
    health_after: str | None = None
    new_health_reasons: list[str] = field(default_factory=list)
    objectives_added: list[ObjectiveRef] = field(default_factory=list)
    objectives_removed: list[ObjectiveRef] = field(default_factory=list)
    status_changes: list[StatusChange] = field(default_factory=list)
    priority_changes: list[Change] = field(default_factory=list)
    progress_changes: list[ProgressChange] = field(default_factory=list)
    validations: list[Validation] = field(default_factory=list)
    field_changes: list[Change] = field(default_factory=list)
    task_changes: list[TaskChange] = field(default_factory=list)
    stakeholders_added: list[StakeholderRef] = field(default_factory=list)
    stakeholders_removed: list[StakeholderRef] = field(default_factory=list)
    stakeholder_changes: list[ItemChange] = field(default_factory=list)
    risks_opened: list[RiskRef] = field(default_factory=list)
    risks_removed: list[RiskRef] = field(default_factory=list)
    risk_changes: list[ItemChange] = field(default_factory=list)
    activity_added: list[ActivityRef] = field(default_factory=list)
    activity_removed: list[ActivityRef] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)
    problems_introduced: list[Problem] = field(default_factory=list)
    problems_fixed: list[Problem] = field(default_factory=list)
    settings_effect: SettingsEffect | None = None  # what the changed plugin options alone do here

    @property
    def empty(self) -> bool:
        return self.change == "changed" and self.health_before == self.health_after and \
            self.settings_effect is None and not any(
            (self.objectives_added, self.objectives_removed, self.status_changes, self.priority_changes,
             self.progress_changes, self.validations, self.field_changes, self.task_changes,
             self.stakeholders_added, self.stakeholders_removed, self.stakeholder_changes, self.risks_opened,
             self.risks_removed, self.risk_changes, self.activity_added, self.activity_removed, self.unreadable,
             self.problems_introduced, self.problems_fixed))


@dataclass(kw_only=True)
class PlanDiff:
    base: str
    head: str | None  # None: the working tree
    as_of: dt.date
    customers: list[CustomerDiff]
    settings: list[SettingChange] = field(default_factory=list)  # plugin options changed in mkdocs.yml
    settings_unread: str | None = None  # why the base's options could not be read (then both sides use the head's)


OBJECTIVE_FIELDS = ("title", "started", "due", "audience", "success_criteria", "value_usd")
CUSTOMER_FIELDS = ("name", "csm", "segment", "renewal_date", "lifecycle_stage", "arr", "customer_since")


def _ref(objective: Objective) -> ObjectiveRef:
    return ObjectiveRef(id=objective.id, title=objective.title, status=objective.status, due=objective.due.isoformat(),
                        priority=objective.priority)


def _activity_key(a: Activity) -> tuple[Any, ...]:
    return (a.date, a.kind, a.title, a.objectives, tuple((k, str(v)) for k, v in a.readings), a.attendees,
            a.author, a.internal, a.notes)


def _activity_ref(a: Activity) -> ActivityRef:
    return ActivityRef(date=a.date.isoformat(), kind=a.kind, title=a.title, internal=a.internal)


def _multiset_diff(before: list[Any], after: list[Any], key: Any) -> tuple[list[Any], list[Any]]:
    """(items only in after, items only in before), counting duplicates."""
    return _only_in(after, before, key), _only_in(before, after, key)


def _only_in(items: list[Any], other: list[Any], key: Any) -> list[Any]:
    """The items of `items` that `other` does not also hold (as many times)."""
    remaining = Counter(key(x) for x in other)
    found = []
    for item in items:
        k = key(item)
        if remaining[k]:
            remaining[k] -= 1
        else:
            found.append(item)
    return found


def _problem_key(p: Problem) -> tuple[str, str, str]:
    return (p.code, p.file, p.message)


def _metric_unit(s: ObjectiveStatus) -> str | None:
    return s.objective.metric.unit if s.objective.metric else None


def _compare_objectives(out: CustomerDiff, before: CustomerStatus | None, after: CustomerStatus | None,
                        unreadable_before: set[str], unreadable_after: set[str]) -> None:
    old = {s.id: s for s in before.objectives} if before else {}
    new = {s.id: s for s in after.objectives} if after else {}

    def rel(status: ObjectiveStatus) -> str:
        return status.objective.source.path

    out.objectives_added = [_ref(new[i].objective) for i in new if i not in old and rel(new[i]) not in
                            unreadable_before]
    out.objectives_removed = [_ref(old[i].objective) for i in old if i not in new and rel(old[i]) not in
                              unreadable_after]
    for oid in (i for i in new if i in old):
        a, b = old[oid], new[oid]
        oa, ob = a.objective, b.objective
        if oa.status != ob.status:
            closed = ob.closed
            out.status_changes.append(StatusChange(objective=oid, before=oa.status, after=ob.status,
                                                   closed_date=_value(closed.date) if closed else None,
                                                   confirmed_by=closed.confirmed_by if closed else None))
        if oa.priority != ob.priority:
            out.priority_changes.append(Change(objective=oid, field="priority", before=oa.priority, after=ob.priority))
        if a.progress != b.progress or a.track != b.track or a.current != b.current:
            out.progress_changes.append(ProgressChange(
                objective=oid, progress_before=_value(a.progress), progress_after=_value(b.progress),
                current_before=_value(a.current), current_after=_value(b.current), unit=_metric_unit(b),
                track_before=a.track, track_after=b.track))
        if (oa.last_validated, oa.validated_by) != (ob.last_validated, ob.validated_by):
            out.validations.append(Validation(objective=oid, last_validated=_value(ob.last_validated),
                                              validated_by=ob.validated_by,
                                              before=_value(oa.last_validated)))
        for name in OBJECTIVE_FIELDS:
            va, vb = getattr(oa, name), getattr(ob, name)
            if va != vb:
                out.field_changes.append(Change(objective=oid, field=name, before=_value(va), after=_value(vb)))
        if oa.metric != ob.metric and oa.metric is not None and ob.metric is not None:
            for name in ("baseline", "target", "name", "unit"):
                va, vb = getattr(oa.metric, name), getattr(ob.metric, name)
                if va != vb:
                    out.field_changes.append(Change(objective=oid, field=f"metric.{name}", before=_value(va),
                                                    after=_value(vb)))
        elif (oa.metric is None) != (ob.metric is None):
            out.field_changes.append(Change(objective=oid, field="metric", before=oa.metric.name if oa.metric else None,
                                            after=ob.metric.name if ob.metric else None))
        out.task_changes.extend(_task_changes(oid, oa.tasks, ob.tasks, after.as_of if after else None))
    for oid in (i for i in new if i not in old and rel(new[i]) not in unreadable_before):
        out.task_changes.extend(_task_changes(oid, (), new[oid].objective.tasks, after.as_of if after else None))


def _late(task: Task, as_of: dt.date | None) -> bool:
    return as_of is not None and task.due is not None and task.due < as_of and (task.done is None or
                                                                                task.done > as_of)


def _task_change(objective: str, change: str, task: Task) -> TaskChange:
    return TaskChange(objective=objective, change=change, title=task.title, owner=task.owner, due=_value(task.due),
                      done=_value(task.done))


def _task_changes(objective: str, before: tuple[Task, ...], after: tuple[Task, ...],
                  as_of: dt.date | None) -> list[TaskChange]:
    """Tasks matched by title: added, removed, done (a done date appeared) and now late."""
    found: list[TaskChange] = []
    added, removed = _multiset_diff(list(before), list(after), lambda t: t.title)
    found.extend(_task_change(objective, "removed", t) for t in removed)
    old = {t.title: t for t in before}
    for task in after:
        previous = old.get(task.title)
        if task in added:
            found.append(_task_change(objective, "added", task))
        elif previous is not None and task.done is not None and previous.done is None:
            found.append(_task_change(objective, "done", task))
        if _late(task, as_of) and (previous is None or not _late(previous, as_of)):
            found.append(_task_change(objective, "late", task))
    return found


def _stakeholder_ref(s: Stakeholder) -> StakeholderRef:
    return StakeholderRef(id=s.id, name=s.name, persona=s.persona, title=s.title)


def _compare_stakeholders(out: CustomerDiff, before: Customer, after: Customer) -> None:
    old = {s.id: s for s in before.stakeholders}
    new = {s.id: s for s in after.stakeholders}
    # a person whose entry has an invalid value is still named in the file: their problem says so
    out.stakeholders_added = [_stakeholder_ref(new[i]) for i in new if i not in old
                              and i not in before.known_stakeholder_ids]
    out.stakeholders_removed = [_stakeholder_ref(old[i]) for i in old if i not in new
                                and i not in after.known_stakeholder_ids]
    for sid in (i for i in new if i in old):
        for name in ("name", "persona", "title", "email", "location"):
            va, vb = getattr(old[sid], name), getattr(new[sid], name)
            if va != vb:
                out.stakeholder_changes.append(ItemChange(id=sid, field=name, before=va, after=vb))


def _risk_ref(r: Risk) -> RiskRef:
    return RiskRef(id=r.id, title=r.title, kind=r.kind, severity=r.severity, status=r.status, escalation=r.escalation)


def _compare_risks(out: CustomerDiff, before: Customer | None, after: Customer | None,
                   unreadable_before: set[str], unreadable_after: set[str]) -> None:
    old = {r.id: r for r in before.risks} if before else {}
    new = {r.id: r for r in after.risks} if after else {}
    out.risks_opened = [_risk_ref(new[i]) for i in new if i not in old and new[i].source.path not in
                        unreadable_before]
    out.risks_removed = [_risk_ref(old[i]) for i in old if i not in new and old[i].source.path not in
                         unreadable_after]
    for rid in (i for i in new if i in old):
        for name in ("status", "severity", "escalation", "title", "kind", "owner"):
            va, vb = getattr(old[rid], name), getattr(new[rid], name)
            if va != vb:
                out.risk_changes.append(ItemChange(id=rid, field=name, before=va, after=vb))




def _first_errors(problems: list[Problem]) -> dict[str, Problem]:
    """The first error of each file with errors, reading problems (SP001-SP003) first."""
    found: dict[str, Problem] = {}
    ordered = sorted(problems, key=lambda p: (not p.unreadable, p.sort_key))
    for p in ordered:
        if p.severity == "error":
            found.setdefault(p.file, p)
    return found


def compare_customer(customer_id: str, before: CustomerStatus | None, after: CustomerStatus | None,
                     problems_before: list[Problem], problems_after: list[Problem]) -> CustomerDiff:
    current = after or before
    name = current.customer.name if current else customer_id
    if after is not None and before is not None and CustomerFile.CUSTOMER in after.customer.unparsed:
        name = before.customer.name  # the name cannot be read now; show the one it had
    change = "added" if before is None and after is not None else "removed" if after is None and before is not None \
        else "changed"
    out = CustomerDiff(id=customer_id, name=name, change=change)
    out.health_before = before.health.color if before else None
    out.health_after = after.health.color if after else None
    if before and after and out.health_before != out.health_after:
        # a reason is new when it reads differently: progress moving by less than a percent is not news
        old_reasons = {health_reason(signal, before.customer) for signal in before.health.signals}
        out.new_health_reasons = [reason for reason in (health_reason(signal, after.customer)
                                                        for signal in after.health.signals)
                                  if reason not in old_reasons]
    broken_before, broken_after = _first_errors(problems_before), _first_errors(problems_after)
    unreadable_before, unreadable_after = set(broken_before), set(broken_after)
    _compare_objectives(out, before, after, unreadable_before, unreadable_after)
    old_customer = before.customer if before else None
    new_customer = after.customer if after else None
    unparsed = (old_customer.unparsed if old_customer else frozenset()) | (
        new_customer.unparsed if new_customer else frozenset())
    if old_customer and new_customer and CustomerFile.CUSTOMER not in unparsed:
        invalid_now = new_customer.source.path in broken_after
        invalid_then = old_customer.source.path in broken_before
        for name_ in CUSTOMER_FIELDS:
            va, vb = getattr(old_customer, name_), getattr(new_customer, name_)
            if vb is None and invalid_now and new_customer.source.has(name_) or \
                    va is None and invalid_then and old_customer.source.has(name_):
                continue  # present but invalid: its problem says so; it did not become (or stop being) empty
            if va != vb:
                out.field_changes.insert(0, Change(objective=None, field=name_, before=_value(va), after=_value(vb)))
    if old_customer and new_customer and CustomerFile.STAKEHOLDERS not in unparsed:
        _compare_stakeholders(out, old_customer, new_customer)
    elif old_customer is None and new_customer is not None:
        out.stakeholders_added = [_stakeholder_ref(s) for s in new_customer.stakeholders]
    _compare_risks(out, old_customer, new_customer, unreadable_before, unreadable_after)
    if CustomerFile.ACTIVITY not in unparsed:
        out.activity_added, out.activity_removed = (
            [_activity_ref(a) for a in items] for items in _multiset_diff(
                list(old_customer.activities) if old_customer else [],
                list(new_customer.activities) if new_customer else [], _activity_key))
    out.activity_added.sort(key=lambda a: a.date)
    out.activity_removed.sort(key=lambda a: a.date)
    out.problems_introduced, out.problems_fixed = _multiset_diff(problems_before, problems_after, _problem_key)
    # files that stopped parsing, and objective or risk files whose record can no longer be built
    vanished = {o.objective.source.path for o in before.objectives} if before else set()
    vanished |= {r.source.path for r in before.customer.risks} if before else set()
    vanished -= {o.objective.source.path for o in after.objectives} if after else set()
    vanished -= {r.source.path for r in after.customer.risks} if after else set()
    out.unreadable = [Unreadable(file=file, code=p.code, line=p.line) for file, p in sorted(broken_after.items())
                      if file not in broken_before and (p.unreadable or file in vanished)]
    return out


def _reworded_is_not_news(d: CustomerDiff, before: CustomerStatus | None, after: CustomerStatus | None) -> None:
    """With changed options, a problem or a health reason that stays but reads differently (a
    warning now saying "more than 60" where it said "more than 90") is not news: only the ones
    that appear or go are reported."""
    def where(p: Problem) -> tuple[str, str, int, int | None]:
        return (p.code, p.file, p.line, p.column)

    stayed = {where(p) for p in d.problems_introduced} & {where(p) for p in d.problems_fixed}
    d.problems_introduced = [p for p in d.problems_introduced if where(p) not in stayed]
    d.problems_fixed = [p for p in d.problems_fixed if where(p) not in stayed]
    if before is not None and after is not None and d.new_health_reasons:
        was = {signal_key(s) for s in before.health.signals}
        d.new_health_reasons = [health_reason(s, after.customer) for s in after.health.signals
                                if signal_key(s) not in was]


def compare_portfolios(before: Portfolio, after: Portfolio, base: str, head: str | None, *,
                       settings: list[SettingChange] | None = None,
                       effects: dict[str, SettingsEffect] | None = None,
                       settings_unread: str | None = None) -> PlanDiff:
    """Every customer whose plan differs between the two portfolios, sorted by name; `settings` are
    the options that changed, and `effects` what they alone do to each customer (settings.py)."""
    old = {c.id: c for c in before.customers}
    new = {c.id: c for c in after.customers}

    def problems_by_customer(portfolio: Portfolio) -> dict[str, list[Problem]]:
        grouped: dict[str, list[Problem]] = {}
        for p in portfolio.problems:
            grouped.setdefault(p.customer or "", []).append(p)
        return grouped

    old_problems, new_problems = problems_by_customer(before), problems_by_customer(after)
    ids = set(old) | set(new) | set(old_problems) | set(new_problems)
    diffs = []
    for customer_id in ids:
        d = compare_customer(customer_id, old.get(customer_id), new.get(customer_id),
                             old_problems.get(customer_id, []), new_problems.get(customer_id, []))
        if customer_id in old:  # a new customer has no "before" for the options to have changed
            d.settings_effect = (effects or {}).get(customer_id)
        if any(c.model for c in settings or ()):
            _reworded_is_not_news(d, old.get(customer_id), new.get(customer_id))
        if not d.empty:
            diffs.append(d)
    diffs.sort(key=lambda d: (d.id == "", d.name.casefold(), d.id))
    return PlanDiff(base=base, head=head, as_of=after.as_of, customers=diffs, settings=list(settings or []),
                    settings_unread=settings_unread)
