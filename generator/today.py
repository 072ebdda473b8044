"""Today's date: the machine's local date, or SUCCESSPLANS_TODAY=YYYY-MM-DD to pin it (tests, archives)."""

from __future__ import annotations

import datetime as dt
import os

from .errors import ConfigError
from .schema import date_in_range

ENV = "SUCCESSPLANS_TODAY"


def parse_day(text: str, what: str) -> dt.date:
    """A YYYY-MM-DD date between 1900-01-01 and 2999-12-31; ConfigError (exit 2) otherwise."""
    try:
        day = dt.date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        day = None
    if day is None:
        raise ConfigError(f"{what} {text!r} is not a date (YYYY-MM-DD)")
    if not date_in_range(day):
        raise ConfigError(f"{what} {text} must lie between 1900-01-01 and 2999-12-31")
    return day


def today() -> dt.date:
    pinned = os.environ.get(ENV)
    if pinned:
        return parse_day(pinned, ENV)
    return dt.date.today()


def source_date_epoch() -> dt.datetime | None:
    """SOURCE_DATE_EPOCH (seconds since 1970, UTC) as a naive UTC time, when it is set to one: the
    moment reproducible outputs record instead of the real time of the build."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return None
    try:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).replace(tzinfo=None)
    except (OverflowError, OSError, ValueError):  # beyond what a date can hold: as if unset
        return None
