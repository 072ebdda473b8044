"""The handbook: short pages for the people who write the plan files, in the site's nav.

How-to pages are templates written by hand (site_templates/handbook/); the reference pages render
reference.py's records, read from the code at build time, so they always say what `check` does.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from markupsafe import Markup

from ..attention import ATTENTION_CODES, DATA_TO_FIX_CODES
from ..codefiles import CODE_PATHS, CodePath
from ..config import Config
from ..crm import COMPUTED as CRM_COMPUTED, FIELDS as CRM_FACTS, MAPPING as CRM_MAPPING
from ..plantemplates import PlanTemplates, load_templates
from ..schema import PERSONAS
from ..resources import SHIPPED, Templates
from ..starter import EXAMPLE_ID
from . import reference
from .present import percent

# nav title, page, template: the order of the Handbook section
PAGES: tuple[tuple[str, str, str], ...] = (
    ("Start here", "handbook/index.md", "handbook/index.md.j2"),
    ("An example customer", "handbook/example.md", "handbook/example.md.j2"),
    ("Start a plan", "handbook/start.md", "handbook/start.md.j2"),
    ("Log a meeting", "handbook/log.md", "handbook/log.md.j2"),
    ("Revalidate and close", "handbook/revalidate-close.md", "handbook/revalidate-close.md.j2"),
    ("Your week", "handbook/week.md", "handbook/week.md.j2"),
    ("Templates and playbooks", "handbook/templates.md", "handbook/templates.md.j2"),
    ("Your CRM", "handbook/crm.md", "handbook/crm.md.j2"),
    ("Colours and tracks", "handbook/colours.md", "handbook/colours.md.j2"),
    ("Merge requests", "handbook/review.md", "handbook/review.md.j2"),
    ("What the customer sees", "handbook/customer-view.md", "handbook/customer-view.md.j2"),
    ("File reference", "handbook/files.md", "handbook/files.md.j2"),
    ("Problem codes", "handbook/problems.md", "handbook/problems.md.j2"),
    ("Configuration", "handbook/configuration.md", "handbook/configuration.md.j2"),
    ("Commands", "handbook/commands.md", "handbook/commands.md.j2"),
)
SECTION = "Handbook"


@dataclass(frozen=True, kw_only=True)
class HandbookContext:
    example_id: str
    example_day: str
    example: dict[str, str]  # path in the customer folder → text
    kinds: tuple[reference.FileKind, ...]
    codes: tuple[reference.CodeReference, ...]
    options: tuple[reference.OptionRow, ...]
    commands: tuple[reference.CommandHelp, ...]
    stale_after_days: int
    activity_gap_days: int
    max_open_objectives: int
    exec_checkin_days: int
    renewal_window_days: int
    ebr_lead_days: int
    risk_review_days: int
    on_track: str
    at_risk: str
    company_name: str
    code_paths: tuple[CodePath, ...]  # the files of a plans repository that are code (codefiles.py)
    templates: PlanTemplates  # the plans repository's own objective templates and playbooks
    personas: tuple[str, ...]
    crm_keys: tuple[tuple[str, str], ...] = tuple((key, f.doc) for key, f in CRM_MAPPING.fields.items())
    """The keys of a CRM mapping file and what each says (crm.MAPPING)."""
    crm_facts: tuple[str, ...] = CRM_FACTS  # what an import can set (crm_id matches)
    crm_computed: tuple[str, ...] = CRM_COMPUTED  # the columns an export adds
    attention_codes: tuple[str, ...] = ATTENTION_CODES  # warnings listed on Needs attention
    data_codes: tuple[str, ...] = DATA_TO_FIX_CODES  # warnings listed on Data to fix, with the errors


def handbook_context(config: Config) -> HandbookContext:
    return HandbookContext(
        example_id=EXAMPLE_ID, example_day=reference.EXAMPLE_DAY.isoformat(), example=reference.example_customer(),
        kinds=reference.file_kinds(config.segments), codes=reference.codes(), options=reference.options(),
        commands=reference.commands(), stale_after_days=config.stale_after_days,
        activity_gap_days=config.activity_gap_days, max_open_objectives=config.max_open_objectives,
        exec_checkin_days=config.exec_checkin_days, renewal_window_days=config.renewal_window_days,
        ebr_lead_days=config.ebr_lead_days, risk_review_days=config.risk_review_days,
        on_track=percent(Fraction(config.on_track_tolerance)), at_risk=percent(Fraction(config.at_risk_tolerance)),
        company_name=config.company_name, code_paths=CODE_PATHS, templates=load_templates(config),
        personas=PERSONAS,
    )


def code_block(text: str, lang: str = "") -> Markup:
    """A fenced code block showing text exactly (a fence longer than any backtick run inside)."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return Markup(f"{fence}{lang}\n{text.rstrip()}\n{fence}")


def trusted(text: str) -> Markup:
    """Markdown written in this package (docstrings, field docs): kept as Markdown, safe in a table cell."""
    return Markup(" ".join(str(text).split()).replace("|", "\\|"))


def tt(text: str) -> Markup:
    """Inline code that shows exactly, in running text or a table cell."""
    return Markup("<code>" + html.escape(str(text), quote=False).replace("|", "&#124;") + "</code>")


def anchor(*parts: str) -> str:
    """An id for a heading or row: `objective`, `tasks[].owner` → objective-tasks-owner."""
    return re.sub(r"[^a-z0-9]+", "-", "-".join(parts).lower()).strip("-")


def uris() -> list[str]:
    """The handbook's pages, in nav order."""
    return [uri for _, uri, _ in PAGES]


def pages(config: Config, templates: Templates = SHIPPED) -> list[Any]:
    from .pages import GeneratedPage, environment, render

    env = environment(templates)
    env.filters.setdefault("code", code_block)
    env.filters.setdefault("trusted", trusted)
    env.filters.setdefault("tt", tt)
    env.globals.setdefault("anchor", anchor)
    c = handbook_context(config)
    return [GeneratedPage(src_uri=uri, markdown=render(template, templates, c=c, nav=PAGES), in_nav=True) for _, uri,
            template in PAGES]
