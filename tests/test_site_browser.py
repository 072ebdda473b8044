"""The built site in a real browser: Debian's Chromium driven by Playwright (never downloaded).

Served by a local http.server on 127.0.0.1; every request is routed and any host other than
127.0.0.1 is recorded and refused, so "offline" is asserted, not assumed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import require_tool
from playwright.sync_api import Browser, Page, Route, sync_playwright

from generator.cli import main
from tests.site_fixtures import (
    CHROMIUM,
    CHROMIUM_ARGS,
    copy_demo_project,
    serve_dir,
    write_xss_project,
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    require_tool(CHROMIUM.exists(), f"Chromium ({CHROMIUM})")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


def _build(mkdocs_yml: Path, site: Path) -> Path:
    assert main(["build", "-f", str(mkdocs_yml), "--site-dir", str(site), "--no-decks"]) == 0
    return site


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("browser-demo")
    site = _build(copy_demo_project(root), root / "site")
    with serve_dir(site) as url:
        yield url


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("browser-xss")
    return _build(write_xss_project(root), root / "site")


def h1(page: Page) -> str:
    return page.locator("h1").inner_text().removesuffix("¶").strip()  # without the permalink


class Watched:
    """A page whose console errors, page errors, dialogs and foreign requests are recorded."""

    def __init__(self, browser: Browser, width: int = 1280) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": 900})
        self.page: Page = self.context.new_page()
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

        def on_dialog(dialog: object) -> None:
            self.dialogs.append(getattr(dialog, "message", "?"))
            dialog.dismiss()  # type: ignore[attr-defined]

        self.page.on("dialog", on_dialog)
        self.context.route("**/*", self._route)

    def _route(self, route: Route) -> None:
        host = urlsplit(route.request.url).hostname
        if host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            self.foreign.append(route.request.url)
            route.abort()

    def open(self, url: str, settled: bool = True) -> Page:
        """The page at url, loaded; `settled`: and the network quiet (search index, listings' rows)."""
        self.page.goto(url)
        self.page.wait_for_load_state("networkidle" if settled else "load")
        return self.page

    def close(self) -> None:
        self.context.close()


@pytest.fixture()
def watched(browser: Browser) -> Iterator[Watched]:
    w = Watched(browser)
    yield w
    w.close()


@pytest.mark.parametrize("path", ["", "customers/", "customers/ironbridge-precision/", "attention/", "csms/",
                                  "csms/tom.becker/", "guide/"])
def test_pages_load_offline_without_errors(watched: Watched, demo_url: str, path: str) -> None:
    page = watched.open(demo_url + path)
    assert page.locator("h1").count() == 1
    assert watched.errors == []
    assert watched.foreign == []


def test_dashboard_has_charts_with_titles_and_chips(watched: Watched, demo_url: str) -> None:
    page = watched.open(demo_url)
    charts = page.locator("svg.sp-chart[role=img]")
    assert charts.count() == 4  # health, ARR, achieved per quarter, health week by week
    for i in range(4):
        assert charts.nth(i).locator(":scope > title").text_content()
        assert charts.nth(i).locator(":scope > desc").text_content()
    assert page.locator(".sp-chip").count() > 5
    assert page.locator("details.sp-fallback table").count() == 4  # the table fallback of each chart


def test_customer_page_shows_health_reasons_and_trend_charts(watched: Watched, demo_url: str) -> None:
    page = watched.open(demo_url + "customers/ironbridge-precision/")
    assert h1(page) == "Ironbridge Precision Components"
    reasons = page.locator(".admonition.danger li")
    assert reasons.count() >= 2 and "overdue" in reasons.first.inner_text()
    assert page.locator("svg.sp-trend").count() >= 1
    assert page.locator("svg.sp-progress").count() >= 1
    assert page.locator(".sp-chip--red").count() >= 1


def test_search_finds_a_customer_by_name(watched: Watched, demo_url: str) -> None:
    page = watched.open(demo_url)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").press_sequentially("Ironbridge", delay=20)
    result = page.locator(".md-search-result__item").filter(has_text="Ironbridge Precision Components").first
    result.wait_for(timeout=10_000)
    result.locator("a").first.click()
    page.wait_for_load_state("networkidle")
    assert "/customers/ironbridge-precision/" in page.url
    assert watched.errors == [] and watched.foreign == []


def test_click_from_the_index_reaches_the_customer(watched: Watched, demo_url: str) -> None:
    page = watched.open(demo_url + "customers/")
    page.get_by_role("link", name="Helix Payments", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert page.url == demo_url + "customers/helix-payments/"
    assert h1(page) == "Helix Payments"


def test_index_sorts_and_filters_offline(watched: Watched, demo_url: str) -> None:
    page = watched.open(demo_url + "customers/")
    table = page.locator("article table").first
    names = table.locator("tbody tr td:first-child a")
    before = names.all_inner_texts()
    assert before == sorted(before, key=str.casefold)
    table.locator("thead th", has_text="Health").click()
    healths = table.locator("tbody tr td:nth-child(2)").all_inner_texts()
    order = ["green", "lime", "yellow", "orange", "red"]
    assert [order.index(h.strip()) for h in healths] == sorted(order.index(h.strip()) for h in healths)
    table.locator("thead th", has_text="Health").click()
    assert table.locator("tbody tr td:nth-child(2)").first.inner_text().strip() == "red"
    page.locator("select[data-filter-column='4']").select_option("Tom Becker")
    visible = [t for t, v in zip(names.all_inner_texts(), table.locator("tbody tr").evaluate_all(
        "rows => rows.map(r => !r.hidden)"), strict=True) if v]
    assert visible == sorted(visible) and len(visible) == 2
    assert "c4=Tom+Becker" in page.url  # the filter is kept in the address
    page.reload()
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-filter-count]").inner_text() == "2 of 10"
    page.locator("select[data-filter-column='4']").select_option("")
    page.locator("input[data-filter-text]").fill("helix")
    assert page.locator("[data-filter-count]").inner_text() == "1 of 10"
    page.locator("input[data-filter-text]").fill("no such customer")
    assert page.locator("[data-filter-empty]").is_visible()
    assert page.locator("[data-filter-empty]").inner_text() == "No customer matches these filters."


def test_xss_payloads_never_run(browser: Browser, xss_site: Path) -> None:
    with serve_dir(xss_site) as url:
        w = Watched(browser)
        try:
            for html in sorted(xss_site.rglob("*.html")):
                rel = html.relative_to(xss_site).as_posix()
                w.open(url + rel.removesuffix("index.html"))
                w.page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
                w.page.wait_for_timeout(50)
            page = w.open(url + "customers/evil-corp/")
            assert h1(page) == "<script>alert(1)</script>"
            page.locator("label.md-search__icon, .md-search__input").first.click()
            page.locator("input.md-search__input").press_sequentially("pipe", delay=20)
            page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
            page.wait_for_timeout(300)
            assert w.dialogs == []
            assert w.foreign == []
        finally:
            w.close()


# --- phones, contrast, the portfolio views ----------------------------------------------------


def _site_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix().removesuffix("index.html") for p in site.rglob("index.html")
                  if not p.relative_to(site).as_posix().startswith(("assets/", "search/", "decks/")))


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    root = tmp_path_factory.mktemp("browser-views")
    site = _build(copy_demo_project(root), root / "site")
    with serve_dir(site) as url:
        yield site, url


NO_SIDEWAYS_SCROLL = """() => [document.documentElement.scrollWidth - document.documentElement.clientWidth,
  [...document.querySelectorAll('article *')].filter(e => e.scrollWidth > e.clientWidth + 1
      && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX) && e.getClientRects().length)
    .filter(e => !(e.tabIndex === 0 && (e.closest('pre') || e.getAttribute('role') === 'region'
                                       && e.getAttribute('aria-label'))))
    .map(e => e.tagName + '.' + e.className)]"""
"""(how far the page scrolls sideways, the regions that scroll sideways without being focusable and labelled;
a code block is the theme's own focusable region)"""


@pytest.mark.parametrize("width", [1440, 390])
def test_no_page_scrolls_sideways(browser: Browser, demo_site: tuple[Path, str], width: int) -> None:
    site, url = demo_site
    w = Watched(browser, width)
    try:
        wide = {}
        for path in _site_pages(site):
            page_scroll, regions = w.open(url + path, settled=False).evaluate(NO_SIDEWAYS_SCROLL)
            if page_scroll > 0 or regions:
                wide[path] = (page_scroll, regions)
        assert wide == {}
        assert len(_site_pages(site)) >= 25 and w.errors == [] and w.foreign == []
    finally:
        w.close()


CONTRAST = """() => {
  function rgb(s) { const m = s.match(/[\\d.]+/g).map(Number); return m.length > 3 ? m : [...m, 1]; }
  function lum(c) { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
                    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); }
  function background(el) {
    for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c[3] > 0) return c; }
    return [255, 255, 255, 1];
  }
  return [...document.querySelectorAll('.sp-chip, .md-button')].map(el => {
    const a = lum(rgb(getComputedStyle(el).color)), b = lum(background(el));
    return [el.className, el.textContent.trim(), (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)];
  });
}"""


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_chips_and_buttons_have_contrast(watched: Watched, demo_url: str, scheme: str) -> None:
    seen: dict[str, float] = {}
    for path in ["", "customers/helix-payments/", "attention/", "objectives/"]:
        page = watched.open(demo_url + path)
        page.evaluate("""scheme => {
          document.body.setAttribute('data-md-color-scheme', scheme);
          if (!document.querySelector('.sp-deck')) {  // decks are not built here: the button as the page shows it
            const a = document.createElement('a'); a.className = 'md-button sp-deck'; a.href = '#'; a.textContent = 'Download';
            document.querySelector('article').prepend(a);
          }
        }""", scheme)
        for cls, text, ratio in page.evaluate(CONTRAST):
            key = f"{cls} {text}"
            seen[key] = min(ratio, seen.get(key, ratio))
    low = {k: round(v, 2) for k, v in seen.items() if v < 4.5}
    assert low == {}
    classes = " ".join(seen)
    for color in ("green", "lime", "yellow", "orange", "red", "unknown", "planned"):
        assert f"sp-chip--{color}" in classes
    assert "md-button" in classes


def _visible_column(page: Page, n: int) -> list[str]:
    return [t.strip() for t, shown in zip(
        page.locator(f"article table tbody tr td:nth-child({n})").all_inner_texts(),
        page.locator("article table tbody tr").evaluate_all("rows => rows.map(r => !r.hidden)"), strict=True) if shown]


def test_risk_register_sorts_and_filters(watched: Watched, demo_url: str) -> None:
    page = watched.open(demo_url + "risks/")
    severities = _visible_column(page, 3)
    order = ["low", "medium", "high"]
    assert [order.index(s) for s in severities] == sorted((order.index(s) for s in severities), reverse=True)
    page.locator("article table thead th", has_text="Age").click()
    ages = [int(a) for a in _visible_column(page, 9)]
    assert ages == sorted(ages)
    page.locator("article table thead th", has_text="Age").click()
    assert [int(a) for a in _visible_column(page, 9)] == sorted(ages, reverse=True)
    page.locator("select[data-filter-column='2']").select_option("high")
    assert set(_visible_column(page, 3)) == {"high"}
    page.locator("select[data-filter-column='2']").select_option("")
    page.locator("input[data-filter-text]").fill("solvane")
    assert set(_visible_column(page, 1)) == {"Solvane Renewables"}
    page.locator("input[data-filter-text]").fill("nothing like this")
    assert page.locator("[data-filter-empty]").is_visible()


def test_open_objectives_sort_and_filter(watched: Watched, demo_url: str) -> None:
    page = watched.open(demo_url + "objectives/")
    total = page.locator("article table tbody tr").count()
    assert page.locator("[data-filter-count]").inner_text() == f"{total} of {total}"
    assert _visible_column(page, 3)[0] == "overdue"  # the furthest behind first
    page.locator("article table thead th", has_text="Due").click()
    dues = _visible_column(page, 6)
    assert dues == sorted(dues)
    page.locator("select[data-filter-column='2']").select_option("off track")
    assert set(_visible_column(page, 3)) == {"off track"}
    assert set(_visible_column(page, 1)) == {"Meridian Home & Garden", "Solvane Renewables"}
    page.locator("select[data-filter-column='7']").select_option("Maria Okafor")
    assert _visible_column(page, 1) == ["Solvane Renewables"]


def test_needs_attention_lists_solvane_before_file_warnings(watched: Watched, demo_url: str) -> None:
    page = watched.open(demo_url + "attention/")
    headings = [h.removesuffix("¶").strip() for h in page.locator("article h2").all_inner_texts()]
    assert headings.index("Solvane Renewables") < headings.index("Data to fix")
    assert headings[:3] == ["Ironbridge Precision Components", "Meridian Home & Garden",
                            "Consolidated Regional Health Partners of the Upper Midwest"]
    page.get_by_role("link", name="Dispatch turbine maintenance crews within 4 hours of a fault instead of 18").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("customers/solvane-renewables/#objective-turbine-fault-dispatch")


def test_this_week_links_to_the_objective(watched: Watched, demo_url: str) -> None:
    page = watched.open(demo_url + "csms/daniel.reyes/")
    items = page.locator(".sp-agenda li")
    assert items.count() == 7  # TallyHQ's EBR, 60 days before its renewal, and a task to chase among them
    assert page.get_by_role("link", name="subscribe to daniel.reyes.ics").get_attribute("href") == "../daniel.reyes.ics"
    first = items.first
    assert "late" in first.inner_text() and "Confirm with the customer" in first.inner_text()
    first.locator("a").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("customers/tallyhq/#objective-ticket-auto-triage")


# --- accessibility against the theme's own baseline, words, the dashboard ---------------------

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
THEME_CHROME = (".md-header", ".md-tabs", ".md-footer", ".md-search", ".md-sidebar", ".md-nav", ".md-dialog",
                ".md-top", ".md-banner")
AXE_RUN = """async chrome => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  const out = [];
  for (const v of result.violations) {
    for (const n of v.nodes) {
      const el = document.querySelector(n.target[0]);
      const theme = !el || chrome.some(s => el.closest(s)) || !el.closest('article');
      out.push([v.id, theme ? 'theme' : 'content', n.target.join(' '), (n.failureSummary || '').slice(0, 200)]);
    }
  }
  return out;
}"""
PAGE_KINDS = ["", "dashboard/csm-tom.becker/", "customers/", "customers/ironbridge-precision/",
              "customers/tallyhq/", "attention/", "data/", "week/", "csms/", "csms/daniel.reyes/", "risks/",
              "objectives/", "renewals/", "quarter/", "guide/", "handbook/"]
VIEWS = [(width, scheme) for width in (1440, 390) for scheme in ("default", "slate")]


def axe_findings(page: Page, scheme: str) -> list[tuple[str, str, str, str]]:
    page.evaluate("scheme => document.body.setAttribute('data-md-color-scheme', scheme)", scheme)
    page.wait_for_timeout(400)  # the theme's colour transitions end before contrast is measured
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    return [tuple(f) for f in page.evaluate(AXE_RUN, list(THEME_CHROME))]


@pytest.fixture(scope="module")
def baseline_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config as mkdocs_config

    from tests.site_fixtures import write_plain_material_project

    root = tmp_path_factory.mktemp("plain-material")
    config = mkdocs_config(str(write_plain_material_project(root)), site_dir=str(root / "site"))
    build(config)
    with serve_dir(root / "site") as url:
        yield url


@pytest.fixture(scope="module")
def baseline_rules(browser: Browser, baseline_url: str) -> dict[tuple[int, str], set[tuple[str, str]]]:
    """(rule, where) of every axe finding on the plain Material page, per width and scheme."""
    found = {}
    for width, scheme in VIEWS:
        w = Watched(browser, width)
        try:
            found[(width, scheme)] = {(rule, where) for rule, where, _, _ in axe_findings(w.open(baseline_url), scheme)}
        finally:
            w.close()
    return found


def test_axe_finds_nothing_beyond_the_plain_theme(browser: Browser, demo_site: tuple[Path, str],
                                                  baseline_rules: dict[tuple[int, str], set[tuple[str, str]]]) -> None:
    """Every kind of page at 1440 and 390 px, light and dark: axe-core's findings in our content are
    none that the plain Material page has not, and the theme's own chrome shows only the theme's."""
    require_tool(AXE.exists(), f"axe-core ({AXE})")
    _, url = demo_site
    extra: dict[str, list[str]] = {}
    for width in sorted({width for width, _ in VIEWS}):
        w = Watched(browser, width)
        try:
            for path in PAGE_KINDS:
                page = w.open(url + path)  # once for both schemes: axe_findings sets the scheme
                for scheme in (scheme for view_width, scheme in VIEWS if view_width == width):
                    for rule, where, target, why in axe_findings(page, scheme):
                        if (rule, where) not in baseline_rules[(width, scheme)]:
                            extra.setdefault(f"{width} {scheme} /{path}", []).append(f"{rule} {target}: {why}")
        finally:
            w.close()
    assert extra == {}


def test_the_baseline_is_live(browser: Browser, baseline_url: str) -> None:
    """Control: axe on the plain page does report a finding once we add one (an image without text),
    so an empty list above means nothing found, not nothing run."""
    require_tool(AXE.exists(), f"axe-core ({AXE})")
    w = Watched(browser, 1440)
    try:
        page = w.open(baseline_url)
        page.evaluate("() => { const b = document.createElement('button'); document.querySelector('article').append(b); }")
        assert ("button-name", "content") in {(r, where) for r, where, _, _ in axe_findings(page, "default")}
    finally:
        w.close()


BROKEN_WORDS = """() => {
  const broken = [];
  const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest('code, pre, kbd, svg, .md-typeset__scrollwrap details:not([open]), [hidden]')
        || !parent.getClientRects().length) continue;
    const cell = parent.closest('td, th');
    const re = /\\S+/g;
    let m;
    while ((m = re.exec(node.data))) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const rects = [...range.getClientRects()].filter(r => r.width > 0);
      const lines = new Set(rects.map(r => Math.round(r.top)));
      if (lines.size < 2) continue;
      // a hyphenated compound ("mid-market") may wrap after its hyphen, as in print; a date may not
      const text = node.data.slice(m.index, m.index + m[0].length);
      if (/[A-Za-z]-[A-Za-z]/.test(text) && !/[0-9]-[0-9]/.test(text)) continue;
      const width = rects.reduce((sum, r) => sum + r.width, 0);
      const room = (cell || parent.closest('p, li, dd, figcaption, div') || parent).clientWidth;
      // a word wider than its whole line may break in running text; in a table cell never
      if (cell || width < room) broken.push(m[0] + ' in ' + (cell ? cell.tagName : parent.tagName));
    }
  }
  return broken;
}"""


@pytest.mark.parametrize("width", [1440, 390])
def test_no_word_number_or_date_breaks_inside_itself(browser: Browser, demo_site: tuple[Path, str],
                                                     width: int) -> None:
    """Each text's rendered line breaks fall between words: no "$54/0,00/0" or "2026-10-/30"."""
    _, url = demo_site
    w = Watched(browser, width)
    try:
        broken = {}
        for path in PAGE_KINDS:
            found = w.open(url + path).evaluate(BROKEN_WORDS)
            if found:
                broken[path] = found[:5]
        assert broken == {}
        # control: the same check finds a word squeezed into a narrow cell
        page = w.open(url + "customers/")
        page.evaluate("""() => { const td = document.querySelector('article td');
          td.style.cssText = 'max-width: 3em; width: 3em; overflow-wrap: anywhere; white-space: normal';
          td.textContent = 'Extraordinarily'; }""")
        assert page.evaluate(BROKEN_WORDS)
    finally:
        w.close()


def test_the_stylesheet_wraps_cells_only_between_words(repo_root: Path) -> None:
    css = (repo_root / "site_templates" / "assets" / "successplans.css").read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    rules = re.findall(r"([^{}]+)\{([^{}]*)\}", css)
    assert any("anywhere" in body for _, body in rules)  # control: the parse sees the rule on code
    for selector, body in rules:
        if "anywhere" in body or "break-all" in body:
            assert all(re.search(r"\bcode\b", part) for part in selector.split(",")), selector


@pytest.mark.parametrize("width", [1440, 390])
def test_the_dashboard_leads_with_decisions(browser: Browser, demo_site: tuple[Path, str], width: int) -> None:
    _, url = demo_site
    w = Watched(browser, width)
    try:
        page = w.open(url)
        headings = [h.removesuffix("¶").strip() for h in page.locator("article h2").all_inner_texts()]
        assert headings[:4] == ["Accounts to act on", "Decisions for leadership", "Figures", "Charts"]
        first = page.locator("ol.sp-ranked > li").first
        assert "Ironbridge Precision Components" in first.inner_text()
        assert "Next step" in first.inner_text() and "$540,000 ARR" in first.inner_text()
        top = first.bounding_box()
        figures = page.locator("#figures").bounding_box()
        assert top is not None and figures is not None and top["y"] < figures["y"]
        assert top["y"] < 900  # on the first screen, desktop and phone alike
        # only data tables sort: the dashboard's figure tables have no sort buttons
        assert page.locator("article th button").count() == 0
    finally:
        w.close()


def test_the_dashboard_figures_are_those_of_status(watched: Watched, demo_url: str,
                                                   demo_portfolio: object) -> None:
    from generator.commands.status import portfolio_json
    from generator.model import Portfolio

    assert isinstance(demo_portfolio, Portfolio)
    data = portfolio_json(demo_portfolio.figures, demo_portfolio.as_of)
    text = watched.open(demo_url).locator("article .sp-figures").all_inner_texts()
    joined = " ".join(text)
    assert f"${data['value_usd_achieved_365']:,}" in joined and f"${data['value_usd_achieved']:,} in all" in joined
    assert f"{round(data['median_days_to_value_recent'])} days" in joined
    assert f"{data['recent_value_customers']} of " in joined
    assert f"{round(data['with_value_share'] * 100)}%" in joined
    for field in ("value_usd", "customer_since", "median_days"):
        assert field not in joined  # no field name as prose


def test_filters_narrow_the_whole_dashboard_and_stay_in_the_address(watched: Watched, demo_url: str) -> None:
    page = watched.open(demo_url)
    page.locator("select[data-view-part='csm']").select_option("tom.becker")
    page.wait_for_url("**/dashboard/csm-tom.becker/?csm=tom.becker")
    page.wait_for_load_state("networkidle")
    names = page.locator("ol.sp-ranked > li a strong").all_inner_texts()
    assert names == ["Ironbridge Precision Components", "Meridian Home & Garden"]
    assert page.locator("[data-filter-count]").inner_text() == "2 customers"
    page.locator("select[data-view-part='segment']").select_option("enterprise")
    page.wait_for_url("**/dashboard/csm-tom.becker/segment-enterprise/?csm=tom.becker&segment=enterprise")
    page.wait_for_load_state("networkidle")
    page.reload()
    page.wait_for_load_state("networkidle")
    assert page.locator("select[data-view-part='segment']").input_value() == "enterprise"
    # an address with a filter opens its view; a combination without customers says so
    page = watched.open(demo_url + "?segment=smb")
    page.wait_for_url("**/dashboard/segment-smb/?segment=smb")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-filter-count]").inner_text() != "10 customers"
    page.locator("select[data-view-part='csm']").select_option("maria.okafor")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-filter-empty]").is_visible()
    assert watched.errors == [] and watched.foreign == []


def test_headings_sort_with_buttons_on_enter_and_space(watched: Watched, demo_url: str) -> None:
    page = watched.open(demo_url + "customers/")
    buttons = page.locator("article table thead th button")
    assert buttons.count() >= 9
    button = buttons.filter(has_text="ARR").first
    button.focus()
    page.keyboard.press("Space")
    th = page.locator("article table thead th:nth-child(4)").first
    assert th.get_attribute("aria-sort") == "ascending"
    page.keyboard.press("Enter")
    assert th.get_attribute("aria-sort") == "descending"
    arr = page.locator("article table tbody tr td:nth-child(4)").all_inner_texts()
    values = [int(a.strip().lstrip("$").replace(",", "")) for a in arr if a.strip() != "—"]
    assert values == sorted(values, reverse=True)
    # reference tables do not sort
    page = watched.open(demo_url + "guide/")
    assert page.locator("article th button").count() == 0


def test_the_nearer_renewal_ranks_first_in_the_browser(browser: Browser,
                                                       tmp_path_factory: pytest.TempPathFactory) -> None:
    from tests.site_fixtures import write_ranking_project

    root = tmp_path_factory.mktemp("ranking")
    site = _build(write_ranking_project(root), root / "site")
    with serve_dir(site) as url:
        w = Watched(browser, 390)
        try:
            page = w.open(url)
            names = page.locator("ol.sp-ranked > li a strong").all_inner_texts()
            assert names == ["Near Term Ltd", "Far Away Corp"]  # same health; the larger ARR renews later
            assert [c.strip() for c in page.locator("ol.sp-ranked .sp-chip").all_inner_texts()] == ["orange", "orange"]
            page = w.open(url + "attention/")
            assert [h.removesuffix("¶").strip() for h in page.locator("article h2").all_inner_texts()][:2] == \
                ["Near Term Ltd", "Far Away Corp"]
        finally:
            w.close()


# --- listings too long for their page: rows from JSON, a page at a time -----------------------

LONG_LISTINGS = ["customers/", "objectives/", "risks/"]


@pytest.fixture(scope="module")
def long_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """130 synthetic customers with the listing threshold lowered to 40 rows: every listing is a
    client-side table of several pages."""
    from bench.synth import generate

    root = generate(tmp_path_factory.mktemp("browser-long") / "portfolio", 130)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SUCCESSPLANS_TABLE_ROWS", "40")
        site = _build(root / "mkdocs.yml", root / "site")
    with serve_dir(site) as url:
        yield site, url


def _open_listing(w: Watched, url: str) -> Page:
    page = w.open(url)
    page.locator("[data-sp-table][data-loaded]").wait_for(timeout=10_000)
    return page


def _link_texts(page: Page) -> list[str]:
    return page.locator("article tbody tr td:first-child a").all_inner_texts()


def test_a_long_listing_sorts_and_filters_every_row(watched: Watched, long_site: tuple[Path, str]) -> None:
    import html
    import json

    site, url = long_site
    rows = json.loads((site / "assets/successplans/tables/customers.json").read_text(encoding="utf-8"))["rows"]
    names = [html.unescape(re.search(r">([^<]*)</a>", r[0]).group(1)) for r in rows]  # type: ignore[union-attr]
    by_text = [n for _, n in sorted(((html.unescape(re.sub(r"<[^>]*>", "", r[0])).strip().lower(), n)
                                     for r, n in zip(rows, names, strict=True)), key=lambda t: t[0])]
    assert len(rows) == 130
    page = _open_listing(watched, url + "customers/")
    assert page.locator("article tbody tr").count() == 100
    assert page.locator("[data-page-status]").inner_text() == "Rows 1–100 of 130"
    assert page.locator("[data-filter-count]").inner_text() == "130 of 130"
    page.get_by_role("button", name="Next rows").click()
    assert _link_texts(page) == names[100:]
    assert page.get_by_role("button", name="Next rows").is_disabled()
    # sorting reaches every row, not only the page shown
    heading = page.locator("article thead th", has_text="Customer")
    heading.locator("button").click()
    assert heading.get_attribute("aria-sort") == "ascending"
    assert _link_texts(page) == by_text[:100]  # ordered as the cells' text, as sortable.js orders them
    heading.locator("button").click()
    assert heading.get_attribute("aria-sort") == "descending"
    assert _link_texts(page)[:5] == by_text[::-1][:5]
    # a name on the second page is found by the filter
    page.locator("input[data-filter-text]").fill(names[120].lower())
    assert _link_texts(page) == [names[120]]
    assert page.locator("[data-filter-count]").inner_text() == "1 of 130"
    page.locator("input[data-filter-text]").fill("")
    csm = re.sub(r"<[^>]*>", "", rows[125][4])
    page.locator("select[data-filter-column='4']").select_option(csm)
    expected = sum(1 for r in rows if re.sub(r"<[^>]*>", "", r[4]) == csm)
    assert page.locator("[data-filter-count]").inner_text() == f"{expected} of 130"
    assert "c4=" in page.url
    page.reload()
    page.locator("[data-sp-table][data-loaded]").wait_for()
    assert page.locator("[data-filter-count]").inner_text() == f"{expected} of 130"
    page.locator("input[data-filter-text]").fill("no such customer")
    assert page.locator("[data-filter-empty]").is_visible()
    assert watched.errors == [] and watched.foreign == []


def test_a_long_listing_sorts_by_keyboard_with_sort_keys(watched: Watched, long_site: tuple[Path, str]) -> None:
    page = _open_listing(watched, long_site[1] + "risks/")
    heading = page.locator("article thead th", has_text="Severity")
    heading.locator("button").focus()
    page.keyboard.press("Enter")
    assert heading.get_attribute("aria-sort") == "ascending"
    order = ["low", "medium", "high", "critical"]
    first = page.locator("article tbody tr td:nth-child(3)").first.inner_text().strip()
    page.keyboard.press("Space")
    assert heading.get_attribute("aria-sort") == "descending"
    last = page.locator("article tbody tr td:nth-child(3)").first.inner_text().strip()
    assert order.index(first) < order.index(last)
    page.locator("select[data-filter-column='2']").select_option(first)
    shown = {c.strip() for c in page.locator("article tbody tr td:nth-child(3)").all_inner_texts()}
    assert shown == {first}
    assert watched.errors == []


@pytest.mark.parametrize("path", LONG_LISTINGS)
def test_a_long_listing_fits_a_phone_and_axe_finds_nothing_new(
        browser: Browser, long_site: tuple[Path, str], path: str,
        baseline_rules: dict[tuple[int, str], set[tuple[str, str]]]) -> None:
    require_tool(AXE.exists(), f"axe-core ({AXE})")
    for width in (390, 1440):
        w = Watched(browser, width)
        try:
            page = _open_listing(w, long_site[1] + path)
            assert page.locator("article tbody tr").count() > 40
            assert page.evaluate(NO_SIDEWAYS_SCROLL) == [0, []]
            found = [f"{rule} {target}: {why}" for rule, where, target, why in axe_findings(page, "default")
                     if (rule, where) not in baseline_rules[(width, "default")]]
            assert found == []
            assert w.errors == [] and w.foreign == []
        finally:
            w.close()
