"""Presentation values: escaping for generated Markdown, sanitized bodies, short formats.

Every value that comes from a customer file reaches a page through `md_escape` (the template
environment's finalize hook), so it shows as text: HTML special characters become entities and so
do the characters Markdown or its extensions would act on (emphasis, links, tables, attribute
lists, emoji shortcodes). Markdown bodies are rendered without raw HTML and then sanitized by nh3.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from html import escape
from typing import Any

import markdown
import nh3
from markupsafe import Markup
from .. import wording

# Characters Markdown (and the configured extensions) may act on inside a line of text.
_ENTITIES = {c: f"&#{ord(c)};" for c in "\\`*_[]{}|~^:#!=+"}
_ENTITIES.update({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})
_TABLE = str.maketrans(_ENTITIES)
_PLAIN = re.compile(r"(?:[^\s]+(?: [^\s]+)*)?").fullmatch  # no newline, tab or doubled space to fold


def md_escape(value: Any) -> str:
    """Text safe to place inline in Markdown or HTML: shown as written, never interpreted.

    Markup (trusted fragments built by this package) passes unchanged; None shows as nothing.
    Newlines become spaces, so a value never starts a Markdown block of its own.
    """
    if type(value) is str:  # the common case first
        return (value if _PLAIN(value) else " ".join(value.split())).translate(_TABLE)
    if value is None:
        return ""
    if isinstance(value, Markup):
        return str(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    text = " ".join(str(value).split())
    return text.translate(_TABLE)


# No images: a picture from another host would be a request leaving the machine (the site is offline).
_BODY_TAGS = set(nh3.ALLOWED_TAGS) - {"img", "picture", "source", "video", "audio", "track", "map", "area"}
# A line Markdown would only wrap in <p>: starts with a letter, no markup characters, no line break.
_PROSE = re.compile(r"[A-Za-z][A-Za-z0-9 ,.;:'?()%$/@-]*").fullmatch
_RENDERER = markdown.Markdown(extensions=["tables", "fenced_code", "sane_lists"])


def render_body(text: str) -> Markup:
    """A Markdown body (objective or risk notes) as sanitized HTML.

    Headings are shifted down so a body's `## Plan` sits under the objective's own heading, and
    never reaches the table of contents or breaks the page outline.
    """
    if not text.strip():
        return Markup("")
    if _PROSE(text):  # one line of plain prose (most activity notes): what Markdown would give
        return Markup(f"<p>{escape(text.strip(), quote=False)}</p>")
    _RENDERER.reset()
    raw = _RENDERER.convert(text)
    for level in range(6, 0, -1):  # h1→h4, h2→h5, deeper→h6: under the objective's own heading
        new = min(level + 3, 6)
        raw = raw.replace(f"<h{level}>", f"<h{new}>").replace(f"</h{level}>", f"</h{new}>")
    clean = nh3.clean(raw, tags=_BODY_TAGS, url_schemes={"http", "https", "mailto"},
                      link_rel="noopener noreferrer nofollow")
    # blank lines would end the raw HTML block in the page's Markdown: keep the fragment compact
    return Markup("\n".join(line for line in clean.splitlines() if line.strip()))


percent = wording.percent


number = wording.reading


def usd(value: int | Decimal | None) -> str:
    return wording.NONE if value is None else f"${number(value)}"


def date(value: dt.date | None) -> str:
    return value.isoformat() if value is not None else wording.NONE
