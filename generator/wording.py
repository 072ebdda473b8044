"""How numbers, shares and dates are written, in one place for every renderer (site, decks,
digests, diffs, the terminal), so that the same value never reads two ways."""

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


def day(value: dt.date | None) -> str:
    """A date in words for people: "16 Nov 2026"."""
    return NONE if value is None else f"{value.day} {value:%b %Y}"
