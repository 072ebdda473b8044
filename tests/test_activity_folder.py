"""The activity log as one file per entry (SPEC §12): reading the folder beside activity.yaml,
the order of the union and its ties, what else the folder may hold, where log-wide findings point,
the form edits write, and `migrate activity`."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from generator.agenda import agenda_items
from generator.cli import main
from generator.compute import objective_statuses
from generator.config import Config
from generator.edit.scaffold import entry_file_name
from generator.load import load_customer
from generator.portfolio import customer_status
from generator.schema import ENTRY_FILE_RE
from tests.test_edit import FIXTURE, snapshot

AS_OF = dt.date(2026, 6, 1)
OBJECTIVE = """\
---
title: Ship orders in two days instead of five
status: in_progress
started: 2026-03-02
due: 2026-12-18
stakeholders: [dana]
metric: {name: Order cycle time, unit: days, baseline: 5, target: 2}
last_validated: 2026-05-04
validated_by: dana
---
"""
BASE = {
    "customer.yaml": "name: Acme\ncsm: jane.doe\n",
    "stakeholders.yaml": "- id: dana\n  name: Dana Whitfield\n  persona: executive_sponsor\n",
    "objectives/faster-orders.md": OBJECTIVE,
}
ONE = "activity/2026-05-20-weekly-sync-aaaaaa.yaml"
TWO = "activity/2026-05-27-quarterly-check-bbbbbb.yaml"
FOLDER = {
    ONE: "date: 2026-05-20\nkind: call\ntitle: Weekly sync\nreadings: {faster-orders: 4.4}\n",
    TWO: "date: 2026-05-27\nkind: exec_checkin\ntitle: Quarterly check-in\nattendees: [dana]\n",
}


def customer(tmp_path: Path, files: dict[str, str | None], as_of: dt.date = AS_OF):
    folder = tmp_path / "customers" / "acme"
    for name, text in {**BASE, **files}.items():
        if text is not None:
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text, encoding="utf-8")
    config = replace(Config(), root=tmp_path)
    loaded, problems = load_customer(folder, config)
    return customer_status(loaded, problems, as_of, config)


def located(status) -> list[tuple[str, str, int]]:  # type: ignore[no-untyped-def]
    return [(p.code, p.file.removeprefix("customers/acme/"), p.line) for p in status.problems]


def current(status) -> str:  # type: ignore[no-untyped-def]
    return str(next(o for o in status.objectives if o.id == "faster-orders").current)


def test_the_folder_is_read_like_the_list(tmp_path: Path) -> None:
    status = customer(tmp_path, FOLDER)
    assert located(status) == []
    assert [a.title for a in status.customer.activities] == ["Weekly sync", "Quarterly check-in"]
    assert current(status) == "4.4"
    # the same entries as one list give the same results
    as_list = "".join("- " + text.replace("\n", "\n  ").rstrip(" ") for text in FOLDER.values())
    listed = customer(tmp_path / "list", {"activity.yaml": as_list})
    assert located(listed) == [] and current(listed) == "4.4" and listed.health == status.health


def test_both_forms_together_are_one_log_and_ties_go_to_the_later_path(tmp_path: Path) -> None:
    """Same date: activity.yaml comes before activity/..., then file names in code-point order, then
    the position in the file; the later reading wins."""
    files = {
        "activity.yaml": ("- date: 2026-05-20\n  kind: call\n  title: From the list\n  readings: {faster-orders: 4.9}\n"
                          "- date: 2026-05-20\n  kind: call\n  title: Later in the list\n"
                          "  readings: {faster-orders: 4.8}\n"),
        ONE: FOLDER[ONE],  # 4.4, the same date, a path after activity.yaml
        "activity/2026-05-20-weekly-sync-0aaaaa.yaml": FOLDER[ONE].replace("4.4", "4.6"),  # sorts before ONE
    }
    status = customer(tmp_path, files)
    assert [(a.title, a.index) for a in sorted(status.customer.activities, key=lambda a: a.index)] == [
        ("From the list", 0), ("Later in the list", 1), ("Weekly sync", 2), ("Weekly sync", 3)]
    assert current(status) == "4.4"
    del files[ONE]
    shutil.rmtree(tmp_path / "customers")
    assert current(customer(tmp_path, files)) == "4.6"
    del files["activity/2026-05-20-weekly-sync-0aaaaa.yaml"]
    shutil.rmtree(tmp_path / "customers")
    assert current(customer(tmp_path, files)) == "4.8"


def test_log_wide_findings_point_at_the_latest_entrys_file(tmp_path: Path) -> None:
    status = customer(tmp_path, FOLDER, as_of=dt.date(2026, 9, 1))
    assert [(code, file, line) for code, file, line in located(status) if code in ("SP103", "SP109")] == [
        ("SP103", TWO, 1), ("SP109", TWO, 1)]
    items = {i.kind: (i.file.removeprefix("customers/acme/"), i.line) for i in
             agenda_items([status], dt.date(2026, 9, 1), 366)}
    assert items["activity"] == items["exec_checkin"] == (TWO, 1)
    # an entry dated after the as-of date is not the latest yet
    future = {**FOLDER, "activity/2026-10-01-planned-cccccc.yaml": "date: 2026-10-01\nkind: call\ntitle: Planned\n"}
    shutil.rmtree(tmp_path / "customers")
    later = customer(tmp_path, future, as_of=dt.date(2026, 9, 1))
    assert ("SP103", TWO, 1) in located(later)
    # without any entry, customer.yaml
    shutil.rmtree(tmp_path / "customers")
    empty = customer(tmp_path, {"activity/.gitkeep": ""})
    assert ("SP103", "customer.yaml", 1) in located(empty)


def test_the_folder_holds_only_entry_files(tmp_path: Path) -> None:
    files = {
        **FOLDER,
        "activity/notes.txt": "not an entry\n",
        "activity/2026-05-21-sync.yaml": "date: 2026-05-21\nkind: call\ntitle: No digits in the name\n",
        "activity/2026-05-22-sync-ABCDEF.yml": "date: 2026-05-22\nkind: call\ntitle: Wrong extension\n",
        "activity/old/2026-01-01-x-aaaaaa.yaml": "date: 2026-01-01\nkind: call\ntitle: In a subfolder\n",
        "activity/.gitkeep": "", "activity/_draft.yaml": "x", "activity/README.md": "# the log\n",
    }
    status = customer(tmp_path, files)
    assert located(status) == [("SP113", "activity/2026-05-21-sync.yaml", 1),
                               ("SP113", "activity/2026-05-22-sync-ABCDEF.yml", 1),
                               ("SP113", "activity/notes.txt", 1), ("SP113", "activity/old", 1)]
    assert [a.title for a in status.customer.activities] == ["Weekly sync", "Quarterly check-in"]
    hints = {p.hint for p in status.problems}
    assert hints == {"activity/ holds one file per entry, named YYYY-MM-DD-<words>-<6 hex digits>.yaml "
                     "(successplans log makes them)"}


def test_an_entry_file_is_checked_like_an_entry_and_located_in_itself(tmp_path: Path) -> None:
    files = {**FOLDER, ONE: "date: 2026-05-20\nkind: phone\ntitle: Weekly sync\nattendees: [dana, lee]\n",
             "activity/2026-05-21-empty-dddddd.yaml": "",
             "activity/2026-05-22-broken-eeeeee.yaml": "date: [2026-05-22\n"}
    status = customer(tmp_path, files)
    assert located(status) == [
        ("SP005", ONE, 2), ("SP009", ONE, 4),
        ("SP004", "activity/2026-05-21-empty-dddddd.yaml", 1), ("SP004", "activity/2026-05-21-empty-dddddd.yaml", 1),
        ("SP004", "activity/2026-05-21-empty-dddddd.yaml", 1), ("SP002", "activity/2026-05-22-broken-eeeeee.yaml", 1)]
    # a file that does not parse leaves the log's dates unjudged: no SP103 or SP109 guessed from the rest
    assert not {"SP103", "SP109"} & {p.code for p in customer(tmp_path / "late", files, dt.date(2026, 12, 1)).problems}


def test_entry_file_names() -> None:
    day = dt.date(2026, 11, 2)
    assert entry_file_name(day, "October cycle time", "update", "3fa2c1") == "2026-11-02-october-cycle-time-3fa2c1.yaml"
    assert entry_file_name(day, "Cut cycle time from 12 to 8 days", "call", "000000") == \
        "2026-11-02-cut-cycle-time-000000.yaml"
    assert entry_file_name(day, "¿¡!!", "strategy_session", "abcdef") == "2026-11-02-strategy-session-abcdef.yaml"
    assert entry_file_name(day, "Überprüfung der Lieferzeiten im Großraum München", "call", "abcdef") == \
        "2026-11-02-uberprufung-lieferzeiten-im-groraum-abcdef.yaml"
    for title in ("a" * 200, "Call", "—", "Q3: EBR (final!)", "x-" * 50, "12 34 56"):
        assert ENTRY_FILE_RE.match(entry_file_name(day, title, "ebr", "0a1b2c")), title


# --- edits ------------------------------------------------------------------------------------------


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, entry_tokens: None) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "customers")
    (tmp_path / "mkdocs.yml").write_text("site_name: Plans\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SUCCESSPLANS_TODAY", "2026-11-21")
    return tmp_path


def test_edits_write_the_form_the_customer_keeps(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = repo / "customers/quirky-co"
    log = ["log", "quirky-co", "--kind", "call", "--title", "Weekly sync", "--date", "2026-11-20"]
    before = (folder / "activity.yaml").read_bytes()
    assert main(log) == 0  # activity.yaml only: appended to it
    assert (folder / "activity.yaml").read_bytes().startswith(before) and not (folder / "activity").exists()
    (folder / "activity").mkdir()  # both: the folder wins
    kept = (folder / "activity.yaml").read_bytes()
    assert main(log) == 0
    assert (folder / "activity.yaml").read_bytes() == kept
    assert [p.name for p in (folder / "activity").iterdir()] == ["2026-11-20-weekly-sync-a00001.yaml"]
    capsys.readouterr()
    assert main(["check", "quirky-co", "--as-of", "2026-11-21"]) == 0


def test_log_refuses_an_activity_path_that_is_no_folder(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "customers/quirky-co/activity").write_text("oops\n")
    before = snapshot(repo)
    assert main(["log", "quirky-co", "--kind", "call", "--title", "Weekly sync", "--date", "2026-11-20"]) == 1
    assert snapshot(repo) == before
    assert "is not a folder, so no entry was added" in capsys.readouterr().err


def test_rename_objective_renames_it_in_every_entry_file(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["migrate", "activity", "quirky-co"]) == 0
    entries = sorted((repo / "customers/quirky-co/activity").iterdir())
    naming = [p for p in entries if "cut-cycle-time" in p.read_text(encoding="utf-8")]
    assert naming
    assert main(["rename", "objective", "quirky-co", "cut-cycle-time", "cycle-time"]) == 0
    assert not any("cut-cycle-time" in p.read_text(encoding="utf-8") for p in entries)
    assert all("cycle-time" in p.read_text(encoding="utf-8") for p in naming)
    capsys.readouterr()
    assert main(["check", "quirky-co", "--as-of", "2026-11-21"]) == 0


# --- migrate ----------------------------------------------------------------------------------------


def test_migrate_moves_each_entry_with_its_own_lines(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = repo / "customers/quirky-co"
    config = replace(Config(), root=repo)
    old, _ = load_customer(folder, config)
    before = snapshot(repo)
    assert main(["migrate", "activity", "--dry-run"]) == 0
    assert snapshot(repo) == before
    shown = capsys.readouterr().out
    assert "deleted file customers/quirky-co/activity.yaml" in shown
    assert main(["migrate", "activity"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("quirky-co: 3 entries moved to customers/quirky-co/activity/\n")
    assert out.endswith("removed customers/quirky-co/activity.yaml\n")
    assert not (folder / "activity.yaml").exists()
    new, problems = load_customer(folder, config)
    assert [p for p in problems if p.severity == "error"] == []
    key = lambda a: (a.date, a.title)  # noqa: E731
    assert sorted(map(key, new.activities)) == sorted(map(key, old.activities))
    assert objective_statuses(new, AS_OF, config) == objective_statuses(old, AS_OF, config)
    # the fixture's log is CRLF, indented by four with its dash at two: the files keep CRLF and the
    # entries' own lines, comments inside them included
    texts = {p.name: p.read_bytes() for p in (folder / "activity").iterdir()}
    assert all(ENTRY_FILE_RE.match(name) for name in texts)
    assert all(b"\r\n" in text and not text.startswith((b"-", b" ")) for text in texts.values())
    assert main(["migrate", "activity", "quirky-co"]) == 0  # nothing left to move
    assert "no activity.yaml" in capsys.readouterr().out


def test_migrate_keeps_comments_inside_an_entry_and_quotes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str],
                                                           entry_tokens: None) -> None:
    folder = tmp_path / "customers" / "acme"
    for name, text in BASE.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "activity.yaml").write_text(
        "# Acme's log\n"
        "- date: 2026-05-20   # moved from Tuesday\n"
        "  kind: call\n"
        "  title: 'Weekly: sync'\n"
        "# a comment at the margin\n"
        "  notes: |\n"
        "    first line\n"
        "\n"
        "    after a blank line\n"
        "\n"
        "- {date: 2026-05-27, kind: exec_checkin, title: Quarterly check-in}\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: Plans\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SUCCESSPLANS_TODAY", "2026-06-01")
    assert main(["migrate", "activity", "acme"]) == 0
    assert (folder / "activity/2026-05-20-weekly-sync-a00001.yaml").read_text(encoding="utf-8") == (
        "date: 2026-05-20   # moved from Tuesday\n"
        "kind: call\n"
        "title: 'Weekly: sync'\n"
        "# a comment at the margin\n"
        "notes: |\n"
        "  first line\n"
        "\n"
        "  after a blank line\n")
    # a flow mapping cannot be cut out: it is written anew from its values
    assert (folder / "activity/2026-05-27-quarterly-check-a00002.yaml").read_text(encoding="utf-8") == (
        "date: 2026-05-27\nkind: exec_checkin\ntitle: Quarterly check-in\n")


def test_migrate_refuses_what_it_cannot_move_exactly(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = repo / "customers/quirky-co/activity.yaml"
    log.write_text("- date: 2026-11-01\n  kind: call\n  title: First\n  readings: {cut-cycle-time: 10}\n"
                   "- date: 2026-11-01\n  kind: call\n  title: Another call\n  readings: {cut-cycle-time: 9}\n",
                   encoding="utf-8")
    before = snapshot(repo)
    assert main(["migrate", "activity", "quirky-co"]) == 1  # "another-call" would sort before "first"
    assert snapshot(repo) == before
    assert "two entries of one date give one objective different readings" in capsys.readouterr().err
    log.write_text("- date: 2026-13-01\n  kind: call\n  title: First\n", encoding="utf-8")
    assert main(["migrate", "activity", "quirky-co"]) == 1
    assert snapshot(repo) != before and "activity.yaml:1: the entry has no valid date" in capsys.readouterr().err
    log.write_text("- date: [2026-11-01\n", encoding="utf-8")
    assert main(["migrate", "activity", "quirky-co"]) == 1
    assert "does not parse" in capsys.readouterr().err
    assert main(["migrate", "activity", "nobody"]) == 2


def test_migrate_writes_every_customer_or_none(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(repo / "customers/quirky-co", repo / "customers/second-co")
    (repo / "customers/second-co/activity.yaml").write_text("- date: 2026-13-01\n  kind: call\n  title: X\n")
    before = snapshot(repo)
    assert main(["migrate", "activity"]) == 1
    assert snapshot(repo) == before
