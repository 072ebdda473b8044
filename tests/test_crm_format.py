"""Reading and writing a CRM's CSV in its own declared formats (generator/crm.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from generator.crm import CrmFormat, DateFormat, read_mapping, read_rows, sniff_delimiter, with_options
from generator.errors import BadArgument

EUROPEAN = CrmFormat(columns={"Account ID": "crm_id"}, dates=DateFormat.parse("DD/MM/YYYY"), decimal=",",
                     thousands=".")


@pytest.mark.parametrize(("text", "value"), [
    ("1.200.000,50", Decimal("1200000.50")), ("1.200", 1200), ("999", 999), ("0,5", Decimal("0.5")),
    ("-12,25", Decimal("-12.25")), ("1\u00a0200", None), ("1,200.50", None), ("1.20.000", None), ("12.5", None),
    ("", None), ("€1.200", None), ("1e5", None),
])
def test_numbers_are_read_as_declared(text: str, value: object) -> None:
    assert EUROPEAN.read_number(text) == value
    if value is not None:
        assert type(EUROPEAN.read_number(text)) is type(value)


def test_a_space_as_thousands_accepts_no_break_spaces() -> None:
    french = CrmFormat(decimal=",", thousands=" ")
    assert french.read_number("1\u202f200\u00a0000,5") == Decimal("1200000.5") == french.read_number("1 200 000,5")


@pytest.mark.parametrize("value", [Decimal("1200000.50"), 1200, 0, Decimal("-1234.5"), 999, Decimal("0.05")])
def test_numbers_written_read_back_the_same(value: int | Decimal) -> None:
    for fmt in (EUROPEAN, CrmFormat(), CrmFormat(thousands=",", decimal="."), CrmFormat(decimal=",", thousands="'")):
        assert fmt.read_number(fmt.write_number(value)) == value
    assert EUROPEAN.write_number(Decimal("1200000.50")) == "1.200.000,50"


@pytest.mark.parametrize(("fmt", "text", "day"), [
    ("DD/MM/YYYY", "31/12/2026", dt.date(2026, 12, 31)), ("DD/MM/YYYY", "1/2/2026", dt.date(2026, 2, 1)),
    ("MM/DD/YYYY", "12/31/2026", dt.date(2026, 12, 31)), ("YYYY-MM-DD", "2026-12-31", dt.date(2026, 12, 31)),
    ("DD.MM.YYYY", "31.12.2026", dt.date(2026, 12, 31)), ("DD/MM/YYYY", "12/31/2026", None),
    ("DD/MM/YYYY", "2026-12-31", None), ("DD/MM/YYYY", "31/12/3026", None), ("DD/MM/YYYY", "30/02/2026", None),
])
def test_dates_are_read_as_declared(fmt: str, text: str, day: dt.date | None) -> None:
    parsed = DateFormat.parse(fmt)
    assert parsed.read(text) == day
    if day is not None:
        assert parsed.read(parsed.write(day)) == day


@pytest.mark.parametrize("fmt", ["DD/MM/YY", "YYYY-MM", "DD/MM/YYYY HH", "DDMMYYYY!"])
def test_a_date_format_must_be_whole(fmt: str) -> None:
    with pytest.raises(BadArgument, match="must hold YYYY, MM and DD once each"):
        DateFormat.parse(fmt)


@pytest.mark.parametrize(("line", "delimiter"), [
    ("Account ID;ARR;Renewal", ";"), ("Account ID,ARR,Renewal", ","), ("Account ID\tARR", "\t"),
    ('"Name; with semicolon",ARR,Renewal', ","), ("Only one column", ","),
])
def test_the_delimiter_is_found_from_row_1(line: str, delimiter: str) -> None:
    assert sniff_delimiter(line) == delimiter


def test_rows_keep_their_line_a_bom_and_only_mapped_columns() -> None:
    text = ('\ufeffAccount ID;Other;ARR\r\n001;x;1.200,5\r\n\r\n002;"two\nlines";7\r\n003;;\r\n')
    fmt = with_options(EUROPEAN, columns={"account id": "crm_id", "ARR": "arr"})
    rows = read_rows(text, fmt, "crm.csv")
    assert [(r.line, dict(r.cells)) for r in rows] == [
        (2, {"crm_id": "001", "arr": "1.200,5"}), (4, {"crm_id": "002", "arr": "7"}), (6, {"crm_id": "003", "arr": ""})]


def test_a_mapped_column_missing_from_row_1_could_not_run() -> None:
    with pytest.raises(BadArgument, match=r"crm.csv row 1 has no column 'Account ID', 'ARR' \(its columns: "
                                          r"Account ID;ARR; the delimiter read was ','\)"):
        read_rows("Account ID;ARR\n1;2\n", with_options(CrmFormat(delimiter=","),
                                                        columns={"Account ID": "crm_id", "ARR": "arr"}), "crm.csv")


def test_a_mapping_file_is_checked_at_its_lines() -> None:
    good = read_mapping("columns:\n  Account ID: crm_id\n  ARR: arr\ndates: DD/MM/YYYY\ndecimal: ','\n"
                        "thousands: '.'\ndelimiter: ';'\nbom: true\nvalues:\n  segment: {Enterprise: enterprise}\n",
                        "map.yaml")
    assert (good.columns, good.dates.text, good.decimal, good.thousands, good.delimiter, good.bom) == (
        {"Account ID": "crm_id", "ARR": "arr"}, "DD/MM/YYYY", ",", ".", ";", True)
    assert good.ours("segment", "Enterprise") == "enterprise" and good.theirs("segment", "enterprise") == "Enterprise"
    with pytest.raises(BadArgument, match=r"map.yaml:3:8: ARR must be one of crm_id, name, arr, .*not 'revenue'"):
        read_mapping("columns:\n  Account ID: crm_id\n  ARR: revenue\n", "map.yaml")
    with pytest.raises(BadArgument, match="map the column holding the CRM's account id to crm_id"):
        read_mapping("columns:\n  ARR: arr\n", "map.yaml")
    with pytest.raises(BadArgument, match="the decimal and thousands separators must differ"):
        read_mapping("columns:\n  Id: crm_id\ndecimal: ','\nthousands: ','\n", "map.yaml")
