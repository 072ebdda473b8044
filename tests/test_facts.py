"""The edit functions behind `set`, `reassign`, `objective` and `task due|owner` (edit/facts.py):
callable without the command line, several facts in one write, and the sanity of dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.cli import main
from generator.config import Config
from generator.edit import facts
from generator.edit.commandline import finish
from generator.edit.session import EditSession
from generator.errors import UsageError
from generator.portfolio import build_portfolio
from generator.view import customer_view
from tests.test_edit import snapshot

TODAY = "2026-06-01"
C, O = "example-customer", "faster-order-processing"


@pytest.fixture
def plans(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
          entry_tokens: None) -> Path:
    monkeypatch.setenv("SUCCESSPLANS_TODAY", TODAY)
    assert main(["init", str(tmp_path / "plans"), "--company", "Brightwell"]) == 0
    monkeypatch.chdir(tmp_path / "plans")
    capsys.readouterr()
    return tmp_path / "plans"


def test_several_facts_of_one_account_in_one_session(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """What an import of account facts does: one session, one write of customer.yaml."""
    config = Config.from_mapping({}, plans)
    path = plans / "customers" / C / "customer.yaml"
    before = path.read_text(encoding="utf-8")
    session = EditSession(config, C, dt.date.fromisoformat(TODAY))
    facts.set_arr(session, 250000)
    facts.set_renewal_date(session, dt.date(2027, 4, 30))
    facts.set_segment(session, "strategic")
    facts.set_crm_id(session, "0015g00000XyZ12")
    assert finish(session, dry_run=False) == 0
    assert capsys.readouterr().out == f"updated customers/{C}/customer.yaml\n"
    after = path.read_text(encoding="utf-8")
    changed = sorted(set(after.splitlines()) ^ set(before.splitlines()))
    assert changed == ["arr: 120000", "arr: 250000", "crm_id: 0015g00000XyZ12", "renewal_date: 2027-03-28",
                       "renewal_date: 2027-04-30", "segment: enterprise", "segment: strategic"]
    # nothing is written while the session is only staged
    session = EditSession(config, C, dt.date.fromisoformat(TODAY))
    facts.set_arr(session, 1)
    session.lock.release()
    assert path.read_text(encoding="utf-8") == after


def test_dates_far_ahead_are_refused_unless_forced(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(plans)
    for argv in (["set", "renewal-date", C, "2031-06-02"], ["set", "next-review", C, "2028-06-01"],
                 ["objective", "due", C, O, "2028-06-01", "--reason", "Later"], ["task", "due", C, O, "1", "2028-06-01"],
                 ["new", "objective", C, "Another goal", "--due", "2207-03-31"],
                 ["task", "add", C, O, "Plan the year", "--owner", "lee-chen", "--due", "2208-01-01"]):
        assert main(argv) == 1, argv
        assert "a slip of the year? Nothing was changed (--force records it anyway)" in capsys.readouterr().err
    assert snapshot(plans) == before
    # on the limit: accepted (five years; 730 days)
    assert main(["set", "renewal-date", C, "2031-06-01"]) == 0
    assert main(["set", "next-review", C, "2028-05-31"]) == 0
    assert main(["set", "next-review", C, "2030-01-01", "--force"]) == 0


def test_activity_before_the_customer_started_is_refused(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # the example customer's customer_since is 200 days before init: 2025-11-13
    assert main(["log", C, "--kind", "call", "--title", "Old call", "--date", "2025-11-12"]) == 1
    assert ("--date 2025-11-12 is before the customer's customer_since (2025-11-13)" in capsys.readouterr().err)
    assert main(["log", C, "--kind", "call", "--title", "First call", "--date", "2025-11-13"]) == 0
    assert main(["log", C, "--kind", "call", "--title", "Old call", "--date", "2025-11-12", "--force"]) == 0


def test_a_new_due_date_logs_the_old_one_and_the_reason_internally(plans: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["objective", "due", C, O, "2027-01-31", "--reason", "Order desk training moved to January",
                 "--author", "jane.doe"]) == 0
    [entry] = (plans / "customers" / C / "activity").glob(f"{TODAY}-new-due-date-*.yaml")
    assert entry.read_text(encoding="utf-8") == (
        f"date: {TODAY}\nkind: update\ntitle: 'New due date for {O}: 2027-01-31 (was 2026-10-29)'\n"
        f"objectives: [{O}]\ninternal: true\nauthor: jane.doe\nnotes: Order desk training moved to January\n")
    config = Config.from_mapping({}, plans)
    [status] = build_portfolio(config, dt.date.fromisoformat(TODAY)).customers
    assert not any("New due date" in a.title for a in customer_view(status, config).activities)  # internal
    assert main(["objective", "due", C, O, "2027-01-31", "--reason", "Again"]) == 1
    assert "is due 2027-01-31 already" in capsys.readouterr().err
    assert main(["close", C, O, "--status", "closed_no_action"]) == 0
    assert main(["objective", "due", C, O, "2027-02-28", "--reason", "Closed"]) == 1
    assert "a closed objective keeps its dates" in capsys.readouterr().err


def test_sp104_names_the_due_date_command(plans: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    assert main(["check", "--as-of", "2026-11-01", "--format", "json"]) == 0
    import json

    [late] = [p for p in json.loads(capsys.readouterr().out) if p["code"] == "SP104"]
    assert late["hint"] == ("close it or agree a new due date with the customer (successplans objective due records "
                            "a new date)")
    from generator.portfolio import build_portfolio as build

    [status] = build(Config.from_mapping({}, plans), dt.date(2026, 11, 1)).customers
    [fix] = [p.fix for p in status.problems if p.code == "SP104"]
    assert fix is not None and fix.command_line == (f"successplans objective due {C} {O} <YYYY-MM-DD> --reason "
                                                    '"..."')


def test_target_title_priority_and_the_refusals(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["objective", "target", C, O, "5"]) == 1  # the baseline: SP011 would follow
    assert "SP011" in capsys.readouterr().err
    assert main(["new", "objective", C, "Roll out SSO", "--due", "2026-12-31", "--success-criteria", "Everyone"]) == 0
    assert main(["objective", "target", C, "roll-out-sso", "3"]) == 1
    assert "is an initiative (no metric): it has no target" in capsys.readouterr().err
    assert main(["reassign", C, "jane.doe"]) == 1
    assert "CSM is jane.doe already" in capsys.readouterr().err


def test_reassign_mentions_the_account_team(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["team", "add", "maria.lopez", "--name", "María López"]) == 0
    capsys.readouterr()
    assert main(["reassign", C, "maria.lopez"]) == 0
    captured = capsys.readouterr()
    assert captured.out == f"updated customers/{C}/customer.yaml\n"
    assert "account_team still lists Jane Doe (the previous CSM)" in captured.err


def test_new_objective_from_another_copies_the_shape_not_the_history(plans: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "objective", C, "Process returns in 2 days", "--due", "2026-12-31", "--from", O]) == 0
    text = (plans / "customers" / C / "objectives" / "process-returns.md").read_text(encoding="utf-8")
    assert "baseline: 5" in text and "target: 2" in text and "stakeholders: [sam-rivera, lee-chen]" in text
    assert "owner: lee-chen" in text and "success_criteria:" in text
    for copied_history in ("last_validated", "validated_by", "2026-05-02", "due: 2026-07-01", "priority", "closed"):
        assert copied_history not in text, copied_history
    assert f"started: {TODAY}" in text
    # from another customer: its people stay with it
    assert main(["new", "customer", "Acme", "--csm", "jane.doe"]) == 0
    assert main(["new", "objective", "acme", "Process orders in 2 days", "--due", "2026-12-31",
                 "--from", f"{C}/{O}"]) == 0
    other = (plans / "customers" / "acme" / "objectives" / "process-orders.md").read_text(encoding="utf-8")
    assert "stakeholders" not in other and "lee-chen" not in other and "owner: jane.doe" in other
    capsys.readouterr()
    assert main(["new", "objective", "acme", "X", "--due", "2026-12-31", "--from", f"{C}/faster-orders"]) == 2
    assert "did you mean 'faster-order-processing'" in capsys.readouterr().err


def test_task_due_and_owner(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["task", "owner", C, O, "Train the order desk", "sam-rivera"]) == 0
    assert main(["task", "owner", C, O, "1", "jane.do"]) == 1
    assert "did you mean 'jane.doe'" in capsys.readouterr().err
    assert main(["task", "due", C, O, "2", "2026-09-15"]) == 0
    text = (plans / "customers" / C / "objectives" / f"{O}.md").read_text(encoding="utf-8")
    assert "  - title: Train the order desk\n    owner: sam-rivera\n    due: 2026-09-15\n" in text


def test_the_functions_refuse_as_the_commands_do(plans: Path) -> None:
    session = EditSession(Config.from_mapping({}, plans), C, dt.date.fromisoformat(TODAY), dry_run=True)
    with pytest.raises(UsageError, match="more than 5 years after today"):
        facts.set_renewal_date(session, dt.date(2040, 1, 1))
    facts.set_renewal_date(session, dt.date(2040, 1, 1), force=True)
    assert session.changes
