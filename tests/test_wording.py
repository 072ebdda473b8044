"""Words and colours for statuses: one home each, and the customer-facing ones kept apart."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import get_args

from generator import styles, wording
from generator.model import HEALTH_COLORS, TRACK_COLOR, Track

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
CUSTOMER_FACING = sorted([*(PACKAGE / "deck").glob("*.py"), PACKAGE / "digest.py", PACKAGE / "view.py"])


def test_every_track_has_a_customer_word_a_site_class_and_a_terminal_style() -> None:
    tracks = set(get_args(Track))
    assert set(wording.CUSTOMER_STATUS_WORDS) == tracks
    assert set(styles.TRACK_CLASS) == tracks == set(styles.TERMINAL_TRACK_STYLE)
    assert set(styles.TERMINAL_HEALTH_STYLE) == set(HEALTH_COLORS)
    assert all(styles.TRACK_CLASS[track] == color for track, color in TRACK_COLOR.items())


def test_internal_labels_are_codes_in_words_and_customer_words_are_not() -> None:
    assert wording.label("at_risk") == "at risk" and wording.label(None) == wording.NONE
    assert wording.customer_status("at_risk") == "Slightly behind plan"
    customer_words = {w.casefold() for w in wording.CUSTOMER_STATUS_WORDS.values()}
    assert not customer_words & set(HEALTH_COLORS)  # no health colour in the customer's words
    assert {wording.label(t) for t in ("at_risk", "off_track", "unmeasured")}.isdisjoint(customer_words)


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            names.update(f"{node.module}.{a.name}" if node.module else a.name for a in node.names)
            names.add(node.module or "")
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return names


def test_customer_facing_modules_never_reach_internal_styles_or_labels() -> None:
    assert len(CUSTOMER_FACING) > 5
    for path in CUSTOMER_FACING:
        found = _imports(path)
        assert not any(name.split(".")[-1] in ("styles", "site") or name.endswith("wording.label")
                       for name in found), path
        assert "wording.label(" not in path.read_text(encoding="utf-8"), path


def test_templates_test_values_not_the_placeholder_they_render() -> None:
    """A template decides on a value or a flag of its context record, never on how a missing value
    is written (wording.NONE), so changing that placeholder cannot change what a page says."""
    root = PACKAGE.parent / "site_templates"
    templates = sorted(p for p in root.rglob("*") if p.suffix in (".j2", ".md") and p.is_file())
    assert templates
    for path in templates:
        text = path.read_text(encoding="utf-8")
        for quote in ('"', "'"):
            for op in ("==", "!="):
                assert f"{op} {quote}{wording.NONE}{quote}" not in text, path


COMPUTING = sorted([*(PACKAGE / "rules").glob("*.py"), *(PACKAGE / name for name in (
    "model.py", "load.py", "compute.py", "timeline.py", "agenda.py", "attention.py", "people.py", "portfolio.py",
    "loadshare.py", "view.py"))])
RENDERING = ("wording", "styles", "formats", "site", "deck", "digest", "diff", "commands")


def _package_modules(path: Path) -> set[str]:
    """The modules of this package a file imports, by their first name under generator/ ("wording", "site")."""
    found: set[str] = set()
    here = path.parent.relative_to(PACKAGE).parts
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = here[:len(here) - (node.level - 1)] if node.level > 1 else here
            parts = (*base, *(node.module.split(".") if node.module else ()))
            found.update([parts[0]] if parts else [a.name for a in node.names])
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("generator."):
            found.add((node.module or "").split(".")[1])
    return found


def test_computing_never_words_a_fact() -> None:
    """The model and what computes it import no renderer: a fact travels as a record and each
    renderer words it (a health reason, an agenda title, a hint and its command)."""
    assert all(path.is_file() for path in COMPUTING) and len(COMPUTING) > 25
    assert {path: _package_modules(path) & set(RENDERING) for path in COMPUTING} == {path: set() for path in COMPUTING}
    # the control: a renderer's imports are seen, relative ones from a subfolder included
    assert {"wording", "portfolio"} <= _package_modules(PACKAGE / "commands" / "status.py")
    assert "wording" in _package_modules(PACKAGE / "site" / "work.py")
