"""Naming something that does not exist on the command line is a bad argument: exit 2, like every
other (CI reads exit 1 as "the plans have errors")."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from generator.cli import main

from .conftest import tree_digest


@pytest.mark.parametrize("args", [
    ["status", ""], ["status", "nope"], ["check", "nope"], ["deck", "nope"], ["digest", "nope"],
    ["log", "nope", "--kind", "call", "--title", "x"],
    ["revalidate", "harbor-labs", "no-such-objective", "--by", "ines-park"],
    ["revalidate", "harbor-labs", "cut-dwell-time", "--by", "nobody"],
    ["close", "harbor-labs", "no-such-objective", "--status", "closed_invalid"],
    ["log", "harbor-labs", "--kind", "call", "--title", "x", "--date", "2026-02-30"],
    ["diff", "no-such-revision"],
])
def test_unknown_names_exit_2_and_change_nothing(plans: Path, args: list[str],
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    subprocess.run(["git", "init", "-q"], cwd=plans, check=True)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "--allow-empty",
                    "-m", "base"], cwd=plans, check=True)
    before = tree_digest(plans / "customers")
    assert main(args) == 2
    assert capsys.readouterr().err.startswith("successplans: ")
    assert tree_digest(plans / "customers") == before
