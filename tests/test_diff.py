"""`successplans diff` on a real git repository made in a temporary folder.

Golden outputs: tests/golden/edit/diff.md and diff.json; regenerate with UPDATE_GOLDEN=1.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.golden import assert_golden

from generator.cli import main

GOLDEN = Path(__file__).parent / "golden" / "edit"
AS_OF = "2026-11-21"


def git(root: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    result = subprocess.run(["git", "-c", "user.name=Plans", "-c", "user.email=plans@example.com", *args],
                            cwd=root, check=True, capture_output=True, text=True, env=env)
    return result.stdout


def commit(root: Path, message: str) -> None:
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--allow-empty", "-m", message)


@pytest.fixture
def plans(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """empty (no customers/) → v1 (the fixture customer) → v2 (edited with the commands)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SUCCESSPLANS_TODAY", AS_OF)
    git(tmp_path, "init", "--quiet")
    (tmp_path / "README.md").write_text("plans\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: Plans\n")
    commit(tmp_path, "empty")
    git(tmp_path, "tag", "empty")
    shutil.copytree(GOLDEN / "customers", tmp_path / "customers")
    commit(tmp_path, "v1")
    git(tmp_path, "tag", "v1")
    for argv in (
        ["log", "quirky-co", "--kind", "ebr", "--title", "Q4 business review", "--date", "2026-11-18",
         "--reading", "cut-cycle-time=9", "--attendee", "rosa-diaz"],
        ["revalidate", "quirky-co", "self-service-onboarding", "--by", "li-wei", "--date", "2026-11-18"],
        ["close", "quirky-co", "cut-cycle-time", "--status", "closed_success", "--confirmed-by", "rosa-diaz",
         "--date", "2026-11-19"],
        ["new", "objective", "quirky-co", "Halve returns", "--due", "2027-06-30", "--started", "2026-11-19",
         "--metric", "Return rate", "--baseline", "6", "--target", "3", "--unit", "%", "--priority", "1"],
        ["new", "customer", "Acme Logistics", "--csm", "sam.lee", "--segment", "smb"],
    ):
        assert main(argv) == 0, argv
    onboarding = tmp_path / "customers/quirky-co/objectives/self-service-onboarding.md"
    onboarding.write_text(onboarding.read_text().replace("status: new\n", "status: in_progress\npriority: 2\n"))
    commit(tmp_path, "v2")
    git(tmp_path, "tag", "v2")
    return tmp_path


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(argv) == 0
    return capsys.readouterr().out


def check_golden(name: str, text: str) -> None:
    assert_golden(GOLDEN / name, text)


def test_diff_markdown_and_json_between_two_commits(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    check_golden("diff.md", run(["diff", "v1", "v2", "--as-of", AS_OF], capsys))
    check_golden("diff.json", run(["diff", "v1", "v2", "--as-of", AS_OF, "--format", "json"], capsys))


def test_diff_against_the_working_tree(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["diff", "v2", "--as-of", AS_OF], capsys) == (
        "### Success plan changes\n\n"
        f"No changes to success plans between `v2` and the working tree (as of {AS_OF}).\n")
    assert main(["revalidate", "quirky-co", "halve-returns", "--by", "rosa-diaz", "--date", "2026-11-20"]) == 0
    capsys.readouterr()
    data = json.loads(run(["diff", "v2", "--as-of", AS_OF, "--format", "json"], capsys))
    assert data["head"] is None
    [customer] = data["customers"]
    assert customer["validations"] == [
        {"objective": "halve-returns", "last_validated": "2026-11-20", "validated_by": "rosa-diaz", "before": None}]


def test_diff_from_a_revision_without_customers(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(run(["diff", "empty", "v1", "--as-of", AS_OF, "--format", "json"], capsys))
    assert [(c["id"], c["change"]) for c in data["customers"]] == [("quirky-co", "added")]
    assert [o["id"] for o in data["customers"][0]["objectives_added"]] == ["cut-cycle-time", "self-service-onboarding"]
    assert len(data["customers"][0]["activity_added"]) == 3
    text = run(["diff", "empty", "v1", "--as-of", AS_OF], capsys)
    assert "- **New customer**, health yellow\n" in text
    assert "- **Activity**: 3 entries, the latest on 2026-11-02\n" in text


def test_diff_of_a_removed_customer(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.rmtree(plans / "customers/acme-logistics")
    text = run(["diff", "v2", "--as-of", AS_OF], capsys)
    assert text == (
        "### Success plan changes\n\n"
        f"`v2` → the working tree, as of {AS_OF}: 1 customer changed; problems: 0 introduced, 3 fixed.\n\n"
        "#### Acme Logistics (`acme-logistics`)\n\n"
        "- **Customer removed** (health was yellow)\n"
        "- **Problems fixed**:\n"
        "  - `customers/acme-logistics/customer.yaml:1` warning SP103 no activity has been logged\n"
        "  - `customers/acme-logistics/customer.yaml:1` warning SP109 no executive check-in or EBR in the last"
        " 90 days\n"
        "  - `customers/acme-logistics/stakeholders.yaml:1` warning SP107 no stakeholder is the executive sponsor\n")


def test_diff_of_an_unknown_revision_exits_2(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "no-such-branch"]) == 2
    assert "unknown git revision 'no-such-branch'" in capsys.readouterr().err


def test_diff_of_people_tasks_risks_and_unreadable_files(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """v3: the new kinds of change, with text that would be HTML or a link if it were not escaped."""
    for argv in (
        ["stakeholder", "add", "quirky-co", "Dana <img src=x onerror=alert(1)>", "--id", "dana",
         "--persona", "economic_buyer"],
        ["stakeholder", "update", "quirky-co", "li-wei", "--persona", "key_influencer"],
        ["task", "add", "quirky-co", "self-service-onboarding", "Pilot [x](javascript:alert(1))", "--owner",
         "li-wei", "--due", "2026-11-01"],
        ["task", "done", "quirky-co", "self-service-onboarding", "2", "--date", "2026-11-20"],
        ["risk", "open", "quirky-co", "Budget *freeze* #12", "--id", "budget-freeze", "--kind", "renewal",
         "--severity", "high", "--escalation", "manager"],
        ["risk", "update", "quirky-co", "depot-strike", "--severity", "high", "--status", "open",
         "--escalation", "executive"],
    ):
        assert main(argv) == 0, argv
    (plans / "customers/quirky-co/objectives/halve-returns.md").write_text("---\ntitle: x\n  bad: [\n---\n")
    (plans / "customers/acme-logistics/customer.yaml").write_text("name: Acme\ncsm: [sam.lee\n")
    closed = plans / "customers/quirky-co/objectives/cut-cycle-time.md"
    closed.write_bytes(closed.read_bytes().replace(b"status: 'closed_success'", b"status: 'finished'"))
    quirky_yaml = plans / "customers/quirky-co/customer.yaml"
    quirky_yaml.write_bytes(quirky_yaml.read_bytes().replace(b"csm: jane.doe", b"csm: Jane Doe"))
    commit(plans, "v3")
    capsys.readouterr()
    text = run(["diff", "v2", "HEAD", "--as-of", AS_OF], capsys)
    check_golden("diff-v3.md", text)
    assert "<img" not in text and "[x](javascript" not in text
    assert "Objectives removed" not in text and "name:" not in text
    data = json.loads(run(["diff", "v2", "HEAD", "--as-of", AS_OF, "--format", "json"], capsys))
    check_golden("diff-v3.json", json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    quirky = next(c for c in data["customers"] if c["id"] == "quirky-co")
    assert quirky["unreadable"] == [
        {"file": "customers/quirky-co/objectives/cut-cycle-time.md", "code": "SP005", "line": 4},
        {"file": "customers/quirky-co/objectives/halve-returns.md", "code": "SP002", "line": 3}]
    assert quirky["field_changes"] == []  # the csm is invalid now, not gone: its problem says so
    assert quirky["objectives_removed"] == []
    assert quirky["stakeholders_added"][0]["name"] == "Dana <img src=x onerror=alert(1)>"  # JSON keeps data as is
    # v4: the files readable again, a person and a task gone, a risk closed
    git(plans, "checkout", "v2", "--", "customers/quirky-co/objectives/halve-returns.md",
        "customers/acme-logistics/customer.yaml", "customers/quirky-co/objectives/cut-cycle-time.md",
        "customers/quirky-co/customer.yaml")
    for argv in (["stakeholder", "remove", "quirky-co", "dana"],
                 ["risk", "close", "quirky-co", "budget-freeze", "--note", "Budget approved", "--date", "2026-11-21"]):
        assert main(argv) == 0, argv
    onboarding = plans / "customers/quirky-co/objectives/self-service-onboarding.md"
    text = onboarding.read_text(encoding="utf-8")
    onboarding.write_text(text.replace("-   title: Record the walkthrough video\n    owner: jane.doe\n"
                                       "    done: 2026-11-20\n", ""), encoding="utf-8")
    commit(plans, "v4")
    capsys.readouterr()
    check_golden("diff-v4.md", run(["diff", "HEAD~1", "HEAD", "--as-of", AS_OF], capsys))


def test_markdown_escaping() -> None:
    from generator.diff.render import code, md

    assert md("<img src=x onerror=alert(1)>") == "&lt;img src=x onerror=alert(1)&gt;"
    assert md("[x](javascript:alert(1))") == "\\[x\\](javascript:alert(1))"
    assert md("*bold* _it_ `code` #12 a|b ~~s~~ \\") == "\\*bold\\* \\_it\\_ \\`code\\` \\#12 a\\|b \\~\\~s\\~\\~ \\\\"
    assert md("two\nlines\u202e") == "two lines"
    assert code("cut-cycle-time") == "`cut-cycle-time`"
    assert code("odd`name") == "odd\\`name"


def test_a_person_with_an_invalid_persona_is_not_removed(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    people = plans / "customers/quirky-co/stakeholders.yaml"
    people.write_bytes(people.read_bytes().replace(b"persona: adoption_champion", b"persona: champion"))
    data = json.loads(run(["diff", "v2", "--as-of", AS_OF, "--format", "json"], capsys))
    [quirky] = [c for c in data["customers"] if c["id"] == "quirky-co"]
    assert quirky["stakeholders_removed"] == []
    assert [p["message"] for p in quirky["problems_introduced"]] == [
        "persona must be one of executive_sponsor, economic_buyer, key_influencer, adoption_champion, admin, "
        "end_user, big_boss, not 'champion'"]
