"""The one golden-file check: compare, or (UPDATE_GOLDEN=1) rewrite and fail so that the diff is
reviewed. A rewrite never passes silently, and is refused under CI."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def assert_golden(path: Path, text: str) -> None:
    """`text` must equal the golden file at `path`."""
    if os.environ.get("UPDATE_GOLDEN"):
        if os.environ.get("CI"):
            pytest.fail("UPDATE_GOLDEN is refused under CI: golden files are updated and reviewed by hand")
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            pytest.fail(f"updated {path}: review the diff (git diff) before accepting it")
        return
    assert path.exists(), f"missing golden file {path}: run with UPDATE_GOLDEN=1 and review it"
    assert text == path.read_text(encoding="utf-8"), f"{path.name} differs from its golden file"
