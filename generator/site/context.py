"""Typed contexts: one per page template, built from the model and nothing else.

Templates read these records and never compute a status; every derived value (labels, percents,
links, charts) is decided here, in plain functions of the model.
"""

from __future__ import annotations

import datetime as dt
import re
from html import escape
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from markupsafe import Markup

from ..agenda import DEFAULT_DAYS, portfolio_agenda
from ..attention import attention_count, data_problems, is_data_problem, leadership_decisions
from ..compute import RECENT_CUSTOMER_DAYS, health_rank, portfolio_figures
from ..config import Config
from ..ics import feed_uri
from ..model import (
    HEALTH_COLORS,
    RISK_COLOR,
    Activity,
    CustomerStatus,
    ObjectiveStatus,
    Portfolio,
    PortfolioFigures,
    Reading,
    Risk,
    Waived,
)
from ..people import People
from ..schema import PERSONAS
from . import charts
from ..timeline import timeline_dates
from ..wording import NONE, day, days_from_now, duration, label, relative_day
from .present import date, md_escape, number, percent, render_body, usd
from .work import (AccountView, AgendaView, CustomerProblems, ProblemRow, account_views, portfolio_people,
                   problem_row, signal_markup, signal_words, week_groups)

DECIDING_PERSONAS = ("executive_sponsor", "economic_buyer", "big_boss")
"""Who decides: listed first on a customer's page, then the other personas in schema.PERSONAS' order."""
PERSONA_ORDER = (*DECIDING_PERSONAS, *(p for p in PERSONAS if p not in DECIDING_PERSONAS))


@dataclass(frozen=True, kw_only=True)
class SiteOptions:
    """How the pages link outward: decks only when they are built, hrefs per URL style."""

    decks: bool = False
    directory_urls: bool = True

    def deck_href(self, customer_id: str) -> str:
        # customers/<id>.md is served at customers/<id>/ (directory URLs) or customers/<id>.html
        return f"{'../../' if self.directory_urls else '../'}decks/{customer_id}.pptx"


# --- shared rows ------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class CustomerRow:
    id: str
    name: str
    csm: str | None
    segment: str
    health: str
    health_rank: int
    open_objectives: int
    stale: int
    warnings: int
    errors: int
    renewal: str
    arr: str
    csm_name: str = NONE
    spark: Markup = Markup("")  # health over the last four quarters
    reason: str = ""  # the worst signal, in words


def customer_row(c: CustomerStatus, people: People | None = None, strip: bool = False) -> CustomerRow:
    """A customer's row in the tables of customers; `strip` adds its health week by week."""
    cu = c.customer
    spark = Markup("")
    if strip and c.timeline is not None:
        spark = charts.health_strip(f"spark-{c.id}", [(p.date, p.color) for p in c.timeline.points],
                                    slots=len(timeline_dates(c.as_of)), title=f"Health of {cu.name} week by week")
    return CustomerRow(
        id=c.id, name=cu.name, csm=cu.csm, segment=label(cu.segment), health=c.health.color,
        health_rank=health_rank(c.health.color), open_objectives=len(c.open_objectives), stale=c.stale_count,
        warnings=len(c.warnings), errors=sum(1 for p in c.problems if p.severity == "error"),
        renewal=date(cu.renewal_date), arr=usd(cu.arr),
        csm_name=(people or People((), missing=NONE)).name(cu.csm, cu), spark=spark,
        reason=signal_words(c.health.signals[0], c) if c.health.signals else "",
    )


# --- dashboard --------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Figure:
    label: str
    value: str
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class HealthCount:
    color: str
    customers: int
    arr: str


@dataclass(frozen=True, kw_only=True)
class RenewalRow:
    customer_id: str
    name: str
    href: str
    date: str
    when: str  # "in 45 days"
    health: str
    arr: str


@dataclass(frozen=True, kw_only=True)
class MoveRow:
    customer_id: str
    name: str
    href: str
    before: str
    after: str
    direction: str


@dataclass(frozen=True, kw_only=True)
class AccountLine:
    """A ranked account on the dashboard: what is at stake, why, and the next step."""

    id: str
    name: str
    href: str
    health: str
    arr: str
    renewal: str  # "in 45 days", or "—"
    renewal_date: str
    reason: str
    next_step: str
    next_due: str
    owner: str


@dataclass(frozen=True, kw_only=True)
class DecisionLine:
    kind: str  # "escalated risk" or "ask"
    color: str
    customer: str
    href: str
    text: str
    detail: str


@dataclass(frozen=True, kw_only=True)
class DashboardView:
    """The dashboard for all customers, or narrowed to one CSM, one segment or both."""

    csm: str
    segment: str
    customers: int
    accounts: tuple[AccountLine, ...]  # the first ACCOUNTS_SHOWN by exposure
    more_accounts: int  # accounts with something to decide beyond those
    decisions: tuple[DecisionLine, ...]
    success: tuple[Figure, ...]
    business: tuple[Figure, ...]
    health_counts: tuple[HealthCount, ...]
    per_quarter: tuple[tuple[str, int], ...]
    renewals: tuple[RenewalRow, ...]  # the first LIST_SHOWN
    more_renewals: int  # renewals in the window beyond those
    moves: tuple[MoveRow, ...]  # only customers whose health changed; the first LIST_SHOWN
    more_moves: int
    health_chart: Markup
    arr_chart: Markup
    quarter_chart: Markup
    weeks_chart: Markup
    weeks: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]  # the weekly chart's table
    colors: tuple[str, ...]  # the colors the weekly table shows


@dataclass(frozen=True, kw_only=True)
class ViewLink:
    csm: str
    segment: str
    label: str
    href: str  # the view's page, from this page


@dataclass(frozen=True, kw_only=True)
class DashboardContext:
    as_of: str
    company: str
    customers: int
    quarter_start: str
    renewal_window: int
    errors: int
    data_warnings: int  # warnings listed on Data to fix
    attention: int  # accounts on Needs attention
    view: DashboardView  # this page's view
    prefix: str  # path to the site's root from this page
    views: tuple[ViewLink, ...]  # every view, every customer first
    csms: tuple[tuple[str, str], ...]  # (handle, name)
    segments: tuple[tuple[str, str], ...]  # (segment, in words)
    csm_name: str  # this view's CSM, or ""
    segment_name: str  # this view's segment, or ""


ACCOUNTS_SHOWN = 10
LIST_SHOWN = 100  # rows of the dashboard's renewals and health moves; the rest are a link away


def _share_of(part: int, whole: int, of: str) -> str:
    return NONE if not whole else f"{percent(Fraction(part, whole))} ({part} of {whole} {of})"


def _figures(f: PortfolioFigures, as_of: dt.date, config: Config) -> tuple[tuple[Figure, ...], tuple[Figure, ...]]:
    """The two columns of figures, each saying what it counts; a share is of the quantity beside it."""
    last4 = f.achieved_per_quarter[-4:]
    quarters = " · ".join(f"{q}{' so far' if i == len(last4) - 1 else ''}: {v}" for i, (q, v) in enumerate(last4))
    recent_since = as_of - dt.timedelta(days=RECENT_CUSTOMER_DAYS)
    median_recent = f.median_days_to_first_value_recent
    median_all = f.median_days_to_first_value
    success = (
        Figure(label="Customers with an objective achieved in the last 365 days",
               value=percent(f.recent_success_share),
               note=f"{f.customers_with_recent_success} of {f.customers} customers"),
        Figure(label="Objectives achieved in the last four quarters", value=str(sum(v for _, v in last4)),
               note=quarters),
        Figure(label="Value achieved in the last 365 days", value=usd(f.value_achieved_365_usd),
               note=f"stated value of the objectives achieved since {(as_of - dt.timedelta(days=365)).isoformat()}; "
                    f"{usd(f.value_achieved_usd)} in all"),
        Figure(label="Median time to first value, customers since "
                     f"{recent_since.isoformat()}",
               value=NONE if median_recent is None else f"{round(float(median_recent))} days",
               note=(f"from the contract start to the first objective achieved; {f.recent_value_customers} of "
                     f"{f.recent_customers} customers who started since then have reached it"
                     + ("" if median_all is None else f" (over every customer: {round(float(median_all))} days)"))),
        Figure(label=f"Open objectives confirmed by the customer in the last {config.stale_after_days} days",
               value=NONE if not f.open_objectives else percent(Fraction(f.open_validated_in_window, f.open_objectives)),
               note=f"{f.open_validated_in_window} of {f.open_objectives} open objectives"),
    )
    total_arr = f.arr_total
    at_risk_arr = sum((f.arr_by_health.get(c, 0) for c in ("orange", "red")), start=0)
    at_risk_customers = sum(f.customers_by_health.get(c, 0) for c in ("orange", "red"))
    worse = sum(1 for m in f.health_moves if m.direction == "worse")
    better = sum(1 for m in f.health_moves if m.direction == "better")
    renewing = sum((r.arr or 0 for r in f.renewals), start=0)
    business = (
        Figure(label="Customers", value=str(f.customers)),
        Figure(label="ARR", value=usd(total_arr)),
        Figure(label="ARR at orange or red health", value=usd(at_risk_arr),
               note=(f"{percent(Fraction(at_risk_arr) / Fraction(total_arr))} of the ARR · " if total_arr else "")
               + f"{at_risk_customers} of {f.customers} customers"),
        Figure(label=f"Renewals in the next {config.renewal_window_days} days", value=str(len(f.renewals)),
               note=f"{usd(renewing)} ARR renewing"
               + (f" · {percent(Fraction(renewing) / Fraction(total_arr))} of the ARR" if total_arr else "")),
        Figure(label=f"Health since the quarter began ({f.quarter_start.isoformat()})",
               value=f"{better} better, {worse} worse",
               note=f"{f.customers - better - worse} of {f.customers} customers unchanged"),
    )
    return success, business


def _weeks(statuses: Sequence[CustomerStatus], as_of: dt.date) -> tuple[tuple[tuple[str, tuple[tuple[str, int], ...]], ...], Markup, tuple[str, ...]]:
    """Customers per health at the end of each week: only customers with a record by then count."""
    dates = timeline_dates(as_of)
    counts = {day: {color: 0 for color in HEALTH_COLORS} for day in dates}
    for c in statuses:
        if c.timeline is not None:
            for point in c.timeline.points:
                counts[point.date][point.color] += 1
    if not any(c.timeline is not None for c in statuses):
        return (), Markup(""), ()
    weeks = tuple((day.isoformat(), tuple(counts[day].items())) for day in dates)
    used = tuple(color for color in HEALTH_COLORS if any(counts[day][color] for day in dates))
    latest = ", ".join(f"{n} {color}" for color, n in weeks[-1][1] if n) or "no customer yet"
    chart = charts.stacked_columns(
        "chart-health-weeks", "Customers by health, week by week",
        f"Customers per health color at the end of each week from {weeks[0][0]} to {weeks[-1][0]} (the last week "
        f"so far), each customer from its first record on; latest: {latest}",
        [(day, {k: float(v) for k, v in week}) for day, week in weeks], used, axis="Customers",
        across="week (the date is the week's last day)", width=720, height=230, label_every=4,
        short=lambda day: dt.date.fromisoformat(day).strftime("%d %b"), partial_last=True)
    return weeks, chart, used


def dashboard_keys(portfolio: Portfolio, config: Config) -> tuple[tuple[str, str], ...]:
    """The dashboard's views as (CSM, segment), "" for any: every customer first, then each CSM, each
    segment, and each CSM's customers of a segment (only the combinations that have customers)."""
    pairs = sorted({(c.customer.csm or "", c.customer.segment or "") for c in portfolio.customers})
    csms = sorted({csm for csm, _ in pairs if csm})
    segments = [s for s in config.segments if any(seg == s for _, seg in pairs)]
    return (("", ""), *((csm, "") for csm in csms), *(("", seg) for seg in segments),
            *((csm, seg) for csm, seg in pairs if csm and seg))


def dashboard_uri(csm: str, segment: str) -> str:
    """Where a view of the dashboard lives: index.md for every customer, else under dashboard/."""
    if not csm and not segment:
        return "index.md"
    if csm and segment:
        return f"dashboard/csm-{csm}/segment-{segment}.md"
    return f"dashboard/csm-{csm}.md" if csm else f"dashboard/segment-{segment}.md"


def _view(portfolio: Portfolio, config: Config, csm: str, segment: str) -> DashboardView:
    as_of = portfolio.as_of
    mine = [c for c in portfolio.customers
            if (not csm or c.customer.csm == csm) and (not segment or c.customer.segment == segment)]
    f = portfolio_figures(mine, as_of, config)  # the same figures as `status --portfolio` of these customers
    success, business = _figures(f, as_of, config)
    ranked = account_views(portfolio, config, "", csm or None, segment or None)
    accounts = tuple(
        AccountLine(id=a.id, name=a.name, href=a.href, health=a.health, arr=a.arr,
                    renewal=NONE if a.renewal_days is None else days_from_now(a.renewal_days),
                    renewal_date=a.renewal_day if a.renewal_days is not None else "",
                    reason=f"{a.actions[0].subject}: {a.actions[0].reason}" if a.actions else "",
                    next_step=a.next_step, next_due=a.next_due, owner=a.owner)
        for a in ranked[:ACCOUNTS_SHOWN])
    decisions = []
    for d in leadership_decisions(portfolio, csm or None, segment or None):
        page = f"customers/{d.status.id}.md"
        if d.kind == "risk":
            decisions.append(DecisionLine(
                kind="escalated risk", color=RISK_COLOR.get(d.severity or "", "unknown"),
                customer=d.status.customer.name, href=f"{page}#risk-{d.risk}", text=d.text,
                detail=f"{d.severity}-severity, escalated to an executive, "
                       + ("opened today" if d.days == 0 else f"open for {duration(d.days)}")))
        else:
            o = d.status.customer.objective(d.objective or "")
            decisions.append(DecisionLine(kind="ask", color="unknown", customer=d.status.customer.name,
                                          href=f"{page}#objective-{d.objective}", text=d.text,
                                          detail=f"for “{o.title if o else d.objective}”"))
    weeks, weeks_chart, used = _weeks(mine, as_of)
    moved = [m for m in f.health_moves if m.direction != "same"]
    colors = [c for c in HEALTH_COLORS if c != "unknown" or f.customers_by_health.get(c, 0)]
    return DashboardView(
        csm=csm, segment=segment, customers=f.customers, accounts=accounts,
        more_accounts=max(0, len(ranked) - ACCOUNTS_SHOWN), decisions=tuple(decisions),
        success=success, business=business,
        health_counts=tuple(HealthCount(color=c, customers=f.customers_by_health.get(c, 0),
                                        arr=usd(f.arr_by_health.get(c, 0))) for c in colors),
        per_quarter=f.achieved_per_quarter,
        renewals=tuple(RenewalRow(customer_id=r.customer_id, name=r.name, href=f"customers/{r.customer_id}.md",
                                  date=day(r.date), when=days_from_now((r.date - as_of).days), health=r.health,
                                  arr=usd(r.arr))
                       for r in f.renewals[:LIST_SHOWN]),
        more_renewals=max(0, len(f.renewals) - LIST_SHOWN),
        moves=tuple(MoveRow(customer_id=m.customer_id, name=m.name, href=f"customers/{m.customer_id}.md",
                            before=m.before, after=m.after, direction=m.direction)
                    for m in moved[:LIST_SHOWN]),
        more_moves=max(0, len(moved) - LIST_SHOWN),
        health_chart=charts.health_distribution(f.customers_by_health),
        arr_chart=charts.arr_by_health(f.arr_by_health, f.customers_by_health),
        quarter_chart=charts.achieved_per_quarter(f.achieved_per_quarter),
        weeks_chart=weeks_chart, weeks=weeks, colors=used,
    )


def dashboard_context(portfolio: Portfolio, config: Config, csm: str = "", segment: str = "") -> DashboardContext:
    """The dashboard for every customer, or narrowed to a CSM, a segment or both: each is a page of
    its own, and the filters on each page lead to the others."""
    people = portfolio_people(portfolio)
    keys = dashboard_keys(portfolio, config)
    data_warnings = sum(1 for p in portfolio.problems if p.severity == "warning" and is_data_problem(p))
    uri = dashboard_uri(csm, segment)
    prefix = "../" * uri.count("/")
    return DashboardContext(
        as_of=portfolio.as_of.isoformat(), company=config.company_name, customers=len(portfolio.customers),
        quarter_start=portfolio.figures.quarter_start.isoformat(), renewal_window=config.renewal_window_days,
        errors=sum(1 for p in portfolio.problems if p.severity == "error"), data_warnings=data_warnings,
        attention=attention_count(portfolio), view=_view(portfolio, config, csm, segment), prefix=prefix,
        views=tuple(ViewLink(csm=k_csm, segment=k_seg, href=prefix + dashboard_uri(k_csm, k_seg),
                             label=", ".join(x for x in (people.name(k_csm) if k_csm else "", label(k_seg) if k_seg
                                                         else "") if x) or "every customer")
                    for k_csm, k_seg in keys),
        csms=tuple((k, people.name(k)) for k in sorted({k for k, _ in keys if k})),
        segments=tuple((k, label(k)) for k in dict.fromkeys(k for _, k in keys if k)),
        csm_name=people.name(csm) if csm else "", segment_name=label(segment) if segment else "",
    )


# --- customers index --------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class CustomersContext:
    as_of: str
    rows: tuple[CustomerRow, ...]
    csms: tuple[str, ...]
    segments: tuple[str, ...]
    healths: tuple[str, ...]


def customers_context(portfolio: Portfolio) -> CustomersContext:
    people = portfolio_people(portfolio)
    rows = tuple(customer_row(c, people, strip=True) for c in portfolio.customers)
    return CustomersContext(
        as_of=portfolio.as_of.isoformat(), rows=rows,
        csms=tuple(sorted({r.csm_name for r in rows if r.csm})),
        segments=tuple(sorted({label(c.customer.segment) for c in portfolio.customers if c.customer.segment})),
        healths=tuple(c for c in HEALTH_COLORS if any(r.health == c for r in rows)),
    )


# --- customer page ----------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class TaskView:
    title: str
    owner: str
    due: str
    done: str
    late: bool  # not done by the as-of date and past due


@dataclass(frozen=True, kw_only=True)
class ReadingRow:
    date: str
    value: str
    internal: bool


@dataclass(frozen=True, kw_only=True)
class SiteObjective:
    id: str
    title: str
    status: str
    track: str
    track_label: str
    priority: str
    started: str
    due: str
    is_open: bool
    progress: str
    measured: bool  # there is a progress to show (a metric's reading or tasks)
    expected: str
    progress_bar: Markup
    kind: str  # "metric" or "initiative"
    metric_line: str  # "Median dispute resolution time: 14 → 5 days, now 9"
    trend: Markup | None
    trend_caption: str
    readings: tuple[ReadingRow, ...]
    success_criteria: str | None
    tasks: tuple[TaskView, ...]
    tasks_done: str
    stakeholders: tuple[str, ...]
    last_validated: str
    validated: bool  # last_validated is a date, not the placeholder
    validated_by: str | None
    stale: bool
    never_validated: bool
    closed: str | None  # "2026-02-26, confirmed by Mei-Lin Chen"
    evidence: str | None
    evidence_url: str | None
    value: str | None
    internal: bool
    body: Markup


@dataclass(frozen=True, kw_only=True)
class PersonView:
    name: str
    title: str | None
    email: str | None
    location: str | None
    persona: str  # in words


@dataclass(frozen=True, kw_only=True)
class ActivityView:
    date: str
    kind: str
    title: str
    objectives: tuple[Markup, ...]  # linked titles
    readings: tuple[str, ...]
    attendees: tuple[str, ...]
    author: str | None
    internal: bool
    notes: Markup
    future: bool


@dataclass(frozen=True, kw_only=True)
class RiskView:
    id: str
    title: str
    kind: str
    severity: str
    status: str
    opened: str
    escalation: str
    owner: str | None
    objectives: tuple[Markup, ...]  # linked titles
    body: Markup
    is_open: bool


@dataclass(frozen=True, kw_only=True)
class Fact:
    label: str
    value: str
    href: str | None = None


@dataclass(frozen=True, kw_only=True)
class CustomerContext:
    id: str
    name: str
    csm: str | None
    segment: str | None
    as_of: str
    health: str
    reasons: tuple[tuple[str, Markup], ...]  # (color, reason with the objective's title linked)
    facts: tuple[Fact, ...]
    account_team: tuple[Fact, ...]
    scorecard: tuple[Fact, ...]  # label: measure, value: color, href: note
    tags: tuple[str, ...]
    open_objectives: tuple[SiteObjective, ...]
    closed_objectives: tuple[SiteObjective, ...]
    stakeholders: tuple[PersonView, ...]  # the deciding personas first (PERSONA_ORDER), then as written
    activities: tuple[ActivityView, ...]
    risks: tuple[RiskView, ...]
    problems: tuple[ProblemRow, ...]
    errors: int
    deck_href: str | None
    folder: str
    strip: Markup = Markup("")  # health week by week
    changes: tuple[HealthChange, ...] = ()  # newest first
    timeline_start: str = ""
    waived: tuple[WaivedRow, ...] = ()  # warnings set aside, each with why


@dataclass(frozen=True, kw_only=True)
class WaivedRow:
    """A warning a waiver or the `rules` option sets aside, as the customer page lists it."""

    code: str
    location: str  # file:line
    message: str
    why: str  # the waiver's reason, or that the team turned the code off
    until: str  # the waiver's last day; NONE when turned off


def waived_row(w: Waived) -> WaivedRow:
    p = w.problem
    return WaivedRow(code=p.code, location=f"{p.file}:{p.line}", message=p.message,
                     why=w.reason if w.reason is not None else "turned off for the whole team (rules in mkdocs.yml)",
                     until=w.until.isoformat() if w.until is not None else NONE)


@dataclass(frozen=True, kw_only=True)
class HealthChange:
    date: str
    before: str
    after: str
    reasons: tuple[tuple[str, Markup], ...]  # the signals at the change


def _stakeholder_name(c: CustomerStatus, sid: str | None) -> str | None:
    if sid is None:
        return None
    s = c.customer.stakeholder(sid)
    return s.name if s is not None else sid


def _objective_view(c: CustomerStatus, s: ObjectiveStatus, as_of: dt.date, people: People) -> SiteObjective:
    o = s.objective
    m = o.metric
    trend = None
    trend_caption = ""
    metric_line = ""
    readings: tuple[ReadingRow, ...] = ()
    if m is not None:
        unit = f" {m.unit}" if m.unit else ""
        now = f", now {number(s.current)}{unit}" if s.current is not None else ""
        metric_line = f"{m.name}: from {number(m.baseline)} to {number(m.target)}{unit}{now}"
        series: list[Reading] = list(s.readings)
        trend = None if not series else charts.metric_trend(f"trend-{c.id}-{o.id}", m.name, m.unit, m.baseline, m.target,
                                    [(r.date, r.value) for r in series], o.started, o.due, as_of)
        readings = tuple(ReadingRow(date=r.date.isoformat(), value=f"{number(r.value)}{unit}",
                                    internal=r.internal) for r in series)
        latest = (f"latest {number(series[-1].value)}{unit} on {series[-1].date.isoformat()}" if series
                  else "no reading yet")
        in_span = min([o.started, *(r.date for r in series)]) <= as_of
        trend_caption = (f"{m.name}{f' ({m.unit})' if m.unit else ''}: {latest}. Dashed grey line: the baseline "
                         f"{number(m.baseline)}; green line: the target {number(m.target)}"
                         + (f"; thin dashed line: {as_of.isoformat()}." if in_span else "."))
    tasks = tuple(
        TaskView(title=t.title, owner=(_stakeholder_name(c, t.owner) or t.owner) if c.customer.stakeholder(t.owner)
                 else people.name(t.owner, c.customer), due=date(t.due),
                 done=date(t.done) if t.done is not None and t.done <= as_of else "",
                 late=(t.done is None or t.done > as_of) and t.due is not None and t.due < as_of)
        for t in o.tasks)
    closed = None
    evidence = evidence_url = None
    if o.closed is not None and not s.is_open:
        by = _stakeholder_name(c, o.closed.confirmed_by)
        closed = date(o.closed.date) + (f", confirmed by {by}" if by else ", not confirmed by the customer")
        evidence = o.closed.evidence
        if evidence and evidence.startswith(("https://", "http://")):
            evidence_url = evidence
    return SiteObjective(
        id=o.id, title=o.title, status=label(s.status), track=s.track, track_label=label(s.track),
        priority=str(o.priority) if o.priority is not None else NONE, started=date(o.started), due=date(o.due),
        is_open=s.is_open, progress=percent(s.progress), measured=s.progress is not None, expected=percent(s.expected),
        # a closed objective that was not achieved has nothing left to measure against time
        progress_bar=Markup("") if s.track == "closed" else
        charts.progress_bar(f"progress-{c.id}-{o.id}", s.progress, s.expected, s.track),
        kind="initiative" if m is None else "metric", metric_line=metric_line, trend=trend,
        trend_caption=trend_caption, readings=readings,
        success_criteria=o.success_criteria, tasks=tasks,
        tasks_done=f"{s.tasks_done} of {len(o.tasks)} tasks done" if o.tasks else "",
        stakeholders=tuple(_stakeholder_name(c, sid) or sid for sid in o.stakeholders),
        last_validated=date(o.last_validated), validated=o.last_validated is not None,
        validated_by=_stakeholder_name(c, o.validated_by), stale=s.stale,
        never_validated=s.never_validated, closed=closed, evidence=evidence, evidence_url=evidence_url,
        value=usd(o.value_usd) if o.value_usd is not None else None, internal=o.audience == "internal",
        body=render_body(o.body),
    )


SHORT_TITLE = 32


def _short(title: str) -> str:
    """A long title cut at a word to about SHORT_TITLE characters, for lists that repeat it."""
    if len(title) <= SHORT_TITLE:
        return title
    cut = title[:SHORT_TITLE].rsplit(" ", 1)[0]
    return f"{cut}…"


def _title(c: CustomerStatus, oid: str) -> str:
    o = c.customer.objective(oid)
    return o.title if o is not None else oid


def _activity_view(c: CustomerStatus, a: Activity, as_of: dt.date, people: People) -> ActivityView:
    return ActivityView(
        date=a.date.isoformat(), kind=label(a.kind), title=a.title,
        objectives=tuple(Markup(f'<a href="#objective-{escape(oid)}" title="{md_escape(_title(c, oid))}">'
                                f'{md_escape(_short(_title(c, oid)))}</a>')
                         for oid in a.objectives),
        readings=tuple(f"{_short(_title(c, oid))}: {number(v)}" for oid, v in a.readings),
        attendees=tuple(_stakeholder_name(c, sid) or sid for sid in a.attendees),
        author=people.name(a.author, c.customer) if a.author else None,
        internal=a.internal, notes=render_body(a.notes or ""), future=a.date > as_of,
    )


def _risk_view(c: CustomerStatus, r: Risk, people: People) -> RiskView:
    linked = tuple(Markup(f'<a href="#objective-{escape(oid)}">{md_escape(_title(c, oid))}</a>')
                   for oid in r.objectives)
    return RiskView(id=r.id, title=r.title, kind=label(r.kind), severity=r.severity, status=r.status,
                    opened=r.opened.isoformat(), escalation=r.escalation,
                    owner=people.name(r.owner,
                                      c.customer) if r.owner else None, objectives=linked, body=render_body(r.body),
                    is_open=r.status == "open" and r.opened <= c.as_of)


def customer_context(c: CustomerStatus, portfolio: Portfolio, options: SiteOptions,
                     people: People | None = None) -> CustomerContext:
    cu = c.customer
    as_of = portfolio.as_of
    people = people or portfolio_people(portfolio)
    views = [_objective_view(c, s, as_of, people) for s in c.objectives]
    order = {p: i for i, p in enumerate(PERSONA_ORDER)}
    stakeholders = tuple(PersonView(name=s.name, title=s.title, email=s.email, location=s.location,
                                    persona=label(s.persona))
                         for s in sorted(cu.stakeholders, key=lambda s: order.get(s.persona, 99)))
    activities = sorted(cu.activities, key=lambda a: (a.date, a.index), reverse=True)
    facts = [
        Fact(label="Renews", value=relative_day(cu.renewal_date, as_of) if cu.renewal_date else "no renewal date"),
        Fact(label="ARR", value=usd(cu.arr)),
        Fact(label="CSM", value=people.name(cu.csm, cu), href=f"../csms/{cu.csm}.md" if cu.csm else None),
        Fact(label="Last activity", value=relative_day(c.last_activity, as_of) if c.last_activity else "none logged"),
    ]
    if cu.segment or cu.lifecycle_stage:
        facts.append(Fact(label="Segment and stage", value=", ".join(x for x in (label(cu.segment) if cu.segment else "",
                                                                       cu.lifecycle_stage or "") if x)))
    if cu.customer_since:
        facts.append(Fact(label="Customer since", value=day(cu.customer_since)))
    if cu.crm_url:
        facts.append(Fact(label="CRM", value="CRM record", href=cu.crm_url))
    scorecard = [Fact(label=label(r.measure), value=r.color,
                      href=r.date.isoformat() + (f": {r.note}" if r.note else ""))
                 for r in c.scorecard]
    names = {cu.id: cu.name}
    problems = tuple(problem_row(p, names) for p in c.problems)
    strip = Markup("")
    changes: list[HealthChange] = []
    timeline = c.timeline
    if timeline is not None and timeline.points:
        strip = charts.health_strip(f"health-weeks-{c.id}", [(p.date, p.color) for p in timeline.points],
                                    slots=len(timeline_dates(as_of)), width=480, height=18, title=f"Health of {cu.name} week by week")
        # at each change, the signals that set the new color (the worst ones)
        changes = [HealthChange(date=after.date.isoformat(), before=before.color, after=after.color,
                                reasons=tuple((sig.color, signal_markup(sig, c)) for sig in after.signals
                                      if sig.color == after.color))
                   for before, after in reversed(timeline.changes())]
    return CustomerContext(
        id=c.id, name=cu.name, csm=cu.csm, segment=cu.segment, as_of=as_of.isoformat(), health=c.health.color,
        reasons=tuple((s.color, signal_markup(s, c)) for s in c.health.signals), facts=tuple(facts),
        account_team=tuple(Fact(label=m.role, value=m.name,
                                href=m.email) for m in cu.account_team), scorecard=tuple(scorecard),
        tags=cu.tags, open_objectives=tuple(v for v in views if v.is_open),
        closed_objectives=tuple(v for v in views if not v.is_open), stakeholders=stakeholders,
        activities=tuple(_activity_view(c, a, as_of, people) for a in activities),
        risks=tuple(_risk_view(c, r, people)
                    for r in sorted(cu.risks, key=lambda r: (r.status != "open", r.opened, r.id))),
        problems=problems, errors=sum(1 for p in c.problems if p.severity == "error"),
        deck_href=options.deck_href(c.id) if options.decks and not c.has_errors else None, folder=cu.path,
        strip=strip, changes=tuple(changes),
        timeline_start=timeline.points[0].date.isoformat() if timeline is not None and timeline.points else "",
        waived=tuple(waived_row(w) for w in c.waived),
    )


# --- needs attention, CSMs --------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class CsmContext:
    csm: str
    name: str
    as_of: str
    horizon: str
    rows: tuple[CustomerRow, ...]
    arr: str
    health_chart: Markup
    health_counts: tuple[tuple[str, int], ...]  # the chart's table fallback
    problems: tuple[CustomerProblems, ...]
    week: tuple[AgendaView, ...]  # this week's work, late first
    accounts: tuple[AccountView, ...]  # accounts at risk, ranked
    feed: str  # the CSM's calendar feed of the same items, relative to the page


@dataclass(frozen=True, kw_only=True)
class CsmSummary:
    csm: str
    name: str
    customers: int
    arr: str
    health: tuple[tuple[str, int], ...]
    warnings: int
    week: int  # items this week
    late: int


@dataclass(frozen=True, kw_only=True)
class CsmsContext:
    rows: tuple[CsmSummary, ...]


def csm_handles(portfolio: Portfolio) -> tuple[str, ...]:
    return tuple(sorted({c.customer.csm for c in portfolio.customers if c.customer.csm}))


def csm_context(portfolio: Portfolio, config: Config, csm: str) -> CsmContext:
    mine = [c for c in portfolio.customers if c.customer.csm == csm]
    people = portfolio_people(portfolio)
    counts = {color: sum(1 for c in mine if c.health.color == color) for color in HEALTH_COLORS}
    names = {c.id: c.customer.name for c in mine}
    groups = week_groups(portfolio, people, "../", csm)
    return CsmContext(
        csm=csm, name=people.name(csm), as_of=portfolio.as_of.isoformat(),
        horizon=(portfolio.as_of + dt.timedelta(days=DEFAULT_DAYS)).isoformat(),
        rows=tuple(customer_row(c, people) for c in mine),
        arr=usd(sum((c.customer.arr or 0 for c in mine), start=0)),  # type: ignore[arg-type]
        health_chart=charts.health_distribution(counts),
        health_counts=tuple((color, n) for color, n in counts.items() if color != "unknown" or n),
        problems=tuple(CustomerProblems(id=c.id, name=c.customer.name, health=c.health.color,
                                        problems=tuple(problem_row(p, names) for p in data_problems(c)))
                      for c in mine if data_problems(c)),
        week=groups[0].items if groups else (), accounts=account_views(portfolio, config, "../", csm),
        feed=feed_uri(csm).removeprefix("csms/"),
    )


def csms_context(portfolio: Portfolio) -> CsmsContext:
    people = portfolio_people(portfolio)
    items = portfolio_agenda(portfolio)
    rows = []
    for csm in csm_handles(portfolio):
        mine = [c for c in portfolio.customers if c.customer.csm == csm]
        health = tuple((color, n) for color in HEALTH_COLORS
                       if (n := sum(1 for c in mine if c.health.color == color)))
        work = [i for i in items if i.csm == csm]
        rows.append(CsmSummary(csm=csm, name=people.name(csm), customers=len(mine),
                               arr=usd(sum((c.customer.arr or 0 for c in mine), start=0)),  # type: ignore[arg-type]
                               health=health, warnings=sum(len(c.warnings) for c in mine), week=len(work),
                               late=sum(1 for i in work if i.late)))
    return CsmsContext(rows=tuple(rows))


# --- guide ------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class CodeView:
    code: str
    severity: str
    title: str
    doc: Markup  # `code` spans shown as code, not as backticks


_ESCAPED_CODE = re.compile(r"&#96;(.+?)&#96;")


def inline_code(text: str) -> Markup:
    """Escaped text whose `backtick` spans become <code>."""
    return Markup(_ESCAPED_CODE.sub(r"<code>\1</code>", md_escape(text)))


@dataclass(frozen=True, kw_only=True)
class GuideContext:
    stale_after_days: int
    activity_gap_days: int
    max_open_objectives: int
    exec_checkin_days: int
    on_track: str
    at_risk: str
    codes: tuple[CodeView, ...]


def guide_context(config: Config) -> GuideContext:
    from .. import rules

    return GuideContext(
        stale_after_days=config.stale_after_days, activity_gap_days=config.activity_gap_days,
        max_open_objectives=config.max_open_objectives, exec_checkin_days=config.exec_checkin_days,
        on_track=percent(Fraction(config.on_track_tolerance)), at_risk=percent(Fraction(config.at_risk_tolerance)),
        codes=tuple(CodeView(code=d.code, severity=d.severity, title=d.title,
                             doc=inline_code(d.doc)) for d in rules.documentation()),
    )
