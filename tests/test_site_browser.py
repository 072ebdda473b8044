"""The built site in a real browser: Debian's Chromium driven by Playwright (never downloaded).

Served by a local http.server on 127.0.0.1; every request is routed and any host other than
127.0.0.1 is recorded and refused, so "offline" is asserted, not assumed.
"""

from __future__ import annotations

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

    def __init__(self, browser: Browser) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
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

    def open(self, url: str) -> Page:
        self.page.goto(url)
        self.page.wait_for_load_state("networkidle")
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
    assert charts.count() == 3
    for i in range(3):
        assert charts.nth(i).locator("title").text_content()
        assert charts.nth(i).locator("desc").text_content()
    assert page.locator(".sp-chip").count() > 5
    assert page.locator("details.sp-fallback table").count() == 3  # the table fallback of each chart


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
    names = table.locator("tbody tr td:first-child")
    before = names.all_inner_texts()
    assert before == sorted(before, key=str.casefold)
    table.locator("thead th", has_text="Health").click()
    healths = table.locator("tbody tr td:nth-child(4)").all_inner_texts()
    order = ["green", "lime", "yellow", "orange", "red"]
    assert [order.index(h.strip()) for h in healths] == sorted(order.index(h.strip()) for h in healths)
    table.locator("thead th", has_text="Health").click()
    assert table.locator("tbody tr td:nth-child(4)").first.inner_text().strip() == "red"
    page.locator("select[data-filter-column='1']").select_option("tom.becker")
    visible = [t for t, v in zip(names.all_inner_texts(), table.locator("tbody tr").evaluate_all(
        "rows => rows.map(r => !r.hidden)"), strict=True) if v]
    assert visible == sorted(visible) and len(visible) == 2
    page.locator("select[data-filter-column='1']").select_option("")
    page.locator("input[data-filter-text]").fill("helix")
    assert page.locator("[data-filter-count]").inner_text() == "1 of 10"


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
