"""Listing pages too long for one HTML table: the rows travel as a compact JSON file.

A page listing every customer (or every open objective, every open risk) grows with the portfolio:
at ten thousand customers its table is megabytes of Markdown that takes seconds to convert and a
browser seconds to lay out. Above TABLE_ROWS rows the page keeps its heading, text and filters and
gets an empty table shell (_client_table.md.j2); the rows go to assets/successplans/tables/<name>.json,
which datatable.js fetches, shows a page of rows at a time, sorts and filters (the same controls
and the same meaning as sortable.js and filter.js give the tables that stay in the page).

The JSON is made from the very Markdown table the page would hold, so a cell shows exactly what
the table would show: the page is rendered once in full, its table read back row by row, each
cell's links resolved to the URLs MkDocs would write. Below the threshold nothing changes.

`SUCCESSPLANS_TABLE_ROWS` in the environment lowers the threshold (the browser tests use it on a
small site); it is not a setting of the site.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup
from mkdocs.utils import get_relative_url

TABLE_ROWS = 1000
"""A listing with more rows than this is shown by datatable.js from a JSON file."""

TABLES_DIR = "assets/successplans/tables/"
SHELL_MARK = "data-sp-table="
"""What the shell (_client_table.md.j2) puts on the page: a template without it keeps its rows."""


def threshold() -> int:
    """TABLE_ROWS, or the lower figure the environment gives (for tests on small sites)."""
    given = os.environ.get("SUCCESSPLANS_TABLE_ROWS", "")
    return int(given) if given.isdigit() else TABLE_ROWS


def data_uri(name: str) -> str:
    """Where the rows of the listing `name` are written in the site."""
    return f"{TABLES_DIR}{name}.json"


@dataclass(frozen=True, kw_only=True)
class Column:
    name: Markup  # the heading as the page's template writes it (shown as written, not escaped again)
    align: str  # "right", "center" or "" (left)


@dataclass(frozen=True, kw_only=True)
class ClientTable:
    """What the page's shell shows before the rows arrive, and the rows themselves."""

    url: str  # the JSON file, relative to the page
    columns: tuple[Column, ...]
    rows: int
    data: bytes


def page_url(src_uri: str, directory_urls: bool) -> str:
    """The URL MkDocs gives a page, relative to the site's root (as File.url)."""
    stem = src_uri.removesuffix(".md")
    if not directory_urls:
        return stem + ".html"
    if stem == "index":
        return "./"
    return stem.removesuffix("index") if stem.endswith("/index") else stem + "/"


_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]*)\)")
_RULE = re.compile(r"\|(?:\s*:?-+:?\s*\|)+").fullmatch
_SORT = re.compile(r'data-sort="([^"]*)"')


def _cells(line: str) -> list[str]:
    # customer text reaches the page entity-escaped (md_escape), so a bare "|" only ever separates cells
    return [cell.strip() for cell in line.strip()[1:-1].split("|")]


def _align(marker: str) -> str:
    marker = marker.strip()
    if marker.startswith(":") and marker.endswith(":"):
        return "center"
    return "right" if marker.endswith(":") else "left" if marker.startswith(":") else ""


def _linker(page: str, directory_urls: bool) -> Callable[[re.Match[str]], str]:
    here = page_url(page, directory_urls)

    def link(m: re.Match[str]) -> str:
        text, href = m.group(1), m.group(2)
        path, hash_, fragment = href.partition("#")
        if "://" in path or path.startswith(("mailto:", "/")):
            url = href
        else:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page
            url = (get_relative_url(page_url(target, directory_urls), here) if target.endswith(".md")
                   else get_relative_url(target, here)) + hash_ + fragment
        return f'<a href="{url}">{text}</a>'

    return link


def _cell(markdown: str, link: Callable[[re.Match[str]], str]) -> str | list[object]:
    """A cell as JSON: its HTML, or [HTML, sort key] when it carries one (a data-sort inside the
    cell, which sortable.js reads first). The browser reads a cell's text from its HTML."""
    html = _LINK.sub(link, markdown)
    sort = _SORT.search(html)
    return html if sort is None else [html, _number(sort.group(1))]


def _number(text: str) -> object:
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            continue
    return text


def table_lines(markdown: str) -> list[str]:
    """The first Markdown table of a page: its heading line, alignment line and rows."""
    lines = markdown.splitlines()
    for i, line in enumerate(lines[:-1]):
        if line.startswith("|") and _RULE(lines[i + 1].strip()):
            end = i + 2
            while end < len(lines) and lines[end].startswith("|"):
                end += 1
            return lines[i:end]
    return []


def client_table(name: str, markdown: str, page: str, directory_urls: bool) -> ClientTable | None:
    """The page's table as a client-side table, or None while its rows fit in the page."""
    lines = table_lines(markdown)
    if len(lines) - 2 <= threshold():
        return None
    link = _linker(page, directory_urls)
    columns = tuple(Column(name=Markup(h), align=_align(a)) for h, a in zip(_cells(lines[0]), _cells(lines[1]), strict=True))
    rows = [[_cell(c, link) for c in _cells(line)] for line in lines[2:]]
    data = json.dumps({"columns": [c.name for c in columns], "rows": rows}, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")
    url = get_relative_url(data_uri(name), page_url(page, directory_urls))
    return ClientTable(url=url, columns=columns, rows=len(rows), data=data)
