"""The handbook's reference pages against the code they are generated from.

Every field, problem code, option and command the code defines appears on the pages, nothing on them
names a field the code does not know, every example file passes `check` (or gives exactly the
problem it illustrates), and the site builds with no MkDocs warning.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.config import Config
from generator.portfolio import build_portfolio
from generator.site import reference
from generator.starter import EXAMPLE_ID


def problems_of(tmp: Path, files: dict[str, str]) -> list[str]:
    """The problem codes `check` reports for a customer made of these files, at the example day."""
    folder = tmp / "customers" / EXAMPLE_ID
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    config = Config.from_mapping({}, tmp)
    return sorted(p.code for p in build_portfolio(config, reference.EXAMPLE_DAY).problems)


def example_versions(example: reference.Example) -> tuple[dict[str, str], dict[str, str]]:
    """The example customer with the example's file as shown after the fix, and as shown before it."""
    base = reference.example_customer()
    if example.file not in base:
        return {**base, example.file: example.after}, {**base, example.file: example.before}
    text = base[example.file]
    assert text.count(example.after) == 1, f"the 'after' lines are not in {example.file} exactly once"
    return base, {**base, example.file: text.replace(example.after, example.before)}


def test_the_example_customer_passes_check(tmp_path: Path) -> None:
    assert problems_of(tmp_path, reference.example_customer()) == []


@pytest.mark.parametrize("code", [c for c in reference.codes() if c.example], ids=lambda c: c.code)
def test_each_code_example_shows_exactly_its_problem(tmp_path: Path, code: reference.CodeReference) -> None:
    assert code.example is not None
    after, before = example_versions(code.example)
    assert problems_of(tmp_path / "after", after) == []
    assert set(problems_of(tmp_path / "before", before)) == {code.code}


def test_every_code_is_documented_in_its_shape() -> None:
    for code in reference.codes():
        assert code.what and code.why and code.fix, code.code
        assert (code.example is None) != (code.no_example == ""), code.code
