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
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, partial
from html import escape
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError, TemplateSyntaxError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from ..compute import health_rank
from ..config import Config
from ..errors import ConfigError
from ..model import RISK_COLOR, CustomerStatus, Portfolio
from ..people import People
from ..resources import SHIPPED, Templates, templates_for
from ..styles import TRACK_CLASS
from . import context as contexts
from .context import SiteOptions
from . import handbook, tables, work
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


@dataclass(frozen=True, kw_only=True)
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
    # the loader searches the override folder first: an overriding page may include shipped partials;
    # a repository's templates render sandboxed (no attribute of Python's internals, no unsafe call)
    kind = SandboxedEnvironment if templates.sandboxed else Environment
    env = kind(loader=FileSystemLoader(templates.folders), autoescape=False, finalize=_finalize,
               undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["j"] = _join
    env.filters["u"] = _href
    env.globals.update(chip=chip, track_chip=track_chip,
                       severity_color=lambda severity: RISK_COLOR.get(severity, "unknown"))
    return env


def _front_title(text: str) -> Markup:
    """A front-matter title: HTML-escaped (themes print it unescaped), quoted as JSON (valid YAML)."""
    return Markup(json.dumps(escape(text, quote=False), ensure_ascii=False))


def render(template: str, templates: Templates = SHIPPED, **values: Any) -> str:
    try:
        text = environment(templates).get_template(template).render(**values)
    except TemplateError as exc:  # a repository's override (the shipped templates are tested)
        where = f"{exc.filename}:{exc.lineno}: " if isinstance(exc, TemplateSyntaxError) and exc.filename else ""
        sandbox = (" (the repository's templates render in Jinja's sandbox unless trust_templates is on)"
                   if isinstance(exc, SecurityError) else "")
        raise ConfigError(f"{where}the page template {template} cannot be rendered: {exc}{sandbox}") from None
    return "\n".join(line.rstrip() for line in text.splitlines()).strip() + "\n"


def customer_page(portfolio: Portfolio, customer_id: str, options: SiteOptions, people: People | None = None,
                  templates: Templates = SHIPPED) -> str:
    status = portfolio.customer(customer_id)
    assert status is not None
    c = contexts.customer_context(status, portfolio, options, people)
    csm_name = (people or work.portfolio_people(portfolio)).name(c.csm, status.customer) if c.csm else None
    tags = [t for t in (csm_name, c.segment, status.health.color) if t]
    return render("customer.md.j2", templates, c=c, title=_front_title(c.name),
                  tags=Markup(json.dumps(tags)), admonition=ADMONITION[c.health])


def csm_page(portfolio: Portfolio, config: Config, handle: str, people: People, templates: Templates = SHIPPED) -> str:
    return render("csm.md.j2", templates, c=contexts.csm_context(portfolio, config, handle),
                  title=_front_title(people.name(handle)))


@dataclass(frozen=True, kw_only=True)
class PagePlan:
    """A page before its Markdown is made: `make()` renders it when (and only when) it is needed."""

    src_uri: str
    in_nav: bool
    make: Callable[[], str]
    customer: str | None = None  # the customer whose page this is; None for pages about many
    data_uri: str | None = None  # a listing's rows, when they are too many for the page (tables.py)
    data: Callable[[], bytes | None] | None = None  # those rows as JSON; None while they fit in the page


def plan(portfolio: Portfolio, config: Config, options: SiteOptions, has_format: bool = False) -> list[PagePlan]:
    """Every page of the site, in a stable order, each made on demand.

    A full build makes them all (generate()); the preview server makes each when it is asked for,
    the pages about many customers first.
    """
    t = templates_for(config)
    shared = _Shared(portfolio, config, t, options)

    def page(template: str, context: Callable[[], Any], **values: Any) -> Callable[[], str]:
        return lambda: render(template, t, c=context(), **values)

    def listing(uri: str, name: str, template: str, context: Callable[[], Any], in_nav: bool = False) -> PagePlan:
        return PagePlan(src_uri=uri, in_nav=in_nav, make=lambda: shared.listing(uri, name, template, context)[0],
                        data_uri=tables.data_uri(name), data=lambda: shared.listing(uri, name, template, context)[1])

    pages = [
        PagePlan(src_uri="index.md", in_nav=True, make=page("dashboard.md.j2",
                                                            lambda: contexts.dashboard_context(portfolio, config))),
        listing("customers/index.md", "customers", "customers.md.j2", lambda: contexts.customers_context(portfolio),
                in_nav=True),
        PagePlan(src_uri="attention.md", in_nav=True, make=page("attention.md.j2",
                                                                lambda: work.attention_context(portfolio, config))),
        PagePlan(src_uri="csms/index.md", in_nav=True, make=page("csms.md.j2",
                                                                 lambda: contexts.csms_context(portfolio))),
        PagePlan(src_uri="guide.md", in_nav=True, make=page("guide.md.j2", lambda: contexts.guide_context(config),
                                                            has_format=has_format)),
        # portfolio views, linked from the dashboard and the indexes (the navigation stays small)
        PagePlan(src_uri="week.md", in_nav=False, make=page("week.md.j2", lambda: work.week_context(portfolio))),
        PagePlan(src_uri="data.md", in_nav=False, make=page("data.md.j2", lambda: work.data_context(portfolio))),
        listing("risks.md", "risks", "risks.md.j2", lambda: work.risks_context(portfolio)),
        listing("objectives.md", "objectives", "objectives.md.j2", lambda: work.objectives_context(portfolio)),
        PagePlan(src_uri="renewals.md", in_nav=False, make=page("renewals.md.j2",
                                                                lambda: work.renewals_context(portfolio, config))),
        PagePlan(src_uri="quarter.md", in_nav=False, make=page("quarter.md.j2",
                                                               lambda: work.quarter_context(portfolio))),
    ]
    pages.extend(PagePlan(src_uri=contexts.dashboard_uri(csm, segment), in_nav=False,
                          make=page("dashboard.md.j2", partial(contexts.dashboard_context, portfolio, config, csm,
                                                               segment)))
                 for csm, segment in contexts.dashboard_keys(portfolio, config)[1:])
    pages.extend(PagePlan(src_uri=uri, in_nav=True, make=partial(shared.handbook_page, uri)) for uri in handbook.uris())
    for status in portfolio.customers:
        pages.append(PagePlan(src_uri=f"customers/{status.id}.md", in_nav=False, make=partial(shared.customer_page,
                                                                                              status, options),
                              customer=status.id))
    for handle in contexts.csm_handles(portfolio):
        pages.append(PagePlan(src_uri=f"csms/{handle}.md", in_nav=False, make=partial(shared.csm_page, handle)))
    return pages


class _Shared:
    """What several pages of one plan use, computed once and only when a page first needs it."""

    def __init__(self, portfolio: Portfolio, config: Config, templates: Templates, options: SiteOptions) -> None:
        self.portfolio = portfolio
        self.config = config
        self.templates = templates
        self.options = options
        self._listings: dict[str, tuple[str, bytes | None]] = {}
        self._people: People | None = None
        self._handbook: dict[str, str] | None = None

    def people(self) -> People:
        if self._people is None:
            self._people = work.portfolio_people(self.portfolio)
        return self._people

    def customer_page(self, status: CustomerStatus, options: SiteOptions) -> str:
        return customer_page(self.portfolio, status.id, options, self.people(), self.templates)

    def csm_page(self, handle: str) -> str:
        return csm_page(self.portfolio, self.config, handle, self.people(), self.templates)

    def listing(self, uri: str, name: str, template: str, context: Callable[[], Any]) -> tuple[str, bytes | None]:
        """A listing page's Markdown and, when its rows are too many for the page, those rows as
        JSON: read back from the page rendered in full, then the page rendered again around an
        empty table (made once for both)."""
        made = self._listings.get(uri)
        if made is None:
            c = context()
            markdown = render(template, self.templates, c=c, client=None)
            table = tables.client_table(name, markdown, uri, self.options.directory_urls)
            data = None
            if table is not None:
                shell = render(template, self.templates, c=c, client=table)
                if tables.SHELL_MARK in shell:  # a repository's own template may keep its whole table
                    markdown, data = shell, table.data
            made = self._listings[uri] = (markdown, data)
        return made

    def handbook_page(self, uri: str) -> str:
        if self._handbook is None:
            self._handbook = {p.src_uri: p.markdown for p in handbook.pages(self.config, self.templates)}
        return self._handbook[uri]


def generate(portfolio: Portfolio, config: Config, options: SiteOptions,
             has_format: bool = False) -> list[GeneratedPage]:
    """Every page of the site, in a stable order."""
    return [GeneratedPage(src_uri=p.src_uri, markdown=p.make(), in_nav=p.in_nav) for p in plan(portfolio, config,
                                                                                               options, has_format)]
