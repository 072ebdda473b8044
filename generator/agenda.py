"""The week's work (SPEC §10): one dated action per thing a CSM must do, computed from the model.

Each customer's items are computed beside its status (portfolio.customer_status), whatever their
due date; `agenda_items` picks those due within the horizon and orders them. The `agenda`
command, the CSM pages ("This week") and the team page read them and never decide a due date
themselves; wording.agenda_title says each in words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence

from .compute import log_file
from .config import Config
from .model import AgendaItem, AgendaKind, Customer, CustomerFile, CustomerStatus, ObjectiveStatus, Portfolio, Task
from .problems import Problem

KINDS: tuple[AgendaKind, ...] = ("revalidate", "task", "objective_due", "exec_checkin", "ebr", "activity", "fix")
_KIND_RANK = {kind: i for i, kind in enumerate(KINDS)}
DEFAULT_DAYS = 14
MAX_DAYS = 366
EBR_LOOKBACK_DAYS = 180  # as SP108: an EBR in the 180 days before the as-of date covers the renewal


def _days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def customer_agenda(cu: Customer, objectives: Sequence[ObjectiveStatus], problems: Sequence[Problem],
                    as_of: dt.date, config: Config) -> Iterator[AgendaItem]:
    """Every agenda item of one customer, whatever its due date (filtering is the caller's)."""
    arr = cu.arr if cu.arr is None else (int(cu.arr) if cu.arr == int(cu.arr) else float(cu.arr))

    def item(kind: AgendaKind, due: dt.date, file: str, line: int, objective: ObjectiveStatus | None = None, *,
             since: dt.date | None = None, task: Task | None = None, renewal: dt.date | None = None,
             errors: Sequence[Problem] = ()) -> AgendaItem:
        o = objective.objective if objective is not None else None
        return AgendaItem(csm=cu.csm, customer=cu.id, customer_name=cu.name, arr=arr, kind=kind, due=due,
                          late=due < as_of, objective=o.id if o else None, objective_title=o.title if o else None,
                          file=file, line=line, since=since, started=o.started if o else None,
                          task=task.title if task else None, owner=task.owner if task else None,
                          track=objective.track if objective is not None and kind == "objective_due" else None,
                          renewal=renewal, errors=len(errors), first_error=errors[0] if errors else None)

    for s in objectives:
        if not s.is_open:
            continue
        o = s.objective
        src = o.source
        validated = o.last_validated
        yield item("revalidate", (validated or o.started) + _days(config.stale_after_days), src.path,
                   src.at("last_validated" if validated is not None else "started")[0], s, since=validated)
        for index, task in enumerate(o.tasks):
            if task.due is None or (task.done is not None and task.done <= as_of):
                continue
            if cu.stakeholder(task.owner) is not None:
                continue  # the customer's side owns it: not the CSM's action
            yield item("task", task.due, src.path, src.at(f"tasks[{index}]", "tasks")[0], s, task=task)
        yield item("objective_due", o.due, src.path, src.at("due")[0], s)

    if CustomerFile.ACTIVITY not in cu.unparsed:  # an unreadable log is a "fix" item, not a missing contact
        log_path = log_file(cu, as_of)
        dated = [a for a in cu.activities if a.date <= as_of]
        exec_dates = [a.date for a in dated if a.kind in ("exec_checkin", "ebr")]
        last_exec = max(exec_dates) if exec_dates else None
        yield item("exec_checkin", last_exec + _days(config.exec_checkin_days) if last_exec else as_of, log_path, 1,
                   since=last_exec)
        renewal = cu.renewal_date
        if renewal is not None and as_of <= renewal <= as_of + _days(config.renewal_window_days):
            since = as_of - _days(EBR_LOOKBACK_DAYS)
            if not any(a.kind == "ebr" and since <= a.date for a in dated):
                yield item("ebr", renewal, cu.source.path, cu.source.at("renewal_date")[0], renewal=renewal)
        last = max(a.date for a in dated) if dated else None
        yield item("activity", last + _days(config.activity_gap_days) if last else as_of, log_path, 1, since=last)

    errors = [p for p in problems if p.severity == "error"]
    if errors:
        yield item("fix", as_of, errors[0].file, errors[0].line, errors=errors)


def sort_key(item: AgendaItem) -> tuple[object, ...]:
    """SPEC §10's order: due date, ARR (largest first), customer, kind, objective, then title: only
    tasks of one objective can tie that far, and they are told apart by their own title (then owner)."""
    return (item.due, -(item.arr or 0), item.customer, _KIND_RANK[item.kind], item.objective or "",
            item.task or "", item.owner or "")


def agenda_items(customers: Iterable[CustomerStatus], as_of: dt.date,
                 days: int = DEFAULT_DAYS) -> tuple[AgendaItem, ...]:
    """Items due on or before as-of + days (late ones included), in the order of SPEC §10."""
    horizon = as_of + _days(days)
    items = [i for c in customers for i in c.agenda if i.due <= horizon]
    return tuple(sorted(items, key=sort_key))


def portfolio_agenda(portfolio: Portfolio, days: int = DEFAULT_DAYS, csm: str | None = None) -> tuple[AgendaItem, ...]:
    customers = [c for c in portfolio.customers if csm is None or c.customer.csm == csm]
    return agenda_items(customers, portfolio.as_of, days)
