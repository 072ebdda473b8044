"""Huge numbers, extreme dates and options, control characters: located problems or exit 2, never a
traceback, and never a raw control character in text output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import main

from .conftest import CUSTOMER, no_traceback

OBJECTIVE = f"{CUSTOMER}/objectives/cut-dwell-time.md"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(capsys: pytest.CaptureFixture[str]) -> list[tuple[str, str, int, str]]:
    code = main(["check", "--format", "json"])
    assert code in (0, 1)
    return [(p["code"], p["file"], p["line"], p["message"]) for p in json.loads(capsys.readouterr().out)]


@pytest.mark.parametrize(("value", "message"), [
    ("1" * 5000, "target must be a number below 10^15 in size"),
    ("1e400", "target must be a number below 10^15 in size, not the number 1E+400"),
    (".inf", "target must be a finite number"),
    ("0x" + "f" * 40, "target must be a number below 10^15 in size"),
    ("1e-999999999", "target must be a number with at most 100 decimals"),
])
def test_huge_numbers_are_sp005_and_every_customer_is_still_reported(plans: Path, value: str, message: str,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    _replace(plans / OBJECTIVE, "target: 6", f"target: {value}")
    _replace(plans / CUSTOMER / "customer.yaml", "arr:", f"arr: {value}\nx-old-arr:")
    found = problems(capsys)
    assert [(c, f, line) for c, f, line, m in found if c == "SP005"] == [
        ("SP005", f"{CUSTOMER}/customer.yaml", 7), ("SP005", OBJECTIVE, 12)]
    assert any(message in m for _c, _f, _l, m in found)
    assert main(["status", "--format", "json"]) == 0
    assert "inf" not in capsys.readouterr().out.lower()


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31", "3000-01-01"])
def test_dates_out_of_range_in_files_are_sp005(plans: Path, day: str, capsys: pytest.CaptureFixture[str]) -> None:
    _replace(plans / OBJECTIVE, "due: 2026-12-31", f"due: {day}")
    assert ("SP005", OBJECTIVE, 6, f"due '{day}' is out of range") in problems(capsys)


@pytest.mark.parametrize("args", [
    ["check", "--as-of", "9999-12-31"], ["check", "--as-of", "0001-01-01"], ["status", "--as-of", "1899-12-31"],
    ["build", "--no-decks", "--as-of", "3000-01-01"], ["log", "harbor-labs", "--kind", "note", "--title", "x",
                                                        "--date", "9999-12-31"],
])
def test_dates_out_of_range_on_the_command_line_exit_2(plans: Path, args: list[str],
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(args) == 2
    captured = capsys.readouterr()
    assert "between 1900-01-01 and 2999-12-31" in captured.err
    assert no_traceback(captured.err)


@pytest.mark.parametrize(("option", "message"), [
    ("as_of: 9999-12-31", "option 'as_of' must lie between 1900-01-01 and 2999-12-31"),
    ("as_of: 0001-01-01", "option 'as_of' must lie between"),
    ("stale_after_days: 1000000", "option 'stale_after_days' must be a whole number from 0 to 36,500"),
    ("activity_gap_days: 999999999999", "option 'activity_gap_days' must be a whole number from 0 to 36,500"),
    ("on_track_tolerance: .nan", "option 'on_track_tolerance' must be a number between 0 and 1, not NaN"),
    ("at_risk_tolerance: 1e999999", "option 'at_risk_tolerance' must be a number between 0 and 1"),
    ("renewal_window_days: " + "9" * 5000, "option 'renewal_window_days' must be a whole number"),
])
@pytest.mark.parametrize("command", ["check", "status", "build"])
def test_extreme_options_exit_2(plans: Path, option: str, message: str, command: str,
                                capsys: pytest.CaptureFixture[str]) -> None:
    mkdocs_yml = plans / "mkdocs.yml"
    mkdocs_yml.write_text(mkdocs_yml.read_text(encoding="utf-8").replace("as_of: 2026-11-16", option),
                          encoding="utf-8")
    assert main([command]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert no_traceback(err)


@pytest.mark.parametrize("char", ["\u0001", "\u001b", "\u007f", "\u0085", "\u202e", "\u2066"])
def test_control_characters_in_text_are_sp005(plans: Path, char: str, capsys: pytest.CaptureFixture[str]) -> None:
    escaped = f"\\u{ord(char):04x}"
    _replace(plans / CUSTOMER / "customer.yaml", "name: Harbor Labs", f'name: "Harbor{escaped}Labs"')
    _replace(plans / OBJECTIVE, "title: Cut truck dwell time", f"title: Cut{char}truck dwell time")
    found = problems(capsys)
    assert ("SP005", f"{CUSTOMER}/customer.yaml", 2, f"the text contains the control character U+{ord(char):04X}") \
        in found
    assert ("SP005", OBJECTIVE, 2, f"the text contains the control character U+{ord(char):04X}") in found
    assert main(["deck", "harbor-labs", "-o", str(plans.parent / "d.pptx")]) == 1  # errors: no deck
    assert main(["build"]) == 1  # errors stop the build, no lxml traceback
    captured = capsys.readouterr()
    assert no_traceback(captured.err)
    assert char not in captured.out + captured.err


def test_a_file_name_cannot_forge_a_problem_line(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    forged = "x.md\ncustomer.yaml:1:1: error SP999 forged.md"
    (plans / CUSTOMER / "objectives" / forged).write_text("---\n---\n", encoding="utf-8")
    (plans / CUSTOMER / "risks" / "\u202etxt.md").write_text("---\n---\n", encoding="utf-8")
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert len(out.splitlines()) == 2 and all(line.startswith("customers/") for line in out.splitlines())
    assert "x.md\\ncustomer.yaml" in out
    assert "\u202e" not in out and "\\u202etxt.md" in out
