"""Building the site (and the decks) from a computed portfolio, written atomically.

The site is built into a temporary folder next to the target, the decks go into its `decks/`,
and only then does the new folder replace the old one: a failed build leaves the previous site
as it was.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ..config import Config
from ..errors import BuildError, ConfigError
from ..model import Portfolio
from . import handoff


class DeckBuilder(Protocol):
    def __call__(self, portfolio: Portfolio, config: Config, out_dir: Path, *, cache_dir: Path,
                 workers: int | None = None) -> list[Path]: ...


def deck_builder() -> DeckBuilder | None:
    """The deck renderer when it is installed in this version, else None (site only)."""
    try:
        from ..deck import build_decks  # type: ignore[attr-defined]
    except ImportError:
        return None
    return build_decks  # type: ignore[no-any-return]


@dataclass(frozen=True)
class SiteResult:
    site_dir: Path
    pages: int
    decks: list[Path]


class _Relay(logging.Handler):
    """MkDocs' warnings, printed through the command's own output function."""

    def __init__(self, emit: Callable[[str], None]) -> None:
        super().__init__(logging.WARNING)
        self._emit = emit

    def emit(self, record: logging.LogRecord) -> None:
        self._emit(f"{record.levelname.lower()}: {record.getMessage()}")


@contextmanager
def mkdocs_logging(emit: Callable[[str], None]) -> Iterator[None]:
    logger = logging.getLogger("mkdocs")
    relay = _Relay(emit)
    previous = logger.level, logger.propagate
    logger.addHandler(relay)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(relay)
        logger.setLevel(previous[0])
        logger.propagate = previous[1]


def default_site_dir(mkdocs_yml: Path) -> Path:
    """The site folder mkdocs.yml names (default site/), next to mkdocs.yml."""
    from ..config import read_mkdocs_yml

    return (mkdocs_yml.parent / str(read_mkdocs_yml(mkdocs_yml).get("site_dir") or "site")).resolve()


def replace_dir(new: Path, target: Path) -> None:
    """Put `new` where `target` is: two renames, the old site removed only once the new is in place."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        target.rename(old)
    try:
        new.rename(target)
    except OSError:
        if old is not None:
            old.rename(target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _docs_dir(mkdocs_yml: Path) -> Path:
    """The docs folder mkdocs.yml names (default docs/), read without executing any tag."""
    from ..config import read_mkdocs_yml

    configured = read_mkdocs_yml(mkdocs_yml).get("docs_dir") or "docs"
    return mkdocs_yml.parent / str(configured)


@contextmanager
def docs_dir_overrides(mkdocs_yml: Path) -> Iterator[dict[str, str]]:
    """MkDocs overrides for a plans repository without docs/: an empty folder, gone afterwards."""
    if _docs_dir(mkdocs_yml).is_dir():
        yield {}
        return
    with tempfile.TemporaryDirectory(prefix="successplans-docs-") as empty:
        # a plans repository needs no docs of its own: every page is generated
        yield {"docs_dir": empty}


def build_site(portfolio: Portfolio, config: Config, mkdocs_yml: Path, site_dir: Path, *,
               decks: DeckBuilder | None, workers: int | None = None,
               on_page: Callable[[str], None] | None = None, on_stage: Callable[[str], None] | None = None,
               emit: Callable[[str], None] = print) -> SiteResult:
    """Build the site (and decks) for an already checked portfolio into `site_dir`, atomically."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config as mkdocs_config
    from mkdocs.exceptions import MkDocsException

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.new-", dir=site_dir.parent))
    pages = 0

    def count(uri: str) -> None:
        nonlocal pages
        pages += 1
        if on_page is not None:
            on_page(uri)

    try:
        with mkdocs_logging(emit), docs_dir_overrides(mkdocs_yml) as docs_overrides:
            try:
                mk: Any = mkdocs_config(config_file=str(mkdocs_yml), site_dir=str(tmp), **docs_overrides)
            except MkDocsException as exc:
                raise ConfigError(f"{mkdocs_yml}: {exc}") from None
            request = handoff.BuildRequest(portfolio=portfolio, decks=decks is not None, on_page=count)
            with handoff.handing_off(request):
                if on_stage:
                    on_stage("site")
                try:
                    mk.plugins.on_startup(command="build", dirty=False)
                    mkdocs_build(mk)
                    mk.plugins.on_shutdown()
                except MkDocsException as exc:
                    raise BuildError(f"the site build failed: {exc}") from None
        written: list[Path] = []
        if decks is not None:
            if on_stage:
                on_stage("decks")
            written = decks(portfolio, config, tmp / "decks", cache_dir=config.root / ".cache" / "successplans" / "decks",
                            workers=workers)
        tmp.chmod(0o755)
        replace_dir(tmp, site_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return SiteResult(site_dir, pages, [site_dir / "decks" / p.name for p in written])
