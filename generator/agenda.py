"""The week's work (SPEC §10): one dated action per thing a CSM must do, computed from the model.

Pure functions of the computed portfolio and the configuration: the `agenda` command, the CSM
pages ("This week") and the team page all read `agenda_items` and never decide a due date
themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from .config import Config
from .model import CustomerFile, CustomerStatus, Portfolio
from .wording import label

AgendaKind = Literal["revalidate", "task", "objective_due", "exec_checkin", "ebr", "activity", "fix"]
KINDS: tuple[AgendaKind, ...] = ("revalidate", "task", "objective_due", "exec_checkin", "ebr", "activity", "fix")
_KIND_RANK = {kind: i for i, kind in enumerate(KINDS)}
DEFAULT_DAYS = 14
MAX_DAYS = 366
EBR_LOOKBACK_DAYS = 180  # as SP108: an EBR in the 180 days before the as-of date covers the renewal

# What to do, in a few words, per kind: the site shows it next to each item.
ACTIONS: dict[str, str] = {
    "revalidate": "Confirm with the customer that it is still a priority, then record it",
    "task": "Finish the task, or agree a new date with the customer",
    "objective_due": "Reach it, close it with the customer, or agree a new due date",
    "exec_checkin": "Meet the executive sponsor and log the check-in",
    "ebr": "Hold an executive business review before the renewal",
    "activity": "Get in touch with the customer and log it",
    "fix": "Fix the errors in the files: until then the figures and the deck are missing",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class AgendaItem:
    """One action: who, which customer, what, by when, and where in the files it comes from."""

    csm: str | None
    customer: str  # customer id
    customer_name: str
    arr: int | float | None
    kind: AgendaKind
    due: dt.date
    late: bool  # due before the as-of date
    objective: str | None  # objective id
    objective_title: str | None
    title: str  # plain words
    file: str
    line: int

    @property
    def action(self) -> str:
        return ACTIONS[self.kind]

    def days_from(self, as_of: dt.date) -> int:
        return (self.due - as_of).days

    def sort_key(self) -> tuple[object, ...]:
        return (self.due, -(self.arr or 0), self.customer, _KIND_RANK[self.kind], self.objective or "", self.title)

    def as_dict(self) -> dict[str, object]:
        """The JSON record of SPEC §10."""
        return {
            "csm": self.csm, "customer": self.customer, "kind": self.kind, "due": self.due.isoformat(),
            "late": self.late, "objective": self.objective, "title": self.title, "file": self.file,
            "line": self.line,
        }


def _days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def customer_items(c: CustomerStatus, config: Config) -> Iterator[AgendaItem]:
    """Every agenda item of one customer, whatever its due date (filtering is the caller's)."""
    cu = c.customer
    as_of = c.as_of
    arr = cu.arr if cu.arr is None else (int(cu.arr) if cu.arr == int(cu.arr) else float(cu.arr))

    def item(kind: AgendaKind, due: dt.date, title: str, file: str, line: int,
             objective: tuple[str, str] | None = None) -> AgendaItem:
        return AgendaItem(csm=cu.csm, customer=cu.id, customer_name=cu.name, arr=arr, kind=kind, due=due,
                          late=due < as_of, objective=objective[0] if objective else None,
                          objective_title=objective[1] if objective else None, title=title, file=file, line=line)

    for s in c.open_objectives:
        o = s.objective
        ref = (o.id, o.title)
        src = o.source
        if o.last_validated is not None:
            due = o.last_validated + _days(config.stale_after_days)
            yield item("revalidate", due, f"revalidate “{o.title}” (last validated {o.last_validated.isoformat()})",
                       src.path, src.at("last_validated")[0], ref)
        else:
            due = o.started + _days(config.stale_after_days)
            yield item("revalidate", due, f"validate “{o.title}” with the customer (never validated; "
                       f"started {o.started.isoformat()})", src.path, src.at("started")[0], ref)
        for index, task in enumerate(o.tasks):
            if task.due is None or (task.done is not None and task.done <= as_of):
                continue
            if cu.stakeholder(task.owner) is not None:
                continue  # the customer's side owns it: not the CSM's action
            yield item("task", task.due, f"task “{task.title}” ({task.owner}) for “{o.title}”",
                       src.path, src.at(f"tasks[{index}]", "tasks")[0], ref)
        yield item("objective_due", o.due, f"“{o.title}” is due ({label(s.track)})",
                   src.path, src.at("due")[0], ref)

    if CustomerFile.ACTIVITY not in cu.unparsed:  # an unreadable log is a "fix" item, not a missing contact
        log_path = cu.activity_path or cu.source.path
        dated = [a for a in cu.activities if a.date <= as_of]
        exec_dates = [a.date for a in dated if a.kind in ("exec_checkin", "ebr")]
        if exec_dates:
            last = max(exec_dates)
            yield item("exec_checkin", last + _days(config.exec_checkin_days),
                       f"executive check-in (last on {last.isoformat()})", log_path, 1)
        else:
            yield item("exec_checkin", as_of, "executive check-in (none logged)", log_path, 1)
        renewal = cu.renewal_date
        if renewal is not None and as_of <= renewal <= as_of + _days(config.renewal_window_days):
            since = as_of - _days(EBR_LOOKBACK_DAYS)
            if not any(a.kind == "ebr" and since <= a.date for a in dated):
                yield item("ebr", renewal, f"EBR before the renewal on {renewal.isoformat()} "
                           f"(none in the last {EBR_LOOKBACK_DAYS} days)", cu.source.path,
                           cu.source.at("renewal_date")[0])
        if dated:
            last = max(a.date for a in dated)
            yield item("activity", last + _days(config.activity_gap_days),
                       f"customer contact (last activity on {last.isoformat()})", log_path, 1)
        else:
            yield item("activity", as_of, "customer contact (no activity logged)", log_path, 1)

    errors = [p for p in c.problems if p.severity == "error"]
    if errors:
        first = errors[0]
        count = f"{len(errors)} error{'s' * (len(errors) != 1)}"
        yield item("fix", as_of, f"fix {count} in the files (first: {first.code} {first.message})",
                   first.file, first.line)


def agenda_items(customers: Iterable[CustomerStatus], as_of: dt.date, config: Config,
                 days: int = DEFAULT_DAYS) -> tuple[AgendaItem, ...]:
    """Items due on or before as-of + days (late ones included), in the order of SPEC §10."""
    horizon = as_of + _days(days)
    items = [i for c in customers for i in customer_items(c, config) if i.due <= horizon]
    return tuple(sorted(items, key=AgendaItem.sort_key))


def portfolio_agenda(portfolio: Portfolio, config: Config, days: int = DEFAULT_DAYS,
                     csm: str | None = None) -> tuple[AgendaItem, ...]:
    customers = [c for c in portfolio.customers if csm is None or c.customer.csm == csm]
    return agenda_items(customers, portfolio.as_of, config, days)
