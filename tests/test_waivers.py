"""Rule settings and waivers (SPEC §12): a warning turned off or waived leaves every report and
Needs attention, is counted as waived, is listed on the customer's page, and drops only the health
signal tied to its code; raised to an error it fails `check` and nothing else; SP116 when a waiver
ends."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from generator.cli import main
from generator.config import load_config
from generator.portfolio import build_portfolio

C, O = "example-customer", "faster-order-processing"
LATER = "2026-08-15"  # the example (written 2026-06-01) is then stale (SP101) and quiet (SP103)


@pytest.fixture
def plans(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Path:
    monkeypatch.setenv("SUCCESSPLANS_TODAY", "2026-06-01")
    assert main(["init", str(tmp_path / "plans"), "--company", "Brightwell"]) == 0
    monkeypatch.chdir(tmp_path / "plans")
    capsys.readouterr()
    return tmp_path / "plans"


def waive(root: Path, text: str) -> None:
    path = root / "customers" / C / "customer.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "waivers:\n" + text, encoding="utf-8")


def options(root: Path, text: str) -> None:
    path = root / "mkdocs.yml"
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    code = main(["check", "--as-of", LATER, *args])
    out, err = capsys.readouterr()
    return code, [line.split()[2] for line in out.splitlines()], err.strip()


def portfolio(root: Path):  # type: ignore[no-untyped-def]
    return build_portfolio(load_config(root / "mkdocs.yml"), dt.date.fromisoformat(LATER), history=True)


def status(root: Path) -> object:
    [customer] = portfolio(root).customers
    return customer


def kinds(c: object) -> list[str]:
    """The signals tied to a code a waiver can set aside (SP101, SP102, SP103)."""
    return [s.kind for s in c.health.signals  # type: ignore[attr-defined]
            if s.kind in ("stale", "never_validated", "activity_gap", "no_activity")]


def test_the_control_shows_the_warnings(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check(capsys) == (0, ["SP103", "SP101"], f"0 errors, 2 warnings in 1 customer (as of {LATER})")
    c = status(plans)
    assert kinds(c) == ["activity_gap", "stale"] and c.waived == ()


def test_a_waiver_leaves_the_reports_and_drops_only_its_signal(plans: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    waive(plans, f"  - code: SP101\n    objective: {O}\n    reason: Sam confirms at the QBR in October\n"
                 "    until: 2026-10-31\n")
    assert check(capsys) == (0, ["SP103"], f"0 errors, 1 warning in 1 customer, 1 waived (as of {LATER})")
    code = main(["check", "--as-of", LATER, "--format", "json"])
    assert code == 0 and [p["code"] for p in json.loads(capsys.readouterr().out)] == ["SP103"]
    c = status(plans)
    assert kinds(c) == ["activity_gap"]  # the stale lime is gone, the yellow stays
    assert "off_track" in [s.kind for s in c.health.signals]  # and so is the track's orange
    [objective] = c.objectives
    assert objective.stale is False and objective.track == "off_track"  # the track is untouched
    [waived] = c.waived
    assert (waived.problem.code, waived.reason, waived.until) == ("SP101", "Sam confirms at the QBR in October",
                                                                  dt.date(2026, 10, 31))
    assert [i.kind for i in c.agenda].count("revalidate") == 1  # the agenda still asks for the revalidation
    assert main(["status", "--as-of", LATER, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["objectives"][0]["stale"] is False
    # the customer's page lists it, with why and until when
    from generator.site.context import SiteOptions
    from generator.site.pages import customer_page

    page = customer_page(portfolio(plans), C, SiteOptions())
    assert "**Waived:** 1 warning the team set aside" in page
    assert "| Sam confirms at the QBR in October | 2026\u201110\u201131 |" in page  # a date never breaks


def test_a_waiver_for_another_objective_waives_nothing(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "objective", C, "Fewer returns", "--due", "2026-12-31", "--started", "2026-05-01",
                 "--success-criteria", "Returns in a day", "--stakeholder", "sam-rivera"]) == 0
    capsys.readouterr()
    waive(plans, "  - {code: SP101, objective: fewer-returns, reason: Paused, until: 2026-10-31}\n")
    code, codes, _err = check(capsys)
    assert "SP101" in codes


def test_sp103_waived_drops_the_quiet_yellow(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    waive(plans, "  - {code: SP103, reason: Customer closed for the summer, until: 2026-09-30}\n")
    assert check(capsys)[1] == ["SP101"]
    assert kinds(status(plans)) == ["stale"]


def test_an_expired_waiver_brings_the_warning_back_with_sp116(plans: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    waive(plans, f"  - {{code: SP101, objective: {O}, reason: Until the QBR, until: 2026-08-14}}\n")
    code, codes, err = check(capsys)
    assert sorted(codes) == ["SP101", "SP103", "SP116"]
    assert "waived" not in err
    # the last day still holds
    assert check(capsys, "--as-of", "2026-08-14")[1] == ["SP103"]


def test_the_rules_option(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    options(plans, "      rules:\n        SP101: off\n        SP103: error\n")
    code, codes, err = check(capsys)
    assert (code, codes) == (1, ["SP103"]) and err == f"1 error, 0 warnings in 1 customer, 1 waived (as of {LATER})"
    capsys.readouterr()
    c = status(plans)
    assert c.health.color != "unknown"  # raised to an error: check fails, nothing else changes
    assert kinds(c) == ["activity_gap"]
    assert [w.reason for w in c.waived] == [None]


@pytest.mark.parametrize(("rules", "message"), [
    ("SP999: off", "option 'rules': unknown code 'SP999'"),
    ("SP005: warning", "option 'rules': SP005 is an error (the data is wrong) and cannot be warning"),
    ("SP107: silent", "option 'rules': SP107 must be off, warning or error, not 'silent'"),
    ("SP1O7: off", "unknown code 'SP1O7' (did you mean 'SP107'?)"),
])
def test_bad_rule_settings_could_not_run(plans: Path, capsys: pytest.CaptureFixture[str], rules: str,
                                         message: str) -> None:
    options(plans, f"      rules:\n        {rules}\n")
    assert main(["check"]) == 2
    assert message in capsys.readouterr().err


def test_mkdocs_reads_a_bare_off_as_false(plans: Path) -> None:
    from generator.config import Config

    assert Config.from_mapping({"rules": {"SP107": False}}, plans).rules == {"SP107": "off"}
