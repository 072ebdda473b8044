"""Nothing is written or deleted outside the repository, whatever links or `.git` files say.

Each case has its control: the link (or `.git` file) is live, so following it would have written,
deleted or locked outside.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from generator.cli import main
from generator.deck import _prune
from generator.edit.lock import lock_path

from .conftest import CUSTOMER, no_traceback, tree_digest


CACHE = Path(".cache/successplans/decks")


@pytest.mark.parametrize("linked", [".cache/successplans/decks", ".cache/successplans", ".cache"])
def test_a_linked_deck_cache_never_leads_build_to_delete_outside(plans: Path, linked: str,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    outside = plans.parent / "outside"
    where = outside / CACHE.relative_to(linked)  # what the cache folder is, through the link
    where.mkdir(parents=True, exist_ok=True)
    victim = where / "quarterly-board.pptx"
    victim.write_bytes(b"the only copy of a deck outside the repository")
    link = plans / linked
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(outside, target_is_directory=True)
    before = tree_digest(outside)
    assert main(["build"]) == 2
    err = capsys.readouterr().err
    assert f"{link} is a symbolic link; nothing is written through it" in err and no_traceback(err)
    assert tree_digest(outside) == before and victim.exists()
    assert not (plans / "site").exists()
    # the control: pruning old decks through the link deletes what lies outside
    _prune(plans / CACHE, set())
    assert not victim.exists()


def test_a_link_planted_inside_the_deck_cache_is_never_followed(plans: Path) -> None:
    outside = plans.parent / "outside"
    assert main(["build"]) == 0
    cache = plans / ".cache" / "successplans" / "decks"
    [cached] = list(cache.glob("*.pptx"))
    secret = outside / "secret.txt"
    secret.write_text("not for the site", encoding="utf-8")
    cached.unlink()
    cached.symlink_to(secret)  # under the very name the next build would copy from
    assert main(["build"]) == 0
    assert secret.read_text(encoding="utf-8") == "not for the site"
    assert not cached.is_symlink() and cached.read_bytes().startswith(b"PK")
    assert (plans / "site" / "decks" / "harbor-labs.pptx").read_bytes() == cached.read_bytes()


def test_a_linked_decks_folder_never_leads_deck_outside(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outside = plans.parent / "outside"
    (plans / "decks").symlink_to(outside, target_is_directory=True)
    assert main(["deck", "harbor-labs"]) == 2
    err = capsys.readouterr().err
    assert f"{plans / 'decks'} is a symbolic link; nothing is written through it" in err and no_traceback(err)
    assert list(outside.iterdir()) == []
    # the control: a write through the link lands outside
    (plans / "decks" / "probe").write_text("x", encoding="utf-8")
    assert (outside / "probe").exists()


def test_decks_default_folder_is_made_inside(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deck", "harbor-labs", "--as-of", "2026-11-16"]) == 0
    assert (plans / "decks" / "harbor-labs-ebr-2026-11-16.pptx").is_file()


def _log(title: str) -> int:
    return main(["log", "harbor-labs", "--kind", "call", "--title", title, "--date", "2026-11-16"])


@pytest.mark.parametrize("named", ["../outside", "{outside}", "../outside/fake.git"])
def test_a_git_file_naming_another_folder_never_gets_the_lock(plans: Path, named: str) -> None:
    outside = plans.parent / "outside"
    (outside / "fake.git").mkdir()
    (plans / ".git").write_text(f"gitdir: {named.format(outside=outside)}\n", encoding="utf-8")
    before = tree_digest(outside)
    assert _log("Weekly sync") == 0
    assert tree_digest(outside) == before
    assert not list(outside.rglob("successplans.lock"))
    assert lock_path(plans) == plans / ".successplans.lock" and (plans / ".successplans.lock").exists()


def test_a_linked_git_folder_never_gets_the_lock(plans: Path) -> None:
    outside = plans.parent / "outside"
    subprocess.run(["git", "init", "-q", str(outside / "repo")], check=True)
    (plans / ".git").symlink_to(outside / "repo" / ".git", target_is_directory=True)
    assert _log("Weekly sync") == 0
    assert not (outside / "repo" / ".git" / "successplans.lock").exists()
    # the control: git itself does take the link as this folder's git directory
    found = subprocess.run(["git", "-C", str(plans), "rev-parse", "--absolute-git-dir"], capture_output=True,
                           text=True, check=True).stdout.strip()
    assert Path(found) == (outside / "repo" / ".git").resolve()


def test_a_worktree_locks_in_its_real_git_directory(plans: Path, tmp_path: Path) -> None:
    main_repo = tmp_path / "main"
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com"}
    subprocess.run(["git", "init", "-q", str(main_repo)], check=True)
    (main_repo / "README.md").write_text("plans\n", encoding="utf-8")
    subprocess.run(["git", "-C", str(main_repo), "add", "."], check=True)
    subprocess.run(["git", "-C", str(main_repo), "commit", "-qm", "start"], check=True, env=env)
    worktree = tmp_path / "wt"
    subprocess.run(["git", "-C", str(main_repo), "worktree", "add", "-q", str(worktree)], check=True)
    for item in plans.iterdir():
        item.rename(worktree / item.name)
    os.chdir(worktree)
    assert (worktree / ".git").is_file()
    assert _log("Weekly sync") == 0
    expected = (main_repo / ".git" / "worktrees" / "wt" / "successplans.lock").resolve()
    assert lock_path(worktree) == expected and expected.exists()
    assert not (worktree / ".successplans.lock").exists()
    assert "Weekly sync" in (worktree / CUSTOMER / "activity.yaml").read_text(encoding="utf-8")
