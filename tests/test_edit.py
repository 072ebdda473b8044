"""The editing commands: exact diffs on files full of comments, odd indentation, quotes, CRLF and
a BOM; refusals that leave every byte in place; atomic writes.

Golden diffs live in tests/golden/edit/*.diff; regenerate with UPDATE_GOLDEN=1 and review them.
"""

from __future__ import annotations

import difflib
import shutil
import stat
from pathlib import Path

import pytest

from tests.golden import assert_golden

from generator.cli import main
from generator.edit.roundtrip import roundtrip
from generator.edit.textfile import TextFile, changed_lines
from generator.edit.yamltext import detect_style, parse

GOLDEN = Path(__file__).parent / "golden" / "edit"
FIXTURE = GOLDEN / "customers"
DEMO = Path(__file__).resolve().parent.parent / "customers"


TODAY = "2026-11-21"


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Edits judge dates at today; the tests fix it (SUCCESSPLANS_TODAY)."""
    monkeypatch.setenv("SUCCESSPLANS_TODAY", TODAY)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, entry_tokens: None) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "customers")
    (tmp_path / "mkdocs.yml").write_text("site_name: Plans\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file's bytes, but the edit lock (an empty file an edit leaves beside mkdocs.yml)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != ".successplans.lock"}


def _show(line: str) -> str:
    return line.replace("\ufeff", "\\ufeff").replace("\r", "\\r")


def describe_changes(before: dict[str, bytes], after: dict[str, bytes]) -> str:
    """Every changed file as a headerless unified diff (no context), CR and BOM made visible."""
    out: list[str] = []
    for path in sorted(set(before) | set(after)):
        old, new = before.get(path), after.get(path)
        if old == new:
            continue
        if old is None:
            out.append(f"=== {path} (new)\n")
            out.extend("+" + _show(line) + "\n" for line in new.decode("utf-8").split("\n")) if new else None
            continue
        out.append(f"=== {path}\n")
        old_lines = old.decode("utf-8").split("\n")
        new_lines = new.decode("utf-8").split("\n") if new is not None else []
        for line in difflib.unified_diff(old_lines, new_lines, n=0, lineterm=""):
            if not line.startswith(("---", "+++")):
                out.append(_show(line) + "\n")
    return "".join(out)


EDITS = {
    "log-append": ["log", "quirky-co", "--kind", "call", "--title", "Weekly: sync", "--date", "2026-11-20",
                   "--reading", "cut-cycle-time=9.5", "--attendee", "li-wei", "--author", "jane.doe",
                   "--notes", "Two depots live.\nNext: Leeds."],
    "log-internal": ["log", "quirky-co", "--kind", "note", "--title", "Budget freeze rumour", "--date",
                     "2026-11-21", "--internal"],
    "revalidate-replace": ["revalidate", "quirky-co", "cut-cycle-time", "--by", "li-wei", "--date", "2026-11-20"],
    "revalidate-insert": ["revalidate", "quirky-co", "self-service-onboarding", "--by", "li-wei",
                          "--date", "2026-11-20"],
    "close-success": ["close", "quirky-co", "cut-cycle-time", "--status", "closed_success", "--confirmed-by",
                      "rosa-diaz", "--evidence", "Cycle time 7.8 days: October report", "--date", "2026-11-20"],
    "close-no-action": ["close", "quirky-co", "self-service-onboarding", "--status", "closed_no_action",
                        "--date", "2026-11-20"],
    "close-unconfirmed": ["close", "quirky-co", "self-service-onboarding", "--status", "closed_success",
                          "--unconfirmed", "--date", "2026-11-20"],
    "new-objective": ["new", "objective", "quirky-co", "Réduire les retours de 20 %", "--due", "2027-06-30",
                      "--started", "2026-11-20", "--metric", "Returns", "--baseline", "20", "--target", "10",
                      "--unit", "%", "--stakeholder", "rosa-diaz", "--priority", "2"],
    "new-initiative": ["new", "objective", "quirky-co", "Roll out SSO", "--id", "sso", "--due", "2027-01-31",
                       "--started", "2026-11-20", "--success-criteria", "Every planner signs in with SSO",
                       "--internal"],
    "new-customer": ["new", "customer", "Acme: Logistics & Co", "--csm", "jane.doe", "--segment", "enterprise"],
    "new-objective-short-id": ["new", "objective", "quirky-co", "Cut order-to-delivery time from 48 to 24 hours",
                               "--due", "2027-06-30", "--started", "2026-11-20"],
    "start": ["start", "quirky-co", "self-service-onboarding"],
    "stakeholder-add": ["stakeholder", "add", "quirky-co", "Dana Whitfield", "--persona", "economic_buyer",
                        "--title", "CFO: finance", "--email", "dana@example.com"],
    "stakeholder-update-first": ["stakeholder", "update", "quirky-co", "rosa-diaz", "--name", "Rosa Díaz-Smith",
                                 "--location", "Leeds"],
    "stakeholder-update-last": ["stakeholder", "update", "quirky-co", "li-wei", "--title", "Head of Depots",
                                "--persona", "key_influencer"],
    "stakeholder-remove": ["stakeholder", "remove", "quirky-co", "dana-whitfield"],
    "task-add": ["task", "add", "quirky-co", "self-service-onboarding", "Pilot: Leeds depot", "--owner", "li-wei",
                 "--due", "2027-01-15"],
    "task-add-first": ["task", "add", "quirky-co", "cut-cycle-time", "Share the depot schedule", "--owner",
                       "rosa-diaz"],
    "task-done": ["task", "done", "quirky-co", "self-service-onboarding", "2", "--date", "2026-11-20"],
    "task-done-by-title": ["task", "done", "quirky-co", "self-service-onboarding", "record the walkthrough video"],
    "risk-open": ["risk", "open", "quirky-co", "Budget freeze may delay the rollout", "--kind", "renewal",
                  "--severity", "high", "--escalation", "manager", "--owner", "jane.doe", "--objective",
                  "cut-cycle-time", "--note", "CFO mentioned a freeze", "--date", "2026-11-20"],
    "risk-update": ["risk", "update", "quirky-co", "depot-strike", "--severity", "high", "--status", "open",
                    "--escalation", "executive", "--note", "Strike called for 1 December", "--date", "2026-11-20"],
    "risk-update-note": ["risk", "update", "quirky-co", "depot-strike", "--note", "No news"],
    "risk-close": ["risk", "close", "quirky-co", "depot-strike", "--note", "Union deal signed", "--date",
                   "2026-11-20"],
    "rename-objective": ["rename", "objective", "quirky-co", "cut-cycle-time", "cycle-time"],
    "rename-customer": ["rename", "customer", "quirky-co", "quirky"],
    "log-future-forced": ["log", "quirky-co", "--kind", "milestone", "--title", "Go-live planned", "--date",
                          "2026-12-01", "--force"],
    "revalidate-backwards-forced": ["revalidate", "quirky-co", "cut-cycle-time", "--by", "li-wei", "--date",
                                    "2026-08-31", "--force"],
    # one fact each (SPEC §12, edit/facts.py): the value's own line, in the file's quotes, comment kept
    "set-arr": ["set", "arr", "quirky-co", "250000"],
    "set-renewal-date": ["set", "renewal-date", "quirky-co", "2027-02-15"],
    "set-segment": ["set", "segment", "quirky-co", "enterprise"],
    "set-next-review": ["set", "next-review", "quirky-co", "2027-01-10"],
    "set-crm-id": ["set", "crm-id", "quirky-co", "0015g00000XyZ12"],
    "reassign": ["reassign", "quirky-co", "sam.lee"],
    "objective-due": ["objective", "due", "quirky-co", "cut-cycle-time", "2027-06-30", "--reason",
                      "Depot rollout moved to Q2", "--author", "jane.doe"],
    "objective-target": ["objective", "target", "quirky-co", "cut-cycle-time", "7"],
    "objective-title": ["objective", "title", "quirky-co", "cut-cycle-time", "Cut cycle time from 12 to 7 days"],
    "objective-priority": ["objective", "priority", "quirky-co", "self-service-onboarding", "2"],
    "objective-asks": ["objective", "asks", "quirky-co", "cut-cycle-time", "A decision on Leeds", "WMS access"],
    "objective-recovery": ["objective", "recovery", "quirky-co", "cut-cycle-time", "Two more analysts from March"],
    "task-due": ["task", "due", "quirky-co", "self-service-onboarding", "2", "2027-01-20"],
    "task-owner": ["task", "owner", "quirky-co", "self-service-onboarding", "record the walkthrough video",
                   "li-wei"],
}

# edits that need a prepared file: (relative path, content)
PREPARED = {
    "stakeholder-remove": ("stakeholders.yaml", (FIXTURE / "quirky-co/stakeholders.yaml").read_bytes()
                           + b"-   id: dana-whitfield   # leaving in December\n    name: Dana Whitfield\n"
                             b"    persona: admin\n\n# more people to come\n"),
}


@pytest.mark.parametrize("case", sorted(EDITS))
def test_edit_changes_exactly_the_intended_lines(case: str, repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if case in PREPARED:
        rel, content = PREPARED[case]
        (repo / "customers/quirky-co" / rel).write_bytes(content)
    before = snapshot(repo)
    assert main(EDITS[case]) == 0, capsys.readouterr().err
    diff = describe_changes(before, snapshot(repo))
    assert_golden(GOLDEN / f"{case}.diff", diff)
    # what an edit wrote, check accepts
    assert main(["check", "--as-of", "2026-11-21"]) == 0, capsys.readouterr().out


def test_log_starts_the_folder_form_when_there_is_no_log(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "customers/quirky-co/activity.yaml").unlink()
    assert main(["log", "quirky-co", "--kind", "call", "--title", "Kickoff: depots", "--date", "2026-11-20",
                 "--attendee", "rosa-diaz"]) == 0
    entry = repo / "customers/quirky-co/activity/2026-11-20-kickoff-depots-a00001.yaml"
    assert entry.read_text(encoding="utf-8") == (
        "date: 2026-11-20\n"
        "kind: call\n"
        "title: 'Kickoff: depots'\n"
        "attendees: [rosa-diaz]\n"
    )
    assert not (repo / "customers/quirky-co/activity.yaml").exists()
    assert capsys.readouterr().out == "created customers/quirky-co/activity/2026-11-20-kickoff-depots-a00001.yaml\n"


def test_log_appends_to_an_empty_flow_list(repo: Path) -> None:
    path = repo / "customers/quirky-co/activity.yaml"
    path.write_bytes(b"# nothing yet\n[]\n")
    assert main(["log", "quirky-co", "--kind", "call", "--title", "Kickoff", "--date", "2026-11-20"]) == 0
    assert path.read_bytes() == b"# nothing yet\n- date: 2026-11-20\n  kind: call\n  title: Kickoff\n"


def _long_log(repo: Path, first: str) -> Path:
    path = repo / "customers/quirky-co/activity.yaml"
    path.write_text("".join(f'{first}: 2025-0{1 + i % 9}-1{i % 10}\n    kind: call\n    title: "Call {i}"\n'
                            f"    attendees: [rosa-diaz]\n" for i in range(3000)), encoding="utf-8")
    return path


def _structure_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    from generator.edit import session

    read: list[int] = []
    real = session.parse
    monkeypatch.setattr(session, "parse", lambda text: read.append(len(text)) or real(text))
    return read


def test_a_long_log_keeps_its_layout_read_from_its_ends(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _long_log(repo, "-   date")
    read = _structure_reads(monkeypatch)
    before = path.read_bytes()
    assert main(["log", "quirky-co", "--kind", "call", "--title", "Weekly sync", "--date", "2026-11-20",
                 "--attendee", "rosa-diaz"]) == 0
    assert path.read_bytes() == before + (
        b'-   date: 2026-11-20\n    kind: call\n    title: "Weekly sync"\n    attendees: [rosa-diaz]\n')
    assert [n for n in read if n > 1000 and n < len(before) // 10]  # the layout came from a sample


def test_a_long_log_whose_items_start_below_their_dash_is_read_whole(repo: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    path = _long_log(repo, "-\n    date")
    read = _structure_reads(monkeypatch)
    before = path.read_bytes()
    assert main(["log", "quirky-co", "--kind", "call", "--title", "Weekly sync", "--date", "2026-11-20"]) == 0
    assert path.read_bytes().startswith(before)
    assert [n for n in read if n > 1000] == [len(before)]


def test_a_file_without_a_final_newline_gains_only_that(repo: Path) -> None:
    path = repo / "customers/quirky-co/stakeholders.yaml"
    data = path.read_bytes()
    path.write_bytes(data.rstrip(b"\n"))
    activity = repo / "customers/quirky-co/activity.yaml"
    activity.write_bytes(b"- date: 2026-11-01\n  kind: call\n  title: First")
    assert main(["log", "quirky-co", "--kind", "call", "--title", "Second", "--date", "2026-11-20"]) == 0
    assert activity.read_bytes() == (b"- date: 2026-11-01\n  kind: call\n  title: First\n"
                                     b"- date: 2026-11-20\n  kind: call\n  title: Second\n")


def test_a_block_scalar_at_the_very_end_is_not_changed(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    activity = repo / "customers/quirky-co/activity.yaml"
    data = b"- date: 2026-11-01\n  kind: call\n  title: First\n  notes: |\n    no line break after this"
    activity.write_bytes(data)
    assert main(["log", "quirky-co", "--kind", "call", "--title", "Second", "--date", "2026-11-20"]) == 1
    assert "could not be made without changing other lines" in capsys.readouterr().err
    assert activity.read_bytes() == data


def test_dry_run_writes_nothing(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(repo)
    assert main(EDITS["revalidate-insert"] + ["--dry-run"]) == 0
    assert snapshot(repo) == before
    out = capsys.readouterr().out
    assert "+last_validated: 2026-11-20" in out and "+validated_by: li-wei" in out


def test_writes_keep_the_file_mode_and_leave_no_temporary_file(repo: Path) -> None:
    path = repo / "customers/quirky-co/objectives/cut-cycle-time.md"
    path.chmod(0o640)
    assert main(EDITS["revalidate-replace"]) == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in path.parent.iterdir()) == ["cut-cycle-time.md", "self-service-onboarding.md"]


BROKEN_ACTIVITY = b"- date: 2026-11-01\n  kind: call\n  title: [unclosed\n"
BROKEN_OBJECTIVE = b"---\ntitle: Cut cycle time\nstatus: in_progress\n  due: 2027-01-01\n---\n"

REFUSALS = {
    "broken activity file": (["log", "quirky-co", "--kind", "call", "--title", "x", "--date", "2026-11-20"],
                             "activity.yaml", BROKEN_ACTIVITY,
                             "customers/quirky-co/activity.yaml:3:10: error SP002 the list opened with '[' here is "
                             "not closed"),
    "broken objective": (EDITS["revalidate-replace"], "objectives/cut-cycle-time.md", BROKEN_OBJECTIVE,
                         "customers/quirky-co/objectives/cut-cycle-time.md:4:"),
    "duplicate key": (EDITS["close-no-action"], "objectives/self-service-onboarding.md",
                      b"---\ntitle: a\nstatus: new\nstatus: new\nstarted: 2026-01-01\ndue: 2027-01-01\n---\n",
                      "error SP003 duplicate key 'status'"),
    "unknown customer": (["log", "quirky-company", "--kind", "call", "--title", "x"], None, None,
                         "unknown customer 'quirky-company' (did you mean 'quirky-co'?)"),
    "unknown objective": (["revalidate", "quirky-co", "cut-cycle", "--by", "li-wei"], None, None,
                          "unknown objective 'cut-cycle' for customer 'quirky-co' (did you mean 'cut-cycle-time'?)"),
    "unknown objective in log": (["log", "quirky-co", "--kind", "call", "--title", "x", "--objective", "nope"],
                                 None, None, "unknown objective 'nope'"),
    "unknown reading objective": (["log", "quirky-co", "--kind", "update", "--title", "x", "--reading", "nope=3"],
                                  None, None, "unknown objective 'nope'"),
    "reading not a number": (["log", "quirky-co", "--kind", "update", "--title", "x", "--reading",
                              "cut-cycle-time=fast"], None, None, "must be OBJECTIVE=NUMBER"),
    "unknown stakeholder": (["revalidate", "quirky-co", "cut-cycle-time", "--by", "rosa"], None, None,
                            "unknown stakeholder 'rosa' for customer 'quirky-co' (did you mean 'rosa-diaz'?)"),
    "unknown attendee": (["log", "quirky-co", "--kind", "call", "--title", "x", "--attendee", "bob"], None, None,
                         "unknown stakeholder 'bob'"),
    "unknown confirmer": (["close", "quirky-co", "cut-cycle-time", "--status", "closed_success",
                           "--confirmed-by", "bob"], None, None, "unknown stakeholder 'bob'"),
    "invalid date": (["revalidate", "quirky-co", "cut-cycle-time", "--by", "li-wei", "--date", "2026-02-30"],
                     None, None, "--date '2026-02-30' is not a valid date (YYYY-MM-DD)"),
    "invalid due": (["new", "objective", "quirky-co", "Later", "--due", "next year"], None, None,
                    "--due 'next year' is not a valid date"),
    "success without confirmation": (["close", "quirky-co", "cut-cycle-time", "--status", "closed_success"],
                                     None, None, "closed_success needs the customer's confirmation"),
    "already closed": (["close", "quirky-co", "cut-cycle-time", "--status", "closed_invalid"],
                       "objectives/cut-cycle-time.md",
                       b"---\ntitle: a\nstatus: closed_no_action\nstarted: 2026-01-01\ndue: 2027-01-01\n"
                       b"closed:\n  date: 2026-06-01\n---\n", "already closed_no_action"),
    "closing before it started": (["close", "quirky-co", "self-service-onboarding", "--status",
                                   "closed_no_action", "--date", "2026-01-01"], None, None,
                                  "--date 2026-01-01 is before the objective started (2026-10-15); nothing was "
                                  "changed (--force records it anyway)"),
    "closing before it started, forced": (["close", "quirky-co", "self-service-onboarding", "--status",
                                           "closed_no_action", "--date", "2026-01-01", "--force"], None, None,
                                          "error SP010"),
    "revalidating in the future": (["revalidate", "quirky-co", "cut-cycle-time", "--by", "li-wei", "--date",
                                    "2062-11-20"], None, None, "--date 2062-11-20 is in the future"),
    "revalidating before the start": (["revalidate", "quirky-co", "cut-cycle-time", "--by", "li-wei", "--date",
                                       "2025-01-01"], None, None,
                                      "--date 2025-01-01 is before the objective started (2026-09-01)"),
    "revalidating backwards": (["revalidate", "quirky-co", "cut-cycle-time", "--by", "li-wei", "--date",
                                "2026-09-02"], "objectives/cut-cycle-time.md",
                               (FIXTURE / "quirky-co/objectives/cut-cycle-time.md").read_bytes().replace(
                                   b'"2026-09-01"  # at', b'"2026-10-01"  # at'),
                               "--date 2026-09-02 is before its last validation, which a revalidation cannot move "
                               "back (2026-10-01)"),
    "logging in the future": (["log", "quirky-co", "--kind", "call", "--title", "x", "--date", "2062-11-20"],
                              None, None, "--date 2062-11-20 is in the future (today is 2026-11-21)"),
    "a reading before the start": (["log", "quirky-co", "--kind", "update", "--title", "x", "--date", "2026-08-01",
                                    "--reading", "cut-cycle-time=12"], None, None,
                                   "--date 2026-08-01 is before objective cut-cycle-time started (2026-09-01)"),
    "due before started": (["new", "objective", "quirky-co", "Backwards", "--due", "2026-01-01", "--started",
                            "2026-06-01"], None, None, "error SP010"),
    "existing objective": (["new", "objective", "quirky-co", "Cut cycle time", "--id", "cut-cycle-time", "--due",
                            "2027-01-01"], None, None, "objective 'cut-cycle-time' already exists"),
    "existing customer": (["new", "customer", "Quirky Co", "--csm", "jane.doe"], None, None,
                          "customer 'quirky-co' already exists"),
    "bad handle": (["new", "customer", "Other", "--csm", "Jane Doe"], None, None, "is not a handle"),
    "half a metric": (["new", "objective", "quirky-co", "Faster", "--due", "2027-01-01", "--metric", "Speed"],
                      None, None, "missing: --baseline, --target"),
    "remove a referenced stakeholder": (["stakeholder", "remove", "quirky-co", "li-wei"], None, None,
                                        "stakeholder 'li-wei' is still named in: objective cut-cycle-time "
                                        "(stakeholders); objective self-service-onboarding (stakeholders, "
                                        "a task's owner); 1 activity as attendee (the latest on 2026-09-01)"),
    "existing stakeholder": (["stakeholder", "add", "quirky-co", "Li Wei", "--persona", "admin"], None, None,
                             "stakeholder 'li-wei' already exists"),
    "start an objective in progress": (["start", "quirky-co", "cut-cycle-time"], None, None,
                                       "objective 'cut-cycle-time' is in_progress, not new"),
    "task already done": (["task", "done", "quirky-co", "self-service-onboarding", "1"], None, None,
                          "task 1 of 'self-service-onboarding' was already done on 2026-11-10"),
    "task owner neither": (["task", "add", "quirky-co", "cut-cycle-time", "x", "--owner", "Rosa Diaz"], None, None,
                           "is neither a stakeholder of 'quirky-co' nor a handle"),
    "task done in the future": (["task", "done", "quirky-co", "self-service-onboarding", "2", "--date",
                                 "2026-11-22"], None, None, "--date 2026-11-22 is in the future (today is 2026-11-21)"),
    "task done before the start": (["task", "done", "quirky-co", "self-service-onboarding", "2", "--date",
                                    "2026-10-01"], None, None,
                                   "--date 2026-10-01 is before the objective started (2026-10-15)"),
    "risk update of a closed risk": (["risk", "update", "quirky-co", "depot-strike", "--note", "x"],
                                     "risks/depot-strike.md", b"---\ntitle: a\nkind: other\nseverity: low\n"
                                     b"status: closed\nopened: 2026-01-01\n---\n", "risk 'depot-strike' is closed"),
    "risk note before it opened": (["risk", "update", "quirky-co", "depot-strike", "--note", "x", "--date",
                                    "2026-10-01"], None, None, "is before the risk was opened (2026-10-20)"),
    "risk opened in the future": (["risk", "open", "quirky-co", "Later", "--kind", "other", "--severity", "low",
                                   "--date", "2027-01-01"], None, None, "is in the future"),
    "existing risk": (["risk", "open", "quirky-co", "Depot strike", "--kind", "other", "--severity", "low"],
                      None, None, "risk 'depot-strike' already exists"),
    "rename onto an existing objective": (["rename", "objective", "quirky-co", "cut-cycle-time",
                                           "self-service-onboarding"], None, None,
                                          "objective 'self-service-onboarding' already exists"),
    "rename to an invalid id": (["rename", "objective", "quirky-co", "cut-cycle-time", "Cycle Time"], None, None,
                                "'Cycle Time' is not a valid objective id"),
    "rename with a broken activity log": (["rename", "objective", "quirky-co", "cut-cycle-time", "cycle-time"],
                                          "activity.yaml", BROKEN_ACTIVITY, "activity.yaml does not parse"),
    "rename customer onto another": (["rename", "customer", "quirky-co", "quirky-co"], None, None,
                                     "customer 'quirky-co' already exists"),
}

# something named on the command line does not exist: the command could not run (exit 2)
CANNOT_RUN = {
    "unknown stakeholder to update": (["stakeholder", "update", "quirky-co", "rosa", "--title", "x"],
                                      "unknown stakeholder 'rosa' for customer 'quirky-co' "
                                      "(did you mean 'rosa-diaz'?)"),
    "unknown stakeholder to remove": (["stakeholder", "remove", "quirky-co", "bob"], "unknown stakeholder 'bob'"),
    "unknown task": (["task", "done", "quirky-co", "self-service-onboarding", "7"],
                     "no task '7' in objective 'self-service-onboarding': give its number or title "
                     "(1. Draft the onboarding checklist; 2. Record the walkthrough video)"),
    "unknown risk": (["risk", "close", "quirky-co", "depot"],
                     "unknown risk 'depot' for customer 'quirky-co' (known: depot-strike)"),
}


@pytest.mark.parametrize("case", sorted(CANNOT_RUN))
def test_unknown_names_could_not_run(case: str, repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv, message = CANNOT_RUN[case]
    before = snapshot(repo)
    assert main(argv) == 2
    assert message in capsys.readouterr().err
    assert snapshot(repo) == before


# arguments that name nothing or are malformed: the command could not run (exit 2, SPEC §11)
BAD_ARGUMENTS = {"unknown customer", "unknown objective", "unknown objective in log", "unknown reading objective",
                 "reading not a number", "unknown stakeholder", "unknown attendee", "unknown confirmer",
                 "invalid date", "invalid due", "success without confirmation", "bad handle", "half a metric",
                 "rename to an invalid id"}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_refusal_exits_1_and_changes_nothing(case: str, repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A refused edit exits 1, a bad argument 2; neither changes a byte."""
    argv, rel, content, message = REFUSALS[case]
    if rel is not None:
        (repo / "customers/quirky-co" / rel).write_bytes(content)
    before = snapshot(repo)
    assert main(argv) == (2 if case in BAD_ARGUMENTS else 1)
    assert message in capsys.readouterr().err
    assert snapshot(repo) == before


@pytest.mark.parametrize("folder", [FIXTURE, DEMO], ids=["fixture", "demo"])
def test_untouched_files_come_back_byte_for_byte(folder: Path) -> None:
    """Reading and rendering a file, and ruamel's round trip with the detected style, change no line."""
    files = [p for p in sorted(folder.rglob("*")) if p.suffix in (".yaml", ".md")]
    assert files
    for path in files:
        textfile, issue = TextFile.read(path, front_matter=path.suffix == ".md")
        assert textfile is not None, (path, issue)
        assert textfile.render(textfile.text) == path.read_bytes()
        if path.parent.name == "quirky-co" or path.suffix == ".md" and path.read_bytes().startswith(b"\xef"):
            continue  # ruamel normalizes `[ a ]` and `>-` spacing; the surgical edits never touch them
        text = textfile.text
        dumped = roundtrip(text, detect_style(text, parse(text)), lambda data: data)
        assert changed_lines(text.encode(), dumped.encode()) == [], path


@pytest.mark.parametrize("argv", [["new", "customer"], ["new", "objective"], ["log"], ["revalidate"], ["close"],
                                  ["diff"], ["codeowners"], ["start"], ["stakeholder", "add"],
                                  ["stakeholder", "update"], ["stakeholder", "remove"], ["task", "add"],
                                  ["task", "done"], ["risk", "open"], ["risk", "update"], ["risk", "close"],
                                  ["rename", "objective"], ["rename", "customer"], ["import", "readings"]],
                         ids=" ".join)
def test_every_command_explains_itself_with_examples(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*argv, "--help"]) == 0
    out = capsys.readouterr().out
    assert "Examples:" in out and f"successplans {' '.join(argv)} " in out


def test_new_customer_in_a_new_plans_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: Plans\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["new", "customer", "Acme", "--csm", "jane.doe"]) == 0
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()) == [
        ".successplans.lock", "customers/acme/activity/.gitkeep", "customers/acme/customer.yaml",
        "customers/acme/objectives/.gitkeep", "customers/acme/stakeholders.yaml", "mkdocs.yml"]
    assert main(["check", "acme"]) == 0


def test_an_edit_shows_the_warnings_it_adds_as_of_today(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(EDITS["log-future-forced"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("note: the plan now has these warnings:\n")
    assert "warning SP112" in err and "2026-12-01" in err
    # a revalidation far in the past makes the objective stale as of today, not as of that date
    assert main(["revalidate", "quirky-co", "self-service-onboarding", "--by", "li-wei", "--date", "2026-06-01",
                 "--force"]) == 0
    assert "warning SP101" in capsys.readouterr().err
