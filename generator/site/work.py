"""Contexts of the pages that turn numbers into decisions: this week's work, accounts at risk,
data to fix, the risk register, open objectives, renewals and this quarter.

Like context.py, plain functions of the computed model (agenda.py and attention.py decide what is
due and what is at risk); here only words, links and layout are chosen.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from markupsafe import Markup

from ..agenda import DEFAULT_DAYS, EBR_LOOKBACK_DAYS, KINDS as AGENDA_KINDS, portfolio_agenda
from ..attention import accounts_at_risk, data_to_fix, is_data_problem, renewal_in_days
from ..compute import health_rank, quarter_label, quarter_start
from ..config import Config
from ..model import HEALTH_COLORS, RISK_COLOR, Action, AgendaItem, CustomerStatus, HealthSignal, Portfolio
from ..people import People
from ..problems import Problem
from ..schema import SEVERITIES
from . import charts
from ..wording import (AGENDA_ACTIONS, NO_CSM, NONE, agenda_title, day, days_from_now, duration, health_reason, label,
                       objective_predicate, relative_day)
from .present import md_escape, percent, usd

KIND_LABELS = {"revalidate": "revalidate", "task": "task", "chase": "chase", "risk_review": "risk review",
               "objective_due": "objective due", "exec_checkin": "executive check-in", "ebr": "EBR",
               "activity": "contact", "fix": "fix files"}


# --- people -----------------------------------------------------------------------------------


def portfolio_people(portfolio: Portfolio) -> People:
    """The names of the portfolio's team handles, as the site shows them."""
    return People((c.customer for c in portfolio.customers), portfolio.roster, missing=NONE)


def csm_page(handle: str | None) -> str:
    return f"csms/{handle}.md" if handle else "csms/index.md"


def signal_words(signal: HealthSignal, c: CustomerStatus) -> str:
    """A health reason in plain words: the objective's title instead of its id."""
    o = c.customer.objective(signal.objective) if signal.objective is not None else None
    if o is not None:
        return f"“{o.title}” {objective_predicate(signal)}"
    return health_reason(signal, c.customer, labels=True)


def signal_markup(signal: HealthSignal, c: CustomerStatus, prefix: str = "") -> Markup:
    """A health reason on a page: the objective's title, linked, instead of its id; words, not codes."""
    o = c.customer.objective(signal.objective) if signal.objective is not None else None
    if o is not None:
        return Markup(f'objective <a href="{prefix}#objective-{o.id}">{md_escape(o.title)}</a> '
                      f'{md_escape(objective_predicate(signal))}')
    return Markup(md_escape(health_reason(signal, c.customer, labels=True)))


@dataclass(frozen=True, kw_only=True)
class ProblemRow:
    """A problem as every page shows it (Needs attention, CSM pages, Data to fix)."""

    code: str
    severity: str
    location: str  # file:line
    message: str
    hint: str  # in words
    command: str | None  # the command line that does what the hint says
    customer_id: str | None
    customer_name: str | None


def problem_row(p: Problem, names: Mapping[str, str] | None = None) -> ProblemRow:
    return ProblemRow(code=p.code, severity=p.severity, location=f"{p.file}:{p.line}", message=p.message, hint=p.hint,
                      command=p.fix.command_line if p.fix is not None else None, customer_id=p.customer,
                      customer_name=(names or {}).get(p.customer or ""))


@dataclass(frozen=True, kw_only=True)
class CustomerProblems:
    """One customer's problems, as the CSM pages and Data to fix list them."""

    id: str
    name: str
    health: str
    problems: tuple[ProblemRow, ...]


# --- this week --------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class AgendaView:
    due: str
    when: str  # "3 days late", "today", "in 5 days"
    late: bool
    kind: str
    customer_id: str
    customer_name: str
    href: str  # customer page, at the objective when there is one
    objective_title: str | None
    title: str
    action: str
    where: str


@dataclass(frozen=True, kw_only=True)
class AgendaGroup:
    csm: str
    name: str
    href: str
    items: tuple[AgendaView, ...]
    late: int


def _when(item: AgendaItem, as_of: dt.date) -> str:
    days = item.days_from(as_of)
    if days < 0:
        return f"{-days} day{'s' * (days != -1)} late"
    return "today" if days == 0 else f"in {days} day{'s' * (days != 1)}"


def agenda_target(item: AgendaItem) -> str:
    """Where an item is on the site: its customer's page, at the objective or risk it is about."""
    anchor = f"#objective-{item.objective}" if item.objective else f"#risk-{item.risk}" if item.risk else ""
    return f"customers/{item.customer}.md{anchor}"


def agenda_view(item: AgendaItem, as_of: dt.date, prefix: str) -> AgendaView:
    return AgendaView(
        due=item.due.isoformat(), when=_when(item, as_of), late=item.late, kind=KIND_LABELS[item.kind],
        customer_id=item.customer, customer_name=item.customer_name,
        href=f"{prefix}{agenda_target(item)}", objective_title=item.objective_title,
        title=agenda_title(item), action=AGENDA_ACTIONS[item.kind], where=f"{item.file}:{item.line}",
    )


@dataclass(frozen=True, kw_only=True)
class WeekContext:
    as_of: str
    horizon: str
    groups: tuple[AgendaGroup, ...]
    total: int
    late: int


def week_groups(portfolio: Portfolio, people: People, prefix: str, csm: str | None = None) -> tuple[AgendaGroup, ...]:
    items = portfolio_agenda(portfolio, csm=csm)
    by_csm: dict[str, list[AgendaItem]] = defaultdict(list)
    for item in items:
        by_csm[item.csm or ""].append(item)
    return tuple(
        AgendaGroup(csm=handle or NO_CSM, name=people.name(handle or None),
                    href=f"{prefix}{csm_page(handle or None)}",
                    items=tuple(agenda_view(i, portfolio.as_of, prefix) for i in mine),
                    late=sum(1 for i in mine if i.late))
        for handle, mine in sorted(by_csm.items()))


def week_context(portfolio: Portfolio) -> WeekContext:
    people = portfolio_people(portfolio)
    groups = week_groups(portfolio, people, "")
    return WeekContext(
        as_of=portfolio.as_of.isoformat(),
        horizon=(portfolio.as_of + dt.timedelta(days=DEFAULT_DAYS)).isoformat(), groups=groups,
        total=sum(len(g.items) for g in groups), late=sum(g.late for g in groups),
    )


# --- needs attention --------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ActionView:
    kind: str
    color: str
    subject: str
    href: str | None  # objective or risk anchor on the customer page
    reason: str
    code: str | None = None  # an account warning's code, linked to the guide


@dataclass(frozen=True, kw_only=True)
class AccountView:
    id: str
    name: str
    href: str
    health: str
    arr: str
    renewal: str  # "in 45 days, 31 Dec 2026", or "—"
    renewal_days: int | None
    renewal_day: str  # "31 Dec 2026", or "—"
    csm: str
    csm_href: str
    actions: tuple[ActionView, ...]
    csm_handle: str | None = None
    segment: str | None = None
    next_step: str = ""  # the account's first item of the week's work, in words
    next_due: str = ""  # when it is due, in words
    owner: str = ""  # who does it


@dataclass(frozen=True, kw_only=True)
class DataSummary:
    csm: str
    name: str
    problems: int
    customers: int


@dataclass(frozen=True, kw_only=True)
class AttentionContext:
    as_of: str
    accounts: tuple[AccountView, ...]
    data: tuple[DataSummary, ...]
    errors: int
    warnings: int  # the warnings listed on Data to fix


ACTION_LABELS = {"objective": "objective", "task": "late task", "risk": "risk", "renewal": "renewal"}


def _problem_words(p: Problem, c: CustomerStatus, config: Config) -> str:
    """An account warning in words, from the customer's facts; a code not worded here keeps its message."""
    cu = c.customer
    o = next((s for s in c.objectives if s.objective.source.path == p.file), None)
    if p.code == "SP101" and o is not None and o.objective.last_validated is not None:
        return f"last confirmed with the customer {duration((c.as_of - o.objective.last_validated).days)} ago"
    if p.code == "SP102":
        return "never confirmed with the customer"
    if p.code == "SP110":
        return "no stakeholder on the customer's side named for it"
    if p.code == "SP105":
        return f"{len(c.open_objectives)} open objectives: focus on at most {config.max_open_objectives}"
    if p.code == "SP107":
        return "no executive sponsor named among the stakeholders"
    if p.code == "SP108" and cu.renewal_date is not None:
        return (f"renews {days_from_now((cu.renewal_date - c.as_of).days)} and no EBR in the last "
                f"{EBR_LOOKBACK_DAYS} days")
    if p.code == "SP109":
        return f"no executive check-in or EBR in the last {config.exec_checkin_days} days"
    return p.message


def action_words(a: Action, c: CustomerStatus, people: People, config: Config) -> tuple[str, str]:
    """(what, why) of an action in plain words: the objective's, task's or risk's title (the renewal
    date for a renewal), and the reason without that title."""
    cu = c.customer
    o = cu.objective(a.objective) if a.objective is not None else None
    objective_title = o.title if o is not None else a.objective or ""
    due = a.due.isoformat() if a.due is not None else NONE
    if a.kind == "objective":
        if a.track == "off_track":
            return objective_title, (f"off track: {percent(a.progress)} done against {percent(a.expected)} expected "
                                     f"(due {due})")
        return objective_title, f"overdue since {due} ({duration(a.days)}) and still open"
    if a.kind == "task":
        person = cu.stakeholder(a.owner) if a.owner is not None else None
        owner = person.name if person is not None else people.name(a.owner, cu)
        return a.task or "", f"late since {due} ({duration(a.days)}), for “{objective_title}”; owner {owner}"
    if a.kind == "risk":
        r = cu.risk(a.risk or "")
        opened = "opened today" if a.days == 0 else f"open for {duration(a.days)}"
        if r is None:  # an action is always about one of the customer's own risks
            return a.risk or "", f"risk {opened}"
        escalation = "not escalated" if r.escalation == "none" else f"escalated to {r.escalation}"
        return r.title, f"{r.severity}-severity {label(r.kind)} risk, {opened}, {escalation}"
    if a.kind == "problem" and a.problem is not None:
        return (objective_title if o is not None else PROBLEM_SUBJECTS.get(a.problem.code, a.problem.code),
                _problem_words(a.problem, c, config))
    return f"Renewal on {day(a.due)}", f"renews {days_from_now(a.days)} with health {a.color}"  # renewal


PROBLEM_SUBJECTS = {"SP105": "Focus", "SP107": "Executive sponsor", "SP108": "Renewal without an EBR",
                    "SP109": "Executive check-in"}
"""What an account warning that names no objective is about, as the list's subject."""


def account_views(portfolio: Portfolio, config: Config, prefix: str = "", csm: str | None = None,
                  segment: str | None = None) -> tuple[AccountView, ...]:
    people = portfolio_people(portfolio)
    as_of = portfolio.as_of
    out = []
    for account in accounts_at_risk(portfolio, csm, segment):
        c = account.status
        page = f"{prefix}customers/{c.id}.md"
        actions = []
        for a in account.actions:
            subject, reason = action_words(a, c, people, config)
            kind = ACTION_LABELS.get(a.kind) or ("objective" if a.objective else "account")
            href = (f"{page}#risk-{a.risk}" if a.risk else f"{page}#objective-{a.objective}" if a.objective
                    else None)
            actions.append(ActionView(kind=kind, color=a.color, subject=subject, reason=reason, href=href,
                                      code=a.problem.code if a.problem is not None else None))
        step = next_step(c)
        out.append(AccountView(
            id=c.id, name=c.customer.name, href=page, health=c.health.color, arr=usd(c.customer.arr),
            renewal=relative_day(c.customer.renewal_date, as_of), renewal_days=account.renewal_in_days,
            renewal_day=day(c.customer.renewal_date),
            csm=people.name(c.customer.csm, c.customer), csm_href=f"{prefix}{csm_page(c.customer.csm)}",
            actions=tuple(actions), csm_handle=c.customer.csm, segment=c.customer.segment,
            next_step=agenda_title(step) if step is not None else "",
            next_due=_when(step, as_of) if step is not None else "",
            owner=_owner(step, c, people) if step is not None else ""))
    return tuple(out)


def next_step(c: CustomerStatus) -> AgendaItem | None:
    """The account's first item of the week's work (the earliest due, in the agenda's order)."""
    items = sorted(c.agenda, key=lambda i: (i.due, AGENDA_KINDS.index(i.kind), i.objective or "", i.task or ""))
    return items[0] if items else None


def _owner(item: AgendaItem, c: CustomerStatus, people: People) -> str:
    """Who does an agenda item: a task's owner, else the customer's CSM."""
    return people.name(item.owner if item.kind == "task" and item.owner else c.customer.csm, c.customer)


def attention_context(portfolio: Portfolio, config: Config) -> AttentionContext:
    people = portfolio_people(portfolio)
    data = tuple(DataSummary(csm=d.csm or NO_CSM, name=people.name(d.csm), problems=d.count, customers=len(d.customers))
                 for d in data_to_fix(portfolio))
    return AttentionContext(
        as_of=portfolio.as_of.isoformat(), accounts=account_views(portfolio, config), data=data,
        errors=sum(1 for p in portfolio.problems if p.severity == "error"),
        warnings=sum(1 for p in portfolio.problems if p.severity == "warning" and is_data_problem(p)),
    )


# --- data to fix ------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class CsmData:
    csm: str
    name: str
    count: int
    customers: tuple[CustomerProblems, ...]


@dataclass(frozen=True, kw_only=True)
class DataContext:
    as_of: str
    groups: tuple[CsmData, ...]
    stray: tuple[ProblemRow, ...]  # problems of no listed customer (a folder that is not a valid id)
    errors: int
    warnings: int


def data_context(portfolio: Portfolio) -> DataContext:
    people = portfolio_people(portfolio)
    groups = tuple(
        CsmData(csm=d.csm or NO_CSM, name=people.name(d.csm), count=d.count,
                customers=tuple(CustomerProblems(id=c.id, name=c.customer.name, health=c.health.color,
                                             problems=tuple(problem_row(p) for p in problems))
                                for c, problems in d.customers))
        for d in data_to_fix(portfolio))
    known = {c.id for c in portfolio.customers}
    stray = tuple(problem_row(p) for p in portfolio.problems if p.customer not in known)
    return DataContext(as_of=portfolio.as_of.isoformat(), groups=groups, stray=stray,
                       errors=sum(1 for p in portfolio.problems if p.severity == "error"),
                       warnings=sum(1 for p in portfolio.problems if p.severity == "warning" and is_data_problem(p)))


# --- risk register ----------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class RiskRow:
    customer_id: str
    customer_name: str
    href: str
    title: str
    severity: str
    severity_rank: int
    kind: str
    owner: str
    escalation: str
    age: int
    opened: str
    objectives: tuple[tuple[str, str], ...]  # (title, href)
    csm: str
    arr: str = NONE
    renewal: str = NONE  # "in 45 days", or "—"
    renewal_sort: int = 10**6  # days to the renewal, for sorting (none last)


@dataclass(frozen=True, kw_only=True)
class RisksContext:
    as_of: str
    rows: tuple[RiskRow, ...]
    severities: tuple[str, ...]
    kinds: tuple[str, ...]
    csms: tuple[str, ...]
    escalations: tuple[str, ...]


def risks_context(portfolio: Portfolio) -> RisksContext:
    people = portfolio_people(portfolio)
    rows = []
    for c in portfolio.customers:
        for r in c.customer.risks:
            if r.status != "open" or r.opened > portfolio.as_of:
                continue
            page = f"customers/{c.id}.md"
            renewal = renewal_in_days(c)
            linked = tuple((o.title if (o := c.customer.objective(oid)) else oid, f"{page}#objective-{oid}")
                           for oid in r.objectives)
            rows.append(RiskRow(
                customer_id=c.id, customer_name=c.customer.name, href=f"{page}#risk-{r.id}", title=r.title,
                severity=r.severity, severity_rank=SEVERITIES.index(r.severity), kind=label(r.kind),
                owner=people.name(r.owner, c.customer), escalation=r.escalation,
                age=(portfolio.as_of - r.opened).days, opened=r.opened.isoformat(), objectives=linked,
                csm=people.name(c.customer.csm, c.customer), arr=usd(c.customer.arr),
                renewal=NONE if renewal is None else days_from_now(renewal),
                renewal_sort=10**6 if renewal is None else renewal))
    rows.sort(key=lambda r: (-r.severity_rank, -r.age, r.customer_name.casefold(), r.title))
    return RisksContext(as_of=portfolio.as_of.isoformat(), rows=tuple(rows),
                        severities=tuple(s for s in reversed(SEVERITIES) if any(r.severity == s for r in rows)),
                        kinds=tuple(sorted({r.kind for r in rows})), csms=tuple(sorted({r.csm for r in rows})),
                        escalations=tuple(sorted({r.escalation for r in rows})))


# --- open objectives --------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ObjectiveRow:
    customer_id: str
    customer_name: str
    href: str
    title: str
    track: str
    track_label: str
    track_rank: int
    progress: str
    expected: str
    due: str
    csm: str
    validated: str


TRACK_RANK = {"planned": 0, "on_track": 1, "unmeasured": 2, "at_risk": 3, "off_track": 4, "overdue": 5}


@dataclass(frozen=True, kw_only=True)
class ObjectivesContext:
    as_of: str
    rows: tuple[ObjectiveRow, ...]
    tracks: tuple[str, ...]
    csms: tuple[str, ...]


def objectives_context(portfolio: Portfolio) -> ObjectivesContext:
    people = portfolio_people(portfolio)
    rows = []
    for c in portfolio.customers:
        for s in c.open_objectives:
            o = s.objective
            rows.append(ObjectiveRow(
                customer_id=c.id, customer_name=c.customer.name, href=f"customers/{c.id}.md#objective-{o.id}",
                title=o.title, track=s.track, track_label=label(s.track), track_rank=TRACK_RANK.get(s.track, 9),
                progress=percent(s.progress), expected=percent(s.expected), due=o.due.isoformat(),
                csm=people.name(c.customer.csm, c.customer),
                validated="never" if o.last_validated is None else o.last_validated.isoformat()))
    rows.sort(key=lambda r: (-r.track_rank, r.due, r.customer_name.casefold(), r.title))
    tracks = tuple(label(t) for t in sorted(TRACK_RANK, key=lambda t: -TRACK_RANK[t])
                   if any(r.track == t for r in rows))
    return ObjectivesContext(as_of=portfolio.as_of.isoformat(), rows=tuple(rows), tracks=tracks,
                             csms=tuple(sorted({r.csm for r in rows})))


# --- renewals beyond the window ---------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class QuarterRenewals:
    quarter: str
    cells: tuple[tuple[str, str, int], ...]  # (health, ARR, customers) per health color
    total: str
    customers: tuple[tuple[str, str, str, str, str], ...]  # (id, name, date, health, ARR)


@dataclass(frozen=True, kw_only=True)
class RenewalsContext:
    as_of: str
    window_end: str
    colors: tuple[str, ...]
    quarters: tuple[QuarterRenewals, ...]
    chart: Markup
    none_dated: int


def renewals_context(portfolio: Portfolio, config: Config) -> RenewalsContext:
    as_of = portfolio.as_of
    window_end = as_of + dt.timedelta(days=config.renewal_window_days)
    colors = HEALTH_COLORS
    later = sorted((c for c in portfolio.customers
                    if c.customer.renewal_date is not None and c.customer.renewal_date > window_end),
                   key=lambda c: (c.customer.renewal_date, c.customer.name.casefold()))
    by_quarter: dict[str, list[CustomerStatus]] = defaultdict(list)
    for c in later:
        assert c.customer.renewal_date is not None
        by_quarter[quarter_label(c.customer.renewal_date)].append(c)
    quarters = []
    stacks: list[tuple[str, dict[str, float]]] = []
    for q, mine in by_quarter.items():
        cells = []
        stack: dict[str, float] = {}
        for color in colors:
            members = [c for c in mine if c.health.color == color]
            arr = sum((c.customer.arr or 0 for c in members), start=0)
            cells.append((color, usd(arr) if members else NONE, len(members)))  # type: ignore[arg-type]
            stack[color] = float(arr)
        stacks.append((q, stack))
        quarters.append(QuarterRenewals(
            quarter=q, cells=tuple(cells), total=usd(sum((c.customer.arr or 0 for c in mine), start=0)),  # type: ignore[arg-type]
            customers=tuple((c.id, c.customer.name, c.customer.renewal_date.isoformat(),  # type: ignore[union-attr]
                             c.health.color, usd(c.customer.arr)) for c in mine)))
    used = tuple(color for color in colors if any(cell[2] for q in quarters for cell in q.cells if cell[0] == color))
    chart = charts.stacked_columns("renewals-by-quarter", "ARR renewing per quarter, by health",
                                   "ARR of the customers renewing in each quarter after the window, "
                                   "stacked by health", stacks, used, money=True, axis="ARR (USD) renewing",
                                   across="calendar quarter", height=200)
    return RenewalsContext(as_of=as_of.isoformat(), window_end=window_end.isoformat(), colors=used,
                           quarters=tuple(quarters), chart=chart,
                           none_dated=sum(1 for c in portfolio.customers if c.customer.renewal_date is None))


# --- this quarter -----------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class QuarterEvent:
    date: str
    customer_id: str
    customer_name: str
    href: str
    what: str
    color: str


@dataclass(frozen=True, kw_only=True)
class QuarterMove:
    customer_id: str
    name: str
    before: str
    after: str
    direction: str
    reasons: tuple[tuple[str, Markup], ...]  # the current signals (color, reason)


@dataclass(frozen=True, kw_only=True)
class QuarterContext:
    as_of: str
    quarter: str
    start: str
    achieved: tuple[QuarterEvent, ...]
    closed: tuple[QuarterEvent, ...]
    risks: tuple[QuarterEvent, ...]
    moves: tuple[QuarterMove, ...]


def quarter_context(portfolio: Portfolio) -> QuarterContext:
    as_of = portfolio.as_of
    start = quarter_start(as_of)
    achieved: list[QuarterEvent] = []
    closed: list[QuarterEvent] = []
    risks: list[QuarterEvent] = []
    for c in portfolio.customers:
        page = f"customers/{c.id}.md"
        for s in c.objectives:
            o = s.objective
            when = o.closed.date if o.closed else None
            if s.is_open or when is None or not start <= when <= as_of:
                continue
            success = s.track == "achieved"
            (achieved if success else closed).append(QuarterEvent(
                date=when.isoformat(), customer_id=c.id, customer_name=c.customer.name, href=f"{page}#objective-{o.id}",
                what=o.title if success else f"{o.title} ({label(s.status)})", color="green" if success else "unknown"))
        for r in c.customer.risks:
            if start <= r.opened <= as_of:
                state = "" if r.status == "open" else f", now {r.status}"
                escalated = f", escalated to {r.escalation}" if r.escalation != "none" else ""
                risks.append(QuarterEvent(date=r.opened.isoformat(), customer_id=c.id, customer_name=c.customer.name,
                                          href=f"{page}#risk-{r.id}",
                                          what=f"{r.title} ({r.severity} {label(r.kind)} risk{escalated}{state})",
                                          color=RISK_COLOR[r.severity]))
    moves = tuple(
        QuarterMove(customer_id=c.id, name=c.customer.name, before=c.health_at_quarter_start.color,
                    after=c.health.color,
                    direction="better" if health_rank(c.health.color) < health_rank(c.health_at_quarter_start.color)
                    else "worse", reasons=tuple((sig.color, signal_markup(sig, c, f"customers/{c.id}.md"))
                                 for sig in c.health.signals))
        for c in portfolio.customers if c.health.color != c.health_at_quarter_start.color)
    order = lambda e: (e.date, e.customer_name.casefold(), e.what)  # noqa: E731
    return QuarterContext(as_of=as_of.isoformat(), quarter=quarter_label(as_of), start=start.isoformat(),
                          achieved=tuple(sorted(achieved, key=order)), closed=tuple(sorted(closed, key=order)),
                          risks=tuple(sorted(risks, key=order)), moves=moves)
