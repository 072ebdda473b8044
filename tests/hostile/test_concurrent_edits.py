"""Edits started together never lose an entry: they serialize on the repository's lock."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.edit.lock import lock_path

from .conftest import CUSTOMER

PAIRS = 15


def _start(repo: Path, title: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "generator", "log", "harbor-labs", "--kind", "note", "--title",
                             title, "--date", "2026-11-10"], cwd=repo, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "SUCCESSPLANS_TODAY": "2026-11-16"})


@pytest.mark.parametrize("git", [True, False], ids=["git", "plain"])
def test_pairs_of_logs_started_together_keep_every_entry(plans: Path, git: bool) -> None:
    if git:
        subprocess.run(["git", "init", "-q", str(plans)], check=True)
    processes = [_start(plans, f"entry {i:03d}") for i in range(2 * PAIRS)]
    results = [(p.wait(timeout=300), p.communicate()) for p in processes]
    assert [code for code, _ in results] == [0] * (2 * PAIRS), [err for _, (_, err) in results if err]
    log = (plans / CUSTOMER / "activity.yaml").read_text(encoding="utf-8")
    assert sorted(line.strip() for line in log.splitlines() if "entry " in line) == \
        sorted(f"title: entry {i:03d}" for i in range(2 * PAIRS))
    expected_lock = plans / ".git" / "successplans.lock" if git else plans / ".successplans.lock"
    assert lock_path(plans) == expected_lock
    assert expected_lock.exists()
    assert run_check(plans) == 0


def run_check(repo: Path) -> int:
    return subprocess.run([sys.executable, "-m", "generator", "check"], cwd=repo, capture_output=True,
                          check=False).returncode


def test_an_edit_waits_for_the_lock_and_then_re_reads(plans: Path) -> None:
    """While another process holds the lock, an edit waits; it then sees what the other wrote."""
    import fcntl

    holder = os.open(lock_path(plans), os.O_RDWR | os.O_CREAT)
    fcntl.flock(holder, fcntl.LOCK_EX)
    waiting = _start(plans, "second")
    try:
        with pytest.raises(subprocess.TimeoutExpired):
            waiting.wait(timeout=1.5)
        activity = plans / CUSTOMER / "activity.yaml"
        activity.write_text(activity.read_text(encoding="utf-8") +
                            "- date: 2026-11-09\n  kind: call\n  title: first\n", encoding="utf-8")
    finally:
        fcntl.flock(holder, fcntl.LOCK_UN)
        os.close(holder)
    _out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, err
    text = (plans / CUSTOMER / "activity.yaml").read_text(encoding="utf-8")
    assert text.index("title: first") < text.index("title: second")


def test_a_dry_run_takes_no_lock(plans: Path) -> None:
    import fcntl

    holder = os.open(lock_path(plans), os.O_RDWR | os.O_CREAT)
    fcntl.flock(holder, fcntl.LOCK_EX)
    try:
        result = subprocess.run([sys.executable, "-m", "generator", "log", "harbor-labs", "--kind", "note",
                                 "--title", "x", "--dry-run"], cwd=plans, capture_output=True, text=True,
                                timeout=60, check=False)
    finally:
        fcntl.flock(holder, fcntl.LOCK_UN)
        os.close(holder)
    assert result.returncode == 0, result.stderr
    assert "+  title: x" in result.stdout
