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


_ISO_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d\d)-(\d\d)(?![\d-])")
NB_HYPHEN = "\u2011"


def _whole_dates(text: str) -> str:
    """ISO dates with non-breaking hyphens, so that a date never wraps in the middle ("2026-10-/30").
    Ids (which may look like a date) reach links and anchors through the `u` filter, never here."""
    return _ISO_DATE.sub(f"\\1{NB_HYPHEN}\\2{NB_HYPHEN}\\3", text) if "-" in text else text


def md_escape(value: Any) -> str:
    """Text safe to place inline in Markdown or HTML: shown as written, never interpreted.

    Markup (trusted fragments built by this package) passes unchanged; None shows as nothing.
    Newlines become spaces, so a value never starts a Markdown block of its own. A date keeps its
    hyphens unbreakable, so that it never wraps in the middle.
    """
    if type(value) is str:  # the common case first
        return _whole_dates((value if _PLAIN(value) else " ".join(value.split())).translate(_TABLE))
    if value is None:
        return ""
    if isinstance(value, Markup):
        return str(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return _whole_dates(value.isoformat())
    text = " ".join(str(value).split())
    return _whole_dates(text.translate(_TABLE))


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
    raw = _drop_empty_sections(_RENDERER.convert(text))
    levels = sorted({int(level) for level in _HEADING.findall(raw)})
    # the body's headings, in their order of rank, become h4, h5, h6: under the objective's own
    # heading (h3) without skipping a level, and never in the table of contents
    shift = {level: min(4 + rank, 6) for rank, level in enumerate(levels)}
    raw = _HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{shift[int(m.group(2))]}>", raw)
    clean = nh3.clean(raw, tags=_BODY_TAGS, url_schemes={"http", "https", "mailto"},
                      link_rel="noopener noreferrer nofollow")
    # blank lines would end the raw HTML block in the page's Markdown: keep the fragment compact
    return Markup("\n".join(line for line in clean.splitlines() if line.strip()))


_HEADING = re.compile(r"<h([1-6])>")
_HEADING_TAG = re.compile(r"<(/?)h([1-6])>")
_SECTION = re.compile(r"<h([1-6])>.*?</h\1>")


def _drop_empty_sections(html: str) -> str:
    """Without the headings that nothing follows before the next heading of the same or a higher
    rank (an empty "Notes" left in a template): a heading with nothing under it says nothing."""
    marks = list(_SECTION.finditer(html))
    keep = []
    last = 0
    for i, m in enumerate(marks):
        level = int(m.group(1))
        following = next((n for n in marks[i + 1:] if int(n.group(1)) <= level), None)
        between = html[m.end():following.start() if following is not None else len(html)]
        empty = not re.sub(r"<h[1-6]>.*?</h[1-6]>", "", between).strip()
        keep.append(html[last:m.start()])
        if not empty:
            keep.append(m.group(0))
        last = m.end()
    keep.append(html[last:])
    return "".join(keep)


percent = wording.percent


number = wording.reading


def usd(value: int | Decimal | None) -> str:
    return wording.NONE if value is None else f"${number(value)}"


def date(value: dt.date | None) -> str:
    return value.isoformat() if value is not None else wording.NONE
