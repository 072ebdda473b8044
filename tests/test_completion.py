"""Shell completion: command names, and customer, objective, stakeholder and risk ids from the files."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from generator.cli import cli
from generator.commands.completion import _OptionValueFirst

FIXTURE = Path(__file__).parent / "golden" / "edit" / "customers"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "customers")
    (tmp_path / "customers" / "acme").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: plans\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def complete(args: list[str], incomplete: str) -> list[str]:
    return [item.value for item in _OptionValueFirst(cli, {}, "successplans", "_SUCCESSPLANS_COMPLETE")
            .get_completions(args, incomplete)]


@pytest.mark.parametrize(("args", "incomplete", "expected"), [
    ([], "re", ["revalidate", "reassign", "rename"]),
    ([], "ri", ["risk"]),
    (["stakeholder"], "", ["add", "remove", "update"]),
    (["revalidate", "quirky-co", "cut-cycle-time", "--dry-run"], "", []),
    (["revalidate", "quirky-co", "cut-cycle-time", "--by=li-wei", "--date"], "", []),
    (["log"], "", ["acme", "quirky-co"]),
    (["revalidate"], "q", ["quirky-co"]),
    (["revalidate", "quirky-co"], "", ["cut-cycle-time", "self-service-onboarding"]),
    (["revalidate", "quirky-co", "cut-cycle-time", "--by"], "", ["li-wei", "rosa-diaz"]),
    (["log", "quirky-co", "--attendee"], "r", ["rosa-diaz"]),
    (["stakeholder", "update", "quirky-co"], "l", ["li-wei"]),
    (["risk", "close", "quirky-co"], "", ["depot-strike"]),
    (["task", "done", "quirky-co"], "self", ["self-service-onboarding"]),
    (["rename", "objective", "quirky-co"], "c", ["cut-cycle-time"]),
    (["log", "no-such-customer", "--attendee"], "", []),
])
def test_completion_offers_ids_from_the_files(args: list[str], incomplete: str, expected: list[str],
                                              repo: Path) -> None:
    assert complete(args, incomplete) == expected


def run_completion(env: dict[str, str]) -> str:
    result = subprocess.run([sys.executable, "-m", "generator"], env={**env, "PATH": "/usr/bin:/bin"},
                            capture_output=True, text=True, check=False)
    return result.stdout


def test_the_shell_script_is_generated_and_answers(repo: Path) -> None:
    assert "_SUCCESSPLANS_COMPLETE=bash_complete" in run_completion({"_SUCCESSPLANS_COMPLETE": "bash_source"})
    out = run_completion({"_SUCCESSPLANS_COMPLETE": "bash_complete", "COMP_WORDS": "successplans log quirky-co "
                          "--attendee ", "COMP_CWORD": "4"})
    assert out.split() == ["plain,li-wei", "plain,rosa-diaz"]
