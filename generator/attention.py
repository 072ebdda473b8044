"""Accounts at risk: what needs a decision in each account, accounts ranked by how much is at stake.

"Needs attention" is about the customer, not the files: off-track and overdue objectives, late
tasks, open medium- and high-severity risks and renewals inside the window, each with its reason.
Accounts are ranked by health (worst first; unknown, whose health cannot be computed, first of
all), then ARR (largest first), then how soon they renew. File warnings are "data to fix"
(see `data_to_fix`), kept apart. Pure functions of the computed model.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

from .compute import health_rank
from .config import Config
from .model import RISK_COLOR, TRACK_COLOR, CustomerStatus, Portfolio
from .problems import Problem
from .wording import percent

ActionKind = Literal["objective", "task", "risk", "renewal"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Action:
    """One thing in an account that needs a decision, with why."""

    kind: ActionKind
    color: str  # how bad, on the health scale
    reason: str  # plain words, without the objective's or risk's title
    subject: str  # the objective's, task's or risk's title; the renewal date for a renewal
    objective: str | None = None  # objective id (objective, task, or the first linked by a risk)
    risk: str | None = None  # risk id
    owner: str | None = None  # a task's owner: a stakeholder's name, or a vendor handle
    owner_is_handle: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class AccountAtRisk:
    status: CustomerStatus
    actions: tuple[Action, ...]
    renewal_in_days: int | None

    @property
    def id(self) -> str:
        return self.status.id


def _actions(c: CustomerStatus, config: Config) -> list[Action]:
    as_of = c.as_of
    out: list[Action] = []
    for s in c.open_objectives:
        o = s.objective
        if s.track == "off_track":
            out.append(Action(kind="objective", color=TRACK_COLOR[s.track], subject=o.title, objective=o.id,
                              reason=f"off track: {_pct(s.progress)} done against {_pct(s.expected)} expected "
                              f"(due {o.due.isoformat()})"))
        elif s.track == "overdue":
            out.append(Action(kind="objective", color=TRACK_COLOR[s.track], subject=o.title, objective=o.id,
                              reason=f"overdue since {o.due.isoformat()} "
                              f"({(as_of - o.due).days} days) and still open"))
    for s in c.open_objectives:
        for t in s.objective.tasks:
            if t.due is not None and t.due < as_of and (t.done is None or t.done > as_of):
                person = c.customer.stakeholder(t.owner)
                out.append(Action(kind="task", color="yellow", subject=t.title, objective=s.id,
                                  owner=person.name if person else t.owner, owner_is_handle=person is None,
                                  reason=f"late since {t.due.isoformat()} ({(as_of - t.due).days} days), "
                                  f"for “{s.objective.title}”"))
    for r in sorted(c.customer.risks, key=lambda r: (-("low", "medium", "high").index(r.severity), r.opened, r.id)):
        if r.status == "open" and r.opened <= as_of and r.severity in ("medium", "high"):
            escalation = "not escalated" if r.escalation == "none" else f"escalated to {r.escalation}"
            out.append(Action(kind="risk", color=RISK_COLOR[r.severity], subject=r.title, risk=r.id,
                              objective=r.objectives[0] if r.objectives else None,
                              reason=f"open {r.severity}-severity {r.kind} risk for {(as_of - r.opened).days} "
                              f"days, {escalation}"))
    renewal = c.customer.renewal_date
    if renewal is not None and as_of <= renewal <= as_of + dt.timedelta(days=config.renewal_window_days):
        out.append(Action(kind="renewal", color=c.health.color, subject=renewal.isoformat(),
                          reason=f"renews in {(renewal - as_of).days} days with health {c.health.color}"))
    return out


_pct = percent


def risk_order(c: CustomerStatus) -> tuple[object, ...]:
    """Health worst first (unknown before red), then ARR largest first, then the nearest renewal."""
    renewal = c.customer.renewal_date
    days = (renewal - c.as_of).days if renewal is not None and renewal >= c.as_of else 10**6
    return (-health_rank(c.health.color), -(c.customer.arr or 0), days, c.customer.name.casefold(), c.id)


def accounts_at_risk(portfolio: Portfolio, config: Config, csm: str | None = None) -> tuple[AccountAtRisk, ...]:
    """Every account with at least one action, ranked by risk."""
    out = []
    for c in sorted(portfolio.customers, key=risk_order):
        if csm is not None and c.customer.csm != csm:
            continue
        actions = _actions(c, config)
        if actions:
            renewal = c.customer.renewal_date
            out.append(AccountAtRisk(status=c, actions=tuple(actions),
                                     renewal_in_days=(renewal - c.as_of).days if renewal else None))
    return tuple(out)


@dataclass(frozen=True, slots=True, kw_only=True)
class DataToFix:
    csm: str  # "(no CSM)" when unknown
    customers: tuple[tuple[CustomerStatus, tuple[Problem, ...]], ...]

    @property
    def count(self) -> int:
        return sum(len(problems) for _, problems in self.customers)


def data_to_fix(portfolio: Portfolio) -> tuple[DataToFix, ...]:
    """Every customer's problems in its files (errors first), grouped by CSM, CSMs by handle."""
    by_csm: dict[str, list[tuple[CustomerStatus, tuple[Problem, ...]]]] = defaultdict(list)
    for c in portfolio.customers:
        if c.problems:
            ordered = tuple(sorted(c.problems, key=lambda p: (p.severity != "error", p.sort_key)))
            by_csm[c.customer.csm or "(no CSM)"].append((c, ordered))
    return tuple(DataToFix(csm=csm, customers=tuple(items)) for csm, items in sorted(by_csm.items()))
