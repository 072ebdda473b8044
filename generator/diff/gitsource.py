"""A git revision's customer files, read straight from git for the loader."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from ..config import Config
from ..files import GitTreeFiles
from ..errors import BadArgument, ConfigError, UsageError
from ..yamlread import MAX_BYTES


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


def revision_file(config: Config, commit: str, path: Path) -> bytes | None:
    """A file of the revision (a path inside the repository, such as mkdocs.yml), read from git's
    object store; None when the revision has no such file. A link, a folder or a file over 1 MiB
    is a ConfigError: it is never followed or read."""
    top, _root_rel, _customers = _paths(config)
    rel = Path(os.path.relpath(os.path.abspath(path), top)).as_posix()
    if rel.startswith("../"):
        raise ConfigError(f"{path} is outside the git repository")
    listing = git(["ls-tree", "-l", "-z", commit, "--", rel], top)
    record = next((r for r in listing.split(b"\0") if r), None)
    if record is None:
        return None
    meta, _tab, _name = record.partition(b"\t")
    mode, _type, oid, size = meta.decode().split(maxsplit=3)
    if mode not in ("100644", "100755"):
        raise ConfigError(f"{rel} in {commit[:12]} is not a regular file")
    if not size.strip().isdigit() or int(size) > MAX_BYTES:
        raise ConfigError(f"{rel} in {commit[:12]} is over 1 MiB")
    return git(["cat-file", "blob", oid], top)
