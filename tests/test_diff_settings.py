"""The health model as code: a branch that changes the plugin's options shows, in `successplans
diff`, every customer whose health, tracks or problems change because of it, and which option.

The expected set is computed independently: the same files loaded twice with each side's options.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import fields, replace
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.config import load_config
from generator.portfolio import build_portfolio
from tests.test_diff import commit, git

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-16"
STRICTER = ("      on_track_tolerance: 0.05\n"
            "      stale_after_days: 60\n")


def _options(root: Path, extra: str) -> None:
    mkdocs = root / "mkdocs.yml"
    text = mkdocs.read_text(encoding="utf-8")
    mkdocs.write_text(text.replace("      as_of: 2026-11-16\n", "      as_of: 2026-11-16\n" + extra), encoding="utf-8")


@pytest.fixture
def demo_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo portfolio committed on main."""
    shutil.copytree(ROOT / "customers", tmp_path / "customers")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    monkeypatch.chdir(tmp_path)
    git(tmp_path, "init", "--quiet", "--initial-branch", "main")
    commit(tmp_path, "the plans")
    return tmp_path


def _diff(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    assert main(["diff", *args, "--as-of", AS_OF, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def _moved_by(root: Path, before_extra: str, after_extra: str) -> set[str]:
    """The oracle: customers whose health, tracks or problems differ when the same files are
    computed with each side's options."""
    config = replace(load_config(ROOT / "mkdocs.yml"), root=root)  # the options of main
    day = dt.date.fromisoformat(AS_OF)

    def snapshot(extra: str) -> dict[str, Any]:
        options: dict[str, Any] = {}
        for line in extra.strip().splitlines():
            key, value = (part.strip() for part in line.split(":"))
            options[key] = Fraction(value) if "." in value else int(value)
        portfolio = build_portfolio(replace(config, **options), day)
        return {c.id: (c.health.color, sorted((s.id, s.track) for s in c.objectives),
                       sorted((p.code, p.file, p.line, p.column or 0) for p in c.problems))
                for c in portfolio.customers}

    old, new = snapshot(before_extra), snapshot(after_extra)
    return {cid for cid in new if old[cid] != new[cid]}


def test_a_settings_branch_shows_every_customer_it_moves_and_why(demo_repo: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    git(demo_repo, "switch", "--quiet", "-c", "stricter")
    _options(demo_repo, STRICTER)
    commit(demo_repo, "A stricter health model")
    data = _diff(capsys, "main", "stricter")
    assert data["settings"] == [
        {"option": "stale_after_days", "before": 90, "after": 60, "model": True},
        {"option": "on_track_tolerance", "before": 0.1, "after": 0.05, "model": True}]
    effects = {c["id"]: c["settings_effect"] for c in data["customers"] if c["settings_effect"]}
    expected = _moved_by(demo_repo, "", STRICTER)
    assert set(effects) == expected == {"city-of-lakeport", "consolidated-regional-health", "meridian-home-garden",
                                        "northlight-media"}
    # why: each customer's change is put down to the option that makes it
    assert {cid: e["options"] for cid, e in effects.items()} == {
        "city-of-lakeport": ["stale_after_days", "on_track_tolerance"],
        "consolidated-regional-health": ["on_track_tolerance"], "meridian-home-garden": ["on_track_tolerance"],
        "northlight-media": ["on_track_tolerance"]}
    northlight = effects["northlight-media"]
    assert (northlight["health_before"], northlight["health_after"]) == ("lime", "yellow")
    assert [(t["objective"], t["before"], t["after"]) for t in northlight["tracks"]] == [
        ("music-rights-clearance", "on_track", "at_risk")]
    assert northlight["new_reasons"][0].startswith("objective music-rights-clearance is at risk (")
    lakeport = effects["city-of-lakeport"]
    assert [(p["problem"]["code"], p["problem"]["file"].rsplit("/", 1)[1], p["options"])
            for p in lakeport["problems_introduced"]] == [
        ("SP101", "permit-review-time.md", ["stale_after_days"]),
        ("SP101", "service-request-routing.md", ["stale_after_days"])]
    assert [(t["objective"], t["options"]) for t in lakeport["tracks"]] == [("permit-review-time",
                                                                             ["on_track_tolerance"])]
    # only the options changed: the files of these customers did not
    by_id = {c["id"]: c for c in data["customers"]}
    assert by_id["northlight-media"]["activity_added"] == [] and by_id["northlight-media"]["field_changes"] == []


def test_the_markdown_names_the_options_and_their_effect(demo_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _options(demo_repo, STRICTER)  # in the working tree, as while preparing the merge request
    assert main(["diff", "main", "--as-of", AS_OF]) == 0
    text = capsys.readouterr().out
    assert ("**Settings changed** in mkdocs.yml: `stale_after_days` 90 → 60; `on_track_tolerance` 0.1 → 0.05. "
            "At 2026-11-16, 4 customers change because of them (below, under Because of the settings).") in text
    northlight = text.split("#### Northlight Media Group (`northlight-media`)", 1)[1].split("####", 1)[0]
    assert "- **Health** lime → yellow: objective music-rights-clearance is at risk" in northlight
    assert "  - `on_track_tolerance`: health lime → yellow (objective music-rights-clearance is at risk (72% done " \
        "against 80% expected))\n" in northlight
    assert "  - `on_track_tolerance`: `music-rights-clearance` on track → at risk (72% done against 80% expected)" \
        in northlight
    # a warning that stays, only worded with the new threshold, is not reported as fixed and new again
    assert "SP101" not in northlight
    lakeport = text.split("(`city-of-lakeport`)", 1)[1].split("####", 1)[0]
    assert "  - `stale_after_days`: now warning SP101 objective permit-review-time was last validated 77 days ago " \
        "(more than 60)\n" in lakeport
    assert "  - `on_track_tolerance`: `permit-review-time` on track → at risk" in lakeport


def test_a_change_in_files_and_options_keeps_both_apart(demo_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _options(demo_repo, "      activity_gap_days: 7\n")
    log = demo_repo / "customers/helix-payments/activity.yaml"
    log.write_text(log.read_text(encoding="utf-8") + "- date: 2026-11-15\n  kind: call\n  title: Weekly sync\n",
                   encoding="utf-8")
    data = _diff(capsys, "main")
    by_id = {c["id"]: c for c in data["customers"]}
    # Cedar Valley's files did not change: only the option moves it (no activity for 7 days: SP103)
    cedar = by_id["cedar-valley-schools"]
    assert cedar["settings_effect"]["options"] == ["activity_gap_days"]
    assert [p["problem"]["code"] for p in cedar["settings_effect"]["problems_introduced"]] == ["SP103"]
    # Helix's new call is a change of its files, not of the options
    assert [a["title"] for a in by_id["helix-payments"]["activity_added"]] == ["Weekly sync"]
    assert set(c["id"] for c in data["customers"] if c["settings_effect"]) == _moved_by(
        demo_repo, "", "      activity_gap_days: 7\n")


def test_options_that_compute_nothing_move_no_customer(demo_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _options(demo_repo, "      company_name: Brightwell Software GmbH\n")
    mkdocs = demo_repo / "mkdocs.yml"
    mkdocs.write_text(mkdocs.read_text(encoding="utf-8").replace("      company_name: Brightwell Software\n", ""),
                      encoding="utf-8")
    data = _diff(capsys, "main")
    assert data["settings"] == [{"option": "company_name", "before": "Brightwell Software",
                                 "after": "Brightwell Software GmbH", "model": False}]
    assert data["customers"] == []
    assert main(["diff", "main", "--as-of", AS_OF]) == 0
    assert "`company_name` Brightwell Software → Brightwell Software GmbH. At 2026-11-16, they change no computed " \
        "value." in capsys.readouterr().out


def test_no_settings_change_no_settings_section(demo_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _diff(capsys, "main")
    assert (data["settings"], data["settings_unread"], data["customers"]) == ([], None, [])
    assert main(["diff", "main", "--as-of", AS_OF]) == 0
    assert "Settings" not in capsys.readouterr().out


def test_unreadable_base_settings_are_said_and_the_new_ones_used(demo_repo: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    git(demo_repo, "switch", "--quiet", "-c", "broken-base")
    _options(demo_repo, "      stale_after_days: lots\n")
    commit(demo_repo, "a bad option")
    git(demo_repo, "switch", "--quiet", "main")
    data = _diff(capsys, "broken-base")
    assert "option 'stale_after_days' must be a whole number" in data["settings_unread"]
    assert (data["settings"], data["customers"]) == ([], [])


def test_every_option_is_sorted_into_model_or_not() -> None:
    """A new option is a model option unless declared otherwise: the safe side for reviewers."""
    from generator.config import LOOK_OPTIONS, PLACE_OPTIONS, Config

    names = {f.name for f in fields(Config)} - {"root"}
    assert LOOK_OPTIONS | PLACE_OPTIONS <= names
    assert {"stale_after_days", "on_track_tolerance", "at_risk_tolerance", "ebr_lead_days"} <= names - LOOK_OPTIONS
