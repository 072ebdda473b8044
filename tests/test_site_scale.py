"""A large portfolio in bounded memory: what the build holds, and loading on every processor.

The figures (peak memory, times) are in bench/; these tests hold the mechanisms to their promise:
the same bytes as MkDocs keeping everything, pages released once written, the same model from one
process or several.
"""

from __future__ import annotations

import filecmp
import subprocess
import sys
from pathlib import Path
from typing import Any

import mkdocs.commands.build as mkdocs_build
import pytest

from generator import portfolio as portfolio_module
from generator.cli import main
from generator.config import Config
from generator.files import DiskFiles
from generator.load import customer_folders, load_customer
from generator.model import Portfolio
from generator.site import plugin as plugin_module
from tests.conftest import DEMO_AS_OF
from tests.site_fixtures import copy_demo_project


@pytest.fixture(scope="module")
def demo_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_demo_project(tmp_path_factory.mktemp("demo"))


def _build(project: Path, site: Path, monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, str]]:
    """Build the site; for each generated page, the page and its HTML as MkDocs starts writing it."""
    seen: list[tuple[Any, str]] = []
    real = mkdocs_build._build_page

    def spy(page: Any, *args: Any, **kwargs: Any) -> None:
        if page.file.generated_by == "successplans":
            seen.append((page, page.content))
        real(page, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(mkdocs_build, "_build_page", spy)
        assert main(["build", "-f", str(project), "--site-dir", str(site), "--no-decks"]) == 0
    return seen


def test_pages_held_compressed_are_the_pages_mkdocs_keeps(demo_project: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1763251200")
    held_site, kept_site = tmp_path / "held", tmp_path / "kept"
    held = _build(demo_project, held_site, monkeypatch)
    # between its two passes MkDocs held no page's HTML, and after writing it kept none
    assert len(held) > 30 and all(content == "" for _, content in held)
    assert all(page.content == "" and page.markdown == "" and page.file.content_string == "" for page, _ in held)

    # MkDocs keeping every page itself (as it does when another plugin might read them) writes the same bytes
    monkeypatch.setattr(plugin_module, "PAGE_LOCAL_PLUGINS", frozenset())
    kept = _build(demo_project, kept_site, monkeypatch)
    assert [p.file.src_uri for p, _ in kept] == [p.file.src_uri for p, _ in held]
    assert all(content for _, content in kept)
    files = sorted(str(p.relative_to(held_site)) for p in held_site.rglob("*") if p.is_file())
    assert files == sorted(str(p.relative_to(kept_site)) for p in kept_site.rglob("*") if p.is_file())
    assert "tags.json" in files and "search/search_index.json" in files  # both gathered from every page
    _, mismatch, errors = filecmp.cmpfiles(held_site, kept_site, files, shallow=False)
    assert not mismatch and not errors
    capsys.readouterr()


def test_the_streamed_search_index_is_the_one_material_writes(demo_project: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    from material.plugins.search.plugin import SearchIndex

    from generator.site import searchindex

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1763251200")
    streamed_site, material_site = tmp_path / "streamed", tmp_path / "material"
    made: list[Any] = []
    real = searchindex.StreamedEntries

    def counted() -> Any:
        made.append(real())
        return made[-1]

    with monkeypatch.context() as patch:
        patch.setattr(searchindex, "StreamedEntries", counted)
        _build(demo_project, streamed_site, monkeypatch)
    # the control: the entries really waited compressed, one per section of every page
    assert len(made) == 1 and made[0].count > 100
    # Material's own plugin, keeping its entries and writing the file itself
    monkeypatch.setattr(plugin_module, "streamed_index", lambda plugin: None)
    generated: list[str] = []
    real_generate = SearchIndex.generate_search_index
    monkeypatch.setattr(SearchIndex, "generate_search_index",
                        lambda self, prev: generated.append(real_generate(self, prev)) or generated[-1])
    _build(demo_project, material_site, monkeypatch)
    assert len(generated) == 1 and len(generated[0]) > 100_000
    streamed = (streamed_site / "search" / "search_index.json").read_bytes()
    assert streamed == (material_site / "search" / "search_index.json").read_bytes() == generated[0].encode()
    assert b'"location":"customers/helix-payments/"' in streamed
    capsys.readouterr()


def test_another_plugin_keeps_the_html_in_memory(tmp_path: Path) -> None:
    from mkdocs.config import load_config as mkdocs_config

    (tmp_path / "docs").mkdir()

    def plugin_for(plugins: str) -> Any:
        (tmp_path / "mkdocs.yml").write_text(
            f"site_name: x\ntheme:\n  name: material\nplugins:\n{plugins}  - successplans:\n"
            "      company_name: Brightwell\n", encoding="utf-8")
        config: Any = mkdocs_config(config_file=str(tmp_path / "mkdocs.yml"))
        config.plugins.on_config(config)
        return config.plugins["successplans"]

    assert plugin_for("  - search\n  - tags\n").hold_html
    assert not plugin_for("  - search\n  - offline\n").hold_html  # it might read any page's HTML


def test_a_portfolio_loaded_on_several_processors_is_the_same_model(demo_config: Config, demo_portfolio: Portfolio,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[int] = []
    real_start = portfolio_module._start

    def start(config: Config, as_of: Any, folders: Any, files: Any, history: bool, shared: Any) -> Any:
        started.append(len(folders))
        assert history  # the shares compute the histories too, in parallel
        assert shared.roster is not None  # and check the handles against the demo's roster
        worker = real_start(config, as_of, folders, files, history, shared)
        assert worker is not None
        return worker

    monkeypatch.setattr(portfolio_module, "SHARE", 3)
    monkeypatch.setattr(portfolio_module, "_processors", lambda: 3)
    collected: list[int | None] = []
    real_collect = portfolio_module._collect

    def collect(worker: Any) -> Any:
        result = real_collect(worker)
        collected.append(None if result is None else len(result))
        return result

    monkeypatch.setattr(portfolio_module, "_start", start)
    monkeypatch.setattr(portfolio_module, "_collect", collect)
    parallel = portfolio_module.build_portfolio(demo_config, DEMO_AS_OF, history=True)
    assert started == [4, 2]  # 10 customers: 4 here, then 4 and 2 in two other interpreters
    assert collected == [4, 2]  # both came back (none was recomputed here)
    assert parallel == demo_portfolio
    assert [c.customer.source.path for c in parallel.customers] == [c.customer.source.path for c in demo_portfolio.customers]


@pytest.mark.parametrize("failure", ["no interpreter", "interpreter fails", "pipe breaks"])
def test_a_share_whose_interpreter_fails_is_computed_here(demo_config: Config, demo_portfolio: Portfolio,
                                                          monkeypatch: pytest.MonkeyPatch, failure: str) -> None:
    if failure == "no interpreter":
        def refuse(*args: Any, **kwargs: Any) -> None:
            raise OSError(24, "Too many open files")

        monkeypatch.setattr(portfolio_module.subprocess, "Popen", refuse)
    elif failure == "interpreter fails":
        monkeypatch.setattr(portfolio_module.sys, "executable", "/bin/false")
    else:
        # the interpreter starts but is gone before it reads its work: what "interpreter fails" hits
        # now and then, made certain; a pipe left open here is a ResourceWarning, an error in the suite
        def broken(*args: Any, **kwargs: Any) -> None:
            raise BrokenPipeError(32, "Broken pipe")

        monkeypatch.setattr(portfolio_module.pickle, "dump", broken)
    monkeypatch.setattr(portfolio_module, "SHARE", 2)
    monkeypatch.setattr(portfolio_module, "_processors", lambda: 2)
    assert portfolio_module.build_portfolio(demo_config, DEMO_AS_OF, history=True) == demo_portfolio


def test_a_script_using_the_package_runs_once(demo_project: Path, tmp_path: Path) -> None:
    # multiprocessing's spawn would run an unguarded script again in every child; the shares never do
    runs = tmp_path / "runs"
    script = tmp_path / "script.py"
    script.write_text(
        "import datetime as dt\nfrom pathlib import Path\n"
        "from generator import portfolio\nfrom generator.config import load_config\n"
        f"with open({str(runs)!r}, 'a') as f:\n    f.write('run\\n')\n"
        "portfolio.SHARE = 3\nportfolio._processors = lambda: 3\n"
        f"p = portfolio.build_portfolio(load_config(Path({str(demo_project)!r})), dt.date(2026, 11, 16))\n"
        "print(len(p.customers))\n", encoding="utf-8")
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=False)
    assert result.stdout.strip() == "10", result.stderr
    assert runs.read_text(encoding="utf-8") == "run\n"


def test_the_kept_model_drops_what_only_the_rules_read(demo_config: Config, demo_portfolio: Portfolio) -> None:
    helix = demo_portfolio.customer("helix-payments")
    assert helix is not None
    folder = next(f for f in customer_folders(demo_config, DiskFiles())[0] if f.name == "helix-payments")
    loaded, _ = load_customer(folder, demo_config)
    assert loaded.written and any(a.source.marks for a in loaded.activities)  # the rules had them
    kept = helix.customer
    assert kept.written == () and not any(a.source.marks or s.source.marks
                                          for a in kept.activities for s in kept.stakeholders)
    # each entry keeps its own line; customer and objective keys keep theirs (the agenda points at them)
    assert [a.source.line for a in kept.activities] == [a.source.line for a in loaded.activities]
    assert kept.source.at("renewal_date") == loaded.source.at("renewal_date") != (1, 1)
    assert [o.source.at("due") for o in kept.objectives] == [o.source.at("due") for o in loaded.objectives]
    assert [[o.source.at(f"tasks[{i}]") for i in range(len(o.tasks))] for o in kept.objectives] == \
        [[o.source.at(f"tasks[{i}]") for i in range(len(o.tasks))] for o in loaded.objectives]
    assert not any(o.source.has("metric.target") for o in kept.objectives)
    assert any(o.source.has("metric.target") for o in loaded.objectives)
    # the statuses point at the kept objectives, not at copies the rules read
    assert all(s.objective is o for s, o in zip(sorted(helix.objectives, key=lambda s: s.id),
                                                 sorted(kept.objectives, key=lambda o: o.id)))
    assert kept.activities == loaded.activities and kept.stakeholders == loaded.stakeholders


def test_a_site_without_decks_never_imports_the_deck_renderer(demo_project: Path, tmp_path: Path) -> None:
    # python-pptx costs a second and tens of MB; the handbook's command pages read every command's help
    code = ("import sys\nfrom generator.cli import main\n"
            f"code = main(['build', '-f', {str(demo_project)!r}, '--site-dir', {str(tmp_path / 'site')!r}, '--no-decks'])\n"
            "print(code, 'pptx' in sys.modules, 'generator.deck' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert result.stdout.splitlines()[-1] == "0 False False", result.stderr
