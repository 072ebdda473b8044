"""Building the site (and the decks) from a computed portfolio, written atomically.

The site is built into a temporary folder next to the target, the decks go into its `decks/`,
and only then does the new folder replace the old one: a failed build leaves the previous site
as it was.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ..config import Config
from ..errors import BuildError, ConfigError, OutputError
from ..model import Portfolio
from ..output import ensure_folder
from .handoff import BuildRequest


class DeckBuilder(Protocol):
    def __call__(self, portfolio: Portfolio, config: Config, out_dir: Path, *, cache_dir: Path,
                 workers: int | None = None) -> list[Path]: ...


def deck_builder() -> DeckBuilder:
    """The deck renderer, imported only when decks are built (python-pptx is slow to import)."""
    from ..deck import build_decks

    return build_decks


@dataclass(frozen=True, kw_only=True)
class SiteResult:
    site_dir: Path
    pages: int
    decks: list[Path]


class _Relay(logging.Handler):
    """MkDocs' warnings, printed through the command's own output function.

    Errors are held until the build ends: a build that fails on a full disk says so in one line of
    its own, without MkDocs' "Error building page" before it; any other outcome prints them."""

    def __init__(self, emit: Callable[[str], None]) -> None:
        super().__init__(logging.WARNING)
        self._emit = emit
        self.held: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        line = f"{record.levelname.lower()}: {record.getMessage()}"
        if record.levelno >= logging.ERROR:
            self.held.append(line)
        else:
            self._emit(line)

    def flush_held(self) -> None:
        held, self.held = self.held, []
        for line in held:
            self._emit(line)


@contextmanager
def mkdocs_logging(emit: Callable[[str], None]) -> Iterator[_Relay]:
    logger = logging.getLogger("mkdocs")
    relay = _Relay(emit)
    previous = logger.level, logger.propagate
    logger.addHandler(relay)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        yield relay
    finally:
        logger.removeHandler(relay)
        logger.setLevel(previous[0])
        logger.propagate = previous[1]
        relay.flush_held()


def default_site_dir(mkdocs_yml: Path) -> Path:
    """The site folder mkdocs.yml names (default site/), next to mkdocs.yml."""
    from ..config import read_mkdocs_yml

    return (mkdocs_yml.parent / str(read_mkdocs_yml(mkdocs_yml).get("site_dir") or "site")).resolve()


def _unwritable(site_dir: Path, exc: OSError) -> OutputError:
    return OutputError(f"cannot write the site beside {site_dir}: {exc.strerror or exc}; the previous site is "
                       "unchanged")


def deck_cache_dir(config: Config) -> Path:
    """Where built decks are kept for the next build (inside the repository, ignored by git)."""
    return config.root / ".cache" / "successplans" / "decks"


MARKER = ".successplans-site"
"""A file every build puts in its site folder: a later build replaces only a folder that has it."""


def check_site_dir(site_dir: Path, mkdocs_yml: Path, config: Config) -> None:
    """Refuse (exit 2) a site folder whose replacement would delete the plans or anything else.

    The site folder is replaced whole, so it may not be the repository or hold it, hold mkdocs.yml,
    the customers or docs folder, lie inside the customers folder, or be a folder some other tool
    (or a person) filled: only an empty folder or one an earlier build marked is replaced.
    """
    target = Path(os.path.realpath(site_dir))
    root = Path(os.path.realpath(mkdocs_yml.parent))
    customers = Path(os.path.realpath(config.customers_path))
    docs = Path(os.path.realpath(_docs_dir(mkdocs_yml)))
    shown = str(site_dir)
    if target == root or target in root.parents:
        raise ConfigError(f"site folder '{shown}' is the repository or one of its parents; building there would "
                          "delete the plans (choose a folder such as site/)")
    for what, path in (("mkdocs.yml", Path(os.path.realpath(mkdocs_yml))), ("the customers folder", customers),
                       ("the docs folder", docs)):
        if path == target or target in path.parents:
            raise ConfigError(f"site folder '{shown}' holds {what}; building there would delete it")
    if target == customers or customers in target.parents:
        raise ConfigError(f"site folder '{shown}' lies inside the customers folder; choose a folder such as site/")
    if os.path.lexists(site_dir):
        if os.path.islink(site_dir) or not site_dir.is_dir():
            raise ConfigError(f"site folder '{shown}' is not a folder; nothing was replaced")
        if (site_dir / "mkdocs.yml").exists():
            raise ConfigError(f"site folder '{shown}' holds a mkdocs.yml; it is not a built site")
        try:
            filled = any(site_dir.iterdir())
        except OSError as exc:
            raise ConfigError(f"site folder '{shown}' cannot be read: {exc.strerror or exc}") from None
        if filled and not (site_dir / MARKER).is_file():
            raise ConfigError(f"site folder '{shown}' is not empty and was not made by successplans build; "
                              "empty it or choose another folder")


def remove_leftovers(site_dir: Path) -> None:
    """Remove what builds killed midway left beside the site folder (their process is gone)."""
    parent = site_dir.parent
    pattern = re.compile(rf"\.{re.escape(site_dir.name)}\.(?:new|old)-(\d+)(?:-.*)?\Z")
    try:
        names = os.listdir(parent)
    except OSError:
        return
    for name in names:
        found = pattern.match(name)
        if found is None or _alive(int(found.group(1))):
            continue
        path = parent / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


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

    from .plugin import plugin_of

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    check_site_dir(site_dir, mkdocs_yml, config)
    cache_dir = deck_cache_dir(config)
    if decks is not None:  # old decks are pruned there: a link must not lead the deletions elsewhere
        ensure_folder(cache_dir, config.root)
    site_dir = site_dir.resolve()
    try:
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(site_dir)
        tmp = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.new-{os.getpid()}-", dir=site_dir.parent))
    except OSError as exc:
        raise OutputError(f"cannot write the site beside {site_dir}: {exc.strerror or exc}") from None
    pages = 0

    def count(uri: str) -> None:
        nonlocal pages
        pages += 1
        if on_page is not None:
            on_page(uri)

    try:
        with mkdocs_logging(emit) as relay, docs_dir_overrides(mkdocs_yml) as docs_overrides:
            try:
                mk: Any = mkdocs_config(config_file=str(mkdocs_yml), site_dir=str(tmp), **docs_overrides)
            except MkDocsException as exc:
                raise ConfigError(f"{mkdocs_yml}: {exc}") from None
            plugin = plugin_of(mk)
            if plugin is None:
                raise ConfigError(f"{mkdocs_yml} does not use the successplans plugin")
            plugin.hand(BuildRequest(portfolio=portfolio, decks=decks is not None, on_page=count))
            if on_stage:
                on_stage("site")
            try:
                mk.plugins.on_startup(command="build", dirty=False)
                mkdocs_build(mk)
                mk.plugins.on_shutdown()
            except MkDocsException as exc:
                raise BuildError(f"the site build failed: {exc}") from None
            except OSError as exc:  # a full disk, a quota: MkDocs' own report of it is not needed
                relay.held.clear()
                raise _unwritable(site_dir, exc) from None
        written: list[Path] = []
        try:
            if decks is not None:
                if on_stage:
                    on_stage("decks")
                written = decks(portfolio, config, tmp / "decks", cache_dir=cache_dir, workers=workers)
            (tmp / MARKER).write_text("Built by successplans build; the next build replaces this folder.\n",
                                      encoding="utf-8")
            tmp.chmod(0o755)
        except OSError as exc:
            raise _unwritable(site_dir, exc) from None
        try:
            replace_dir(tmp, site_dir)
        except OSError as exc:
            raise OutputError(f"cannot replace {site_dir}: {exc.strerror or exc}") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return SiteResult(site_dir=site_dir, pages=pages, decks=[site_dir / "decks" / p.name for p in written])
