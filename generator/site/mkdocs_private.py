"""Every private MkDocs name the preview uses, in one place.

MkDocs' public API builds a whole site. Rendering one page at a time, and a live-reload server
told which paths changed, need functions and attributes MkDocs keeps to itself: they are named in
this module and nowhere else in the package. PRIVATE lists each with the signature (or type) it
had in the MkDocs release this was written against; tests/test_mkdocs_private.py compares them
with the installed MkDocs, so a release that changes one fails there, by name, rather than as a
preview that silently stops updating.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from mkdocs.commands import build as _build
from mkdocs.livereload import LiveReloadServer
from mkdocs.livereload import _serve_url as _mkdocs_serve_url

if TYPE_CHECKING:
    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

    from .convertshare import Rendered

PRIVATE: dict[str, str] = {
    "mkdocs.commands.build._populate_page": "(page, config, files, dirty=False)",
    "mkdocs.commands.build._build_page": "(page, config, doc_files, nav, env, dirty=False, excluded=False)",
    "mkdocs.commands.build._build_theme_template": "(template_name, env, files, config, nav)",
    "mkdocs.livereload._serve_url": "(host, port, path)",
    "mkdocs.livereload.LiveReloadServer._build_loop": "(self)",
    "mkdocs.livereload.LiveReloadServer._serve_request": "(self, environ, start_response)",
    "LiveReloadServer()._watched_paths": "dict",
    "LiveReloadServer()._watch_refs": "dict",
    "LiveReloadServer()._rebuild_cond": "Condition",
    "LiveReloadServer()._want_rebuild": "bool",
    "Page()._title_from_render": "str",
}
"""Each private name (a function, a method, or an attribute of a new server) with its parameters
(or the type of its value; for Page(), after rendering "# Title") as written against MkDocs 1.6."""


def populate_page(page: Page, config: MkDocsConfig, files: Files) -> None:
    """Read a page's Markdown and convert it to HTML (MkDocs' first pass, for one page)."""
    _build._populate_page(page, config, files)


def build_page(page: Page, config: MkDocsConfig, doc_files: Iterable[File], nav: Navigation,
               env: jinja2.Environment, *, excluded: bool) -> None:
    """Render a converted page with the theme and write it (MkDocs' second pass, for one page)."""
    _build._build_page(page, config, list(doc_files), nav, env, excluded=excluded)


def build_theme_template(template: str, env: jinja2.Environment, files: Files, config: MkDocsConfig,
                         nav: Navigation) -> None:
    """Write one of the theme's static templates (404.html, sitemap.xml)."""
    _build._build_theme_template(template, env, files, config, nav)


def render_title(page: Page) -> str | None:
    """The title Page.render found in a page's first heading (None: it has none)."""
    return page._title_from_render


def install_rendered(page: Page, rendered: Rendered) -> None:
    """Make the page's next render() take a conversion made elsewhere instead of converting: it
    logs what that conversion logged and sets what Page.render sets, the linked files found by
    their src_uri in the files render is given. Later renders convert again. (Page.render itself
    is public: MkDocs calls it as page.render(config, files).)"""

    def render(config: MkDocsConfig, files: Files) -> None:
        del page.render
        for name, level, message in rendered.records:
            logging.getLogger(name).log(level, message)
        page.content = rendered.content
        page.toc = rendered.toc
        page._title_from_render = rendered.title
        page.present_anchor_ids = rendered.anchors
        if rendered.links is not None:
            linked = ((files.get_file_from_path(uri), links) for uri, links in rendered.links)
            page.links_to_anchors = {file: links for file, links in linked if file is not None}

    page.render = render  # type: ignore[method-assign]


def serve_url(host: str, port: int, mount_path: str) -> str:
    """The address MkDocs serves a site at, as its own `serve` computes it."""
    return _mkdocs_serve_url(host, port, mount_path)


class Server(LiveReloadServer):
    """MkDocs' live-reload server, its private parts reached through these methods only."""

    def build_loop(self) -> None:
        """Wait for changes and call the builder after each, until shut down (serve()'s loop)."""
        self._build_loop()

    def request_rebuild(self) -> None:
        """Make the build loop call the builder, as a change under a watched path does."""
        with self._rebuild_cond:
            self._want_rebuild = True
            self._rebuild_cond.notify_all()

    def add_watched(self, path: str) -> bool:
        """Count one more watch of `path`; False when it was watched already (nothing to schedule)."""
        if path in self._watched_paths:
            self._watched_paths[path] += 1
            return False
        self._watched_paths[path] = 1
        return True

    def set_watch(self, path: str, ref: Any) -> None:
        """Remember the observer's handle of a watched path (unwatch() removes it)."""
        self._watch_refs[path] = ref

    def serve_file(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes] | None:
        """Answer a request from the site folder (live-reload script included), or None: not found."""
        return super()._serve_request(environ, start_response)

    def respond(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes] | None:
        """Answer one request; a subclass may prepare what is asked for first."""
        return self.serve_file(environ, start_response)

    def _serve_request(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes] | None:
        return self.respond(environ, start_response)

