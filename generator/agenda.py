"""The week's work (SPEC §10, §12): one dated action per thing a CSM must do, computed from the model.

Each customer's items are computed beside its status (portfolio.customer_status), whatever their
due date; `agenda_items` picks those due within the horizon and orders them. The `agenda`
command, the CSM pages ("This week") and the team page read them and never decide a due date
themselves; wording.agenda_title says each in words.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence

from .compute import log_file
from .config import Config
from .model import (AgendaItem, AgendaKind, Customer, CustomerFile, CustomerStatus, ObjectiveStatus, Portfolio, Risk,
                    Task)
from .problems import Problem

KINDS: tuple[AgendaKind, ...] = ("revalidate", "task", "chase", "risk_review", "objective_due", "exec_checkin", "ebr",
                                 "activity", "fix")
_KIND_RANK = {kind: i for i, kind in enumerate(KINDS)}
DEFAULT_DAYS = 14
MAX_DAYS = 366
EBR_LOOKBACK_DAYS = 180  # as SP108: an EBR in the 180 days before the as-of date covers the renewal
REVIEWED_SEVERITIES = ("medium", "high")
"""Open risks of these severities come back on the agenda for review."""

_DATED_LINE = re.compile(r"(?:- )?(\d{4}-\d{2}-\d{2})(?!\d)")


def _days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def latest_update(risk: Risk, as_of: dt.date) -> dt.date | None:
    """The date of a risk's latest dated update on or before the as-of date: a body line that
    starts with YYYY-MM-DD, after an optional "- " list marker; later dates do not count yet."""
    found: dt.date | None = None
    for line in risk.body.splitlines():
        match = _DATED_LINE.match(line)
        if match is None:
            continue
        try:
            day = dt.date.fromisoformat(match.group(1))
        except ValueError:  # 2026-13-40 is no date: the line is text like any other
            continue
        if day <= as_of and (found is None or day > found):
            found = day
    return found


def ebr_due(cu: Customer, as_of: dt.date, config: Config) -> dt.date | None:
    """When the EBR ahead of the next renewal is due: ebr_lead_days before it, unless an EBR in the
    180 days before the as-of date already covers it (None then, or without a renewal ahead)."""
    renewal = cu.renewal_date
    if renewal is None or renewal < as_of:
        return None
    since = as_of - _days(EBR_LOOKBACK_DAYS)
    if any(a.kind == "ebr" and since <= a.date <= as_of for a in cu.activities):
        return None
    return renewal - _days(config.ebr_lead_days)


def customer_agenda(cu: Customer, objectives: Sequence[ObjectiveStatus], problems: Sequence[Problem],
                    as_of: dt.date, config: Config) -> Iterator[AgendaItem]:
    """Every agenda item of one customer, whatever its due date (filtering is the caller's)."""
    arr = cu.arr if cu.arr is None else (int(cu.arr) if cu.arr == int(cu.arr) else float(cu.arr))

    def item(kind: AgendaKind, due: dt.date, file: str, line: int, objective: ObjectiveStatus | None = None, *,
             since: dt.date | None = None, task: Task | None = None, renewal: dt.date | None = None,
             errors: Sequence[Problem] = (), risk: Risk | None = None) -> AgendaItem:
        o = objective.objective if objective is not None else None
        person = cu.stakeholder(task.owner) if task is not None and kind == "chase" else None
        return AgendaItem(csm=cu.csm, customer=cu.id, customer_name=cu.name, arr=arr, kind=kind, due=due,
                          late=due < as_of, objective=o.id if o else None, objective_title=o.title if o else None,
                          file=file, line=line, since=since,
                          started=o.started if o else risk.opened if risk is not None else None,
                          task=task.title if task else None, owner=task.owner if task else None,
                          owner_name=person.name if person is not None else None,
                          risk=risk.id if risk else None, risk_title=risk.title if risk else None,
                          severity=risk.severity if risk else None,
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
            # the customer's side owns it: the CSM's action is to chase it
            kind: AgendaKind = "chase" if cu.stakeholder(task.owner) is not None else "task"
            yield item(kind, task.due, src.path, src.at(f"tasks[{index}]", "tasks")[0], s, task=task)
        yield item("objective_due", o.due, src.path, src.at("due")[0], s)

    for risk in cu.risks:
        if risk.status != "open" or risk.opened > as_of or risk.severity not in REVIEWED_SEVERITIES:
            continue
        updated = latest_update(risk, as_of)
        yield item("risk_review", (updated or risk.opened) + _days(config.risk_review_days), risk.source.path,
                   risk.source.at("status")[0], since=updated, risk=risk)

    if CustomerFile.ACTIVITY not in cu.unparsed:  # an unreadable log is a "fix" item, not a missing contact
        log_path = log_file(cu, as_of)
        dated = [a for a in cu.activities if a.date <= as_of]
        exec_dates = [a.date for a in dated if a.kind in ("exec_checkin", "ebr")]
        last_exec = max(exec_dates) if exec_dates else None
        yield item("exec_checkin", last_exec + _days(config.exec_checkin_days) if last_exec else as_of, log_path, 1,
                   since=last_exec)
        renewal = cu.renewal_date
        due = ebr_due(cu, as_of, config)
        if renewal is not None and due is not None and renewal <= as_of + _days(config.renewal_window_days):
            yield item("ebr", due, cu.source.path, cu.source.at("renewal_date")[0], renewal=renewal)
        last = max(a.date for a in dated) if dated else None
        yield item("activity", last + _days(config.activity_gap_days) if last else as_of, log_path, 1, since=last)

    errors = [p for p in problems if p.severity == "error"]
    if errors:
        yield item("fix", as_of, errors[0].file, errors[0].line, errors=errors)


def sort_key(item: AgendaItem) -> tuple[object, ...]:
    """SPEC §10's order: due date, ARR (largest first), customer, kind, objective, then title: only
    tasks of one objective, or risk reviews of one customer, can tie that far, and they are told
    apart by what the title names: the task's own title (then owner), the risk's id."""
    return (item.due, -(item.arr or 0), item.customer, _KIND_RANK[item.kind], item.objective or "",
            item.task or "", item.owner or "", item.risk or "")


def agenda_items(customers: Iterable[CustomerStatus], as_of: dt.date,
                 days: int = DEFAULT_DAYS) -> tuple[AgendaItem, ...]:
    """Items due on or before as-of + days (late ones included), in the order of SPEC §10."""
    horizon = as_of + _days(days)
    items = [i for c in customers for i in c.agenda if i.due <= horizon]
    return tuple(sorted(items, key=sort_key))


def portfolio_agenda(portfolio: Portfolio, days: int = DEFAULT_DAYS, csm: str | None = None) -> tuple[AgendaItem, ...]:
    customers = [c for c in portfolio.customers if csm is None or c.customer.csm == csm]
    return agenda_items(customers, portfolio.as_of, days)
