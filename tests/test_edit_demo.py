"""Edits on every file of the demo portfolio: each one changes exactly its own lines."""

from __future__ import annotations

import datetime as dt
import difflib
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.config import load_config
from generator.model import OPEN
from generator.portfolio import build_portfolio

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "customers", tmp_path / "customers")
    (tmp_path / "mkdocs.yml").write_text("site_name: Plans\n", encoding="utf-8")  # no as_of: today
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SUCCESSPLANS_TODAY", "2026-11-21")  # edits judge their dates at today
    return tmp_path


def changes(before: bytes, after: bytes) -> tuple[list[str], list[str]]:
    diff = list(difflib.unified_diff(before.decode().splitlines(), after.decode().splitlines(), n=0, lineterm=""))
    removed = [line[1:] for line in diff if line.startswith("-") and not line.startswith("---")]
    added = [line[1:] for line in diff if line.startswith("+") and not line.startswith("+++")]
    return removed, added


def test_revalidate_and_log_on_every_demo_customer(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = load_config(None)
    portfolio = build_portfolio(config, config.as_of or dt.date.today())
    edited = folded = appended = 0
    for status in portfolio.customers:
        customer = status.customer
        if status.has_errors or not customer.stakeholders:
            continue
        person = customer.stakeholders[0].id
        for objective in customer.objectives:
            if objective.status not in OPEN:
                continue
            path = demo / customer.path / "objectives" / f"{objective.id}.md"
            before = path.read_bytes()
            assert main(["revalidate", customer.id, objective.id, "--by", person, "--date", "2026-11-20"]) == 0, \
                capsys.readouterr().err
            removed, added = changes(before, path.read_bytes())
            assert all(line.startswith(("last_validated:", "validated_by:")) for line in removed), removed
            assert all(line.startswith(("last_validated:", "validated_by:")) for line in added), added
            assert any(line.startswith("last_validated: 2026-11-20") for line in added) and f"validated_by: {person}" in path.read_text()
            edited += 1
        log = demo / customer.path / "activity.yaml"
        folder = demo / customer.path / "activity"
        before = log.read_bytes() if log.exists() else b""
        entries = set(folder.iterdir()) if folder.is_dir() else set()
        assert main(["log", customer.id, "--kind", "call", "--title", "Weekly sync", "--date", "2026-11-20",
                     "--attendee", person]) == 0, capsys.readouterr().err
        if folder.is_dir():  # the folder form: one new file, nothing else touched
            [added] = set(folder.iterdir()) - entries
            assert added.name.startswith("2026-11-20-weekly-sync-")
            assert added.read_text(encoding="utf-8") == ("date: 2026-11-20\nkind: call\ntitle: Weekly sync\n"
                                                         f"attendees: [{person}]\n")
            folded += 1
            continue
        after = log.read_bytes()
        assert after.startswith(before.rstrip(b"\n")) and after[len(before):].count(b"\n- date: ") <= 1
        appended += 1
    assert edited >= 5
    assert folded >= 5 and appended >= 1  # the demo keeps both forms of the activity log
    assert main(["check", "--as-of", "2026-11-21"]) in (0, 1)
    assert " error " not in capsys.readouterr().out
