"""Data-folder cases: each tests/cases/<name>/ holds customers/, mkdocs.yml and expected.json.

expected.json lists every problem as [file, line, column, code] in report order, and the full
`status --format json` record of each customer. Regenerate after an intended change with
UPDATE_GOLDEN=1 and review the diff like any other change.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.golden import assert_golden

from generator.commands.status import status_json
from generator.config import load_config
from generator.portfolio import build_portfolio, resolve_as_of

CASES = Path(__file__).parent / "cases"
NAMES = sorted(p.name for p in CASES.iterdir() if (p / "mkdocs.yml").exists())


def observed(case: Path) -> dict[str, object]:
    config = load_config(case / "mkdocs.yml")
    portfolio = build_portfolio(config, resolve_as_of(config))
    return {
        "problems": [[p.file, p.line, p.column, p.code] for p in portfolio.problems],
        "statuses": [status_json(c) for c in portfolio.customers],
    }


@pytest.mark.parametrize("name", NAMES)
def test_case(name: str) -> None:
    case = CASES / name
    got = observed(case)
    expected_file = case / "expected.json"
    if os.environ.get("UPDATE_GOLDEN"):
        assert_golden(expected_file, json.dumps(got, indent=1, ensure_ascii=False) + "\n")
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    assert got["problems"] == expected["problems"]
    assert got["statuses"] == expected["statuses"]


def test_every_code_has_a_positive_case() -> None:
    """Each code of SPEC §4 is produced by at least one case (negatives: clean, boundaries)."""
    codes = {f"SP{n:03d}" for n in range(1, 13)} | {f"SP{n}" for n in range(101, 117)}
    seen = set()
    for name in NAMES:
        seen |= {row[3] for row in json.loads((CASES / name / "expected.json").read_text())["problems"]}
    assert codes - seen == set()


@pytest.mark.parametrize("name", ["clean", "boundaries"])
def test_negative_cases_have_no_problem(name: str) -> None:
    """Values exactly on every threshold land on the better side: no problem at all."""
    assert observed(CASES / name)["problems"] == []
