"""Generated pages converted from Markdown to HTML in an interpreter of their own (site/conversion.py).

    python -I -c "...; from generator.site.convertshare import main; main()" PACKAGE_PARENT < work > results

(portfolio.share_command: isolated from the working folder, which is the plans repository.)

Reads framed pickles on stdin (a frame: its length as 8 bytes, big-endian, then the pickle): first
the Setup, then one (src_uri, page text) per page, then None. Loads the same MkDocs configuration
with the Markdown extensions the building process ended up with, and the site's files as that
process sees them, so that links resolve to the same pages. Answers READY (or UNABLE, with why)
and then, for each page, its Rendered result (or its src_uri alone: convert it yourself), pickled
and compressed: exactly what MkDocs' Page.render gives there. Both ends are this package: the
pickles never come from anywhere else.
"""

from __future__ import annotations

import logging
import pickle
import struct
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

FRAME = struct.Struct(">Q")
READY = "ready"
UNABLE = "unable"


@dataclass(frozen=True, slots=True, kw_only=True)
class Setup:
    """What the worker needs once: where the configuration is, what the build changed in it, the files."""

    config_file: str
    docs_dir: str
    site_dir: str
    markdown_extensions: list[Any]
    mdx_configs: dict[str, Any]
    settings: tuple[Any, ...]  # settings(config) of the building process: must be the worker's too
    log_level: int  # the effective level of MkDocs' page logger there
    sections: bool  # divide each page into the sections Material's search plugin indexes
    files: list[tuple[str, str, str, str]]  # (src_uri, dest_uri, url, inclusion name) of every file


@dataclass(frozen=True, slots=True, kw_only=True)
class Rendered:
    """One page as Page.render left it, and what it logged while converting."""

    src_uri: str
    source: str  # the page's text as sent, front matter and all
    markdown: str  # what Page.render converted: the text without its front matter
    content: str
    toc: Any
    title: str | None
    anchors: set[str] | None
    links: list[tuple[str, dict[str, str]]] | None  # links_to_anchors, each file by its src_uri
    records: list[tuple[str, int, str]]  # (logger, level, message)
    sections: bytes | None  # the search sections of `content` (searchindex.page_sections), packed


def settings(config: Any) -> tuple[Any, ...]:
    """The configuration values a page's conversion reads besides its extensions."""
    links = config.validation.links
    return (config.use_directory_urls, links.not_found, links.anchors, links.absolute_links,
            links.unrecognized_links)


def write_frame(out: IO[bytes], data: bytes) -> None:
    out.write(FRAME.pack(len(data)) + data)
    out.flush()


def read_frame(source: IO[bytes]) -> bytes:
    """The next frame's bytes; EOFError when the stream ends (or ends midway through a frame)."""
    head = source.read(FRAME.size)
    if len(head) < FRAME.size:
        raise EOFError
    size = FRAME.unpack(head)[0]
    data = source.read(size)
    if len(data) < size:
        raise EOFError
    return data


def pack(value: Any) -> bytes:
    """A result as it travels: pickled and compressed (the building process keeps it so until used)."""
    return zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1)


def unpack(data: bytes) -> Any:
    return pickle.loads(zlib.decompress(data))


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


class Converter:
    """MkDocs' own conversion of pages, with the configuration and files of the building process."""

    def __init__(self, setup: Setup) -> None:
        from mkdocs.config import load_config
        from mkdocs.structure.files import File, Files, InclusionLevel

        self.records = _Records()
        logger = logging.getLogger("mkdocs")
        logger.handlers[:] = [self.records]
        logger.propagate = False
        logger.setLevel(setup.log_level)
        from ..mkdocs_scan import check_mkdocs_yml

        check_mkdocs_yml(Path(setup.config_file))  # checked again: the file may have changed since the build's check
        config = load_config(config_file=setup.config_file, docs_dir=setup.docs_dir, site_dir=setup.site_dir)
        if settings(config) != setup.settings:
            raise ValueError("the configuration reads differently here")
        config["markdown_extensions"] = setup.markdown_extensions
        config["mdx_configs"] = setup.mdx_configs
        self.config = config
        self.sections = setup.sections
        files = []
        for src_uri, dest_uri, url, inclusion in setup.files:
            file = File(src_uri, src_dir=None, dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls,
                        dest_uri=dest_uri, inclusion=InclusionLevel[inclusion])
            file.url = url
            files.append(file)
        self.files = Files(files)
        self.convert("index.md", "")  # every extension loads here, or the worker is unable
        self.records.records.clear()

    def convert(self, src_uri: str, source: str) -> Rendered:
        """A page's text converted as Page.read_source and Page.render would."""
        from mkdocs.structure.files import File
        from mkdocs.structure.pages import Page
        from mkdocs.utils.meta import get_data

        from .mkdocs_private import render_title
        from .searchindex import page_sections

        file = self.files.get_file_from_path(src_uri)
        if file is None:  # a page the files do not hold renders as if it were there
            file = File(src_uri, src_dir=None, dest_dir=self.config.site_dir,
                        use_directory_urls=self.config.use_directory_urls)
        page = Page(None, file, self.config)
        markdown, _meta = get_data(source)
        page.markdown = markdown
        self.records.records = []
        try:
            page.render(self.config, self.files)
        finally:
            file.page = None
        links = page.links_to_anchors
        return Rendered(src_uri=src_uri, source=source, markdown=markdown, content=page.content or "", toc=page.toc,
                        title=render_title(page), anchors=page.present_anchor_ids,
                        links=None if links is None else [(f.src_uri, dict(v)) for f, v in links.items()],
                        records=self.records.records,
                        sections=pack(page_sections(page.content or "")) if self.sections else None)


def main() -> None:
    work_in, out = sys.stdin.buffer, sys.stdout.buffer
    try:
        converter = Converter(pickle.loads(read_frame(work_in)))
    except Exception as exc:  # noqa: BLE001 - an extension or setting this interpreter cannot have
        write_frame(out, pack((UNABLE, f"{type(exc).__name__}: {exc}")))
        return
    write_frame(out, pack((READY, "")))
    while (work := pickle.loads(read_frame(work_in))) is not None:
        src_uri, text = work
        try:
            result: Rendered | str = converter.convert(src_uri, text)
        except Exception:  # noqa: BLE001 - the building process converts it, and reports what fails
            result = src_uri
        write_frame(out, pack(result))


if __name__ == "__main__":
    main()
