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

NONE = "—"
"""What a missing value shows as."""


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


def label(value: str | None) -> str:
    """A code in words for internal views: in_progress → "in progress"; None → "—"."""
    return NONE if not value else value.replace("_", " ")


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
