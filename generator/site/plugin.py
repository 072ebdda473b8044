"""The MkDocs adapter: hands the generated pages to MkDocs as virtual files.

Thin on purpose: options become a Config, the model is handed over by `successplans build` (hand) or
computed here, pages.plan() turns it into Markdown, and each page becomes
`File.generated(...)`. Nothing is written into the docs folder. The same entry point runs under
ProperDocs unchanged.

Memory stays that of the model, not of the pages, however many customers there are. MkDocs reads
every page before it writes any; here a page's Markdown is made when MkDocs reads it and dropped
once converted, and its HTML is kept compressed until MkDocs writes the page, then dropped. The
HTML is held this way only when every plugin of the site works on one page at a time (search,
tags and this one): another plugin might read a page's HTML at any point, so it is then left as
MkDocs keeps it.

With more than one processor, pages are converted on a second one too (conversion.py): MkDocs
still reads every page and every event sees it; only where its Markdown became HTML changes.
"""

from __future__ import annotations

import logging
import zlib
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents

from ..agenda import portfolio_agenda
from ..config import Config
from ..errors import ConfigError
from ..ics import calendar, feed_name, feed_uri, page_links
from ..mkdocs_scan import check_mkdocs_yml, code_trusted, guard_repository_code
from ..model import Portfolio
from ..portfolio import build_portfolio, resolve_as_of
from ..resources import ASSETS, templates_for
from . import conversion, handbook
from .context import SiteOptions, csm_handles
from .convertshare import unpack
from .handoff import BuildRequest
from .mkdocs_private import install_rendered
from .pages import NAV, PagePlan, plan
from .requests import refuse_bad_paths
from .searchindex import content_digest, streamed_index, take_sections, write_index
from .work import portfolio_people

log = logging.getLogger("mkdocs.plugins.successplans")

PAGE_LOCAL_PLUGINS = frozenset({"search", "material/search", "tags", "material/tags", "successplans"})
"""Plugins whose work on a page reads that page alone (search indexes it, tags collects its tags)."""

ASSET_PREFIX = "assets/successplans/"
STYLESHEETS = ("successplans.css",)
SCRIPTS = ("tables.js", "sortable.js", "filter.js", "datatable.js")  # tables.js: what the others share
# The generated pages use these; added when mkdocs.yml does not list them (with these settings).
MARKDOWN_EXTENSIONS: dict[str, dict[str, Any]] = {
    "admonition": {}, "attr_list": {}, "md_in_html": {}, "tables": {},
    "pymdownx.tabbed": {"alternate_style": True},
}


def page_file(config: MkDocsConfig, src_uri: str, markdown: str, in_nav: bool) -> File:
    """A generated page as MkDocs sees it: a virtual file, left out of the navigation unless in NAV."""
    inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
    return File.generated(config, src_uri, content=markdown, inclusion=inclusion)


class SuccessPlansPlugin(BasePlugin):  # type: ignore[type-arg]
    """`plugins: - successplans: {...}` in mkdocs.yml; options as in generator/config.py."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        super().__init__()
        self.options: dict[str, Any] = {}
        self.sp_config: Config | None = None
        self.portfolio: Portfolio | None = None
        self.site_options = SiteOptions()
        self.has_format = False
        self.plans: dict[str, PagePlan] = {}  # pages whose Markdown is made when MkDocs reads them
        self.hold_html = False  # every plugin is page-local: HTML is kept compressed between passes
        self._held: dict[str, bytes] = {}
        self._search: Any = None  # the search plugin whose index is written here, as a stream
        self._conversion: conversion.Conversion | None = None  # pages converted on another processor
        self._sections: dict[str, tuple[bytes, bytes]] = {}  # their search sections: (HTML digest, packed)
        self.request = BuildRequest()  # what the command running MkDocs handed over; plain mkdocs: nothing

    def hand(self, request: BuildRequest) -> None:
        """What `successplans build` or `serve` gives this instance before MkDocs runs it: a computed
        portfolio, the as-of date, progress reporting."""
        self.request = request

    def load_config(self, options: dict[str, Any], config_file_path: str | None = None) -> tuple[list[Any], list[Any]]:
        # Our options are validated by Config, the same way the command line reads them.
        self.options = dict(options)
        self.config_file_path = config_file_path  # type: ignore[assignment]
        root = Path(config_file_path).parent if config_file_path else Path(".")
        try:
            self.sp_config = Config.from_mapping(self.options, root)
            templates_for(self.sp_config)  # a templates_dir that is not a folder stops here
        except ConfigError as exc:
            return [("successplans", exc)], []  # type: ignore[list-item]
        return [], []

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if config.nav is None:
            extra = sorted(p.relative_to(Path(config.docs_dir)).as_posix()
                           for p in Path(config.docs_dir).glob("*.md") if p.name != "index.md") \
                if Path(config.docs_dir).is_dir() else []
            nav: list[Any] = [{title: uri} for title, uri in NAV]
            if extra:
                nav[-1] = {"Guide": ["guide.md", *extra]}
            nav.append({handbook.SECTION: [{title: uri} for title, uri, _ in handbook.PAGES]})
            config.nav = nav
        self.hold_html = all(name in PAGE_LOCAL_PLUGINS for name in config.plugins)
        for name, options in MARKDOWN_EXTENSIONS.items():
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
                if options:
                    config.mdx_configs.setdefault(name, dict(options))
        for name in STYLESHEETS:
            if ASSET_PREFIX + name not in config.extra_css:
                config.extra_css.append(ASSET_PREFIX + name)
        scripts = [str(s) for s in config.extra_javascript]
        for name in SCRIPTS:
            if ASSET_PREFIX + name not in scripts:
                config.extra_javascript.append(ASSET_PREFIX + name)  # type: ignore[arg-type]
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.sp_config is not None
        request = self.request
        portfolio = request.portfolio
        if portfolio is None:
            portfolio = build_portfolio(self.sp_config, resolve_as_of(self.sp_config, request.as_of), history=True)
            errors = sum(1 for p in portfolio.problems if p.severity == "error")
            if errors:  # shown on the pages; `successplans build` refuses to build instead
                log.warning(f"{errors} errors in the customer files: run 'successplans check'")
        self.portfolio = portfolio
        self.site_options = SiteOptions(decks=request.decks, directory_urls=config.use_directory_urls)
        # one lookup table: Files rebuilds its own index after every append
        present = {f.src_uri: f for f in files}
        self.has_format = "format.md" in present
        self.plans = {}
        self._held = {}
        self._sections = {}
        self._search = None
        if not request.lazy:  # the preview keeps its index between updates, as a list
            self._search = next((found for p in config.plugins.values() if (found := streamed_index(p)) is not None),
                                None)
        for page in plan(portfolio, self.sp_config, self.site_options, has_format=self.has_format):
            existing = present.get(page.src_uri)
            if existing is not None:
                files.remove(existing)
            files.append(page_file(config, page.src_uri, "", page.in_nav))
            if not request.lazy:  # the preview makes (and compares) each page's Markdown itself
                self.plans[page.src_uri] = page
                if page.data is not None and page.data_uri is not None and page.data_uri not in present:
                    data = page.data()
                    if data is not None:  # a listing too long for its page: its rows, for datatable.js
                        files.append(File.generated(config, page.data_uri, content=data))
        for uri, feed in self._feeds(portfolio, config):
            if uri not in present:
                files.append(File.generated(config, uri, content=feed))
        templates = templates_for(self.sp_config)
        for name in templates.names(ASSETS):  # the repository's own assets/ replace the shipped ones
            uri = ASSET_PREFIX + name.removeprefix(ASSETS + "/")
            if uri not in present:
                files.append(File.generated(config, uri, content=templates.find(name).read_bytes()))
        return files

    def _feeds(self, portfolio: Portfolio, config: MkDocsConfig) -> list[tuple[str, bytes]]:
        """Each CSM's calendar feed (csms/<handle>.ics): the items of their page's "This week"."""
        assert self.sp_config is not None
        people = portfolio_people(portfolio)
        link = page_links(config.site_url, config.use_directory_urls)
        return [(feed_uri(handle), calendar(portfolio_agenda(portfolio, csm=handle), as_of=portfolio.as_of, link=link,
                                            name=feed_name(people.name(handle), self.sp_config.company_name)))
                for handle in csm_handles(portfolio)]

    @event_priority(-100)  # every file and page known, whatever other plugins add
    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        self._stop_conversion()
        # only with no plugin or hook but the page-local ones: the worker loads mkdocs.yml's plugins too
        if self.plans and self.hold_html and self._markdown_is_page_local(config):
            plans = self.plans
            self._conversion = conversion.start(config, files, [f.src_uri for f in files.documentation_pages()
                                                                if f.src_uri in plans],
                                                lambda uri: plans[uri].make(), sections=self._search is not None)
            if self._conversion is not None and self._search is not None:
                take_sections(self._search, self._page_sections)
        return nav

    def _page_sections(self, page: Page) -> list[Any] | None:
        """The search sections the worker divided a page into, while its HTML is what it converted."""
        digest, packed = self._sections.pop(page.file.src_uri, (b"", b""))
        if not packed or content_digest(page.content or "") != digest:
            return None
        sections: list[Any] = unpack(packed)
        return sections

    @staticmethod
    def _markdown_is_page_local(config: MkDocsConfig) -> bool:
        """Whether no plugin but the page-local ones changes pages' Markdown (then a page converted
        ahead is still what MkDocs would convert; it is checked page by page all the same)."""
        local = {id(p) for name, p in config.plugins.items() if name in PAGE_LOCAL_PLUGINS}
        return all(id(getattr(event, "__self__", None)) in local for event in config.plugins.events["page_markdown"])

    @event_priority(100)  # before any other plugin reads the page
    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        planned = self.plans.get(page.file.src_uri)
        if planned is not None:
            text = self._conversion.source(page.file.src_uri) if self._conversion is not None else None
            page.file.content_string = planned.make() if text is None else text
        return page

    @event_priority(-100)  # after every other plugin changed the Markdown
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self._conversion is not None:
            rendered = self._conversion.rendered(page.file.src_uri, markdown)
            if rendered is not None:
                install_rendered(page, rendered)
                if rendered.sections is not None:
                    self._sections[page.file.src_uri] = (content_digest(rendered.content), rendered.sections)
        return markdown

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        self._stop_conversion()  # every page is converted
        return env

    def on_build_error(self, *, error: Exception) -> None:
        if self._conversion is not None:
            self._conversion.kill()
            self._conversion = None

    def _stop_conversion(self) -> None:
        if self._conversion is not None:
            self._conversion.close()
            self._conversion = None

    @event_priority(-100)  # after every other plugin has seen the HTML
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        uri = page.file.src_uri
        if uri in self.plans:
            page.file.content_string = ""  # made again if MkDocs ever reads it again
        if not self.hold_html:
            return html
        self._held[uri] = zlib.compress(html.encode("utf-8"), 1)
        page.markdown = ""  # converted; the title is already known (front matter or first heading)
        return ""

    @event_priority(100)  # the HTML back before any plugin or the theme reads it
    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        held = self._held.pop(page.file.src_uri, None)
        if held is not None:
            page.content = zlib.decompress(held).decode("utf-8")
        return context

    @event_priority(-100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if self.hold_html:  # written: only its anchors are read again (link checks)
            page.content = ""
            page.toc = TableOfContents([])
        if self.request.on_page is not None:
            self.request.on_page(page.file.src_uri)
        return output

    @event_priority(100)  # before search writes its index, the largest thing a build makes at its end
    def _release_pages(self, *, config: MkDocsConfig) -> None:
        self.plans = {}  # every page is written: the health histories they shared are no longer needed
        self._held = {}
        self._sections = {}
        self._stop_conversion()

    @event_priority(-100)  # after the search plugin: its file is replaced by the streamed one
    def _write_search_index(self, *, config: MkDocsConfig) -> None:
        if self._search is not None:
            write_index(self._search, config.site_dir)
            self._search = None

    on_post_build = CombinedEvent(_release_pages, _write_search_index)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        server.set_app(refuse_bad_paths(server.serve_request))  # GET /%00: 400, not a 500 with a traceback
        if config.config_file_path:
            server.builder = _scanned_first(Path(config.config_file_path), server.builder)
        if self.sp_config is not None:
            server.watch(str(self.sp_config.customers_path.resolve()))
            for folder in templates_for(self.sp_config).folders:
                server.watch(str(folder.resolve()))
        return server


def plugin_of(config: MkDocsConfig) -> SuccessPlansPlugin | None:
    """The instance of this plugin in a loaded MkDocs configuration (None: mkdocs.yml does not use it)."""
    return next((p for p in config.plugins.values() if isinstance(p, SuccessPlansPlugin)), None)


def _scanned_first(mkdocs_yml: Path, build: Any) -> Any:
    """MkDocs' rebuild, which reads mkdocs.yml again, only once mkdocs.yml passes the same checks as
    at start: a pulled branch cannot slip a code-running tag, or repository code nobody trusted,
    in while the server runs."""

    def rebuild() -> None:
        try:
            rescan_mkdocs_yml(mkdocs_yml)
        except ConfigError as exc:
            log.error(f"The site was not rebuilt: {exc}")
            return
        build()

    return rebuild


def rescan_mkdocs_yml(mkdocs_yml: Path) -> None:
    """The checks `serve` made at start, made again on mkdocs.yml as it is now (ConfigError: refused)."""
    from ..config import load_config

    chain = check_mkdocs_yml(mkdocs_yml)
    guard_repository_code(chain, load_config(mkdocs_yml), trusted=code_trusted())
