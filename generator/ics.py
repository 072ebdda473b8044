"""The week's work as a calendar (RFC 5545): one all-day entry per agenda item.

A CSM subscribes to the feed the site publishes for them, or imports the file `agenda --format ics`
writes. Each entry's UID is made from what the item is about (customer, kind, objective or risk,
task), never from its date, its wording or its CSM, so a calendar that reads the feed again
updates the entry it has (a due date moved, a task handed to someone else) instead of adding a
second one. DTSTAMP is SOURCE_DATE_EPOCH, else the as-of date: the same files and as-of date give
the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from .model import AgendaItem
from .today import source_date_epoch
from .wording import AGENDA_ACTIONS, agenda_title, label

PRODID = "-//successplans//agenda//EN"
UID_DOMAIN = "successplans"
LINE_OCTETS = 75
"""RFC 5545 §3.1: content lines are folded to at most 75 octets, line break excluded."""

Link = Callable[[AgendaItem], str | None]
_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f-\x9f\"<>\\^`{|}]+")


def uid_key(item: AgendaItem) -> tuple[str, ...]:
    """What an item is about: the parts its UID is made from."""
    return (item.customer, item.kind, item.objective or item.risk or "", item.task or "")


def item_uids(items: Iterable[AgendaItem]) -> list[str]:
    """A UID per item, in order. Two items about the same thing (two tasks of one objective with
    the same title) are told apart by their order: the second gets "-2"."""
    seen: Counter[tuple[str, ...]] = Counter()
    out = []
    for item in items:
        key = uid_key(item)
        seen[key] += 1
        digest = hashlib.sha256("\x1f".join(key).encode("utf-8")).hexdigest()[:32]
        out.append(f"{digest}{'' if seen[key] == 1 else f'-{seen[key]}'}@{UID_DOMAIN}")
    return out


def stamp(as_of: dt.date) -> dt.datetime:
    """DTSTAMP: SOURCE_DATE_EPOCH when set, else the as-of date at midnight UTC."""
    return source_date_epoch() or dt.datetime.combine(as_of, dt.time())


def escape_text(text: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, line ends as \\n."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """One content line, folded after at most 75 octets (a continuation starts with a space and
    counts it), never inside a UTF-8 character; each part ends with CRLF."""
    data = line.encode("utf-8")
    parts: list[bytes] = []
    limit = LINE_OCTETS
    while len(data) > limit:
        cut = limit
        while cut > 0 and data[cut] & 0xC0 == 0x80:  # a continuation byte: cut before its character
            cut -= 1
        parts.append(data[:cut])
        data = data[cut:]
        limit = LINE_OCTETS - 1  # the leading space of the next part
    parts.append(data)
    return "\r\n ".join(part.decode("utf-8") for part in parts) + "\r\n"


def _date(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


def summary(item: AgendaItem) -> str:
    """The entry's title: the customer and what to do, "Late:" first when it is."""
    return f"{'Late: ' if item.late else ''}{item.customer_name}: {agenda_title(item)}"


def description(item: AgendaItem, as_of: dt.date, link: str | None) -> str:
    """What the entry says: the customer, the due date, what to do, where in the files, the page."""
    due = f"Due {item.due.isoformat()}" + (f" (late as of {as_of.isoformat()})" if item.late else "")
    lines = [f"Customer: {item.customer_name} ({item.customer})", due, AGENDA_ACTIONS[item.kind],
             f"File: {item.file}:{item.line}"]
    if link:
        lines.append(f"Page: {link}")
    return "\n".join(lines)


def calendar(items: Sequence[AgendaItem], *, name: str, as_of: dt.date, link: Link | None = None) -> bytes:
    """The items as an iCalendar file (UTF-8, CRLF line ends), one all-day VEVENT each."""
    dtstamp = stamp(as_of).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{escape_text(name)}"]
    for item, uid in zip(items, item_uids(items)):
        url = link(item) if link is not None else None
        lines += ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:{dtstamp}", f"DTSTART;VALUE=DATE:{_date(item.due)}",
                  f"DTEND;VALUE=DATE:{_date(item.due + dt.timedelta(days=1))}",
                  f"SUMMARY:{escape_text(summary(item))}",
                  f"DESCRIPTION:{escape_text(description(item, as_of, url))}",
                  f"CATEGORIES:{escape_text(label(item.kind))}", "TRANSP:TRANSPARENT"]
        if url:
            lines.append(f"URL;VALUE=URI:{url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) for line in lines).encode("utf-8")


def feed_uri(handle: str) -> str:
    """Where a CSM's feed is in the site, beside their page (csms/<handle>.md)."""
    return f"csms/{handle}.ics"


def feed_name(person: str, company: str) -> str:
    """The calendar's name as a calendar app shows it once subscribed."""
    return f"{person}: success plan agenda ({company})"


def page_links(site_url: str | None, directory_urls: bool = True) -> Link | None:
    """Each item's place on the published site (its customer page, at the objective or risk), when
    mkdocs.yml says where the site is published (site_url); None otherwise."""
    if not site_url or not _URL.fullmatch(site_url):
        return None
    base = site_url.rstrip("/") + "/"

    def link(item: AgendaItem) -> str:
        from .site.work import agenda_target

        page, _, anchor = agenda_target(item).partition("#")
        path = page.removesuffix(".md") + ("/" if directory_urls else ".html")
        return base + path + (f"#{anchor}" if anchor else "")

    return link
