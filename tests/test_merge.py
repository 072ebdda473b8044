"""Two branches made from one commit, each changing one customer with a command, merge without a
conflict the way a forge's merge button merges them: `git merge-tree --write-tree` in a bare clone
that has no git configuration at all. The merged tree then passes `check` with both changes in it.

The repository is one `successplans init` writes (its example customer keeps its log in the
folder form), with a second measured objective that has a task of its own.
"""

from __future__ import annotations

import io
import itertools
import os
import subprocess
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cli import main

TODAY = "2026-06-01"
CUSTOMER = "example-customer"
FIRST, SECOND = "faster-order-processing", "fewer-returns"

# a command per kind of change, run on one objective: (argv, what the merged tree must then hold)
Change = Callable[[str, str], tuple[list[str], Callable[[Path], bool]]]


def _text(root: Path, rel: str) -> str:
    return (root / "customers" / CUSTOMER / rel).read_text(encoding="utf-8")


def _entries(root: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in sorted((root / "customers" / CUSTOMER / "activity").iterdir())
                   if p.suffix == ".yaml")


def log(objective: str, branch: str) -> tuple[list[str], Callable[[Path], bool]]:
    # both branches may log the very same entry: their files still differ by name
    return (["log", CUSTOMER, "--kind", "call", "--title", "Weekly sync", "--attendee", "sam-rivera"],
            lambda root: _entries(root).count("title: Weekly sync\n") == 2 if branch == "both" else
            "title: Weekly sync\n" in _entries(root))


def import_readings(objective: str, branch: str) -> tuple[list[str], Callable[[Path], bool]]:
    value = "4.1" if objective == FIRST else "5.5"
    csv = Path(f"readings-{branch}.csv")
    csv.write_text(f"customer,objective,date,value\n{CUSTOMER},{objective},2026-05-31,{value}\n", encoding="utf-8")
    return (["import", "readings", str(csv)], lambda root: f"{objective}: {value}\n" in _entries(root))


def revalidate(objective: str, branch: str) -> tuple[list[str], Callable[[Path], bool]]:
    return (["revalidate", CUSTOMER, objective, "--by", "sam-rivera"],
            lambda root: f"last_validated: {TODAY}\n" in _text(root, f"objectives/{objective}.md"))


def task_add(objective: str, branch: str) -> tuple[list[str], Callable[[Path], bool]]:
    title = f"Review {objective} with Sam"
    return (["task", "add", CUSTOMER, objective, title, "--owner", "sam-rivera"],
            lambda root: f"title: {title}\n" in _text(root, f"objectives/{objective}.md"))


def task_done(objective: str, branch: str) -> tuple[list[str], Callable[[Path], bool]]:
    return (["task", "done", CUSTOMER, objective, "1"],
            lambda root: f"done: {TODAY}\n" in _text(root, f"objectives/{objective}.md"))


COMMANDS: dict[str, Callable[[str, str], tuple[list[str], Callable[[Path], bool]]]] = {
    "log": log, "import readings": import_readings, "revalidate": revalidate, "task add": task_add,
    "task done": task_done,
}
PAIRS = list(itertools.combinations_with_replacement(COMMANDS, 2))


def git(cwd: Path, *args: str, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False,
                            env=env or os.environ)
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stdout}{result.stderr}"
    return result.stdout


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "--all")
    git(repo, "-c", "user.name=CSM", "-c", "user.email=csm@example.com", "commit", "--quiet", "-m", message)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An init repository with two measured objectives, each with a task, committed on `main`."""
    repo = tmp_path_factory.mktemp("plans") / "plans"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SUCCESSPLANS_TODAY", TODAY)
        assert main(["init", str(repo), "--company", "Brightwell"]) == 0
        patch.chdir(repo)
        for argv in (
            ["new", "objective", CUSTOMER, "Fewer returns", "--id", SECOND, "--due", "2026-12-31",
             "--started", "2026-05-01", "--metric", "Returns", "--unit", "%", "--baseline", "6", "--target", "3",
             "--stakeholder", "sam-rivera"],
            ["start", CUSTOMER, SECOND],
            ["revalidate", CUSTOMER, SECOND, "--by", "sam-rivera", "--date", "2026-05-02"],
            ["task", "add", CUSTOMER, SECOND, "Count last month's returns", "--owner", "lee-chen"],
        ):
            assert main(argv) == 0, argv
    git(repo, "init", "--quiet", "--initial-branch=main")
    commit(repo, "Our success plans")
    return repo


def test_the_base_passes_check(base: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(base)
    assert main(["check", "--strict", "--as-of", TODAY]) == 0, capsys.readouterr().out


@pytest.mark.parametrize(("one", "other"), PAIRS, ids=[f"{a}+{b}" for a, b in PAIRS])
def test_two_branches_merge_without_conflict(base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str], one: str, other: str) -> None:
    repo = tmp_path / "plans"
    git(tmp_path, "clone", "--quiet", str(base), str(repo))
    monkeypatch.chdir(repo)
    monkeypatch.setenv("SUCCESSPLANS_TODAY", TODAY)
    same = one == other and one == "log"
    checks = []
    for branch, command, objective in (("one", one, FIRST), ("other", other, SECOND)):
        git(repo, "switch", "--quiet", "-c", branch, "origin/main")
        argv, holds = COMMANDS[command](objective, "both" if same else branch)
        assert main(argv) == 0, (argv, capsys.readouterr().err)
        for csv in repo.glob("readings-*.csv"):
            csv.unlink()
        commit(repo, f"{command} on {objective}")
        checks.append(holds)
    # the forge's side: a bare clone, no configuration at all, no work tree
    bare = tmp_path / "forge.git"
    git(tmp_path, "clone", "--quiet", "--bare", str(repo), str(bare))
    clean = {"PATH": os.environ["PATH"], "HOME": str(tmp_path / "nohome"), "GIT_CONFIG_NOSYSTEM": "1",
             "GIT_CONFIG_GLOBAL": os.devnull}
    result = subprocess.run(["git", "merge-tree", "--write-tree", "one", "other"], cwd=bare, capture_output=True,
                            text=True, check=False, env=clean)
    assert result.returncode == 0, f"{one} and {other} conflict:\n{result.stdout}"
    tree = result.stdout.split()[0]
    merged = tmp_path / "merged"
    merged.mkdir()
    archive = subprocess.run(["git", "archive", "--format=tar", tree], cwd=bare, capture_output=True, check=True,
                             env=clean).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(merged, filter="data")
    assert all(holds(merged) for holds in checks), "a change is missing from the merged tree"
    monkeypatch.chdir(merged)
    capsys.readouterr()
    assert main(["check", "--as-of", TODAY]) == 0, capsys.readouterr().out
    assert " error " not in capsys.readouterr().out


def test_control_the_single_file_log_does_conflict(base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """The check above is live: the same two logs conflict for a customer keeping activity.yaml."""
    repo = tmp_path / "plans"
    git(tmp_path, "clone", "--quiet", str(base), str(repo))
    monkeypatch.chdir(repo)
    monkeypatch.setenv("SUCCESSPLANS_TODAY", TODAY)
    folder = repo / "customers" / CUSTOMER
    log_file = folder / "activity.yaml"
    log_file.write_text("".join("- " + p.read_text(encoding="utf-8").replace("\n", "\n  ").rstrip(" ")
                                for p in sorted((folder / "activity").glob("*.yaml"))), encoding="utf-8")
    for p in (folder / "activity").iterdir():
        p.unlink()
    (folder / "activity").rmdir()
    commit(repo, "The log as one file")
    for branch in ("one", "other"):
        git(repo, "switch", "--quiet", "-c", branch, "main")
        assert main(["log", CUSTOMER, "--kind", "call", "--title", f"Call on branch {branch}"]) == 0
        commit(repo, f"log on {branch}")
    result = subprocess.run(["git", "merge-tree", "--write-tree", "one", "other"], cwd=repo, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 1 and "CONFLICT (content)" in result.stdout
