"""Accounts at risk: what needs a decision in each account, accounts ranked by how much is at stake.

"Needs attention" is about the customer, not the files (SPEC §12): off-track and overdue
objectives, late tasks, open medium- and high-severity risks, renewals inside the window, and the
warnings that say something about the account (ATTENTION_CODES). Each customer's actions are
computed beside its status (portfolio.customer_status); the site words them. Accounts are ranked by
exposure: ARR × health weight × renewal weight. Problems in the files themselves are "data to fix"
(DATA_TO_FIX_CODES and every error), kept apart. Pure functions of the computed model.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from .compute import health_rank
from .config import Config
from .model import (RISK_COLOR, TRACK_COLOR, Action, Customer, CustomerStatus, Health, HealthColor, Number,
                    ObjectiveStatus, Portfolio)
from .problems import Problem
from .schema import SEVERITIES

# --- which warnings go where (one line per code) -------------------------------------------------

ATTENTION_CODES: tuple[str, ...] = (
    "SP101",  # an objective not revalidated recently
    "SP102",  # an objective never validated
    "SP104",  # an objective past its due date
    "SP105",  # too many open objectives
    "SP107",  # no executive sponsor
    "SP108",  # a renewal in the window and no EBR
    "SP109",  # no executive check-in
    "SP110",  # an open objective without stakeholders
    "SP114",  # an open high-severity risk not escalated
)
"""Warnings about the account: they put it on Needs attention, as actions with their reasons."""

DATA_TO_FIX_CODES: tuple[str, ...] = (
    "SP106",  # a success closed without the customer's confirmation
    "SP111",  # an initiative without success criteria
    "SP112",  # activity dated in the future
    "SP113",  # an unknown file or folder
)
"""Warnings about the files themselves: listed on Data to fix, with every error."""

ATTENTION_COLOR: dict[str, HealthColor] = {"SP101": "lime", "SP102": "lime", "SP110": "lime", "SP105": "yellow",
                                           "SP107": "yellow", "SP109": "yellow", "SP108": "orange"}
"""How bad each account warning is, on the health scale (codes not named here: yellow)."""

SAID_BY_AN_ACTION = {"SP104": "objective", "SP114": "risk"}
"""Warnings that an action of that kind about the same record already states (an overdue objective;
an open high-severity risk, with its escalation): listed once, as that action."""


def is_attention_problem(problem: Problem) -> bool:
    return problem.severity == "warning" and problem.code in ATTENTION_CODES


def is_data_problem(problem: Problem) -> bool:
    return problem.severity == "error" or problem.code in DATA_TO_FIX_CODES


def customer_actions(cu: Customer, objectives: Sequence[ObjectiveStatus], health: Health,
                     problems: Sequence[Problem], as_of: dt.date, config: Config) -> Iterator[Action]:
    """What needs a decision in one account, the worst first (then objectives, tasks, risks, account
    warnings and the renewal, each in its own order)."""
    return iter(sorted(_actions(cu, objectives, health, problems, as_of, config), key=lambda a: -health_rank(a.color)))


def _actions(cu: Customer, objectives: Sequence[ObjectiveStatus], health: Health, problems: Sequence[Problem],
             as_of: dt.date, config: Config) -> Iterator[Action]:
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
    risks = [r for r in sorted(cu.risks, key=lambda r: (-SEVERITIES.index(r.severity), r.opened, r.id))
             if r.status == "open" and r.opened <= as_of and r.severity in ("medium", "high")]
    for r in risks:
        yield Action(kind="risk", color=RISK_COLOR[r.severity], risk=r.id,
                     objective=r.objectives[0] if r.objectives else None, days=(as_of - r.opened).days)
    by_path = {o.source.path: o.id for o in cu.objectives}
    risk_paths = {r.source.path: r.id for r in cu.risks}
    for p in problems:
        if not is_attention_problem(p):
            continue
        objective, risk = by_path.get(p.file), risk_paths.get(p.file)
        said = SAID_BY_AN_ACTION.get(p.code)
        if said == "objective" and any(s.id == objective and s.track == "overdue" for s in open_objectives):
            continue
        if said == "risk" and any(r.id == risk for r in risks):
            continue
        yield Action(kind="problem", color=ATTENTION_COLOR.get(p.code, "yellow"), objective=objective, risk=risk,
                     problem=p)
    renewal = cu.renewal_date
    if renewal is not None and as_of <= renewal <= as_of + dt.timedelta(days=config.renewal_window_days):
        yield Action(kind="renewal", color=health.color, due=renewal, days=(renewal - as_of).days)


# --- ranking by exposure ------------------------------------------------------------------------

HEALTH_WEIGHT: dict[str, Fraction] = {"red": Fraction(1), "orange": Fraction(6, 10), "unknown": Fraction(6, 10),
                                      "yellow": Fraction(3, 10), "lime": Fraction(1, 10), "green": Fraction(0)}
"""How much of an account's ARR its health puts at stake (SPEC §12)."""

RENEWAL_WEIGHTS: tuple[tuple[int, Fraction], ...] = ((90, Fraction(1)), (180, Fraction(1, 2)))
"""A renewal within so many days weighs this much; later, past or none: OTHER_RENEWAL_WEIGHT."""
OTHER_RENEWAL_WEIGHT = Fraction(1, 5)


def renewal_in_days(c: CustomerStatus) -> int | None:
    """Days from the as-of date to the renewal; None without one (a past renewal is negative)."""
    renewal = c.customer.renewal_date
    return None if renewal is None else (renewal - c.as_of).days


def renewal_weight(days: int | None) -> Fraction:
    if days is not None and days >= 0:
        for limit, weight in RENEWAL_WEIGHTS:
            if days <= limit:
                return weight
    return OTHER_RENEWAL_WEIGHT


def exposure(c: CustomerStatus) -> Fraction:
    """ARR × health weight × renewal weight: what an account puts at stake, exactly."""
    arr: Number = c.customer.arr or 0
    return Fraction(arr) * HEALTH_WEIGHT[c.health.color] * renewal_weight(renewal_in_days(c))


def exposure_order(c: CustomerStatus) -> tuple[object, ...]:
    """The largest exposure first; ties: the nearer renewal (none last), then the customer id."""
    days = renewal_in_days(c)
    return (-exposure(c), days is None or days < 0, days if days is not None and days >= 0 else 0, c.id)


@dataclass(frozen=True, slots=True, kw_only=True)
class AccountAtRisk:
    status: CustomerStatus
    actions: tuple[Action, ...]
    renewal_in_days: int | None
    exposure: Fraction

    @property
    def id(self) -> str:
        return self.status.id


def _narrowed(portfolio: Portfolio, csm: str | None, segment: str | None) -> list[CustomerStatus]:
    """The customers of a CSM, a segment or both (None: any), before they are ranked: a view of a
    few customers does not rank the whole portfolio."""
    return [c for c in portfolio.customers
            if (csm is None or c.customer.csm == csm) and (segment is None or c.customer.segment == segment)]


def attention_count(portfolio: Portfolio) -> int:
    """How many accounts accounts_at_risk(portfolio) lists, without ranking them."""
    return sum(1 for c in portfolio.customers if c.actions)


def accounts_at_risk(portfolio: Portfolio, csm: str | None = None,
                     segment: str | None = None) -> tuple[AccountAtRisk, ...]:
    """Every account with at least one action, ranked by exposure; `csm` and `segment` narrow it."""
    out = []
    for c in sorted(_narrowed(portfolio, csm, segment), key=exposure_order):
        if c.actions:
            out.append(AccountAtRisk(status=c, actions=c.actions, renewal_in_days=renewal_in_days(c),
                                     exposure=exposure(c)))
    return tuple(out)


# --- decisions for leadership -------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Decision:
    """Something only leadership can settle: a risk escalated to an executive, or what the customer
    asks of us before an objective can move (an objective's `asks`)."""

    kind: Literal["risk", "ask"]
    status: CustomerStatus
    text: str  # the risk's title, or the ask as written
    objective: str | None = None  # ask: its objective; risk: the first objective it names
    risk: str | None = None
    severity: str | None = None  # risk
    days: int = 0  # risk: open for


def leadership_decisions(portfolio: Portfolio, csm: str | None = None,
                         segment: str | None = None) -> tuple[Decision, ...]:
    """Escalated risks (most severe, oldest first), then asks, each account in exposure order."""
    risks: list[Decision] = []
    asks: list[Decision] = []
    for c in sorted(_narrowed(portfolio, csm, segment), key=exposure_order):
        for r in sorted(c.customer.risks, key=lambda r: (-SEVERITIES.index(r.severity), r.opened, r.id)):
            if r.status == "open" and r.opened <= c.as_of and r.escalation == "executive":
                risks.append(Decision(kind="risk", status=c, text=r.title, risk=r.id, severity=r.severity,
                                      objective=r.objectives[0] if r.objectives else None,
                                      days=(c.as_of - r.opened).days))
        for s in c.open_objectives:
            for ask in dict.fromkeys(s.objective.asks):
                asks.append(Decision(kind="ask", status=c, text=ask, objective=s.id))
    return (*risks, *asks)


# --- data to fix --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class DataToFix:
    csm: str | None  # None: customers without a CSM
    customers: tuple[tuple[CustomerStatus, tuple[Problem, ...]], ...]

    @property
    def count(self) -> int:
        return sum(len(problems) for _, problems in self.customers)


def data_problems(c: CustomerStatus) -> tuple[Problem, ...]:
    """A customer's problems in its files, errors first."""
    return tuple(sorted((p for p in c.problems if is_data_problem(p)),
                        key=lambda p: (p.severity != "error", p.sort_key)))


def data_to_fix(portfolio: Portfolio) -> tuple[DataToFix, ...]:
    """Every customer's problems in its files (errors first), grouped by CSM, CSMs by handle."""
    by_csm: dict[str | None, list[tuple[CustomerStatus, tuple[Problem, ...]]]] = defaultdict(list)
    for c in portfolio.customers:
        problems = data_problems(c)
        if problems:
            by_csm[c.customer.csm or None].append((c, problems))
    return tuple(DataToFix(csm=csm, customers=tuple(items))
                 for csm, items in sorted(by_csm.items(), key=lambda kv: (kv[0] is not None, kv[0] or "")))
