"""The site: generated Markdown (golden), escaping, navigation, build command, determinism.

Golden pages live in tests/golden/site/; after an intended change regenerate them with
`UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_site.py` and review the diff.
"""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.golden import assert_golden

from generator.cli import main
from generator.config import Config, load_config
from generator.model import Portfolio
from generator.portfolio import build_portfolio
from generator.site import build as site_build
from generator.site.context import SiteOptions
from generator.site.handbook import PAGES as HANDBOOK
from generator.site.pages import NAV, customer_page, generate
from generator.site.present import md_escape, render_body
from tests.conftest import DEMO_AS_OF
from tests.site_fixtures import PAYLOAD, copy_demo_project, write_xss_project

GOLDEN = Path(__file__).parent / "golden" / "site"


def check_golden(name: str, text: str) -> None:
    assert_golden(GOLDEN / name, text)


@pytest.fixture(scope="module")
def demo_pages(demo_portfolio: Portfolio, demo_config: Config) -> dict[str, str]:
    pages = generate(demo_portfolio, demo_config, SiteOptions(decks=True), has_format=True)
    return {p.src_uri: p.markdown for p in pages}


# --- generated Markdown -----------------------------------------------------------------------


def test_dashboard_markdown_golden(demo_pages: dict[str, str]) -> None:
    check_golden("dashboard.md", demo_pages["index.md"])


@pytest.mark.parametrize("customer", ["helix-payments", "ironbridge-precision"])
def test_customer_markdown_golden(demo_pages: dict[str, str], customer: str) -> None:
    check_golden(f"{customer}.md", demo_pages[f"customers/{customer}.md"])


def test_every_customer_and_csm_gets_a_page_outside_the_nav(demo_portfolio: Portfolio, demo_config: Config) -> None:
    pages = generate(demo_portfolio, demo_config, SiteOptions())
    in_nav = [p.src_uri for p in pages if p.in_nav]
    assert in_nav == [uri for _, uri in NAV] + [uri for _, uri, _ in HANDBOOK]
    customers = {p.src_uri for p in pages if p.src_uri.startswith("customers/") and not p.in_nav}
    assert customers == {f"customers/{c.id}.md" for c in demo_portfolio.customers}
    csms = {p.src_uri for p in pages if p.src_uri.startswith("csms/") and not p.in_nav}
    assert csms == {f"csms/{c.customer.csm}.md" for c in demo_portfolio.customers}


def test_deck_link_only_when_decks_are_built(demo_portfolio: Portfolio) -> None:
    with_decks = customer_page(demo_portfolio, "helix-payments", SiteOptions(decks=True))
    assert 'href="../../decks/helix-payments.pptx"' in with_decks
    flat = customer_page(demo_portfolio, "helix-payments", SiteOptions(decks=True, directory_urls=False))
    assert 'href="../decks/helix-payments.pptx"' in flat
    assert "decks/" not in customer_page(demo_portfolio, "helix-payments", SiteOptions(decks=False))


def test_data_to_fix_lists_the_problems_of_the_files_by_csm(demo_pages: dict[str, str],
                                                            demo_portfolio: Portfolio) -> None:
    """Data to fix keeps errors and the warnings about the files themselves; warnings about the
    account are on Needs attention instead."""
    from generator.attention import ATTENTION_CODES, DATA_TO_FIX_CODES

    page = demo_pages["data.md"]
    listed = [p for p in demo_portfolio.problems if p.code in DATA_TO_FIX_CODES]
    assert listed  # the demo's unconfirmed success (SP106)
    for p in listed:
        assert f"<code>{md_escape(f'{p.file}:{p.line}')}</code>" in page
        assert f"[{p.code}](guide.md#{p.code.lower()})" in page  # each code links to its guide entry
    for p in demo_portfolio.problems:
        if p.code in ATTENTION_CODES:
            assert f"<code>{md_escape(f'{p.file}:{p.line}')}</code>" not in page, p.code
    csm_anchors = re.findall(r"^## .* \(\d+\) \{: #csm-(\S+) \}$", page, flags=re.MULTILINE)
    assert csm_anchors == ["tom.becker"]


def test_needs_attention_ranks_accounts_by_exposure(demo_pages: dict[str, str]) -> None:
    page = demo_pages["attention.md"]
    accounts = re.findall(r"^## \[(.+?)\]\(customers/(\S+)\.md\)", page, flags=re.MULTILINE)
    # ARR × health weight × renewal weight: Meridian (orange, renews in 45 days) before Solvane (orange,
    # in 424 days) and before Consolidated (yellow, $1.2M in 288 days); TallyHQ for its account problems
    assert [cid for _, cid in accounts] == ["ironbridge-precision", "meridian-home-garden",
                                            "consolidated-regional-health", "solvane-renewables", "city-of-lakeport",
                                            "northlight-media", "tallyhq", "northwind-freight"]
    solvane = page.split("(customers/solvane-renewables.md)", 1)[1].split("\n## ", 1)[0]
    assert "off track&#58; 43% done against 84% expected" in solvane
    assert "medium-severity adoption risk" in solvane
    meridian = page.split("(customers/meridian-home-garden.md)", 1)[1].split("\n## ", 1)[0]
    assert "renews in 45 days with health orange" in meridian and "off track" in meridian
    tallyhq = page.split("(customers/tallyhq.md)", 1)[1].split("\n## ", 1)[0]
    for code in ("SP107", "SP108", "SP102"):  # no sponsor, no EBR before the renewal, never validated
        assert f"[{code}](guide.md#{code.lower()})" in tallyhq
    assert "renews in 55 days and no EBR in the last 180 days" in tallyhq
    assert "weighed by its health and by how soon it renews" in page  # the page says how it ranks
    assert page.index("## Data to fix") > page.index("(customers/northwind-freight.md)")


def test_guide_documents_every_problem_code(demo_pages: dict[str, str]) -> None:
    from generator import rules

    page = demo_pages["guide.md"]
    for doc in rules.documentation():
        assert f"### {doc.code}: {md_escape(doc.title)} {{: #{doc.code.lower()} }}" in page


# --- escaping ---------------------------------------------------------------------------------


def test_md_escape_neutralises_html_and_markdown() -> None:
    text = md_escape("<script>alert(1)</script> *a* [b](c) `d` {: #e } | f :g:")
    assert "<" not in text and ">" not in text
    for char in "*[]`{}|:":
        assert char not in text


def test_bodies_are_sanitized() -> None:
    html = str(render_body("# Title\n\n<script>alert(1)</script><img src=x onerror=alert(2)>\n\n"
                           "[x](javascript:alert(3)) <a href='https://ok.example' onclick='alert(4)'>ok</a>"))
    assert "<script" not in html and "onerror" not in html and "onclick" not in html
    assert "javascript:" not in html and "<img" not in html
    assert "<h4>Title</h4>" in html and 'href="https://ok.example"' in html


def test_xss_payloads_reach_the_markdown_as_text(tmp_path: Path) -> None:
    config = load_config(write_xss_project(tmp_path))
    portfolio = build_portfolio(config, DEMO_AS_OF)
    assert not portfolio.problems
    for page in generate(portfolio, config, SiteOptions(decks=True)):
        for raw in ("<script", "<img", "<svg onload", "<iframe", 'href="javascript'):
            assert raw not in page.markdown, (page.src_uri, raw)
    assert PAYLOAD  # the payload itself is used above through the fixture


# --- the build command ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_demo_project(tmp_path_factory.mktemp("demo"))


@pytest.mark.heavy
def test_build_writes_the_site_and_says_where(demo_project: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "site"
    assert main(["build", "-f", str(demo_project), "--site-dir", str(site), "--no-decks"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == f"Site: {site / 'index.html'} (10 customers)"
    assert "warning SP101" in out  # warnings are printed, and built into the site
    for page in ("index.html", "customers/index.html", "attention/index.html", "csms/index.html", "guide/index.html",
                 "customers/helix-payments/index.html", "csms/daniel.reyes/index.html",
                 "assets/successplans/sortable.js", "assets/successplans/successplans.css"):
        assert (site / page).is_file(), page
    assert not (site / "decks").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site")]  # no temporary folders left


@pytest.mark.heavy
def test_customer_pages_stay_out_of_the_nav(demo_project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert main(["build", "-f", str(demo_project), "--site-dir", str(site), "--no-decks"]) == 0
    helix = (site / "customers" / "helix-payments" / "index.html").read_text(encoding="utf-8")
    # another customer's name appears nowhere on this page: no nav entry per customer
    assert "Ironbridge Precision Components" not in helix
    nav = re.search(r'<nav class="md-nav md-nav--primary.*?</nav>', helix, flags=re.DOTALL)
    assert nav is not None and "customers/ironbridge-precision" not in nav.group(0)
    assert len(re.findall(r'class="md-tabs__link"', helix)) == len(NAV) + 1  # and the Handbook section


def test_errors_stop_the_build_and_keep_the_previous_site(demo_project: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "project"
    shutil.copytree(demo_project.parent, project)
    site = tmp_path / "site"
    site.mkdir()
    (site / "previous.txt").write_text("old", encoding="utf-8")
    objective = next((project / "customers" / "helix-payments" / "objectives").glob("*.md"))
    objective.write_text(objective.read_text(encoding="utf-8").replace("status: in_progress", "status: bogus")
                         .replace("status: new", "status: bogus"), encoding="utf-8")
    assert main(["build", "-f", str(project / "mkdocs.yml"), "--site-dir", str(site), "--no-decks"]) == 1
    captured = capsys.readouterr()
    assert re.search(r"^customers/helix-payments/objectives/\S+\.md:\d+:\d+: error SP005 ", captured.out, flags=re.MULTILINE)
    assert "the site was not built" in captured.err
    assert [p.name for p in site.iterdir()] == ["previous.txt"]


def fake_decks(portfolio: Portfolio, config: Config, out_dir: Path, *, cache_dir: Path,
               workers: int | None = None) -> list[Path]:
    out_dir.mkdir(parents=True)
    written = []
    for c in portfolio.customers:
        path = out_dir / f"{c.id}.pptx"
        path.write_bytes(b"deck")
        written.append(path)
    return written


@pytest.mark.heavy
def test_decks_are_built_into_the_site_and_linked(demo_project: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(site_build, "deck_builder", lambda: fake_decks)
    monkeypatch.setattr("generator.commands.build.deck_builder", lambda: fake_decks)
    site = tmp_path / "site"
    assert main(["build", "-f", str(demo_project), "--site-dir", str(site)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == \
        f"Site: {site / 'index.html'} (10 customers) — decks: {site / 'decks'}{os.sep}"
    page = site / "customers" / "helix-payments" / "index.html"
    href = re.search(r'href="([^"]+\.pptx)"', page.read_text(encoding="utf-8"))
    assert href is not None
    assert (page.parent / href.group(1)).resolve() == (site / "decks" / "helix-payments.pptx").resolve()
    assert (site / "decks" / "helix-payments.pptx").read_bytes() == b"deck"


@pytest.mark.heavy
def test_a_failing_deck_build_leaves_the_previous_site(demo_project: Path, demo_config: Config, tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "previous.txt").write_text("old", encoding="utf-8")
    (site / site_build.MARKER).write_text("", encoding="utf-8")  # an earlier build's
    config = load_config(demo_project)
    portfolio = build_portfolio(config, DEMO_AS_OF)

    def broken(*_args: object, **_kwargs: object) -> list[Path]:
        raise RuntimeError("deck template missing")

    with pytest.raises(RuntimeError):
        site_build.build_site(portfolio, config, demo_project, site, decks=broken, emit=lambda _l: None)
    assert [p.name for p in tmp_path.iterdir()] == ["site"]
    assert sorted(p.name for p in site.iterdir()) == [site_build.MARKER, "previous.txt"]


@pytest.mark.heavy
def test_same_files_same_as_of_same_bytes(demo_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1763251200")
    project = tmp_path / "project"
    shutil.copytree(demo_project.parent, project)
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as f:
        f.write("site_url: https://cs.example/\n")  # the sitemap lists pages only with a site URL
    first, second = tmp_path / "one", tmp_path / "two"
    for seed, site in (("1", first), ("2", second)):  # separate processes, different hash seeds
        env = {**os.environ, "PYTHONHASHSEED": seed, "NO_MKDOCS_2_WARNING": "1"}
        result = subprocess.run([sys.executable, "-m", "generator", "build", "-f", str(project / "mkdocs.yml"),
                                 "--site-dir", str(site), "--no-decks", "--as-of", "2026-11-16"],
                                env=env, capture_output=True, text=True, timeout=120, check=False)
        assert result.returncode == 0, result.stderr
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    _, mismatch, errors = filecmp.cmpfiles(first, second, [str(f) for f in files], shallow=False)
    assert not mismatch and not errors
    assert "<lastmod>2025-11-16</lastmod>" in (first / "sitemap.xml").read_text(encoding="utf-8")


@pytest.mark.heavy
def test_plain_mkdocs_build_computes_the_model_itself(demo_project: Path, tmp_path: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config as mkdocs_config

    site = tmp_path / "site"
    config = mkdocs_config(config_file=str(demo_project), site_dir=str(site))
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    helix = (site / "customers" / "helix-payments" / "index.html").read_text(encoding="utf-8")
    assert "Helix Payments" in helix and ".pptx" not in helix  # no decks from a plain mkdocs build


class _TagAudit(HTMLParser):
    """Collects what a browser would run: event handler attributes, script URLs, script text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value}>")
        if tag in ("iframe", "object", "embed", "img"):
            self.found.append(f"<{tag}>")
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and "alert(" in data:
            self.found.append(f"script: {data[:60]}")


@pytest.mark.heavy
def test_xss_site_html_runs_nothing_from_the_files(tmp_path: Path) -> None:
    mkdocs_yml = write_xss_project(tmp_path)
    site = tmp_path / "site"
    assert main(["build", "-f", str(mkdocs_yml), "--site-dir", str(site), "--no-decks"]) == 0
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        audit = _TagAudit()
        audit.feed(page.read_text(encoding="utf-8"))
        assert not audit.found, (page.relative_to(site), audit.found)
    evil = (site / "customers" / "evil-corp" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in evil


def test_a_bad_plugin_option_fails_the_mkdocs_build(tmp_path: Path) -> None:
    from mkdocs.config import load_config as mkdocs_config
    from mkdocs.exceptions import MkDocsException

    mkdocs_yml = write_xss_project(tmp_path)
    mkdocs_yml.write_text(mkdocs_yml.read_text(encoding="utf-8").replace("as_of: 2026-11-16", "stale_after: 30"),
                          encoding="utf-8")
    with pytest.raises(MkDocsException):  # mkdocs reports it and aborts
        mkdocs_config(config_file=str(mkdocs_yml))
    assert main(["build", "-f", str(mkdocs_yml), "--site-dir", str(tmp_path / "site"), "--no-decks"]) == 2


@pytest.mark.heavy
def test_a_plans_repository_needs_no_docs_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(Path(__file__).parent / "cases" / "clean" / "customers", tmp_path / "customers")
    (tmp_path / "mkdocs.yml").write_text("site_name: Plans\nplugins:\n  - successplans:\n      as_of: 2026-11-16\n",
                                         encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["build", "--no-decks"]) == 0
    assert (tmp_path / "site" / "customers" / "harbor-labs" / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["customers", "mkdocs.yml", "site"]


def test_customer_pages_show_health_over_time(demo_pages: dict[str, str]) -> None:
    page = demo_pages["customers/ironbridge-precision.md"]
    history = page.split("## Health over time", 1)[1].split("## Problems", 1)[0]
    newest = history.strip().splitlines()[2]
    assert newest.startswith(f"- **{md_escape('2026-11-01')}** ") and "sp-chip--orange" in newest and "sp-chip--red" in newest
    assert ('objective <a href="#objective-supplier-quality-escalations">Close supplier quality escalations in 10 '
            'days instead of 30</a> is overdue') in newest
    index = demo_pages["customers/index.md"]
    assert index.count('class="sp-chart sp-strip"') == 10  # a strip of weeks per customer


def test_portfolio_views_are_generated_and_linked(demo_pages: dict[str, str]) -> None:
    for uri in ("week.md", "data.md", "risks.md", "objectives.md", "renewals.md", "quarter.md"):
        assert uri in demo_pages
        assert f"]({uri})" in demo_pages["index.md"]
    week = demo_pages["week.md"]
    assert week.count("<time>") == 28  # the demo's agenda for the next 14 days (tests/golden/cli/agenda-demo.json)
    assert "[**TallyHQ**: Auto-triage 60% of inbound support tickets](customers/tallyhq.md#objective-ticket-auto-triage)" in week
    # the customer's side's tasks to chase and the risks to review are there, linked where they are
    assert '<span class="sp-kind">chase</span> [**Meridian Home &amp; Garden**: Cut the store replenishment order ' \
        'cycle from 5 days to 2](customers/meridian-home-garden.md#objective-replenishment-cycle-time)' in week
    assert '<span class="sp-kind">risk review</span> [**Ironbridge Precision Components**](customers/' \
        'ironbridge-precision.md#risk-sponsor-reorg)' in week
    risks = demo_pages["risks.md"]
    assert len(re.findall(r"^\| \[", risks, flags=re.MULTILINE)) == 5  # every open risk of the demo


def test_data_to_fix_lists_a_folder_that_is_no_customer(tmp_path: Path) -> None:
    shutil.copytree(Path(__file__).parent / "cases" / "clean", tmp_path, dirs_exist_ok=True)
    first = sorted((tmp_path / "customers").iterdir())[0]
    shutil.copytree(first, tmp_path / "customers" / "Bad Folder")
    config = load_config(tmp_path / "mkdocs.yml")
    portfolio = build_portfolio(config, DEMO_AS_OF)
    data = {p.src_uri: p.markdown for p in generate(portfolio, config, SiteOptions())}["data.md"]
    # its problem belongs to no customer page: listed on its own, with the advice in words
    assert "<code>customers/Bad Folder&#58;1</code>" in data
    assert "(rename the folder&#58; lowercase letters, digits and &#39;-&#39;)" in data


def test_the_dashboard_lists_at_most_list_shown_renewals_and_moves(demo_portfolio: Portfolio, demo_config: Config,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.site import context

    view = context.dashboard_context(demo_portfolio, demo_config).view
    assert len(view.renewals) > 1 and len(view.moves) > 1 and view.more_renewals == view.more_moves == 0
    monkeypatch.setattr(context, "LIST_SHOWN", 1)
    markdown = next(p for p in generate(demo_portfolio, demo_config, SiteOptions()) if p.src_uri == "index.md").markdown
    renewals = markdown.split("## Renewals in the next", 1)[1].split("## Health since", 1)[0]
    moves = markdown.split("## Health since", 1)[1].split("## More views", 1)[0]
    assert renewals.count("\n| [") == 1 and moves.count("\n| [") == 1
    assert (f"… and {len(view.renewals) - 1} more in the window: sort [the customers](customers/index.md) by renewal."
            in renewals)
    assert f"… and {len(view.moves) - 1} more: every move, with its reasons, is on [this quarter](quarter.md#health-moves)." \
        in moves
