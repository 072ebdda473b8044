"""Metric readings from a CSV export (product analytics, BI), planned as activity entries.

The plan is made in full before anything is written: every row is checked against the customer
files as they are, bad rows are collected with their row numbers, and only a CSV without a bad
row yields entries. One `update` entry per customer and date holds that day's readings; a reading
already in the activity log (same objective, date and value) is skipped, so importing the same
export twice changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..errors import BadArgument
from ..model import Customer, Number
from ..schema import ACTIVITY_KINDS, HANDLE_RE, ID_RE
from ..yamlread import printable, resolve_plain

REQUIRED_COLUMNS = ("customer", "objective", "date", "value")
OPTIONAL_COLUMNS = ("title", "kind", "author")
DEFAULT_TITLE = "Metric readings (imported)"
DEFAULT_KIND = "update"
LIMIT = Decimal(10) ** 15


def shown(text: str) -> str:
    """A cell as a message may print it: control characters written as escapes, long text cut."""
    text = printable(text)
    return text if len(text) <= 60 else text[:57] + "..."
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2999, 12, 31)


@dataclass(frozen=True, kw_only=True)
class Row:
    """One data row of the CSV; `number` counts the header as row 1."""

    number: int
    customer: str
    objective: str
    date: str
    value: str
    title: str = ""
    kind: str = ""
    author: str = ""
    extra: bool = False  # more cells than the header names


@dataclass(frozen=True, kw_only=True)
class BadRow:
    number: int
    message: str


@dataclass(frozen=True, kw_only=True)
class Skipped:
    """A row whose reading the activity log (or an earlier row) already holds."""

    number: int
    objective: str
    date: dt.date
    earlier_row: int | None  # the CSV row that holds it, None when the log already does


@dataclass(kw_only=True)
class PlannedEntry:
    """The activity entry of one customer and date."""

    date: dt.date
    first_row: int
    given: tuple[str, str, str]  # title, kind, author as the first row wrote them
    readings: dict[str, Number] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)  # objective → its row

    def as_entry(self) -> dict[str, Any]:
        title, kind, author = self.given
        entry: dict[str, Any] = {"date": self.date, "kind": kind or DEFAULT_KIND, "title": title or DEFAULT_TITLE,
                                 "objectives": list(self.readings), "readings": dict(self.readings)}
        if author:
            entry["author"] = author
        return entry


@dataclass(kw_only=True)
class CustomerPlan:
    entries: list[PlannedEntry] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def readings(self) -> int:
        return sum(len(e.readings) for e in self.entries)


def read_rows(text: str, source: str) -> list[Row]:
    """The data rows of a CSV; a missing or unknown column is a bad argument (exit 2)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        raise BadArgument(f"{source} is empty: the first row must name the columns "
                          f"{', '.join(REQUIRED_COLUMNS)}")
    names = [name.strip().lower() for name in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    unknown = [n for n in names if n not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if missing or unknown or repeated:
        parts = [f"missing {', '.join(missing)}"] if missing else []
        parts += [f"unknown {', '.join(shown(n) for n in unknown)}"] if unknown else []
        parts += [f"repeated {', '.join(shown(n) for n in repeated)}"] if repeated else []
        raise BadArgument(f"{source} row 1 must name the columns {', '.join(REQUIRED_COLUMNS)} "
                          f"(optional: {', '.join(OPTIONAL_COLUMNS)}); {'; '.join(parts)}")
    rows = []
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        values = dict(zip(names, (cell.strip() for cell in cells)))
        rows.append(Row(number=number, extra=len(cells) > len(names),
                        **{name: values.get(name, "") for name in REQUIRED_COLUMNS + OPTIONAL_COLUMNS}))
    return rows


def parse_value(text: str) -> tuple[Number | None, str]:
    """(the exact number, '') or (None, why not) for a value cell."""
    text, raw = shown(text), text
    if not raw:
        return None, "the value is empty"
    if text.endswith("%"):
        return None, f"value '{text}' is not a number: write {text[:-1].strip()} (the unit belongs in metric.unit)"
    if "," in text:
        return None, f"value '{text}' is not a number: write it without thousands separators, with '.' for decimals"
    number = resolve_plain(raw)
    if isinstance(number, bool) or not isinstance(number, (int, Decimal)) \
            or isinstance(number, Decimal) and not number.is_finite():
        return None, f"value '{text}' is not a number"
    if abs(Decimal(number)) >= LIMIT:
        return None, f"value '{text}' is too large (at most 15 digits)"
    return number, ""


def parse_date(text: str) -> tuple[dt.date | None, str]:
    try:
        day = dt.date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        day = None
    if day is None or not EARLIEST <= day <= LATEST:
        return None, f"date '{shown(text)}' is not a date (YYYY-MM-DD)"
    return day, ""


def _readings_by_day(customer: Customer) -> dict[tuple[dt.date, str], list[Number]]:
    """Every reading of a customer's log under its (date, objective), in log order."""
    out: dict[tuple[dt.date, str], list[Number]] = {}
    for activity in customer.activities:
        for objective, value in activity.readings:
            out.setdefault((activity.date, objective), []).append(value)
    return out


def plan_import(rows: Sequence[Row], customers: Mapping[str, Customer | None], known: Sequence[str],
                today: dt.date, handles: frozenset[str] | None = None,
                force: bool = False) -> tuple[dict[str, CustomerPlan], list[BadRow]]:
    """The entries to append per customer, and every bad row (when any, nothing is to be written).

    `customers` maps each customer id the rows name to its loaded files (None: not found);
    `known` lists every customer id, for suggestions; `handles`, when given, the team handles an
    author must be one of (team.yaml's). `force` accepts an author missing from them and a date
    before the customer's start (customer_since, else its first objective's start).
    """
    plans: dict[str, CustomerPlan] = {}
    bad: list[BadRow] = []
    seen: dict[tuple[str, str, dt.date], tuple[Number, int]] = {}
    # the readings each customer's log holds, and the entries planned, by date: looked up per row
    logged_on: dict[str, dict[tuple[dt.date, str], list[Number]]] = {}
    planned_on: dict[tuple[str, dt.date], PlannedEntry] = {}
    for row in rows:
        problems = ["more cells than row 1 names columns"] if row.extra else []
        customer = customers.get(row.customer) if ID_RE.match(row.customer) else None
        if customer is None:
            close = difflib.get_close_matches(row.customer, list(known), n=1)
            problems.append(f"unknown customer '{shown(row.customer)}'" + (f" (did you mean '{close[0]}'?)" if close else ""))
        objective = customer.objective(row.objective) if customer is not None else None
        if customer is not None and objective is None:
            ids = sorted(o.id for o in customer.objectives)
            close = difflib.get_close_matches(row.objective, ids, n=1)
            problems.append(f"unknown objective '{shown(row.objective)}' for customer '{shown(row.customer)}'"
                            + (f" (did you mean '{close[0]}'?)" if close else ""))
        elif objective is not None and objective.metric is None:
            problems.append(f"objective '{row.objective}' is an initiative (no metric): it takes no readings")
        day, why = parse_date(row.date)
        if why:
            problems.append(why)
        elif day is not None and day > today:
            problems.append(f"date {day} is in the future (today is {today})")
        elif day is not None and objective is not None and day < objective.started:
            problems.append(f"date {day} is before the objective started ({objective.started})")
        value, why = parse_value(row.value)
        if why:
            problems.append(why)
        kind = row.kind or DEFAULT_KIND
        if kind not in ACTIVITY_KINDS:
            problems.append(f"kind '{shown(row.kind)}' is not one of {', '.join(ACTIVITY_KINDS)}")
        if row.author and not HANDLE_RE.match(row.author):
            problems.append(f"author '{shown(row.author)}' is not a handle (lowercase letters, digits, '.', '_', '-')")
        elif row.author and handles is not None and row.author not in handles and not force:
            close = difflib.get_close_matches(row.author, sorted(handles), n=1)
            problems.append(f"author '{row.author}' is not in team.yaml" + (f" (did you mean '{close[0]}'?)" if close
                                                                           else "") + "; --force accepts it")
        if customer is not None and day is not None and not why and not force:
            start = customer.customer_since or min((o.started for o in customer.objectives), default=None)
            if start is not None and day < start and not (objective is not None and day < objective.started):
                what = "the customer's customer_since" if customer.customer_since else "its first objective started"
                problems.append(f"date {day} is before {what} ({start}); --force accepts it")
        if "\n" in row.title or "\r" in row.title:
            problems.append("title must be one line")
        if problems or customer is None or day is None or value is None:
            bad.append(BadRow(number=row.number, message="; ".join(problems)))
            continue
        plan = plans.setdefault(row.customer, CustomerPlan())
        key = (row.customer, row.objective, day)
        if key in seen:
            earlier, at = seen[key]
            if earlier == value:
                plan.skipped.append(Skipped(number=row.number, objective=row.objective, date=day, earlier_row=at))
            else:
                bad.append(BadRow(number=row.number, message=f"{row.objective} on {day} is {value} here but "
                                  f"{earlier} in row {at}"))
            continue
        seen[key] = (value, row.number)
        if row.customer not in logged_on:
            logged_on[row.customer] = _readings_by_day(customer)
        logged = logged_on[row.customer].get((day, row.objective), [])
        if logged:
            if any(v == value for v in logged):
                plan.skipped.append(Skipped(number=row.number, objective=row.objective, date=day, earlier_row=None))
            else:
                bad.append(BadRow(number=row.number, message=f"{row.objective} on {day} is already logged as "
                                  f"{logged[-1]}, not {value}; correct it in the activity log by hand if it changed"))
            continue
        given = (row.title, row.kind, row.author)
        entry = planned_on.get((row.customer, day))
        if entry is None:
            entry = planned_on[row.customer, day] = PlannedEntry(date=day, first_row=row.number, given=given)
            plan.entries.append(entry)
        elif given != entry.given:
            name, mine, theirs = next(x for x in zip(("title", "kind", "author"), given, entry.given) if x[1] != x[2])
            bad.append(BadRow(number=row.number, message=f"{name} '{shown(mine)}' differs from row {entry.first_row} "
                              f"('{shown(theirs)}'): one entry per customer and date"))
            continue
        entry.readings[row.objective] = value
        entry.rows[row.objective] = row.number
    for plan in plans.values():
        plan.entries.sort(key=lambda e: e.date)
    return plans, bad
