"""Long listings as client-side tables (generator/site/tables.py): the JSON holds every row of the
table the page would hold, cell for cell; below the threshold the pages are unchanged."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.config import Config
from generator.model import Portfolio
from generator.site import tables
from generator.site.context import SiteOptions
from generator.site.pages import PagePlan, plan

LISTINGS = {"customers/index.md": "customers", "objectives.md": "objectives", "risks.md": "risks"}


def listings(portfolio: Portfolio, config: Config, directory_urls: bool = True) -> dict[str, PagePlan]:
    return {p.src_uri: p for p in plan(portfolio, config, SiteOptions(directory_urls=directory_urls))
            if p.src_uri in LISTINGS}


def table_rows(markdown: str) -> list[str]:
    return tables.table_lines(markdown)[2:]


@pytest.fixture()
def full(demo_portfolio: Portfolio, demo_config: Config, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Each listing's Markdown as the page holds it below the threshold."""
    monkeypatch.delenv("SUCCESSPLANS_TABLE_ROWS", raising=False)
    return {uri: p.make() for uri, p in listings(demo_portfolio, demo_config).items()}


def test_below_the_threshold_the_page_holds_its_table_and_no_json(full: dict[str, str], demo_portfolio: Portfolio,
                                                                    demo_config: Config) -> None:
    for uri, p in listings(demo_portfolio, demo_config).items():
        assert p.data is not None and p.data() is None
        assert "data-sp-client" not in full[uri] and "data-sp-table" not in full[uri]
        assert table_rows(full[uri]), uri


def test_the_threshold_is_the_number_of_rows_a_page_may_hold(full: dict[str, str], demo_portfolio: Portfolio,
                                                             demo_config: Config,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    rows = len(table_rows(full["customers/index.md"]))
    assert rows == len(demo_portfolio.customers)
    monkeypatch.setenv("SUCCESSPLANS_TABLE_ROWS", str(rows))  # exactly as many: still in the page, unchanged
    at = listings(demo_portfolio, demo_config)["customers/index.md"]
    assert at.make() == full["customers/index.md"] and at.data is not None and at.data() is None
    monkeypatch.setenv("SUCCESSPLANS_TABLE_ROWS", str(rows - 1))  # one more than it may hold: rows go to JSON
    over = listings(demo_portfolio, demo_config)["customers/index.md"]
    assert over.data is not None and over.data() is not None
    assert over.data_uri == "assets/successplans/tables/customers.json"
    assert table_rows(over.make()) == [] and "data-sp-client" in over.make()


def test_the_json_holds_every_row_cell_for_cell(full: dict[str, str], demo_portfolio: Portfolio, demo_config: Config,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUCCESSPLANS_TABLE_ROWS", "1")
    for uri, p in listings(demo_portfolio, demo_config).items():
        assert p.data is not None
        data = json.loads(p.data() or b"null")
        expected = table_rows(full[uri])
        assert len(data["rows"]) == len(expected) > 1, uri
        assert data["columns"] == [c.strip() for c in tables.table_lines(full[uri])[0].strip("|").split("|")]
        for row, line in zip(data["rows"], expected, strict=True):
            cells = [c.strip() for c in line[1:-1].split("|")]
            assert len(row) == len(cells)
            for cell, markdown in zip(row, cells, strict=True):
                html = cell if isinstance(cell, str) else cell[0]
                # the same cell, its Markdown links written as the links MkDocs makes of them
                assert re.sub(r'<a href="[^"]*">([^<]*)</a>', r"\1", html) == re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1",
                                                                                   markdown)
    customers = json.loads(listings(demo_portfolio, demo_config)["customers/index.md"].data() or b"")  # type: ignore[misc]
    names = [re.match(r'<a href="([^"]*)">([^<]*)</a>', row[0]).groups() for row in customers["rows"]]  # type: ignore[union-attr]
    assert names == [(f"{c.id}/", c.customer.name.replace("&", "&amp;")) for c in demo_portfolio.customers]


def test_cells_keep_text_sort_keys_and_resolved_links(demo_portfolio: Portfolio, demo_config: Config,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUCCESSPLANS_TABLE_ROWS", "1")
    first = {}
    for directory_urls in (True, False):
        p = listings(demo_portfolio, demo_config, directory_urls)["objectives.md"]
        assert p.data is not None
        first[directory_urls] = json.loads(p.data() or b"")["rows"][0]
    assert first[True][0] == '<a href="../customers/ironbridge-precision/">Ironbridge Precision Components</a>'
    assert first[False][0] == '<a href="customers/ironbridge-precision.html">Ironbridge Precision Components</a>'
    assert first[True][1].startswith('<a href="../customers/ironbridge-precision/#objective-')
    assert first[True][2] == ['<span class="sp-chip sp-chip--red" data-sort="5">overdue</span>', 5]  # its sort key
    assert first[True][5] == "2026\u201110\u201130"  # dates stay unbreakable


def test_the_shell_names_its_json_and_keeps_heading_and_filters(demo_portfolio: Portfolio, demo_config: Config,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUCCESSPLANS_TABLE_ROWS", "1")
    for directory_urls, url in ((True, "../assets/successplans/tables/risks.json"),
                                (False, "assets/successplans/tables/risks.json")):
        shell = listings(demo_portfolio, demo_config, directory_urls)["risks.md"].make()
        assert f'data-sp-table="{url}"' in shell
        assert "# Risk register" in shell and 'data-sp-filter="risks" data-sp-client>' in shell
        assert '<th scope="col">Customer</th>' in shell and '<th scope="col" style="text-align: right">ARR</th>' in shell
        assert "<tbody></tbody>" in shell and "<caption>Risk register</caption>" in shell


def test_the_json_is_the_same_bytes_every_time(demo_portfolio: Portfolio, demo_config: Config,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUCCESSPLANS_TABLE_ROWS", "1")
    made = [{uri: (p.make(), p.data and p.data()) for uri, p in listings(demo_portfolio, demo_config).items()}
            for _ in range(2)]
    assert made[0] == made[1]


def test_customer_text_stays_text_in_the_json(monkeypatch: pytest.MonkeyPatch) -> None:
    markdown = ("| Customer | Note |\n|---|--:|\n"
                "| [&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co](x.md) | a&#124;b &#42;c&#42; |\n"
                "| [Plain](y.md) | — |\n")
    monkeypatch.setenv("SUCCESSPLANS_TABLE_ROWS", "2")
    assert tables.client_table("customers", markdown, "customers/index.md", True) is None  # two rows fit
    monkeypatch.setenv("SUCCESSPLANS_TABLE_ROWS", "1")
    table = tables.client_table("customers", markdown, "customers/index.md", True)
    assert table is not None and table.rows == 2
    assert [(c.name, c.align) for c in table.columns] == [("Customer", ""), ("Note", "right")]
    rows = json.loads(table.data)["rows"]
    assert rows[0] == ['<a href="x/">&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co</a>', "a&#124;b &#42;c&#42;"]
    assert rows[1] == ['<a href="y/">Plain</a>', "—"]


def test_a_repository_template_that_keeps_its_whole_table_gets_no_json(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.config import load_config
    from generator.portfolio import build_portfolio
    from tests.conftest import DEMO_AS_OF
    from tests.site_fixtures import copy_demo_project

    mkdocs_yml = copy_demo_project(tmp_path)
    (tmp_path / "site_templates").mkdir()
    (tmp_path / "site_templates" / "customers.md.j2").write_text(  # written before long listings existed
        "# Our customers\n\n{% with rows=c.rows, prefix=\"\", spark=False %}{% include \"_customer_table.md.j2\" %}"
        "{% endwith %}\n", encoding="utf-8")
    config = load_config(mkdocs_yml)
    monkeypatch.setenv("SUCCESSPLANS_TABLE_ROWS", "1")
    page = listings(build_portfolio(config, DEMO_AS_OF, history=True), config)["customers/index.md"]
    markdown = page.make()
    assert markdown.startswith("# Our customers") and len(table_rows(markdown)) == 10
    assert page.data is not None and page.data() is None
