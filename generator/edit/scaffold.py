"""The files of a new customer or objective: valid as written, with comments that teach the format."""

from __future__ import annotations

import datetime as dt
import re
import secrets
import unicodedata
from collections.abc import Mapping
from typing import Any

from ..schema import ACTIVITY_DIR, PERSONAS
from .yamltext import Style, render

OBJECTIVE_BODY = "\n## Why it matters\n\n## Plan\n\n## Notes\n"


def slugify(text: str) -> str:
    """An id from a title: lowercase ASCII letters, digits and '-', at most 63 characters."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > 63:
        slug = slug[:63].rsplit("-", 1)[0] if "-" in slug[:63] else slug[:63]
    return slug.strip("-")


# words that carry no meaning in an id ("Cut the time to deliver" → cut-time-deliver)
FILLER_WORDS = frozenset("""
a an and are as at be by for from in into is it its of on or our per that the their this to up we with
de des du la le les et en un une der die das und
""".split())
SHORT_ID_WORDS = 4


def short_id(title: str) -> str:
    """A short id from a title: up to four significant words, stopping at a figure once two are
    kept ("Cut order-to-delivery time from 48 to 24 hours" → cut-order-delivery-time); the full
    slug when every word is a filler."""
    kept: list[str] = []
    for word in slugify(title).split("-"):
        if len(kept) == SHORT_ID_WORDS or word.isdigit() and len(kept) >= 2:
            break  # the figures of a goal ("from 12 to 8") make ids long and change when goals do
        if word and word not in FILLER_WORDS:
            kept.append(word)
    return "-".join(kept) or slugify(title)


def _yaml(fields: Mapping[str, Any], style: Style) -> str:
    return "".join(render(fields, style))


def customer_files(name: str, fields: Mapping[str, Any], style: Style = Style()) -> dict[str, str]:
    """Relative path → content of a new customer folder."""
    return {
        "customer.yaml": (
            f"# Account facts of {name}. Optional: customer_since, renewal_date, arr, lifecycle_stage,\n"
            "# account_team, crm_url, tags, scorecard.\n" + _yaml(fields, style)
        ),
        "stakeholders.yaml": (
            "# People on the customer side; objectives and activity refer to them by id.\n"
            f"# persona: {', '.join(PERSONAS)}\n"
            "# Until the first person is added this file is an empty list. For example:\n"
            "#\n"
            "# - id: dana-whitfield\n"
            "#   name: Dana Whitfield\n"
            "#   title: Chief Operating Officer\n"
            "#   persona: executive_sponsor\n"
            "#   email: dana.whitfield@example.com\n"
        ),
        f"{ACTIVITY_DIR}/.gitkeep": "",
        "objectives/.gitkeep": "",
    }


ENTRY_NAME_CHARACTERS = 40


def new_token() -> str:
    """Six random hexadecimal digits: what keeps two branches' new entry files apart."""
    return secrets.token_hex(3)


def entry_file_name(day: dt.date, title: str, kind: str, token: str) -> str:
    """The file name of one activity entry (schema.ENTRY_FILE_RE): its date, a few significant
    words of its title as an objective's id takes them (its kind when the title has none) and the
    token: `2026-11-02-october-cycle-time-3fa2c1.yaml`."""
    slug = short_id(title)[:ENTRY_NAME_CHARACTERS].strip("-") or slugify(kind) or "entry"
    return f"{day.isoformat()}-{slug}-{token}.yaml"


def activity_header(name: str) -> str:
    return (f"# Activity log of {name}: meetings, calls, EBRs and metric readings, newest at the bottom.\n"
            "# Add entries with `successplans log`.\n")


def risk_file(fields: Mapping[str, Any], body: str, style: Style = Style()) -> str:
    return "---\n" + _yaml(fields, style) + "---\n" + body


def objective_file(fields: Mapping[str, Any], style: Style = Style(), body: str = OBJECTIVE_BODY) -> str:
    return "---\n" + _yaml(fields, style) + "---\n" + body
