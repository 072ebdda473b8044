"""How numbers, shares, dates and statuses are written, in one place for every renderer (site,
decks, digests, diffs, the terminal), so that the same value never reads two ways.

Statuses have two vocabularies on purpose. Internal views (the site, the terminal) show a code in
words (`label`: at_risk → "at risk"), next to its health colour (generator/styles.py). Customer-facing
output (decks, digests) says where a plan stands in the customer's words (`customer_status`:
at_risk → "Slightly behind plan") and never shows a health colour or an internal code.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

from .agenda import EBR_LOOKBACK_DAYS
from .model import OBJECTIVE_SIGNALS, AgendaItem, Customer, HealthSignal

NONE = "—"
"""What a missing value shows as."""

NO_CSM = "(no CSM)"
"""What customers without a CSM are listed under."""


def percent(value: Fraction | Decimal | float | None) -> str:
    """A share as a whole percentage: 0.675 → "68%" (halves to even); None → "—"."""
    return NONE if value is None else f"{round(float(value) * 100)}%"


def number(value: int | Decimal | float | None, unit: str | None = None) -> str:
    """Thousands separators and the unit as written in the plan: "1,250 tickets", "1 day", "35%"."""
    if value is None:
        return NONE
    exact = Decimal(str(value)).normalize()
    text = f"{exact:,f}" if exact == exact.to_integral() else f"{exact:,}"
    if unit in ("%", "percent"):
        return f"{text}%"
    if not unit:
        return text
    if exact == 1 and unit.endswith("s") and not unit.endswith("ss"):
        unit = unit[:-1]
    return f"{text} {unit}"


def reading(value: int | Decimal | Fraction | float | None) -> str:
    """A value for internal tables: thousands separators, computed values (fractions) to at most
    two decimals, values as written in full: "1,250", "7.5", "2.33"."""
    if value is None:
        return NONE
    if isinstance(value, Fraction):
        value = float(value)
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, Decimal):
        return f"{value:,f}".rstrip("0").rstrip(".") if "." in f"{value:f}" else f"{value:,f}"
    return f"{value:,}"


def day(value: dt.date | None) -> str:
    """A date in words for people: "16 Nov 2026"."""
    return NONE if value is None else f"{value.day} {value:%b %Y}"


def days_from_now(days: int) -> str:
    """A count of days from the as-of date in words: "today", "in 1 day", "in 88 days", "3 days ago"."""
    if days == 0:
        return "today"
    count = f"{abs(days)} day{'s' * (abs(days) != 1)}"
    return f"in {count}" if days > 0 else f"{count} ago"


def relative_day(value: dt.date | None, as_of: dt.date) -> str:
    """A date with how far it is from the as-of date: "in 88 days, 12 Feb 2027"; None → "—"."""
    return NONE if value is None else f"{days_from_now((value - as_of).days)}, {day(value)}"


def duration(days: int) -> str:
    """How long something has lasted, after "for" or "since": "3 days"; zero days read "today"."""
    return "today" if days == 0 else f"{days} day{'s' * (days != 1)}"


def label(value: str | None) -> str:
    """A code in words for internal views: in_progress → "in progress"; None → "—"."""
    return NONE if not value else value.replace("_", " ")


# --- health reasons (internal: the site, the terminal, status JSON, diffs) ----------------------


def objective_predicate(signal: HealthSignal) -> str:
    """What a signal about an objective says of it, after its name: "is at risk (40% done against
    60% expected)"."""
    kind = signal.kind
    if kind in ("at_risk", "off_track"):
        return f"is {label(kind)} ({percent(signal.progress)} done against {percent(signal.expected)} expected)"
    if kind == "overdue":
        return f"is overdue (due {_iso(signal.date)})"
    if kind == "stale":
        return f"was last validated {_iso(signal.date)}, over {signal.days} days ago"
    if kind == "never_validated":
        return "has never been validated with the customer"
    return "has no measure of progress yet"  # unmeasured


def health_reason(signal: HealthSignal, customer: Customer, *, labels: bool = False) -> str:
    """A reason for a customer's health in plain words ("objective cut-cycle-time is overdue (due
    2026-10-31)"); `labels` writes a scorecard measure's code in words, as the site does."""
    kind = signal.kind
    if kind in OBJECTIVE_SIGNALS:
        return f"objective {signal.objective} {objective_predicate(signal)}"
    if kind == "errors":
        return "the files have errors: fix them to compute health"
    if kind == "no_activity":
        return "no activity logged"
    if kind == "activity_gap":
        return f"no activity in the last {signal.days} days (last on {_iso(signal.date)})"
    if kind == "risk":
        risk = customer.risk(signal.risk or "")
        if risk is None:  # a signal is always about one of the customer's own risks
            return f"open risk {signal.risk}"
        return f"open {risk.severity}-severity {risk.kind} risk: {risk.title}"
    if kind == "scorecard":
        measure = label(signal.measure) if labels else signal.measure
        return f"scorecard {measure} is {signal.color} (reading of {_iso(signal.date)})"
    return "no live success plan: no open objective and none achieved in the last 365 days"  # no_live_plan


# --- the week's work (the agenda command and the site) --------------------------------------------


AGENDA_ACTIONS: dict[str, str] = {
    "revalidate": "Confirm with the customer that it is still a priority, then record it",
    "task": "Finish the task, or agree a new date with the customer",
    "chase": "Ask the customer where the task stands; agree a new date if it slipped",
    "risk_review": "Review the risk with its owner and add a dated update (or mitigate or close it)",
    "objective_due": "Reach it, close it with the customer, or agree a new due date",
    "exec_checkin": "Meet the executive sponsor and log the check-in",
    "ebr": "Hold an executive business review before the renewal",
    "activity": "Get in touch with the customer and log it",
    "fix": "Fix the errors in the files: until then the figures and the deck are missing",
}
"""What to do, in a few words, per kind of agenda item: the site shows it next to each item."""


def agenda_title(item: AgendaItem) -> str:
    """An agenda item in plain words (the `title` of `agenda --format json`)."""
    kind, objective = item.kind, item.objective_title
    if kind == "revalidate":
        if item.since is not None:
            return f"revalidate “{objective}” (last validated {item.since.isoformat()})"
        return f"validate “{objective}” with the customer (never validated; started {_iso(item.started)})"
    if kind == "task":
        return f"task “{item.task}” ({item.owner}) for “{objective}”"
    if kind == "chase":
        return f"chase “{item.task}” ({item.owner_name or item.owner}) for “{objective}”"
    if kind == "risk_review":
        last = f"last update {item.since.isoformat()}" if item.since else f"no update since it opened {_iso(item.started)}"
        return f"review the {item.severity}-severity risk “{item.risk_title}” ({last})"
    if kind == "objective_due":
        return f"“{objective}” is due ({label(item.track)})"
    if kind == "exec_checkin":
        return f"executive check-in (last on {item.since.isoformat()})" if item.since else \
            "executive check-in (none logged)"
    if kind == "ebr":
        return f"EBR before the renewal on {_iso(item.renewal)} (none in the last {EBR_LOOKBACK_DAYS} days)"
    if kind == "activity":
        return f"customer contact (last activity on {item.since.isoformat()})" if item.since else \
            "customer contact (no activity logged)"
    first = item.first_error  # fix
    count = f"{item.errors} error{'s' * (item.errors != 1)}"
    return f"fix {count} in the files (first: {first.code} {first.message})" if first else f"fix {count} in the files"


def _iso(value: dt.date | None) -> str:
    return NONE if value is None else value.isoformat()


# --- customer-facing (decks, digests) ---------------------------------------------------------

CUSTOMER_STATUS_WORDS = {
    "on_track": "On track",
    "at_risk": "Slightly behind plan",
    "off_track": "Behind plan",
    "overdue": "Past due",
    "planned": "Not started yet",
    "unmeasured": "In progress",
    "achieved": "Achieved",
    "closed": "Closed",
}
"""Where an objective stands, per track, as the customer reads it."""

DECK_STATUS_WORDS = {"not_measured": "Not measured yet"}
"""The deck's own readings beside the tracks: an objective with a metric and no reading yet is not
measured (the model stands it at its baseline, a customer is told the truth)."""

CUSTOMER_PACE = {
    "on_track": "on pace",
    "at_risk": "slightly behind the planned pace",
    "off_track": "behind the planned pace",
    "overdue": "past its due date",
}
"""The pace of an open, measured objective, per track, within a customer-facing sentence."""


def customer_status(track: str) -> str:
    """A track in the customer's words: at_risk → "Slightly behind plan"."""
    found = CUSTOMER_STATUS_WORDS.get(track) or DECK_STATUS_WORDS.get(track)
    return found or track.replace("_", " ").capitalize()
