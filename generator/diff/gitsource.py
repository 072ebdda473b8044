"""A git revision's customer files, read straight from git for the loader."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from ..config import Config
from ..files import GitTreeFiles
from ..errors import BadArgument, ConfigError, UsageError


def git(args: list[str], cwd: Path, stdin: bytes | None = None) -> bytes:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True, check=False)
    except FileNotFoundError:
        raise ConfigError("git is not installed or not on PATH") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"git {' '.join(args[:1])} failed: {message[-1] if message else 'unknown error'}")
    return result.stdout


def _paths(config: Config) -> tuple[Path, str, str]:
    """(repository top, the config root relative to it, the customers folder relative to it)."""
    root = config.root.resolve()
    top = Path(git(["rev-parse", "--show-toplevel"], root).decode().strip()).resolve()
    root_rel = os.path.relpath(root, top)
    customers_rel = os.path.normpath(os.path.join(root_rel, config.customers_dir))
    if customers_rel.startswith(".."):
        raise ConfigError(f"customers_dir '{config.customers_dir}' is outside the git repository")
    return top, root_rel, Path(customers_rel).as_posix()


def resolve_revision(config: Config, revision: str) -> str:
    """The commit id of a revision name; an unknown name is a usage error (exit 1)."""
    root = config.root.resolve()
    try:
        return git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], root).decode().strip()
    except UsageError:
        raise BadArgument(f"unknown git revision '{revision}'") from None


def revision_files(config: Config, commit: str) -> GitTreeFiles:
    """The revision's customer files, read from git's object store (nothing extracted or followed).

    A revision without the customers folder has none: every customer is then new.
    """
    top, _root_rel, customers_rel = _paths(config)
    return GitTreeFiles(top, config.root, commit, customers_rel, git)
