"""Accounts at risk: what needs a decision in each account, accounts ranked by how much is at stake.

"Needs attention" is about the customer, not the files: off-track and overdue objectives, late
tasks, open medium- and high-severity risks and renewals inside the window. Each customer's
actions are computed beside its status (portfolio.customer_status); the site words them. Accounts
are ranked by health (worst first; unknown, whose health cannot be computed, first of all), then
ARR (largest first), then how soon they renew. File warnings are "data to fix" (see
`data_to_fix`), kept apart. Pure functions of the computed model.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .compute import health_rank
from .config import Config
from .model import RISK_COLOR, TRACK_COLOR, Action, Customer, CustomerStatus, Health, ObjectiveStatus, Portfolio
from .problems import Problem
from .schema import SEVERITIES


def customer_actions(cu: Customer, objectives: Sequence[ObjectiveStatus], health: Health, as_of: dt.date,
                     config: Config) -> Iterator[Action]:
    """What needs a decision in one account, in the order Needs attention lists it."""
    open_objectives = [s for s in objectives if s.is_open]
    for s in open_objectives:
        o = s.objective
        if s.track == "off_track":
            yield Action(kind="objective", color=TRACK_COLOR[s.track], objective=o.id, track=s.track,
                         progress=s.progress, expected=s.expected, due=o.due)
        elif s.track == "overdue":
            yield Action(kind="objective", color=TRACK_COLOR[s.track], objective=o.id, track=s.track, due=o.due,
                         days=(as_of - o.due).days)
    for s in open_objectives:
        for t in s.objective.tasks:
            if t.due is not None and t.due < as_of and (t.done is None or t.done > as_of):
                yield Action(kind="task", color="yellow", objective=s.id, task=t.title, owner=t.owner, due=t.due,
                             days=(as_of - t.due).days)
    for r in sorted(cu.risks, key=lambda r: (-SEVERITIES.index(r.severity), r.opened, r.id)):
        if r.status == "open" and r.opened <= as_of and r.severity in ("medium", "high"):
            yield Action(kind="risk", color=RISK_COLOR[r.severity], risk=r.id,
                         objective=r.objectives[0] if r.objectives else None, days=(as_of - r.opened).days)
    renewal = cu.renewal_date
    if renewal is not None and as_of <= renewal <= as_of + dt.timedelta(days=config.renewal_window_days):
        yield Action(kind="renewal", color=health.color, due=renewal, days=(renewal - as_of).days)


@dataclass(frozen=True, slots=True, kw_only=True)
class AccountAtRisk:
    status: CustomerStatus
    actions: tuple[Action, ...]
    renewal_in_days: int | None

    @property
    def id(self) -> str:
        return self.status.id


def risk_order(c: CustomerStatus) -> tuple[object, ...]:
    """Health worst first (unknown before red), then ARR largest first, then the nearest renewal."""
    renewal = c.customer.renewal_date
    days = (renewal - c.as_of).days if renewal is not None and renewal >= c.as_of else 10**6
    return (-health_rank(c.health.color), -(c.customer.arr or 0), days, c.customer.name.casefold(), c.id)


def accounts_at_risk(portfolio: Portfolio, csm: str | None = None) -> tuple[AccountAtRisk, ...]:
    """Every account with at least one action, ranked by risk."""
    out = []
    for c in sorted(portfolio.customers, key=risk_order):
        if csm is not None and c.customer.csm != csm:
            continue
        if c.actions:
            renewal = c.customer.renewal_date
            out.append(AccountAtRisk(status=c, actions=c.actions,
                                     renewal_in_days=(renewal - c.as_of).days if renewal else None))
    return tuple(out)


@dataclass(frozen=True, slots=True, kw_only=True)
class DataToFix:
    csm: str | None  # None: customers without a CSM
    customers: tuple[tuple[CustomerStatus, tuple[Problem, ...]], ...]

    @property
    def count(self) -> int:
        return sum(len(problems) for _, problems in self.customers)


def data_to_fix(portfolio: Portfolio) -> tuple[DataToFix, ...]:
    """Every customer's problems in its files (errors first), grouped by CSM, CSMs by handle."""
    by_csm: dict[str | None, list[tuple[CustomerStatus, tuple[Problem, ...]]]] = defaultdict(list)
    for c in portfolio.customers:
        if c.problems:
            ordered = tuple(sorted(c.problems, key=lambda p: (p.severity != "error", p.sort_key)))
            by_csm[c.customer.csm or None].append((c, ordered))
    return tuple(DataToFix(csm=csm, customers=tuple(items))
                 for csm, items in sorted(by_csm.items(), key=lambda kv: (kv[0] is not None, kv[0] or "")))
