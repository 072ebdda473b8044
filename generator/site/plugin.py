"""The MkDocs adapter: hands the generated pages to MkDocs as virtual files.

Thin on purpose: options become a Config, the model comes from `successplans build` (handoff) or
is computed here, pages.plan() turns it into Markdown, and each page becomes
`File.generated(...)`. Nothing is written into the docs folder. The same entry point runs under
ProperDocs unchanged.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from ..config import Config
from ..errors import ConfigError
from ..model import Portfolio
from ..portfolio import build_portfolio, resolve_as_of
from ..resources import ASSETS, templates_for
from . import handbook, handoff
from .context import SiteOptions
from .pages import NAV, plan

log = logging.getLogger("mkdocs.plugins.successplans")

ASSET_PREFIX = "assets/successplans/"
STYLESHEETS = ("successplans.css",)
SCRIPTS = ("sortable.js", "filter.js")
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
        request = handoff.current() or handoff.BuildRequest()
        portfolio = request.portfolio
        if portfolio is None:
            portfolio = build_portfolio(self.sp_config, resolve_as_of(self.sp_config, request.as_of))
            errors = sum(1 for p in portfolio.problems if p.severity == "error")
            if errors:  # shown on the pages; `successplans build` refuses to build instead
                log.warning(f"{errors} errors in the customer files: run 'successplans check'")
        self.portfolio = portfolio
        self.site_options = SiteOptions(decks=request.decks, directory_urls=config.use_directory_urls)
        # one lookup table: Files rebuilds its own index after every append
        present = {f.src_uri: f for f in files}
        self.has_format = "format.md" in present
        for page in plan(portfolio, self.sp_config, self.site_options, has_format=self.has_format):
            existing = present.get(page.src_uri)
            if existing is not None:
                files.remove(existing)
            files.append(page_file(config, page.src_uri, "" if request.lazy else page.make(), page.in_nav))
        templates = templates_for(self.sp_config)
        for name in templates.names(ASSETS):  # the repository's own assets/ replace the shipped ones
            uri = ASSET_PREFIX + name.removeprefix(ASSETS + "/")
            if uri not in present:
                files.append(File.generated(config, uri, content=templates.find(name).read_bytes()))
        return files

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        request = handoff.current()
        if request is not None and request.on_page is not None:
            request.on_page(page.file.src_uri)
        return output

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.sp_config is not None:
            server.watch(str(self.sp_config.customers_path.resolve()))
            for folder in templates_for(self.sp_config).folders:
                server.watch(str(folder.resolve()))
        return server
