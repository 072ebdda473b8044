"""Hostile but realistic input: a small plans repository per test, and helpers to run the tool
in-process (exact exit codes) or as separate processes (concurrency)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CLEAN = Path(__file__).resolve().parent.parent / "cases" / "clean"
CUSTOMER = "customers/harbor-labs"


@pytest.fixture()
def plans(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A plans repository (one clean customer) as the current folder; the outside world beside it."""
    repo = tmp_path / "repo"
    shutil.copytree(CLEAN, repo)
    (tmp_path / "outside").mkdir()
    monkeypatch.chdir(repo)
    monkeypatch.setenv("SUCCESSPLANS_TODAY", "2026-11-16")
    return repo


def tree_digest(root: Path) -> dict[str, str]:
    """Every entry under root (links not followed) with a digest of what it is."""
    out: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in sorted(dirnames + filenames):
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            if name == ".successplans.lock":  # the edit lock: an empty file that stays
                continue
            if path.is_symlink():
                out[rel] = "link:" + os.readlink(path)
            elif path.is_file():
                out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                out[rel] = "dir"
    return out


def run_process(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The command line as a user runs it: a separate Python process."""
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=300, check=False)


def no_traceback(text: str) -> bool:
    return "Traceback (most recent call last)" not in text
