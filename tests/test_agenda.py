"""`successplans agenda` (SPEC §10) and `status --portfolio`, `--csm` and several customers.

Golden outputs live in tests/golden/cli/; regenerate with UPDATE_GOLDEN=1 and review the diff.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from generator.agenda import KINDS, latest_update
from generator.model import Risk
from generator.cli import main
from tests.test_cli import golden

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).parent / "cases"

ITEM_FIELDS = {"csm", "customer", "kind", "due", "late", "objective", "title", "file", "line"}


def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, where: Path,
        *args: str) -> tuple[int, str, str]:
    monkeypatch.chdir(where)
    monkeypatch.setenv("COLUMNS", "100")
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_demo_agenda_json_is_golden(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = run(capsys, monkeypatch, ROOT, "agenda", "--format", "json")
    assert (code, err) == (0, "")
    golden("agenda-demo.json", out)
    items = json.loads(out)
    assert items and all(set(i) == ITEM_FIELDS for i in items)
    assert all(i["due"] <= "2026-11-30" for i in items)
    assert [i["late"] for i in items] == [i["due"] < "2026-11-16" for i in items]
    # ordered by due date first
    assert [i["due"] for i in items] == sorted(i["due"] for i in items)


def test_demo_agenda_text_is_golden(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(capsys, monkeypatch, ROOT, "agenda", "--csm", "tom.becker", "--days", "30")
    assert code == 0
    golden("agenda-demo-tom.becker.text", out)


def _agenda(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str) -> list[dict[str, object]]:
    code, out, err = run(capsys, monkeypatch, CASES / "agenda-horizon", "agenda", "--format", "json", *args)
    assert (code, err) == (0, "")
    return json.loads(out)  # type: ignore[no-any-return]


def test_every_kind_on_the_horizon_is_listed_and_none_a_day_past(capsys: pytest.CaptureFixture[str],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    items = _agenda(capsys, monkeypatch, "--days", "13")  # horizon 2026-11-29
    golden("agenda-horizon.json", json.dumps(items, indent=2, ensure_ascii=False) + "\n")
    edge = [i for i in items if i["customer"] == "edge"]
    assert {i["due"] for i in edge} == {"2026-11-29"}
    assert sorted({str(i["kind"]) for i in edge}) == sorted(set(KINDS) - {"fix"})
    assert [i["kind"] for i in edge] == ["revalidate", "revalidate", "task", "chase", "risk_review", "risk_review",
                                         "objective_due", "exec_checkin", "ebr", "activity"]
    assert not [i for i in items if i["customer"] == "past"]  # every item of past is due 2026-11-30
    # a day later the horizon reaches past, and every kind but fix appears there too
    later = _agenda(capsys, monkeypatch, "--days", "14")
    past = [i for i in later if i["customer"] == "past"]
    assert {i["due"] for i in past} == {"2026-11-30"}
    assert sorted({str(i["kind"]) for i in past}) == sorted(set(KINDS) - {"fix"})
    # where items point
    where = {(i["kind"], i["objective"]): (i["file"], i["line"]) for i in edge}
    assert where[("revalidate", "validated")] == ("customers/edge/objectives/validated.md", 8)  # last_validated
    assert where[("revalidate", "never-validated")] == ("customers/edge/objectives/never-validated.md", 4)  # started
    assert where[("task", "validated")] == ("customers/edge/objectives/validated.md", 10)  # the task's item
    assert where[("objective_due", "validated")] == ("customers/edge/objectives/validated.md", 5)  # due
    assert where[("ebr", None)] == ("customers/edge/customer.yaml", 4)  # renewal_date
    assert where[("chase", "validated")] == ("customers/edge/objectives/validated.md", 11)  # the task's item
    reviews = [(i["file"], i["line"]) for i in edge if i["kind"] == "risk_review"]  # the status line of each
    assert reviews == [("customers/edge/risks/never-updated.md", 5), ("customers/edge/risks/updated.md", 5)]
    assert where[("exec_checkin", None)] == where[("activity", None)] == ("customers/edge/activity.yaml", 1)


def test_customer_side_and_done_tasks_are_not_the_csms(capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    titles = [str(i["title"]) for i in _agenda(capsys, monkeypatch, "--days", "366") if i["kind"] == "task"]
    assert any("Vendor task due on the horizon" in t for t in titles)
    assert not any("Customer task" in t or "done already" in t for t in titles)


def test_fix_is_due_on_the_as_of_date_at_the_first_error(capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # a fix is due on the as-of date itself: with --days 0 it sits exactly on the horizon
    items = _agenda(capsys, monkeypatch, "--days", "0")
    assert items == [{"csm": "ben.ito", "customer": "broken", "kind": "fix", "due": "2026-11-16", "late": False,
                      "objective": None, "title": "fix 1 error in the files (first: SP005 arr must be a number ≥ 0, "
                      "not 'lots')", "file": "customers/broken/customer.yaml", "line": 3}]


def test_late_items_are_listed_with_days_zero(capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(capsys, monkeypatch, ROOT, "agenda", "--days", "0", "--format", "json")
    items = json.loads(out)
    assert code == 0 and items and all(i["late"] or i["due"] == "2026-11-16" for i in items)


@pytest.mark.parametrize("args", [["--days", "367"], ["--days", "-1"], ["--csm", "nobody"]])
def test_bad_arguments_exit_2(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                              args: list[str]) -> None:
    code, out, err = run(capsys, monkeypatch, ROOT, "agenda", *args)
    assert code == 2 and out == "" and err


def test_csm_filters_on_the_customers_csm(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(capsys, monkeypatch, ROOT, "agenda", "--csm", "maria.okafor", "--days", "366",
                       "--format", "json")
    items = json.loads(out)
    assert code == 0 and items and {i["csm"] for i in items} == {"maria.okafor"}
    assert "solvane-renewables" in {i["customer"] for i in items}


# --- status ------------------------------------------------------------------------------------

PORTFOLIO_FIELDS = {"as_of", "quarter_start", "customers", "with_value_share", "achieved_per_quarter",
                    "median_days_to_value", "value_usd_achieved", "open_objectives", "open_validated", "health",
                    "renewals", "movement", "value_usd_achieved_365", "median_days_to_value_recent",
                    "recent_value_customers"}


def test_status_portfolio_json_follows_the_spec(capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(capsys, monkeypatch, ROOT, "status", "--portfolio", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == PORTFOLIO_FIELDS
    assert (data["as_of"], data["quarter_start"], data["customers"]) == ("2026-11-16", "2026-10-01", 10)
    assert list(data["achieved_per_quarter"]) == ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2",
                                                  "2026-Q3", "2026-Q4"]
    assert list(data["health"]) == ["green", "lime", "yellow", "orange", "red", "unknown"]
    assert all(set(v) == {"customers", "arr"} for v in data["health"].values())
    assert sum(v["customers"] for v in data["health"].values()) == 10
    assert data["with_value_share"] == 0.9
    assert [r["customer"] for r in data["renewals"]] == ["meridian-home-garden", "tallyhq", "northwind-freight",
                                                         "ironbridge-precision"]
    assert all(set(r) == {"customer", "date", "health", "arr"} for r in data["renewals"])
    assert data["movement"] == sorted(data["movement"], key=lambda m: m["customer"])
    assert all(set(m) == {"customer", "from", "to"} and m["from"] != m["to"] for m in data["movement"])
    # the same figures as the per-customer statuses
    _, per_customer, _ = run(capsys, monkeypatch, ROOT, "status", "--format", "json")
    healths = [c["health"] for c in json.loads(per_customer)]
    assert {color: healths.count(color) for color in data["health"]} == \
        {color: v["customers"] for color, v in data["health"].items()}


def test_status_portfolio_for_one_csm(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(capsys, monkeypatch, ROOT, "status", "--portfolio", "--csm", "tom.becker", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["customers"] == 2
    assert data["health"]["red"] == {"customers": 1, "arr": 540000}
    assert [r["customer"] for r in data["renewals"]] == ["meridian-home-garden", "ironbridge-precision"]
    code, _, err = run(capsys, monkeypatch, ROOT, "status", "--portfolio", "--csm", "tom.becker", "tallyhq")
    assert code == 2 and "not both" in err


def test_status_of_several_customers_and_of_a_csm(capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(capsys, monkeypatch, ROOT, "status", "tallyhq", "helix-payments", "--format", "json")
    assert code == 0 and [c["id"] for c in json.loads(out)] == ["helix-payments", "tallyhq"]
    code, out, _ = run(capsys, monkeypatch, ROOT, "status", "--csm", "maria.okafor", "--format", "json")
    assert code == 0 and {c["csm"] for c in json.loads(out)} == {"maria.okafor"}
    code, _, _ = run(capsys, monkeypatch, ROOT, "status", "--csm", "nobody")
    assert code == 2


def test_status_table_gives_reasons_and_never_splits_an_id(capsys: pytest.CaptureFixture[str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(capsys, monkeypatch, ROOT, "status", "--csm", "maria.okafor")
    assert code == 0
    first_column = " ".join(line.split("│")[1].strip() for line in out.splitlines() if line.startswith("│"))
    assert "Solvane Renewables - objective turbine-fault-dispatch is off track (43% done against 84% expected)" \
        in first_column
    _, data, _ = run(capsys, monkeypatch, ROOT, "status", "--csm", "maria.okafor", "--format", "json")
    for objective_id in (o["id"] for c in json.loads(data) for o in c["objectives"] if o["status"] in
                         ("new", "in_progress")):
        assert objective_id in out


# --- SPEC §12: the EBR ahead of the renewal, tasks to chase, risks to review -----------------------


def test_the_ebr_is_due_ebr_lead_days_before_the_renewal(capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(capsys, monkeypatch, ROOT, "agenda", "--format", "json", "--csm", "daniel.reyes")
    ebr = [i for i in json.loads(out) if i["customer"] == "tallyhq" and i["kind"] == "ebr"]
    # TallyHQ renews on 2027-01-10: the EBR was due 60 days before, so it is late on 2026-11-16
    assert code == 0 and [(i["due"], i["late"], i["line"]) for i in ebr] == [("2026-11-11", True, 5)]


def _horizon_copy(tmp_path: Path, options: str) -> Path:
    shutil.copytree(CASES / "agenda-horizon", tmp_path, dirs_exist_ok=True)
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - successplans:\n      as_of: 2026-11-16\n"
                                         + "".join(f"      {line}\n" for line in options.splitlines()),
                                         encoding="utf-8")
    return tmp_path


def test_lead_and_review_days_are_options(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                          tmp_path: Path) -> None:
    where = _horizon_copy(tmp_path, "ebr_lead_days: 0\nrisk_review_days: 1")
    code, out, _ = run(capsys, monkeypatch, where, "agenda", "--format", "json", "--days", "366")
    items = [i for i in json.loads(out) if i["customer"] == "edge"]
    assert code == 0
    assert [i["due"] for i in items if i["kind"] == "ebr"] == ["2027-01-28"]  # on the renewal day itself
    assert [i["due"] for i in items if i["kind"] == "risk_review"] == ["2026-11-16", "2026-11-16"]
    # the control: with the defaults, the same files give the dates of SPEC §12
    code, out, _ = run(capsys, monkeypatch, CASES / "agenda-horizon", "agenda", "--format", "json", "--days", "366")
    items = [i for i in json.loads(out) if i["customer"] == "edge"]
    assert [i["due"] for i in items if i["kind"] in ("ebr", "risk_review")] == ["2026-11-29"] * 3


@pytest.mark.parametrize("option", ["ebr_lead_days: 366", "ebr_lead_days: -1", "risk_review_days: 0",
                                    "risk_review_days: 366", "risk_review_days: true", "ebr_lead_days: '60'"])
def test_lead_and_review_days_out_of_range_exit_2(capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                  option: str) -> None:
    code, out, err = run(capsys, monkeypatch, _horizon_copy(tmp_path, option), "agenda")
    assert (code, out) == (2, "") and f"option '{option.split(':')[0]}' must be a whole number from" in err


def _risk(body: str, **fields: object) -> Risk:
    values: dict[str, Any] = {"id": "r", "title": "R", "kind": "other", "severity": "high", "status": "open",
                              "opened": dt.date(2026, 1, 5), "body": body, **fields}
    return Risk(**values)


@pytest.mark.parametrize(("body", "latest"), [
    ("- 2026-10-01: opened\n- 2026-11-10: held\n", dt.date(2026, 11, 10)),
    ("2026-11-02 without a list marker\n- 2026-10-01: earlier, written below\n", dt.date(2026, 11, 2)),
    ("- 2026-11-10: held\n- 2026-11-20: written ahead of the as-of date\n", dt.date(2026, 11, 10)),
    ("- 2026-13-40: no date\n  - 2026-11-01: indented, so no update line\n* 2026-11-02: another marker\n", None),
    ("- 2026-11-101 is a number, not a date\nOn 2026-11-03 (not at the start)\n", None),
    ("", None),
])
def test_a_risks_latest_update(body: str, latest: dt.date | None) -> None:
    assert latest_update(_risk(body), dt.date(2026, 11, 16)) == latest


def _items(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    code, out, err = run(capsys, monkeypatch, tmp_path, "agenda", "--format", "json", "--days", "366")
    assert (code, err) == (0, "")
    return [i for i in json.loads(out) if i["customer"] == "edge" and i["kind"] in ("chase", "risk_review")]


def test_only_open_medium_and_high_risks_and_open_tasks_are_listed(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    where = _horizon_copy(tmp_path, "")
    before = _items(where, capsys, monkeypatch)
    assert [i["kind"] for i in before] == ["chase", "risk_review", "risk_review"]
    risk = where / "customers/edge/risks/updated.md"
    risk.write_text(risk.read_text(encoding="utf-8").replace("status: open", "status: mitigated"), encoding="utf-8")
    other = where / "customers/edge/risks/never-updated.md"
    other.write_text(other.read_text(encoding="utf-8").replace("opened: 2026-11-15", "opened: 2026-11-17"),
                     encoding="utf-8")  # opened after the as-of date: not open yet
    objective = where / "customers/edge/objectives/validated.md"
    objective.write_text(objective.read_text(encoding="utf-8").replace(
        "owner: kim-lee, due: 2026-11-29}", "owner: kim-lee, due: 2026-11-29, done: 2026-11-16}"), encoding="utf-8")
    assert _items(where, capsys, monkeypatch) == []


def test_piped_text_keeps_each_item_on_one_line(capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    monkeypatch.chdir(ROOT)
    assert main(["agenda", "--csm", "tom.becker", "--days", "30"]) == 0
    lines = capsys.readouterr().out.splitlines()
    _, json_out, _ = run(capsys, monkeypatch, ROOT, "agenda", "--csm", "tom.becker", "--days", "30", "--format", "json")
    items = json.loads(json_out)
    assert lines[0] == f"tom.becker: {len(items)} to do by 2026-12-16, 6 late (as of 2026-11-16)"
    assert len(lines) == 1 + len(items)
    for line, item in zip(lines[1:], items):  # every item whole on its line: file names never split
        assert line.startswith(item["due"] + (" late " if item["late"] else "      "))
        assert line.endswith(f" ({item['file']}:{item['line']})") and item["title"] in line


def test_a_terminal_gets_the_table(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setattr("rich.console.Console.is_terminal", property(lambda self: True))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    assert main(["agenda", "--csm", "tom.becker", "--days", "30"]) == 0
    out = capsys.readouterr().out
    # a terminal's table wraps within its width and puts where each item is on a line of its own
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "\n                customers/ironbridge-precision/risks/sponsor-reorg.md:5" in out
