"""The page generator: the computed model in, Markdown pages out (no MkDocs here).

Each page is one Jinja2 template (site_templates/, or the plans repository's override of it; see
resources.py) rendered with one typed context from context.py. Every expression's value goes through `present.md_escape` (the environment's finalize
hook) unless it is Markup built by this package (charts, chips, sanitized bodies), so customer
text always shows as text. Jinja's own HTML autoescaping is off: it would escape too little for
Markdown, and md_escape already covers HTML.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from html import escape
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from ..compute import health_rank
from ..config import Config
from ..model import Portfolio
from ..resources import SHIPPED, Templates, templates_for
from ..timeline import HealthTimeline, portfolio_timelines
from . import context as ctx
from . import handbook, work
from .charts import TRACK_CLASS
from .present import md_escape

NAV: tuple[tuple[str, str], ...] = (
    ("Dashboard", "index.md"),
    ("Customers", "customers/index.md"),
    ("Needs attention", "attention.md"),
    ("CSMs", "csms/index.md"),
    ("Guide", "guide.md"),
)
ADMONITION = {"green": "success", "lime": "tip", "yellow": "warning", "orange": "warning", "red": "danger",
              "unknown": "failure"}
SEVERITY_COLOR = {"low": "lime", "medium": "orange", "high": "red"}


@dataclass(frozen=True)
class GeneratedPage:
    """One virtual page: where it pretends to live in the docs folder, and its Markdown."""

    src_uri: str
    markdown: str
    in_nav: bool


def _finalize(value: Any) -> str:
    # Every {{ expression }} passes here: customer text is escaped, package-built Markup is not.
    return str(value) if type(value) is Markup else md_escape(value)


def chip(color: str, text: Any = None) -> Markup:
    """A colored chip; data-sort lets the table sorter order health green → red."""
    return Markup(f'<span class="sp-chip sp-chip--{md_escape(color)}" data-sort="{health_rank(color)}">'
                  f'{md_escape(color if text is None else text)}</span>')


def track_chip(track: str, text: str, rank: int | None = None) -> Markup:
    sort = f' data-sort="{rank}"' if rank is not None else ""
    return Markup(f'<span class="sp-chip sp-chip--{TRACK_CLASS.get(track, "unknown")}"{sort}>{md_escape(text)}</span>')


_SAFE_HREF = re.compile(r"[A-Za-z0-9._/#-]+")


def _href(value: str) -> Markup:
    """A link target built from validated ids (customers/<id>.md#objective-<id>): kept as is so
    that MkDocs can check and rewrite it; anything else is escaped like text."""
    return Markup(value) if _SAFE_HREF.fullmatch(value) else Markup(md_escape(value))


def _join(items: Any, sep: str = ", ") -> Markup:
    return Markup(sep.join(md_escape(item) for item in items))


@cache
def environment(templates: Templates = SHIPPED) -> Environment:
    # the loader searches the override folder first: an overriding page may include shipped partials
    env = Environment(loader=FileSystemLoader(templates.folders), autoescape=False, finalize=_finalize,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["j"] = _join
    env.filters["u"] = _href
    env.globals.update(chip=chip, track_chip=track_chip,
                       severity_color=lambda severity: SEVERITY_COLOR.get(severity, "unknown"))
    return env


def _front_title(text: str) -> Markup:
    """A front-matter title: HTML-escaped (themes print it unescaped), quoted as JSON (valid YAML)."""
    return Markup(json.dumps(escape(text, quote=False), ensure_ascii=False))


def render(template: str, templates: Templates = SHIPPED, **values: Any) -> str:
    text = environment(templates).get_template(template).render(**values)
    return "\n".join(line.rstrip() for line in text.splitlines()).strip() + "\n"


def customer_page(portfolio: Portfolio, customer_id: str, options: ctx.SiteOptions,
                  timeline: HealthTimeline | None = None, people: work.People | None = None,
                  templates: Templates = SHIPPED) -> str:
    status = portfolio.customer(customer_id)
    assert status is not None
    c = ctx.customer_context(status, portfolio, options, timeline, people)
    csm_name = (people or work.People(portfolio.customers)).name(c.csm, status.customer) if c.csm else None
    tags = [t for t in (csm_name, c.segment, status.health.color) if t]
    return render("customer.md.j2", templates, c=c, title=_front_title(c.name),
                  tags=Markup(json.dumps(tags)), admonition=ADMONITION[c.health])


def generate(portfolio: Portfolio, config: Config, options: ctx.SiteOptions,
             has_format: bool = False) -> list[GeneratedPage]:
    """Every page of the site, in a stable order."""
    t = templates_for(config)

    def render_t(template: str, **values: Any) -> str:
        return render(template, t, **values)

    timelines = portfolio_timelines(portfolio, config)  # health week by week, from the loaded files
    people = work.People(portfolio.customers)
    pages = [
        GeneratedPage("index.md", render_t("dashboard.md.j2", c=ctx.dashboard_context(portfolio, config, timelines)),
                      True),
        GeneratedPage("customers/index.md", render_t("customers.md.j2", c=ctx.customers_context(portfolio, timelines)),
                      True),
        GeneratedPage("attention.md", render_t("attention.md.j2", c=work.attention_context(portfolio, config)), True),
        GeneratedPage("csms/index.md", render_t("csms.md.j2", c=ctx.csms_context(portfolio, config)), True),
        GeneratedPage("guide.md", render_t("guide.md.j2", c=ctx.guide_context(config), has_format=has_format), True),
        # portfolio views, linked from the dashboard and the indexes (the navigation stays small)
        GeneratedPage("week.md", render_t("week.md.j2", c=work.week_context(portfolio, config)), False),
        GeneratedPage("data.md", render_t("data.md.j2", c=work.data_context(portfolio)), False),
        GeneratedPage("risks.md", render_t("risks.md.j2", c=work.risks_context(portfolio)), False),
        GeneratedPage("objectives.md", render_t("objectives.md.j2", c=work.objectives_context(portfolio)), False),
        GeneratedPage("renewals.md", render_t("renewals.md.j2", c=work.renewals_context(portfolio, config)), False),
        GeneratedPage("quarter.md", render_t("quarter.md.j2", c=work.quarter_context(portfolio)), False),
    ]
    pages.extend(handbook.pages(config, t))
    for status in portfolio.customers:
        pages.append(GeneratedPage(f"customers/{status.id}.md",
                                   customer_page(portfolio, status.id, options, timelines.get(status.id), people, t),
                                   False))
    for handle in ctx.csm_handles(portfolio):
        pages.append(GeneratedPage(f"csms/{handle}.md",
                                   render_t("csm.md.j2", c=ctx.csm_context(portfolio, config, handle),
                                          title=_front_title(people.name(handle))), False))
    return pages
