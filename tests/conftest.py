"""Shared fixtures: the repository, the demo portfolio at its pinned as-of date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.config import Config, load_config
from generator.model import Portfolio
from generator.portfolio import build_portfolio

ROOT = Path(__file__).resolve().parent.parent
DEMO_AS_OF = dt.date(2026, 11, 16)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def demo_config() -> Config:
    return load_config(ROOT / "mkdocs.yml")


@pytest.fixture(scope="session")
def demo_portfolio(demo_config: Config) -> Portfolio:
    return build_portfolio(demo_config, DEMO_AS_OF)
