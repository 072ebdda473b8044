"""`successplans agenda` (SPEC §10) and `status --portfolio`, `--csm` and several customers.

Golden outputs live in tests/golden/cli/; regenerate with UPDATE_GOLDEN=1 and review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.agenda import KINDS
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
    assert [i["kind"] for i in edge] == ["revalidate", "revalidate", "task", "objective_due", "exec_checkin", "ebr",
                                         "activity"]
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
