"""Customer-facing EBR decks: native, editable PowerPoint built from the CustomerView only.

write_deck renders one customer; build_decks renders a portfolio in parallel processes and reuses
a cached deck when none of its inputs changed (the customer's files, the template, the tool's
version and code, the options in mkdocs.yml, the as-of date, the commit stamp and
SOURCE_DATE_EPOCH).
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import shutil
import stat
import subprocess
from collections.abc import Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..config import Config
from ..model import Portfolio
from ..resources import code_digest, templates_for
from ..view import CustomerView, customer_view
from ..output import atomic_write, check_target
from .pack import deterministic_bytes
from .render import render
from .template import open_template, template_path

DECK_FORMAT = "2"


def git_commit(root: Path) -> str | None:
    """The short commit id when root is inside a git repository."""
    try:
        proc = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout.strip() or None if proc.returncode == 0 else None


def deck_bytes(view: CustomerView, template: Path, commit: str | None,
               palette: Mapping[str, str] | None = None) -> bytes:
    prs = render(view, template, commit, palette)
    return deterministic_bytes(prs, view.company_name)


def write_deck(view: CustomerView, template: Path, commit: str | None, out: Path,
               palette: Mapping[str, str] | None = None, inside: Path | None = None) -> Path:
    """Render and write one deck atomically (with `inside`, never through a link nor outside it)."""
    check_target(out, inside)  # before the work of rendering: a FIFO or device is refused, never replaced
    atomic_write(out, deck_bytes(view, template, commit, palette), inside)
    return out


@dataclass(frozen=True)
class _Job:
    view: CustomerView
    template: Path
    commit: str | None
    target: Path
    palette: Mapping[str, str] | None = None
    inside: Path | None = None


def _run(job: _Job) -> Path:
    return write_deck(job.view, job.template, job.commit, job.target, job.palette, job.inside)


def _folder_digest(folder: Path, digest: "hashlib._Hash") -> None:
    # regular files only, links not followed, read in blocks: a stray large file costs no memory
    for path in sorted(p for p in folder.rglob("*") if _is_regular(p)):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        digest.update(b"\0")


def options_digest(config: Config) -> str:
    """Every option of mkdocs.yml in use (tolerances set the tracks, company_name the wording...).

    All of them, not a chosen few: an option that shapes no deck costs one rebuild when it
    changes, a forgotten one would serve stale decks.
    """
    values = [f"{f.name}={getattr(config, f.name)!r}" for f in dataclasses.fields(config) if f.name != "root"]
    return hashlib.sha256("\n".join(values).encode()).hexdigest()


def input_key(folder: Path, template_bytes: bytes, portfolio_as_of: str, options: str, commit: str | None,
              roster: str = "") -> str:
    """The cache key of one deck: everything that can change its bytes (the roster's names among them:
    a task owner the account team does not name is shown by the roster's name)."""
    digest = hashlib.sha256()
    for part in (__version__, DECK_FORMAT, code_digest(), options, portfolio_as_of, commit or "",
                 os.environ.get("SOURCE_DATE_EPOCH", ""), roster):
        digest.update(part.encode() + b"\0")
    digest.update(template_bytes)
    _folder_digest(folder, digest)
    return digest.hexdigest()[:20]


def build_decks(portfolio: Portfolio, config: Config, out_dir: Path, *, cache_dir: Path,
                workers: int | None = None) -> list[Path]:
    """Write out_dir/<customer-id>.pptx for every customer without errors; returns the paths.

    Decks whose inputs did not change are copied from cache_dir instead of being rendered again.
    """
    template = template_path(config.deck_template, config.root, templates_for(config))
    open_template(template)  # a template missing a layout is a configuration error, before any work
    template_bytes = template.read_bytes()
    options = options_digest(config)
    roster = "\n".join(f"{handle}={name}" for handle, name in sorted(portfolio.roster.items()))
    commit = git_commit(config.root)
    out_dir.mkdir(parents=True, exist_ok=True)
    cache_dir.mkdir(parents=True, exist_ok=True)
    jobs: list[_Job] = []
    copies: list[tuple[Path, Path]] = []
    for status in portfolio.customers:
        if status.has_errors:
            continue
        key = input_key(config.root / status.customer.path, template_bytes, portfolio.as_of.isoformat(), options,
                        commit, roster)
        cached = cache_dir / f"{status.id}-{key}.pptx"
        copies.append((cached, out_dir / f"{status.id}.pptx"))
        if os.path.islink(cached):  # planted in the cache: removed (the link itself), never read or followed
            cached.unlink()
        if not _is_regular(cached):
            jobs.append(_Job(customer_view(status, config, portfolio.roster), template, commit, cached,
                             config.status_colors, cache_dir))
    _render_all(jobs, workers)
    for cached, target in copies:
        shutil.copyfile(cached, target)
    _prune(cache_dir, {cached.name for cached, _ in copies})
    return [target for _, target in copies]


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _render_all(jobs: list[_Job], workers: int | None) -> None:
    count = workers or os.cpu_count() or 1
    if count <= 1 or len(jobs) <= 1:
        for job in jobs:
            _run(job)
        return
    with ProcessPoolExecutor(max_workers=min(count, len(jobs))) as pool:
        list(pool.map(_run, jobs, chunksize=max(1, len(jobs) // (count * 4))))


def _prune(cache_dir: Path, keep: Iterable[str]) -> None:
    """Drop cached decks no customer uses any more."""
    wanted = set(keep)
    for path in cache_dir.glob("*.pptx"):
        if path.name not in wanted:
            path.unlink(missing_ok=True)


__all__ = ["build_decks", "deck_bytes", "write_deck", "git_commit", "DECK_FORMAT"]
