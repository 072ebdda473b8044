"""Shared fixtures: the repository, the demo portfolio at its pinned as-of date."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
from pathlib import Path

import pytest

from generator.config import Config, load_config
from generator.model import Portfolio
from generator.portfolio import build_portfolio

ROOT = Path(__file__).resolve().parent.parent

# Slow groups, by module (a test elsewhere carries its group's marker itself): `.ci/run` runs everything.
SLOW_MODULES = {
    "test_site_browser": "browser", "test_deck_layout": "libreoffice", "test_install": "install",
    "test_fuzz": "property", "test_edit_property": "property", "test_concurrent_edits": "property",
}
SLOW_GROUPS = frozenset(SLOW_MODULES.values())
# Tests that build a whole site or every demo deck, or start a server or another interpreter: seconds
# each. The quick selection (`-m quick`, below) leaves them out; `-m "not slow"` still runs them.
HEAVY_MODULES = frozenset({"test_preview", "test_site_serve", "test_site_properdocs", "test_site_scale", "test_readme",
                           "test_site_conversion"})
HEAVY_FIXTURES = frozenset({"demo_decks"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        group = SLOW_MODULES.get(item.path.stem)
        if group is not None:
            item.add_marker(getattr(pytest.mark, group))
        if group is not None or any(item.get_closest_marker(g) for g in SLOW_GROUPS):
            item.add_marker(pytest.mark.slow)
        if item.path.stem in HEAVY_MODULES or HEAVY_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.heavy)
        if not item.get_closest_marker("slow") and not item.get_closest_marker("heavy"):
            item.add_marker(pytest.mark.quick)


def stop_process_group(proc: "subprocess.Popen[bytes]") -> None:
    """End a server started with start_new_session=True, and everything it started."""
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def require_tool(found: object, what: str) -> None:
    """A test that needs an installed tool: skipped with the reason outside CI, failed inside it
    (CI installs everything through scripts/system-deps.sh, so a missing tool there is a bug)."""
    if found:
        return
    message = f"{what} is missing: bash scripts/system-deps.sh installs it"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)
DEMO_AS_OF = dt.date(2026, 11, 16)


@pytest.fixture
def entry_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    """New activity entry files named with a counter (a00001, a00002, ...) instead of random digits,
    so that a golden diff names them; tests of merging branches keep the random ones."""
    from generator.edit import scaffold

    count = iter(range(1, 1_000_000))
    monkeypatch.setattr(scaffold, "new_token", lambda: f"a{next(count):05d}")


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def demo_config() -> Config:
    return load_config(ROOT / "mkdocs.yml")


@pytest.fixture(scope="session")
def demo_portfolio(demo_config: Config) -> Portfolio:
    """The demo as the site is built from it: with every customer's health history."""
    return build_portfolio(demo_config, DEMO_AS_OF, history=True)
