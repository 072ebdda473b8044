"""The live preview behind `successplans serve`: a change re-renders only the pages it changes.

MkDocs' own `serve` rebuilds the whole site after every change, which takes a minute at a thousand
customers. Here the model and MkDocs' structures (configuration, files, navigation, theme) stay in
memory between changes, and pages are rendered by MkDocs' own page functions, one at a time:

- after a change, only the customers whose folders changed are loaded and computed again
  (LivePortfolio); every page is then planned from the new model;
- a page's Markdown is made again when the page is asked for (or by the background thread, pages
  about many customers first), and MkDocs renders it again only when its Markdown differs, or
  when it links to a page that appeared or disappeared. No table says which page depends on
  which customer: every page is compared, so pages added later are covered too;
- pages are rendered when first asked for; a background thread renders the others and then
  writes the search index. It makes a page's Markdown without holding the lock (a request or an
  update does not wait for it to finish), and renders only pages of up to BACKGROUND_CHARS of
  Markdown: a longer one is rendered when it is asked for;
- a listing too long for its page (tables.py) has its rows written as JSON beside it whenever its
  Markdown is made;
- the files are watched from before the customers load, so an edit made while they load is not lost.

A changed mkdocs.yml, docs folder or page template starts everything afresh. An update that fails
(a bad mkdocs.yml, a bug) is logged with its traceback, and the browser shows it in place of the
pages until a change fixes it. MkDocs' private functions and server internals are reached through
mkdocs_private.py only.

A site whose pages depend on each other through a plugin (any plugin but search, tags and ours, or
a tags listing page) is served whole instead (serve_whole_site: MkDocs' own `serve` on its public
calls), rebuilt on each change: slower, never stale.
"""

from __future__ import annotations

import html
import logging
import os
import shutil
import sys
import tempfile
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.commands.build import build, get_files
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files, InclusionLevel, set_exclusions
from mkdocs.structure.nav import Navigation, get_navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import clean_directory
from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
)

from ..config import read_mkdocs_yml
from ..errors import SuccessPlansError
from ..portfolio import LivePortfolio, resolve_as_of
from ..resources import templates_for
from ..schema import TEAM_FILE
from .handoff import BuildRequest
from .mkdocs_private import Server, build_page, build_theme_template, populate_page, serve_url
from .pages import PagePlan, plan
from .plugin import PAGE_LOCAL_PLUGINS, SuccessPlansPlugin, page_file, plugin_of, rescan_mkdocs_yml
from .requests import refuse_bad_paths

log = logging.getLogger("mkdocs.successplans.preview")

# Plugins whose work on one page depends on that page alone (search keeps one index entry per
# section, pruned here before a page is indexed again; tags only link to listing pages).
SERVE = InclusionLevel.is_in_serve
BACKGROUND_CHARS = 200_000
"""The background renders pages with up to this much Markdown; a longer one waits until it is asked for."""
READ_ONLY_EVENTS = frozenset({"opened", "closed_no_write"})
# What the watcher asks the system for: writes only. The preview starts watching before it reads
# every customer file, and a notification of each read would cost the loading its time.
WRITES: list[type[FileSystemEvent]] = [FileCreatedEvent, FileModifiedEvent, FileDeletedEvent, FileMovedEvent,
                                       FileClosedEvent, DirCreatedEvent, DirDeletedEvent, DirMovedEvent]


def cross_page_features(mkdocs_yml: Path, overrides: dict[str, str]) -> list[str]:
    """What in this site makes one page's HTML depend on other pages' content (empty: none):
    plugins other than search, tags and ours (as MkDocs reads mkdocs.yml, INHERIT included), and
    tags listings in the docs folder."""
    config: Any = load_config(config_file=str(mkdocs_yml), **overrides)
    names = list(config.plugins)
    found = [f"the {name} plugin" for name in names if name not in PAGE_LOCAL_PLUGINS]
    docs = Path(config.docs_dir)
    if any(name in ("tags", "material/tags") for name in names) and docs.is_dir():
        for path in sorted(docs.rglob("*.md")):
            try:
                if "<!-- material/tags" in path.read_text(encoding="utf-8", errors="replace"):
                    found.append(f"the tags listing in {path.relative_to(docs).as_posix()}")
            except OSError:
                continue
    return found


@dataclass(frozen=True, slots=True, kw_only=True)
class _Loaded:
    """What one reading of mkdocs.yml made: the model and MkDocs' structures, replaced whole by the next."""

    model: LivePortfolio
    config: Any  # MkDocsConfig (its options are attributes MkDocs declares loosely)
    plugin: SuccessPlansPlugin
    files: Files
    nav: Navigation
    env: Any  # the theme's Jinja environment


class PreviewSite:
    """The site as `serve` keeps it: built lazily, brought up to date page by page."""

    def __init__(self, mkdocs_yml: Path, site_dir: Path, serve_url: str, *, as_of: Any = None,
                 overrides: dict[str, str] | None = None) -> None:
        self.mkdocs_yml = mkdocs_yml
        self.site_dir = site_dir
        self.serve_url = serve_url
        self.as_of = as_of
        self.overrides = dict(overrides or {})
        self.lock = threading.RLock()
        self._work = threading.Condition(self.lock)
        # requests and updates waiting for the lock: the background steps aside until none is left
        self._foreground = 0
        self._turns = threading.Condition()
        self.loaded = threading.Event()
        self._served = threading.Event()  # a first page went out: the background may start
        self._stopped = False
        self._thread: threading.Thread | None = None
        self._loaded: _Loaded | None = None
        self.plans: dict[str, PagePlan] = {}
        self.unchecked: set[str] = set()  # pages whose Markdown is not made from the current model yet
        self.fresh: set[str] = set()  # pages whose HTML in the site folder is current
        self.by_dest: dict[str, File] = {}
        self.data_pages: dict[str, str] = {}  # a listing's JSON (its dest path) -> the listing page
        self._queue: deque[str] = deque()
        self._search_dirty = False

    @property
    def model(self) -> LivePortfolio:
        return self._structures.model

    @property
    def config(self) -> Any:
        return self._structures.config

    @property
    def plugin(self) -> SuccessPlansPlugin:
        return self._structures.plugin

    @property
    def files(self) -> Files:
        return self._structures.files

    @property
    def nav(self) -> Navigation:
        return self._structures.nav

    @property
    def env(self) -> Any:
        return self._structures.env

    @property
    def _structures(self) -> _Loaded:
        assert self._loaded is not None, "the preview is not loaded yet"
        return self._loaded

    # --- everything afresh ------------------------------------------------------------------

    def load(self) -> None:
        """Read mkdocs.yml, load every customer and plan every page; nothing is rendered yet."""
        with self._foreground_lock():
            self._load()
        self.loaded.set()

    def _load(self) -> None:
        started = time.perf_counter()
        rescan_mkdocs_yml(self.mkdocs_yml)
        config: Any = load_config(config_file=str(self.mkdocs_yml), site_dir=str(self.site_dir), **self.overrides)
        config.site_url = self.serve_url
        config.plugins.on_startup(command="serve", dirty=False)
        plugin = plugin_of(config)
        if plugin is None or plugin.sp_config is None:
            raise RuntimeError(f"{self.mkdocs_yml} does not use the successplans plugin")
        model = LivePortfolio(plugin.sp_config, resolve_as_of(plugin.sp_config, self.as_of))
        portfolio, _loaded = model.refresh()
        errors = sum(1 for p in portfolio.problems if p.severity == "error")
        if errors:
            log.warning(f"{errors} errors in the customer files: run 'successplans check'")
        plugin.hand(BuildRequest(portfolio=portfolio, lazy=True))
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        self.fresh.clear()  # nothing on disk survives the next line, even if this load fails later
        clean_directory(config.site_dir)
        files = get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)
        self._loaded = _Loaded(model=model, config=config, plugin=plugin, files=files, nav=nav, env=env)
        self._set_plans({p.src_uri: p for p in self._plan(portfolio)})
        self.fresh = set()
        self.by_dest = {}
        for file in files.documentation_pages(inclusion=SERVE):
            if file.page is None:
                Page(None, file, config)
            self.by_dest[file.dest_uri] = file
        # the navigation shows the titles of its pages: those without a title of their own are read now
        for page in nav.pages:
            file = page.file
            if page.title is None:
                if file.src_uri in self.unchecked:
                    plan = self.plans[file.src_uri]
                    self._store(file, plan, plan.make(), plan.data() if plan.data is not None else None)
                populate_page(page, config, files)
        self._loaded = _Loaded(model=model, config=config, plugin=plugin, files=files, nav=nav,
                               env=config.plugins.on_env(env, config=config, files=files))
        files.copy_static_files(inclusion=SERVE)
        self._static_templates()
        self._queue = deque(self._background_order())
        self._search_dirty = True
        log.info(f"Preview ready in {time.perf_counter() - started:.2f} s: {len(portfolio.customers)} customers, "
                 f"{len(self.plans)} pages rendered when asked for")
        self._work.notify_all()

    def _set_plans(self, plans: dict[str, PagePlan]) -> None:
        self.plans = plans
        self.unchecked = set(plans)
        self.data_pages = {p.data_uri: uri for uri, p in plans.items() if p.data_uri is not None}

    def _plan(self, portfolio: Any) -> list[PagePlan]:
        return plan(portfolio, self.model.config, self.plugin.site_options, has_format=self.plugin.has_format)

    def _static_templates(self) -> None:
        """404.html and sitemap.xml: the latter lists every page."""
        for template in self.config.theme.static_templates:
            build_theme_template(template, self.env, self.files, self.config, self.nav)

    # --- a change ---------------------------------------------------------------------------

    def update(self, paths: Iterable[str]) -> None:
        """Bring the preview up to date with changed paths (files or folders, as the watcher saw them)."""
        with self._foreground_lock():
            started = time.perf_counter()
            folders, afresh = self._classify(paths)
            if afresh:
                self._load()
                return
            portfolio, loaded = self.model.refresh(folders)
            plans = {p.src_uri: p for p in self._plan(portfolio)}
            removed = [uri for uri in self.plans if uri not in plans]
            added = [uri for uri in plans if uri not in self.plans]
            for uri in removed:
                self._remove(uri)
            if added or removed:
                # a link to a page that appeared or disappeared renders differently: every page naming one
                names = tuple(uri.rpartition("/")[2] for uri in (*added, *removed))
                for uri in plans:
                    if uri in self.plans and any(name in self._file(uri).content_string for name in names):
                        self.fresh.discard(uri)
            for uri in added:
                file = page_file(self.config, uri, "", plans[uri].in_nav)
                self.files.append(file)
                set_exclusions([file], self.config)  # type: ignore[arg-type]
                Page(None, file, self.config)
                self.by_dest[file.dest_uri] = file
            self._set_plans(plans)
            if added or removed:
                self._static_templates()
            self._queue = deque(self._background_order(priority=loaded))
            self._search_dirty = True
            self._served.clear()
            self._work.notify_all()
            log.info(f"Updated the model in {time.perf_counter() - started:.2f} s "
                     f"({len(loaded)} customer{'s' * (len(loaded) != 1)} reloaded, {len(added)} pages added, "
                     f"{len(removed)} removed); pages are rendered again as they are asked for")

    def _classify(self, paths: Iterable[str]) -> tuple[set[str], bool]:
        """(customer folder names touched, whether everything must start afresh)."""
        given = self.model.config.customers_path
        # the watcher reports paths under the folder it watches, which is the resolved one
        roots = {os.path.abspath(given), os.path.realpath(given)}
        folders: set[str] = set()
        for path in map(os.path.abspath, paths):
            root = next((r for r in roots if path == r or path.startswith(r + os.sep)), None)
            if root is None:
                return folders, True  # mkdocs.yml, docs, templates, or anything else watched
            if path != root:  # the listing itself is read on every refresh
                folders.add(path[len(root) + 1:].split(os.sep, 1)[0])
        return folders, False

    def _remove(self, uri: str) -> None:
        file = self._file(uri)
        self._forget_search(file)
        self.files.remove(file)
        self.by_dest.pop(file.dest_uri, None)
        self.fresh.discard(uri)
        self.unchecked.discard(uri)
        try:
            os.remove(file.abs_dest_path)
            os.removedirs(os.path.dirname(file.abs_dest_path))
        except OSError:
            pass  # never written, or its folder holds other pages

    # --- pages ------------------------------------------------------------------------------

    def _file(self, uri: str) -> File:
        file = self.files.get_file_from_path(uri)
        assert file is not None, uri
        return file

    def page_for(self, url_path: str) -> File | None:
        """The page a request path (below the mount path) asks for, if it is one."""
        rel = url_path.lstrip("/")
        if rel == "" or rel.endswith("/"):
            rel += "index.html"
        elif not rel.endswith(".html"):
            rel += "/index.html"
        return self.by_dest.get(os.path.normpath(rel).replace(os.sep, "/"))

    def data_for(self, url_path: str) -> File | None:
        """The listing page whose rows a request asks for (tables.py), if it asks for such rows."""
        uri = self.data_pages.get(os.path.normpath(url_path.lstrip("/")).replace(os.sep, "/"))
        return None if uri is None else self._file(uri)

    def prepare(self, url_path: str) -> None:
        """Make sure the page (or a listing's rows) a request asks for is current in the site folder
        before it is read."""
        self.loaded.wait()
        with self._foreground_lock():
            file = self.page_for(url_path) or self.data_for(url_path)
            if file is not None:
                self._ensure(file)
        self._served.set()

    def _ensure(self, file: File) -> None:
        """Bring one page up to date: its Markdown made from the current model, rendered if it changed."""
        uri = file.src_uri
        if uri in self.unchecked:
            plan = self.plans[uri]
            self._store(file, plan, plan.make(), plan.data() if plan.data is not None else None)
        if uri not in self.fresh:
            self._render(file)

    def _store(self, file: File, plan: PagePlan, markdown: str, data: bytes | None) -> None:
        """A page's Markdown as made from the current model (to be rendered if it changed), and its
        rows when it is a listing too long for the page."""
        uri = file.src_uri
        self.unchecked.discard(uri)
        if markdown != file.content_string:
            file.content_string = markdown
            self.fresh.discard(uri)
        if plan.data_uri is not None:
            path = self.site_dir / plan.data_uri
            if data is None:
                path.unlink(missing_ok=True)
            else:  # whole or not at all: the server may be reading the previous one
                path.parent.mkdir(parents=True, exist_ok=True)
                part = path.with_name(path.name + ".part")
                part.write_bytes(data)
                os.replace(part, path)

    def _render(self, file: File) -> None:
        page = file.page
        assert page is not None
        self._forget_search(file)
        populate_page(page, self.config, self.files)
        doc_files = self.files.documentation_pages(inclusion=SERVE)
        build_page(page, self.config, doc_files, self.nav, self.env, excluded=file.inclusion.is_excluded())
        self.fresh.add(file.src_uri)
        self._search_dirty = True

    def _forget_search(self, file: File) -> None:
        """Drop a page's entries from the search index before it is indexed again (or removed)."""
        url = file.url
        for plugin in self.config.plugins.values():
            index = getattr(plugin, "search_index", None)
            entries = getattr(index, "entries", None)
            if isinstance(entries, list):
                entries[:] = [e for e in entries
                              if not (e.get("location") == url or str(e.get("location", "")).startswith(url + "#"))]

    # --- the background ---------------------------------------------------------------------

    def _background_order(self, priority: Iterable[str] = ()) -> list[str]:
        first = set(priority)
        plans = list(self.plans.values())
        return ([p.src_uri for p in plans if p.customer is None]
                + [p.src_uri for p in plans if p.customer in first]
                + [p.src_uri for p in plans if p.customer is not None and p.customer not in first])

    def start_background(self) -> None:
        self._thread = threading.Thread(target=self._background, name="preview-pages", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        with self._work:
            self._stopped = True
            self._work.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _background(self) -> None:
        # the first page someone waits for gets the processor; the rest follow (or start after a while)
        self._served.wait(timeout=10)
        while True:
            if not self._served.is_set():  # just updated: the reloading browsers' pages go first
                self._served.wait(timeout=2)
            self._wait_turn()
            with self._work:
                if self._stopped:
                    return
                try:
                    job = self._background_step()
                except Exception:  # noqa: BLE001 - a page that fails is reported, the preview goes on
                    log.exception("A page of the preview could not be rendered")
                    continue
            if job is not None:
                self._make_unlocked(*job)

    def _wait_turn(self) -> None:
        with self._turns:  # a request or an update is waiting: let it go first
            self._turns.wait_for(lambda: not self._foreground)

    def _make_unlocked(self, file: File, plan: PagePlan) -> None:
        """Make a page's Markdown (and rows) while requests and updates go on; kept only if no update
        replaced the plan and no request made the page meanwhile. Rendered by a later step."""
        try:
            markdown = plan.make()
            data = plan.data() if plan.data is not None else None
        except Exception:  # noqa: BLE001 - as above
            log.exception("A page of the preview could not be rendered")
            return
        self._wait_turn()
        with self._work:
            uri = file.src_uri
            if self.plans.get(uri) is plan and uri in self.unchecked:
                try:
                    self._store(file, plan, markdown, data)
                except Exception:  # noqa: BLE001 - as above
                    log.exception("A page of the preview could not be rendered")
                    return
                self._queue.appendleft(uri)

    def _background_step(self) -> tuple[File, PagePlan] | None:
        """One step under the lock: a page to make without it, or a page rendered, or the search index
        written, or (nothing left) a wait for the next update."""
        while self._queue:
            uri = self._queue.popleft()
            if uri not in self.plans:
                continue
            file = self._file(uri)
            if uri in self.unchecked:
                return file, self.plans[uri]
            if uri not in self.fresh and len(file.content_string or "") <= BACKGROUND_CHARS:
                self._render(file)
                return None
        if self._search_dirty:
            self._search_dirty = False
            self.config.plugins.on_post_build(config=self.config)  # writes the search index
            return None
        self._work.wait()
        return None

    def _foreground_lock(self) -> _Foreground:
        return _Foreground(self)


class _Foreground:
    """The site's lock, taken ahead of the background thread."""

    def __init__(self, site: PreviewSite) -> None:
        self.site = site

    def __enter__(self) -> None:
        with self.site._turns:
            self.site._foreground += 1
        self.site.lock.acquire()

    def __exit__(self, *_exc: object) -> None:
        self.site.lock.release()
        with self.site._turns:
            self.site._foreground -= 1
            self.site._turns.notify_all()


ERROR_PAGE = ".successplans-error.html"
"""Where the preview writes what went wrong, served in place of the pages until the next update."""


def error_page(title: str, details: str) -> bytes:
    """A page saying what went wrong, with the traceback; the live-reload script is added when served,
    so the page reloads by itself once a change fixes the cause."""
    return (f"<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>"
            "</head>\n<body>\n"
            f"<h1>{html.escape(title)}</h1>\n"
            "<p>Fix the cause and save the file: this page reloads once the preview is up to date again. "
            "The same text is in the terminal running <code>successplans serve</code>.</p>\n"
            f"<pre>{html.escape(details)}</pre>\n</body></html>\n").encode("utf-8")


class _Said(logging.Handler):
    """The errors and warnings MkDocs logs while the preview updates."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname}: {record.getMessage()}")


class PreviewServer(Server):
    """MkDocs' live-reload server, told which paths changed and rendering pages as they are asked for."""

    def __init__(self, site: PreviewSite, *, host: str, port: int, mount_path: str = "/") -> None:
        super().__init__(builder=self._rebuild, host=host, port=port, root=str(site.site_dir), mount_path=mount_path)
        self.set_app(refuse_bad_paths(self.serve_request))
        self.site = site
        self._changed: set[str] = set()
        self._changed_lock = threading.Lock()
        self._handlers: dict[str, Any] = {}
        self.failure: str | None = None  # the traceback of the last update, when it failed

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        """As MkDocs' watch, remembering each changed path for the next update."""
        import watchdog.events

        path = os.path.abspath(path)
        if not self.add_watched(path):
            return

        def callback(event: Any) -> None:
            if event.is_directory and event.event_type == "modified":
                return  # a file inside changed: that file has its own event
            if event.event_type in READ_ONLY_EVENTS:
                return  # a file was only read (the preview itself reads every file it loads)
            with self._changed_lock:
                self._changed.add(str(event.src_path))
                if getattr(event, "dest_path", None):
                    self._changed.add(str(event.dest_path))
            self.request_rebuild()

        handler = watchdog.events.FileSystemEventHandler()
        handler.on_any_event = callback  # type: ignore[method-assign]
        self._handlers[path] = handler
        self.set_watch(path, self.observer.schedule(handler, path, recursive=recursive, event_filter=WRITES))

    def start_watching(self) -> None:
        """Start the watcher: the system's change notifications, else polling.

        MkDocs polls every watched file twice a second. With thousands of customer files that scan
        competes with the pages rendered in the background, and a change is seen seconds late. The
        system's notifications (inotify, FSEvents, ...) report it at once; where they cannot start
        (the system's limit on watches reached, a file system without them), polling takes over.
        """
        import watchdog.observers
        import watchdog.observers.polling

        native = watchdog.observers.Observer()
        try:
            for path, handler in self._handlers.items():
                self.set_watch(path, native.schedule(handler, path, recursive=True, event_filter=WRITES))
            native.start()
        except OSError as exc:
            log.info(f"Watching for changes by polling ({exc.strerror or exc})")
            native.stop()
            polling = watchdog.observers.polling.PollingObserver(timeout=0.5)
            for path, handler in self._handlers.items():
                self.set_watch(path, polling.schedule(handler, path, recursive=True, event_filter=WRITES))
            polling.start()
            self.observer = polling
            return
        self.observer = native  # type: ignore[assignment]  # MkDocs declares the polling kind; any observer serves

    def _rebuild(self) -> None:
        with self._changed_lock:
            paths, self._changed = self._changed, set()
        said = _Said()  # MkDocs reports a bad mkdocs.yml in its log, then raises a bare Abort
        logging.getLogger("mkdocs").addHandler(said)
        try:
            self.site.update(paths)
        except SuccessPlansError as exc:  # a refused mkdocs.yml: its message says everything
            log.error(f"The preview was not updated: {exc}")
            self.failure = f"{exc}\n"
            self._write_error("The preview could not be updated", self.failure)
        except Exception:  # noqa: BLE001 - a bad mkdocs.yml or a bug must not stop the preview
            log.exception("The preview was not updated; the browser shows why until a change fixes it")
            self.failure = "".join(f"{line}\n" for line in said.lines) + "\n" + traceback.format_exc()
            self._write_error("The preview could not be updated", self.failure)
        else:
            self.failure = None
        finally:
            logging.getLogger("mkdocs").removeHandler(said)

    def _write_error(self, title: str, details: str) -> None:
        try:
            (self.site.site_dir / ERROR_PAGE).write_bytes(error_page(title, details))
        except OSError:
            log.exception("The error page could not be written")

    def respond(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes] | None:
        path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "ignore")
        if not path.startswith("/livereload/") and (path + "/").startswith(self.mount_path):
            rel = path[len(self.mount_path):]
            if self.failure is None:
                try:
                    self.site.prepare(rel)
                except Exception:  # noqa: BLE001 - one page that fails is shown as its error, the rest go on
                    log.exception(f"The page {rel or 'index'} could not be rendered")
                    self._write_error("This page could not be rendered", traceback.format_exc())
                    return self._serve_error(environ, start_response)
            elif self.site.page_for(rel) is not None:
                return self._serve_error(environ, start_response)
        return self.serve_file(environ, start_response)

    def _serve_error(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes] | None:
        return self.serve_file({**environ, "PATH_INFO": self.mount_path + ERROR_PAGE}, start_response)


def watched_paths(mkdocs_yml: Path, overrides: dict[str, str] | None = None) -> list[Path]:
    """What the preview watches: the customers, mkdocs.yml, team.yaml, the docs folder and the page
    templates; read from mkdocs.yml alone, before any customer is loaded."""
    rescan_mkdocs_yml(mkdocs_yml)  # as at every load: nothing in it runs before it is checked
    config: Any = load_config(config_file=str(mkdocs_yml), **(overrides or {}))
    plugin = plugin_of(config)
    paths = [Path(mkdocs_yml), Path(config.docs_dir), *(Path(p) for p in config.watch)]
    if plugin is not None and plugin.sp_config is not None:
        sp_config = plugin.sp_config
        paths += [Path(sp_config.customers_path), sp_config.root / TEAM_FILE, *templates_for(sp_config).folders]
    return [p for p in dict.fromkeys(p.resolve() for p in paths) if p.exists()]


def run_preview(mkdocs_yml: Path, dev_addr: str, *, as_of: Any = None, open_in_browser: bool = False,
                overrides: dict[str, str] | None = None) -> None:
    """Serve the preview until interrupted. The address is taken first: a busy one fails at once
    (OSError), and a browser asking early simply waits for the first page."""
    from mkdocs.config.config_options import IpAddress

    # The background renders pages in a thread; the file watcher and the requests are many short
    # steps that each wait for the interpreter lock: switch more often so they are not starved.
    sys.setswitchinterval(0.0005)
    address = IpAddress().validate(dev_addr)
    mount_path = urlsplit(str(read_mkdocs_yml(mkdocs_yml).get("site_url") or "/")).path
    site_dir = Path(tempfile.mkdtemp(prefix="successplans-preview-"))
    site = PreviewSite(mkdocs_yml, site_dir, serve_url(address.host, address.port, mount_path), as_of=as_of,
                       overrides={**(overrides or {}), "dev_addr": dev_addr})
    server = PreviewServer(site, host=address.host, port=address.port, mount_path=mount_path)

    def error_page(code: int) -> bytes | None:
        page = site_dir / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    server.error_handler = error_page
    try:
        server.server_bind()
        server.server_activate()
        server.serve_thread.daemon = True  # never keeps the process alive after an interruption
        server.serve_thread.start()
        log.info(f"Serving on {server.url} (the first page appears once the customers are loaded)")
        for path in watched_paths(mkdocs_yml, site.overrides):  # an edit made while the customers load is kept
            server.watch(str(path))
        server.start_watching()
        site.load()
        site.start_background()
        if open_in_browser:
            import webbrowser

            webbrowser.open(server.url)
        try:
            server.build_loop()
        except KeyboardInterrupt:
            log.info("Shutting down...")
    finally:
        site.stop()
        if server.serve_thread.is_alive():
            server.shutdown()
        else:
            server.server_close()
        if site.loaded.is_set():
            site.config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)


def serve_whole_site(mkdocs_yml: Path, dev_addr: str, *, as_of: Any = None, open_in_browser: bool = False,
                     overrides: dict[str, str] | None = None) -> None:
    """MkDocs' own `serve`, on its public calls: each change rebuilds the whole site, for sites whose
    pages depend on each other. Every configuration it loads hands the plugin the as-of date."""
    site_dir = tempfile.mkdtemp(prefix="successplans-serve-")

    def get_config() -> Any:
        config: Any = load_config(config_file=str(mkdocs_yml), site_dir=site_dir, dev_addr=dev_addr,
                                  **(overrides or {}))
        plugin = plugin_of(config)
        if plugin is not None:
            plugin.hand(BuildRequest(as_of=as_of))
        return config

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=False)
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    url = config.site_url = serve_url(host, port, mount_path)

    def builder(loaded: Any = None) -> None:
        log.info("Building the site...")
        if loaded is None:
            loaded = get_config()
            loaded.site_url = url
        build(loaded, serve_url=url)

    server = LiveReloadServer(builder=builder, host=host, port=port, root=site_dir, mount_path=mount_path)

    def error_page(code: int) -> bytes | None:
        page = Path(site_dir) / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    server.error_handler = error_page
    try:
        builder(config)
        server.watch(config.docs_dir)
        if config.config_file_path:
            server.watch(config.config_file_path)
        server = config.plugins.on_serve(server, config=config, builder=builder)  # the customers, templates
        for item in config.watch:
            server.watch(item)
        try:
            server.serve(open_in_browser=open_in_browser)
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)
