"""The page generator: the computed model in, Markdown pages out (no MkDocs here).

Each page is one Jinja2 template (site_templates/, or the plans repository's override of it; see
resources.py) rendered with one typed context from context.py. Every expression's value goes through `present.md_escape` (the environment's finalize
hook) unless it is Markup built by this package (charts, chips, sanitized bodies), so customer
text always shows as text. Jinja's own HTML autoescaping is off: it would escape too little for
Markdown, and md_escape already covers HTML.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, partial
from html import escape
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from ..compute import health_rank
from ..config import Config
from ..model import Portfolio
from ..resources import SHIPPED, Templates, templates_for
from . import context as ctx
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


def track_chip(track: str, text: str) -> Markup:
    return Markup(f'<span class="sp-chip sp-chip--{TRACK_CLASS.get(track, "unknown")}">{md_escape(text)}</span>')


def _join(items: Any, sep: str = ", ") -> Markup:
    return Markup(sep.join(md_escape(item) for item in items))


@cache
def environment(templates: Templates = SHIPPED) -> Environment:
    # the loader searches the override folder first: an overriding page may include shipped partials
    env = Environment(loader=FileSystemLoader(templates.folders), autoescape=False, finalize=_finalize,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["j"] = _join
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
                  templates: Templates = SHIPPED) -> str:
    status = portfolio.customer(customer_id)
    assert status is not None
    c = ctx.customer_context(status, portfolio, options)
    tags = [t for t in (c.csm, c.segment, status.health.color) if t]
    return render("customer.md.j2", templates, c=c, title=_front_title(c.name),
                  tags=Markup(json.dumps(tags)), admonition=ADMONITION[c.health])


def csm_page(portfolio: Portfolio, handle: str, templates: Templates = SHIPPED) -> str:
    return render("csm.md.j2", templates, c=ctx.csm_context(portfolio, handle), title=_front_title(handle))


@dataclass(frozen=True)
class PagePlan:
    """A page before its Markdown is made: `make()` renders it when (and only when) it is needed."""

    src_uri: str
    in_nav: bool
    make: Callable[[], str]
    customer: str | None = None  # the customer whose page this is; None for pages about many


def plan(portfolio: Portfolio, config: Config, options: ctx.SiteOptions, has_format: bool = False) -> list[PagePlan]:
    """Every page of the site, in a stable order, each made on demand.

    A full build makes them all (generate()); the preview server makes each when it is asked for,
    the pages about many customers first.
    """
    t = templates_for(config)
    pages = [
        PagePlan("index.md", True, lambda: render("dashboard.md.j2", t, c=ctx.dashboard_context(portfolio, config))),
        PagePlan("customers/index.md", True, lambda: render("customers.md.j2", t, c=ctx.customers_context(portfolio))),
        PagePlan("attention.md", True, lambda: render("attention.md.j2", t, c=ctx.attention_context(portfolio))),
        PagePlan("csms/index.md", True, lambda: render("csms.md.j2", t, c=ctx.csms_context(portfolio))),
        PagePlan("guide.md", True,
                 lambda: render("guide.md.j2", t, c=ctx.guide_context(config), has_format=has_format)),
    ]
    for status in portfolio.customers:
        pages.append(PagePlan(f"customers/{status.id}.md", False,
                              partial(customer_page, portfolio, status.id, options, t), customer=status.id))
    for handle in ctx.csm_handles(portfolio):
        pages.append(PagePlan(f"csms/{handle}.md", False, partial(csm_page, portfolio, handle, t)))
    return pages


def generate(portfolio: Portfolio, config: Config, options: ctx.SiteOptions,
             has_format: bool = False) -> list[GeneratedPage]:
    """Every page of the site, in a stable order."""
    return [GeneratedPage(p.src_uri, p.make(), p.in_nav) for p in plan(portfolio, config, options, has_format)]
