"""build refuses a site folder whose replacement would delete anything but an earlier site."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from generator.site.build import MARKER

from .conftest import tree_digest


@pytest.mark.parametrize("site_dir", [".", "customers", "customers/harbor-labs/site", "..", "docs"])
def test_a_site_dir_holding_or_inside_the_plans_is_refused(plans: Path, site_dir: str,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    (plans / "docs").mkdir()
    (plans / "docs" / "index.md").write_text("# Team notes\n", encoding="utf-8")
    before = tree_digest(plans.parent)
    assert main(["build", "--no-decks", "--site-dir", site_dir]) == 2
    assert "site folder" in capsys.readouterr().err
    assert tree_digest(plans.parent) == before


def test_site_dir_from_mkdocs_yml_is_checked_too(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mkdocs_yml = plans / "mkdocs.yml"
    mkdocs_yml.write_text(mkdocs_yml.read_text(encoding="utf-8") + "site_dir: customers\n", encoding="utf-8")
    before = tree_digest(plans)
    assert main(["build", "--no-decks"]) == 2
    assert "holds the customers folder" in capsys.readouterr().err
    assert tree_digest(plans) == before


def test_a_folder_the_build_did_not_make_is_refused(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    foreign = plans.parent / "photos"
    foreign.mkdir()
    (foreign / "holiday.jpg").write_bytes(b"\xff\xd8")
    assert main(["build", "--no-decks", "--site-dir", str(foreign)]) == 2
    assert "was not made by successplans build" in capsys.readouterr().err
    assert [p.name for p in foreign.iterdir()] == ["holiday.jpg"]


@pytest.mark.heavy
def test_leftovers_of_killed_builds_are_removed_and_the_site_is_marked(plans: Path) -> None:
    dead = 2**22 + 12345  # above Linux's default pid_max: no such process
    for name in (f".site.new-{dead}-x1y2", f".site.old-{dead}"):
        (plans / name).mkdir()
        (plans / name / "index.html").write_text("half", encoding="utf-8")
    (plans / ".site.new-1-keep").mkdir()  # pid 1 is alive: another build may own it
    assert main(["build", "--no-decks"]) == 0
    names = sorted(p.name for p in plans.iterdir() if p.name.startswith(".site"))
    assert names == [".site.new-1-keep"]
    assert (plans / "site" / MARKER).is_file()
    assert main(["build", "--no-decks"]) == 0  # its own folder is replaced


@pytest.mark.heavy
def test_a_large_portfolio_prints_a_summary_not_every_warning(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Thousands of warnings belong in `check` and on the site, not in the build's output."""
    import shutil

    for n in range(12):
        shutil.copytree(plans / "customers" / "harbor-labs", plans / "customers" / f"harbor-{n:02d}")
    assert main(["build", "--no-decks", "--as-of", "2027-09-01"]) == 0
    captured = capsys.readouterr()
    printed = [line for line in captured.out.splitlines() if " warning SP" in line]
    assert len(printed) == 20
    assert "more not shown" in captured.err and "successplans check lists every one" in captured.err
    assert main(["check", "--as-of", "2027-09-01"]) == 0
    assert len([line for line in capsys.readouterr().out.splitlines() if " warning SP" in line]) > 20
