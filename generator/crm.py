"""The CRM link (SPEC §12): account facts read from a CRM export, and what the CRM should hold in
return, as CSV in the CRM's own columns and formats.

Nothing about a CRM file is guessed: which column holds which fact comes from a small mapping file
or `--map`, and dates and numbers are read in the formats it declares (`DD/MM/YYYY`, `,` for
decimals, `.` for thousands). Only the delimiter is found from row 1 when the mapping does not
say it (`;` or `,` or a tab), and a byte order mark is accepted. Rows are matched to customers by
`crm_id`; this module reads and plans, the import command stages each change through the edit
functions of edit/facts.py.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from .edit.readings import BadRow  # a row refused, by its line: one record for every CSV import
from .errors import BadArgument
from .model import Customer, Number
from .schema import HANDLE_RE, Bool, Enum, Field, Findings, MapOf, Record, Text, date_in_range, number_problem
from .yamlread import CONTROL, DataNode, parse_yaml, printable

FIELDS = ("crm_id", "name", "arr", "renewal_date", "customer_since", "segment", "csm")
"""The account facts an import sets (crm_id matches the row to its customer)."""
DATE_FIELDS = ("renewal_date", "customer_since")
DECIMALS = (".", ",")
THOUSANDS = ("", ",", ".", " ", "'")
DELIMITERS = {",": ",", ";": ";", "tab": "\t", "\t": "\t"}
SPACES = ("\u00a0", "\u202f")  # no-break spaces, which some CRMs write between thousands

MAPPING = Record(fields={
    "columns": Field(type=MapOf(Enum(FIELDS), key_what="column"), required=True,
                     doc="CRM column (as row 1 writes it) → the fact it holds: " + ", ".join(FIELDS) + "."),
    "dates": Field(type=Text(), doc="How the CRM writes dates, e.g. DD/MM/YYYY (default YYYY-MM-DD)."),
    "decimal": Field(type=Enum(DECIMALS), doc="The decimal separator (default '.')."),
    "thousands": Field(type=Enum(THOUSANDS), doc="The thousands separator (default none)."),
    "delimiter": Field(type=Enum(tuple(DELIMITERS)), doc="Between cells; default: found from row 1."),
    "bom": Field(type=Bool(), doc="true: an export starts with a byte order mark, as Excel likes (default false)."),
    "values": Field(type=MapOf(MapOf(Text(), key_what="CRM value"), key_what="fact"),
                    doc="The CRM's words for our values, per fact: segment: {Enterprise: enterprise}, "
                        "csm: {Jane Doe: jane.doe}."),
}, doc="How a CRM's account export maps onto the plans.")


@dataclass(frozen=True, kw_only=True)
class DateFormat:
    """A declared date format made of YYYY, MM and DD and separators."""

    text: str
    regex: re.Pattern[str]
    order: tuple[str, ...]  # "Y", "M", "D" in the order written

    @classmethod
    def parse(cls, text: str) -> DateFormat:
        tokens = re.findall(r"YYYY|MM|DD|[-/. ]|.", text)
        if sorted(t for t in tokens if t in ("YYYY", "MM", "DD")) != ["DD", "MM", "YYYY"] or \
                any(t not in ("YYYY", "MM", "DD", "-", "/", ".", " ") for t in tokens):
            raise BadArgument(f"date format '{printable(text)}' must hold YYYY, MM and DD once each, separated by "
                              "'-', '/', '.' or a space, e.g. DD/MM/YYYY")
        pattern = "".join({"YYYY": r"(\d{4})", "MM": r"(\d{1,2})", "DD": r"(\d{1,2})"}.get(t, re.escape(t))
                          for t in tokens)
        return cls(text=text, regex=re.compile(pattern + r"\Z"), order=tuple(t[0] for t in tokens if len(t) > 1))

    def read(self, text: str) -> dt.date | None:
        found = self.regex.match(text.strip())
        if found is None:
            return None
        parts = dict(zip(self.order, (int(g) for g in found.groups())))
        try:
            day = dt.date(parts["Y"], parts["M"], parts["D"])
        except ValueError:
            return None
        return day if date_in_range(day) else None

    def write(self, day: dt.date) -> str:
        return self.text.replace("YYYY", f"{day.year:04d}").replace("MM", f"{day.month:02d}").replace(
            "DD", f"{day.day:02d}")


ISO = DateFormat.parse("YYYY-MM-DD")


@dataclass(frozen=True, kw_only=True)
class CrmFormat:
    """A CRM's columns and how it writes values."""

    columns: Mapping[str, str] = field(default_factory=dict)  # CRM column → fact
    dates: DateFormat = ISO
    decimal: str = "."
    thousands: str = ""
    delimiter: str | None = None  # None: found from row 1 (import), ',' (export)
    bom: bool = False
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # fact → CRM word → our value

    def column_of(self, fact: str) -> str | None:
        return next((column for column, f in self.columns.items() if f == fact), None)

    def ours(self, fact: str, text: str) -> str:
        return self.values.get(fact, {}).get(text, text)

    def theirs(self, fact: str, value: str) -> str:
        return next((word for word, ours in self.values.get(fact, {}).items() if ours == value), value)

    # numbers

    def read_number(self, text: str) -> Number | None:
        text = text.strip()
        for space in SPACES:
            text = text.replace(space, " ")
        point, group = re.escape(self.decimal), re.escape(self.thousands)
        grouped = rf"-?\d{{1,3}}(?:{group}\d{{3}})+" if self.thousands else None
        whole = rf"(?:{grouped}|-?\d+)" if grouped else r"-?\d+"
        if not re.fullmatch(rf"{whole}(?:{point}\d+)?", text):
            return None
        plain = text.replace(self.thousands, "") if self.thousands else text
        plain = plain.replace(self.decimal, ".")
        try:
            value = Decimal(plain)
        except InvalidOperation:
            return None
        if number_problem(value) is not None:
            return None
        return int(value) if "." not in plain else value

    def write_number(self, value: Number) -> str:
        text = f"{value:f}" if isinstance(value, Decimal) else str(value)
        sign = "-" if text.startswith("-") else ""
        whole, _, fraction = text.lstrip("-").partition(".")
        if self.thousands:
            groups: list[str] = []
            while len(whole) > 3:
                groups.insert(0, whole[-3:])
                whole = whole[:-3]
            whole = self.thousands.join([whole, *groups])
        return sign + whole + (self.decimal + fraction if fraction else "")

    def number_words(self) -> str:
        thousands = f"'{self.thousands}'" if self.thousands else "no separator"
        return f"'{self.decimal}' for decimals and {thousands} for thousands"


def read_mapping(text: str, source: str) -> CrmFormat:
    """A mapping file; any problem could not run (exit 2), at its line."""
    root, issues = parse_yaml(text)
    findings = Findings()
    data = MAPPING.check(root if root is not None else DataNode("scalar", None, 1, 1), findings, "")
    problems = [*issues, *findings.issues]
    if problems:
        first = problems[0]
        raise BadArgument(f"{source}:{first.line}:{first.column}: {first.message}" + (f" [{first.hint}]" if first.hint
                                                                                       else ""))
    assert isinstance(data, dict)
    return with_options(CrmFormat(
        columns=dict(data["columns"]), decimal=data.get("decimal") or ".", thousands=data.get("thousands") or "",
        delimiter=DELIMITERS[data["delimiter"]] if data.get("delimiter") else None, bom=data.get("bom") is True,
        values={fact: dict(words) for fact, words in (data.get("values") or {}).items()},
    ), dates=data.get("dates"), source=source)


def parse_map(text: str) -> dict[str, str]:
    """--map "Account ID=crm_id,ARR=arr": CRM column → fact."""
    columns: dict[str, str] = {}
    for pair in text.split(","):
        column, eq, fact = (part.strip() for part in pair.partition("="))
        if not pair.strip():
            continue
        if not eq or not column or fact not in FIELDS:
            raise BadArgument(f"--map takes COLUMN=FACT pairs separated by commas, FACT one of {', '.join(FIELDS)}; "
                              f"'{printable(pair.strip())}' is not one")
        columns[column] = fact
    return columns


def with_options(fmt: CrmFormat, *, columns: Mapping[str, str] | None = None, dates: str | None = None,
                 decimal: str | None = None, thousands: str | None = None, delimiter: str | None = None,
                 source: str = "the options") -> CrmFormat:
    """The format with what the command line gives laid over it, checked whole."""
    values: dict[str, Any] = {}
    if columns is not None:
        values["columns"] = dict(columns)
    if dates is not None:
        values["dates"] = DateFormat.parse(dates)
    if decimal is not None:
        values["decimal"] = decimal
    if thousands is not None:
        values["thousands"] = thousands
    if delimiter is not None:
        values["delimiter"] = DELIMITERS[delimiter]
    fmt = replace(fmt, **values)
    if fmt.decimal == fmt.thousands:
        raise BadArgument(f"{source}: the decimal and thousands separators must differ (both '{fmt.decimal}')")
    facts = list(fmt.columns.values())
    repeated = sorted({f for f in facts if facts.count(f) > 1})
    if repeated:
        raise BadArgument(f"{source}: each fact comes from one column; {', '.join(repeated)} is mapped twice")
    if "crm_id" not in facts:
        raise BadArgument(f"{source}: map the column holding the CRM's account id to crm_id (rows are matched to "
                          "customers by it)")
    return fmt


# --- reading an export ---------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Row:
    line: int  # where the row starts in the file (row 1 is line 1)
    cells: Mapping[str, str]  # fact → the cell as written


def sniff_delimiter(first_line: str) -> str:
    """The delimiter of a CRM export from its header row: the most frequent of ';', ',' and tab
    outside quotes (',' when none)."""
    outside = re.sub(r'"[^"]*"', "", first_line)
    counts = {d: outside.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def read_rows(text: str, fmt: CrmFormat, source: str) -> list[Row]:
    """The data rows, each cell under the fact its column maps to; an unmapped column is ignored."""
    text = text.removeprefix("\ufeff")
    delimiter = fmt.delimiter or sniff_delimiter(text.split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, None)
    if header is None:
        raise BadArgument(f"{source} is empty: row 1 must name the columns")
    names = [name.strip().casefold() for name in header]
    where: dict[str, int] = {}
    missing = []
    for column, fact in fmt.columns.items():
        if column.strip().casefold() in names:
            where[fact] = names.index(column.strip().casefold())
        else:
            missing.append(column)
    if missing:
        shown = ", ".join(f"'{printable(c)}'" for c in missing)
        raise BadArgument(f"{source} row 1 has no column {shown} (its columns: "
                          f"{', '.join(printable(h) for h in header[:12])}{'...' if len(header) > 12 else ''}; "
                          f"the delimiter read was '{printable(delimiter)}')")
    rows = []
    line = reader.line_num + 1
    for cells in reader:
        start, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue
        rows.append(Row(line=start, cells={fact: cells[i].strip() if i < len(cells) else ""
                                           for fact, i in where.items()}))
    return rows


# --- planning ----------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Skipped:
    line: int
    crm_id: str


@dataclass(kw_only=True)
class AccountChange:
    """What one row changes in one customer's account: fact → new value (only what differs)."""

    customer: str
    line: int
    values: dict[str, Any] = field(default_factory=dict)
    before: dict[str, Any] = field(default_factory=dict)


@dataclass(kw_only=True)
class AccountsPlan:
    changes: list[AccountChange] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)  # customers whose row changes nothing
    skipped: list[Skipped] = field(default_factory=list)  # rows matching no customer
    bad: list[BadRow] = field(default_factory=list)


def _read_value(fact: str, text: str, fmt: CrmFormat, segments: Sequence[str]) -> tuple[Any, str]:
    """(the value, '') or (None, why not) for one cell."""
    shown = printable(text if len(text) <= 60 else text[:57] + "...")
    control = CONTROL.search(text)
    if control is not None:
        return None, f"{fact} '{shown}' holds the control character U+{ord(control.group()):04X}, which the plans " \
                     "never take (it is invisible, and can hide or reorder text)"
    if fact == "arr":
        value = fmt.read_number(text)
        if value is None:
            return None, f"ARR '{shown}' is not a number written with {fmt.number_words()}"
        if value < 0:
            return None, f"ARR '{shown}' is below 0"
        return value, ""
    if fact in DATE_FIELDS:
        day = fmt.dates.read(text)
        if day is None:
            return None, f"{fact} '{shown}' is not a date written {fmt.dates.text} (between 1900 and 2999)"
        return day, ""
    if "\n" in text or "\r" in text:
        return None, f"{fact} must be one line"
    value_text = fmt.ours(fact, text)
    if fact == "segment" and value_text not in segments:
        return None, f"segment '{shown}' is not one of {', '.join(segments)} (map the CRM's word to ours under " \
                     "values: segment: in the mapping file)"
    if fact == "csm" and not HANDLE_RE.match(value_text):
        return None, f"csm '{shown}' is not a team handle (map the CRM's owner to a handle under values: csm: in " \
                     "the mapping file)"
    return value_text, ""


def plan_accounts(rows: Sequence[Row], customers: Sequence[Customer], fmt: CrmFormat,
                  segments: Sequence[str]) -> AccountsPlan:
    """Each row matched to its customer by crm_id, with the facts that differ from the files. A
    CRM id that two customers hold (SP008) matches neither: its row is bad until the files are fixed."""
    by_crm: dict[str, Customer] = {}
    holders: dict[str, list[str]] = {}
    for customer in sorted(customers, key=lambda c: c.id):
        if customer.crm_id:
            by_crm.setdefault(customer.crm_id, customer)
            holders.setdefault(customer.crm_id, []).append(customer.id)
    plan = AccountsPlan()
    seen: dict[str, int] = {}
    for row in rows:
        crm_id = row.cells.get("crm_id", "")
        if not crm_id:  # an account the CRM has not linked yet (or a customer exported without one)
            plan.skipped.append(Skipped(line=row.line, crm_id=""))
            continue
        if crm_id in seen:
            plan.bad.append(BadRow(number=row.line, message=f"CRM id '{printable(crm_id)}' is also in line "
                                                          f"{seen[crm_id]}: one row per account"))
            continue
        seen[crm_id] = row.line
        if len(holders.get(crm_id, ())) > 1:
            plan.bad.append(BadRow(number=row.line, message=f"CRM id '{printable(crm_id)}' is in the files of "
                                                          f"{' and '.join(holders[crm_id])}: fix SP008 first"))
            continue
        matched = by_crm.get(crm_id)
        if matched is None:
            plan.skipped.append(Skipped(line=row.line, crm_id=crm_id))
            continue
        customer = matched
        change = AccountChange(customer=customer.id, line=row.line)
        problems = []
        for fact, text in row.cells.items():
            if fact == "crm_id" or not text:
                continue  # an empty cell changes nothing
            value, why = _read_value(fact, text, fmt, segments)
            if why:
                problems.append(why)
                continue
            current = getattr(customer, fact)
            if current != value:
                change.values[fact] = value
                change.before[fact] = current
        if problems:
            plan.bad.append(BadRow(number=row.line, message="; ".join(problems)))
        elif change.values:
            plan.changes.append(change)
        else:
            plan.unchanged.append(customer.id)
    return plan


# --- writing what the CRM should hold ------------------------------------------------------------

COMPUTED = ("customer", "health", "health_reason", "open_objectives", "objectives", "last_activity", "next_review",
            "next_ebr_due")
"""The columns an export adds after the account facts: computed, for the CRM to show."""
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """Text written from the files into a computed cell, so a spreadsheet never runs it as a formula."""
    return "'" + text if text.startswith(_FORMULA) else text


def write_csv(header: Sequence[str], rows: Sequence[Sequence[str]], fmt: CrmFormat) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=fmt.delimiter or ",", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return (("\ufeff" if fmt.bom else "") + out.getvalue()).encode("utf-8")
