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
    golden = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


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
        "  - `customers/acme-logistics/activity.yaml:1` warning SP103 no activity has been logged\n"
        "  - `customers/acme-logistics/activity.yaml:1` warning SP109 no executive check-in or EBR in the last"
        " 90 days\n"
        "  - `customers/acme-logistics/stakeholders.yaml:1` warning SP107 no stakeholder is the executive sponsor\n")


def test_diff_of_an_unknown_revision_exits_1(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "no-such-branch"]) == 1
    assert "unknown git revision 'no-such-branch'" in capsys.readouterr().err
