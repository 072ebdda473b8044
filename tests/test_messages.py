"""Messages and hints for people who are not programmers: values that look right but are not,
items named by what they are, no hint that repeats its message, and "did you mean"."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.cli import main

FIXTURE = Path(__file__).parent / "golden" / "edit" / "customers"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "customers")
    (tmp_path / "mkdocs.yml").write_text("site_name: Plans\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def problems(capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    capsys.readouterr()
    main(["check", "--format", "json", "--as-of", "2026-11-21"])
    return [p for p in json.loads(capsys.readouterr().out) if p["severity"] == "error"]


def replace(repo: Path, rel: str, old: str, new: str) -> None:
    path = repo / "customers/quirky-co" / rel
    data = path.read_bytes()
    assert old.encode() in data
    path.write_bytes(data.replace(old.encode(), new.encode(), 1))


@pytest.mark.parametrize(("rel", "old", "new", "message", "hint"), [
    ("objectives/cut-cycle-time.md", "target: 8", "target: 35%",
     "target must be a number, not '35%'", "write 35 and put % in metric.unit"),
    ("objectives/cut-cycle-time.md", "baseline: 12", "baseline: '12'",
     "baseline must be a number, not '12'", "remove the quotes around 12: a number is written without them"),
    ("customer.yaml", "customer_since: 2025-01-15", "arr: 1,200,000",
     "arr must be a number ≥ 0, not '1,200,000'", "write 1200000 (without thousands separators)"),
    ("stakeholders.yaml", "    persona: adoption_champion\n", "",
     "required field 'persona' of 'li-wei' is missing", ""),
    ("objectives/self-service-onboarding.md", "    owner: jane.doe\n", "",
     "required field 'owner' of 'Record the walkthrough video' in tasks is missing", ""),
    ("objectives/cut-cycle-time.md", "metric:\r\n    name:", "metric:\r\n  - name:",
     "metric must be a mapping of fields, not a list",
     "remove the '- ' in front of the keys: fields are `key: value` lines without a dash"),
    ("objectives/self-service-onboarding.md", "stakeholders: [li-wei]", "stakeholders:\n  owner: li-wei",
     "stakeholders must be a list, not a mapping", "start each item with '- ' on a line of its own"),
    ("objectives/self-service-onboarding.md", "status: new", "status: open",
     "status must be one of new, in_progress, closed_success, closed_no_action, closed_invalid, not 'open'", ""),
    ("objectives/self-service-onboarding.md", "stakeholders: [li-wei]", "stakeholders: [li-way]",
     "unknown stakeholder 'li-way'", "did you mean 'li-wei'?"),
])
def test_messages_say_what_to_write(rel: str, old: str, new: str, message: str, hint: str, repo: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    replace(repo, rel, old, new)
    found = [(p["message"], p["hint"] or "") for p in problems(capsys)]
    assert (message, hint) in found, found
    assert all(h not in m for m, h in found if h)


def test_did_you_mean_a_customer_or_a_command(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "quirky"]) == 2
    assert "did you mean 'quirky-co'?" in capsys.readouterr().err
    assert main(["revalidte", "quirky-co"]) == 2
    assert "No such command 'revalidte'. Did you mean 'revalidate'?" in capsys.readouterr().err
