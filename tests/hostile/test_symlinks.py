"""Symbolic links under the customers folder are never followed, for reading or writing."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from generator.cli import main

from .conftest import CUSTOMER, run_process, tree_digest

SENTINEL = "SENTINEL-OUTSIDE-THE-REPOSITORY"


@pytest.fixture()
def outside(plans: Path) -> Path:
    folder = plans.parent / "outside"
    (folder / "secret.yaml").write_text(f"- id: leak\n  name: {SENTINEL}\n  persona: admin\n", encoding="utf-8")
    (folder / "notes.md").write_text(f"---\ntitle: {SENTINEL}\n---\n", encoding="utf-8")
    return folder


def check_json(capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict[str, object]], str]:
    code = main(["check", "--format", "json"])
    out = capsys.readouterr().out
    return code, json.loads(out), out


def test_a_linked_file_is_sp001_and_never_read(plans: Path, outside: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    stakeholders = plans / CUSTOMER / "stakeholders.yaml"
    stakeholders.unlink()
    stakeholders.symlink_to(outside / "secret.yaml")
    code, problems, out = check_json(capsys)
    assert code == 1
    assert SENTINEL not in out
    assert [(p["code"], p["file"], p["line"], p["message"]) for p in problems if p["severity"] == "error"] == [
        ("SP001", f"{CUSTOMER}/stakeholders.yaml", 1, "symbolic link not followed")]
    assert main(["status", "--format", "json"]) == 0
    assert SENTINEL not in capsys.readouterr().out


def test_a_linked_folder_is_not_listed(plans: Path, outside: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (plans / CUSTOMER / "objectives" / "etc").symlink_to(outside)
    (plans / CUSTOMER / "risks" / "more.md").symlink_to(outside / "notes.md")
    (plans / "customers" / "mirror").symlink_to(plans / CUSTOMER)
    (plans / CUSTOMER / "_ignored-link").symlink_to(outside)
    code, problems, out = check_json(capsys)
    assert code == 1
    assert "secret" not in out and SENTINEL not in out
    assert sorted((p["code"], p["file"]) for p in problems) == [
        ("SP001", f"{CUSTOMER}/objectives/etc"), ("SP001", f"{CUSTOMER}/risks/more.md"), ("SP001", "customers/mirror")]


def test_a_linked_customers_folder_is_a_configuration_error(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (plans / "customers").rename(plans.parent / "real-customers")
    (plans / "customers").symlink_to(plans.parent / "real-customers")
    assert main(["check"]) == 2
    assert "customers folder 'customers' is a symbolic link" in capsys.readouterr().err
    assert main(["log", "harbor-labs", "--kind", "note", "--title", "x"]) == 2


def test_edits_never_write_through_a_link(plans: Path, outside: Path, capsys: pytest.CaptureFixture[str]) -> None:
    activity = plans / CUSTOMER / "activity.yaml"
    (outside / "activity.yaml").write_bytes(activity.read_bytes())
    activity.unlink()
    activity.symlink_to(outside / "activity.yaml")
    before_outside, before_repo = tree_digest(outside), tree_digest(plans)
    assert main(["log", "harbor-labs", "--kind", "note", "--title", "through the link"]) == 1
    assert "symbolic link not followed" in capsys.readouterr().err
    assert tree_digest(outside) == before_outside
    assert tree_digest(plans) == before_repo


def test_edits_never_write_into_a_linked_customer_folder(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    real = plans.parent / "outside" / "harbor"
    (plans / CUSTOMER).rename(real)
    (plans / CUSTOMER).symlink_to(real)
    before = tree_digest(real)
    assert main(["log", "harbor-labs", "--kind", "note", "--title", "x"]) in (1, 2)
    assert tree_digest(real) == before


def test_a_dry_run_writes_nothing_anywhere(plans: Path, outside: Path, tmp_path: Path) -> None:
    """Not in the repository, not through a link, not even in the temporary folder."""
    (plans / CUSTOMER / "objectives" / "_draft.md").symlink_to(outside / "notes.md")
    own_tmp = tmp_path / "tmpdir"
    own_tmp.mkdir()
    before_repo, before_outside = tree_digest(plans), tree_digest(outside)
    result = run_process(["log", "harbor-labs", "--kind", "update", "--title", "dry", "--reading",
                          "cut-dwell-time=7", "--dry-run"], plans, {"TMPDIR": str(own_tmp)})
    assert result.returncode == 0, result.stderr
    assert "dry run: nothing was written" in result.stderr
    assert tree_digest(plans) == before_repo
    assert tree_digest(outside) == before_outside
    assert list(own_tmp.iterdir()) == []


def test_diff_reports_a_link_held_by_a_revision(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=plans,
                       check=True, capture_output=True)

    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "base")
    stakeholders = plans / CUSTOMER / "stakeholders.yaml"
    stakeholders.unlink()
    stakeholders.symlink_to("/etc/passwd")
    (plans / CUSTOMER / "risks" / "passwd.md").symlink_to("/etc/passwd")
    git("add", "-A")
    git("commit", "-qm", "links")
    assert main(["diff", "HEAD~1", "HEAD", "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert "root:" not in out
    introduced = json.loads(out)["customers"][0]["problems_introduced"]
    assert sorted((p["code"], p["file"]) for p in introduced if p["code"] == "SP001") == [
        ("SP001", f"{CUSTOMER}/risks/passwd.md"), ("SP001", f"{CUSTOMER}/stakeholders.yaml")]
    assert os.path.islink(stakeholders)
