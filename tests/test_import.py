"""`successplans import readings`: a CSV export appended as activity entries, all or nothing.

Golden diff: tests/golden/edit/import-readings.diff (regenerate with UPDATE_GOLDEN=1 and review it).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.golden import assert_golden

from generator.cli import main
from test_edit import FIXTURE, GOLDEN, describe_changes, snapshot

TODAY = "2026-11-20"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, entry_tokens: None) -> Path:
    import shutil

    shutil.copytree(FIXTURE, tmp_path / "customers")
    (tmp_path / "mkdocs.yml").write_text("site_name: Plans\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SUCCESSPLANS_TODAY", TODAY)
    assert main(["new", "customer", "Acme", "--csm", "sam.lee"]) == 0
    assert main(["new", "objective", "acme", "Faster picking", "--id", "faster-picking", "--due", "2027-06-30",
                 "--started", "2026-10-01", "--metric", "Pick time", "--baseline", "40", "--target", "30"]) == 0
    return tmp_path


def write_csv(repo: Path, text: str) -> Path:
    path = repo / "readings.csv"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = (
    "Customer,Objective,Date,Value,Author\n"
    "quirky-co,cut-cycle-time,2026-11-10,9.5,jane.doe\n"
    "acme,faster-picking,2026-11-01,38,\n"
    "quirky-co,cut-cycle-time,2026-10-01,11,jane.doe\n"      # already in the activity log
    "\n"
    "acme,faster-picking,2026-11-15,36.5,\n"
    "quirky-co,cut-cycle-time,2026-11-10,9.50,jane.doe\n"    # the same reading as row 2
    "acme,faster-picking,2026-11-01,38,\n"                   # the same as row 3
)


def test_import_appends_one_entry_per_customer_and_date(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_csv(repo, GOOD)
    before = snapshot(repo)
    assert main(["import", "readings", "readings.csv"]) == 0
    out = capsys.readouterr().out
    assert out == (
        "acme: 2 readings added in 2 entries, 1 already present\n"
        "  + 2026-11-01 faster-picking 38 (row 3)\n"
        "  + 2026-11-15 faster-picking 36.5 (row 6)\n"
        "  = 2026-11-01 faster-picking (row 8) already in row 3\n"
        "created customers/acme/activity/2026-11-01-metric-readings-imported-a00001.yaml\n"
        "created customers/acme/activity/2026-11-15-metric-readings-imported-a00002.yaml\n"
        "quirky-co: 1 reading added in 1 entry, 2 already present\n"
        "  + 2026-11-10 cut-cycle-time 9.5 (row 2)\n"
        "  = 2026-10-01 cut-cycle-time (row 4) already in the activity log\n"
        "  = 2026-11-10 cut-cycle-time (row 7) already in row 2\n"
        "updated customers/quirky-co/activity.yaml\n")
    diff = describe_changes(before, snapshot(repo))
    assert_golden(GOLDEN / "import-readings.diff", diff)
    assert main(["check", "--as-of", TODAY]) in (0, 1)
    assert " error " not in capsys.readouterr().out
    # the same export again changes nothing
    after = snapshot(repo)
    assert main(["import", "readings", "readings.csv"]) == 0
    assert snapshot(repo) == after
    assert capsys.readouterr().out.startswith("acme: nothing new (3 already present)\n")


def test_dry_run_shows_the_diff_and_writes_nothing(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_csv(repo, GOOD)
    before = snapshot(repo)
    assert main(["import", "readings", "readings.csv", "--dry-run"]) == 0
    assert snapshot(repo) == before
    captured = capsys.readouterr()
    assert "+    readings:\n+        cut-cycle-time: 9.5\n" in captured.out
    assert "new file customers/acme/activity/2026-11-01-metric-readings-imported-a00001.yaml\n" in captured.out
    assert "+readings:\n+  faster-picking: 38\n" in captured.out
    assert "dry run: nothing was written" in captured.err


BAD = (
    "customer,objective,date,value,title\n"
    "acme,faster-picking,2026-11-01,38,Weekly export\n"             # 2 good
    "quirky-co,cut-cycle-time,2026-10-01,12,\n"                     # 3 another value than the log's
    "acme,faster-pick,2026-11-02,37,Weekly export\n"                # 4 unknown objective
    "acme-co,faster-picking,2026-11-02,37,\n"                       # 5 unknown customer
    "quirky-co,self-service-onboarding,2026-11-02,3,\n"             # 6 an initiative
    "acme,faster-picking,2026-11-03,35%,Weekly export\n"            # 7 a percentage
    "acme,faster-picking,2026-11-04,fast,Weekly export\n"           # 8 not a number
    "acme,faster-picking,2026-02-30,36,Weekly export\n"             # 9 not a date
    "acme,faster-picking,2026-12-01,36,Weekly export\n"             # 10 in the future
    "acme,faster-picking,2026-11-01,39,Weekly export\n"             # 11 contradicts row 2
    "acme,faster-picking,2026-09-01,41,Weekly export\n"             # 12 before it started
    "acme,faster-picking,2026-11-01,1,Other title,x\n"              # 13 one cell too many
)


def test_bad_rows_are_named_and_nothing_is_written(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_csv(repo, BAD)
    before = snapshot(repo)
    assert main(["import", "readings", "readings.csv"]) == 1
    assert snapshot(repo) == before
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "readings.csv row 3: cut-cycle-time on 2026-10-01 is already logged as 11, not 12; "
        "correct it in the activity log by hand if it changed\n"
        "readings.csv row 4: unknown objective 'faster-pick' for customer 'acme' (did you mean 'faster-picking'?)\n"
        "readings.csv row 5: unknown customer 'acme-co' (did you mean 'acme'?)\n"
        "readings.csv row 6: objective 'self-service-onboarding' is an initiative (no metric): it takes no readings\n"
        "readings.csv row 7: value '35%' is not a number: write 35 (the unit belongs in metric.unit)\n"
        "readings.csv row 8: value 'fast' is not a number\n"
        "readings.csv row 9: date '2026-02-30' is not a date (YYYY-MM-DD)\n"
        "readings.csv row 10: date 2026-12-01 is in the future (today is 2026-11-20)\n"
        "readings.csv row 11: faster-picking on 2026-11-01 is 39 here but 38 in row 2\n"
        "readings.csv row 12: date 2026-09-01 is before the objective started (2026-10-01)\n"
        "readings.csv row 13: more cells than row 1 names columns\n"
        "successplans: 11 bad rows in readings.csv; nothing was written\n")


def test_rows_of_one_day_must_agree_on_the_entry(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "objective", "acme", "Fewer errors", "--id", "fewer-errors", "--due", "2027-06-30",
                 "--started", "2026-10-01", "--metric", "Errors", "--baseline", "10", "--target", "2"]) == 0
    capsys.readouterr()
    write_csv(repo, "customer,objective,date,value,title,kind\n"
                    "acme,faster-picking,2026-11-05,38,Weekly,call\n"
                    "acme,fewer-errors,2026-11-05,8,Weekly,meeting\n"
                    "acme,fewer-errors,2026-11-06,7,Weekly,call\n")
    before = snapshot(repo)
    assert main(["import", "readings", "readings.csv"]) == 1
    assert snapshot(repo) == before
    assert capsys.readouterr().err.startswith(
        "readings.csv row 3: kind 'meeting' differs from row 2 ('call'): one entry per customer and date\n")
    write_csv(repo, "customer,objective,date,value,title,kind\n"
                    "acme,faster-picking,2026-11-05,38,Weekly,call\n"
                    "acme,fewer-errors,2026-11-05,8,Weekly,call\n")
    assert main(["import", "readings", "readings.csv"]) == 0
    assert (repo / "customers/acme/activity/2026-11-05-weekly-a00001.yaml").read_text(encoding="utf-8") == (
        "date: 2026-11-05\nkind: call\ntitle: Weekly\nobjectives: [faster-picking, fewer-errors]\n"
        "readings:\n  faster-picking: 38\n  fewer-errors: 8\n")


@pytest.mark.parametrize(("header", "message"), [
    ("customer,objective,value\n", "missing date"),
    ("customer,objective,date,value,source\n", "unknown source"),
    ("customer,objective,date,value,value\n", "repeated value"),
    ("", "is empty"),
])
def test_a_bad_header_could_not_run(header: str, message: str, repo: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    write_csv(repo, header)
    assert main(["import", "readings", "readings.csv"]) == 2
    assert message in capsys.readouterr().err


def test_a_missing_file_could_not_run(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "readings", "nope.csv"]) == 2
    assert "cannot read nope.csv" in capsys.readouterr().err


def test_import_into_an_empty_flow_list(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    shutil.rmtree(repo / "customers/acme/activity")  # the customer keeps its log in activity.yaml
    activity = repo / "customers/acme/activity.yaml"
    activity.write_bytes(b"# nothing yet\n[]\n")
    write_csv(repo, "customer,objective,date,value\n"
                    "acme,faster-picking,2026-11-01,38\nacme,faster-picking,2026-11-08,37\n")
    assert main(["import", "readings", "readings.csv"]) == 0
    assert activity.read_text(encoding="utf-8") == (
        "# nothing yet\n"
        "- date: 2026-11-01\n  kind: update\n  title: Metric readings (imported)\n  objectives: [faster-picking]\n"
        "  readings:\n    faster-picking: 38\n"
        "- date: 2026-11-08\n  kind: update\n  title: Metric readings (imported)\n  objectives: [faster-picking]\n"
        "  readings:\n    faster-picking: 37\n")


def test_messages_never_print_control_characters(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_csv(repo, "customer,objective,date,value\nacme\x1b[31m,faster-picking,2026-11-01,3\x07\n")
    assert main(["import", "readings", "readings.csv"]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err
    assert "unknown customer 'acme\\u001b[31m'" in err and "value '3\\u0007' is not a number" in err
