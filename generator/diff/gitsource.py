"""A git revision's customer files, materialized in a temporary folder for the loader."""

from __future__ import annotations

import dataclasses
import io
import os
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..config import Config
from ..errors import BadArgument, ConfigError, UsageError


def git(args: list[str], cwd: Path) -> bytes:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
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


@contextmanager
def revision_config(config: Config, commit: str) -> Iterator[Config]:
    """A Config whose root is a temporary copy of the revision's customer files.

    A revision without the customers folder gives an empty one: every customer is then new.
    """
    top, root_rel, customers_rel = _paths(config)
    with tempfile.TemporaryDirectory(prefix="successplans-diff-") as tmp:
        base = Path(tmp)
        listing = git(["ls-tree", "-d", "--name-only", commit, "--", customers_rel], top) if customers_rel != "." \
            else b"."
        if listing.strip():
            archive = git(["archive", "--format=tar", commit, "--", customers_rel], top)
            with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
                if hasattr(tarfile, "data_filter"):
                    tar.extractall(base, filter="data")
                else:  # pragma: no cover - Python before 3.11.4
                    tar.extractall(base)  # noqa: S202 - our own repository's content
        (base / customers_rel).mkdir(parents=True, exist_ok=True)
        yield dataclasses.replace(config, root=base / root_rel)
