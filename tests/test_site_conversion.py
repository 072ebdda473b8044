"""Pages converted on a second processor (site/conversion.py): the same site byte for byte whichever
process converted a page, and a worker that stops or never starts costs one warning, not a page."""

from __future__ import annotations

import filecmp
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.portfolio import PACKAGE_PARENT
from generator.site import conversion
from generator.site import plugin as plugin_module
from tests.site_fixtures import copy_demo_project

# the real worker, ending itself (as an out-of-memory kill would) once it has answered three pages
DYING = ("import os, sys; sys.path.insert(0, sys.argv[1]); from generator.site import convertshare as c; "
         "real = c.write_frame; sent = []\n"
         "def write_frame(out, data):\n"
         "    sent.append(data)\n"
         "    if len(sent) > 4: os._exit(9)\n"
         "    real(out, data)\n"
         "c.write_frame = write_frame; c.main()")


@pytest.fixture(scope="module")
def demo_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_demo_project(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def one_process_site(demo_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("one") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1763251200")
        patch.setattr(conversion, "PAGES", 10**9)
        assert main(["build", "-f", str(demo_project), "--site-dir", str(site), "--no-decks"]) == 0
    return site


def force_worker(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A worker for every build, whatever the machine and the page count; the pages it converted."""
    monkeypatch.setattr(conversion, "PAGES", 0)
    monkeypatch.setattr(conversion, "_processors", lambda: 2)
    installed: list[str] = []
    real = plugin_module.install_rendered

    def counted(page: Any, rendered: Any) -> None:
        installed.append(page.file.src_uri)
        real(page, rendered)

    monkeypatch.setattr(plugin_module, "install_rendered", counted)
    real_sections = plugin_module.SuccessPlansPlugin._page_sections

    def sections(self: Any, page: Any) -> Any:
        found = real_sections(self, page)
        if found is not None:
            installed.append(f"sections of {page.file.src_uri}")
        return found

    monkeypatch.setattr(plugin_module.SuccessPlansPlugin, "_page_sections", sections)
    return installed


def build(project: Path, site: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["build", "-f", str(project), "--site-dir", str(site), "--no-decks"]) == 0
    captured = capsys.readouterr()
    return " ".join((captured.out + captured.err).split())  # as printed, wrapped


def same_site(one: Path, other: Path) -> bool:
    files = sorted(str(p.relative_to(one)) for p in one.rglob("*") if p.is_file())
    if files != sorted(str(p.relative_to(other)) for p in other.rglob("*") if p.is_file()):
        return False
    _, mismatch, errors = filecmp.cmpfiles(one, other, files, shallow=False)
    return not mismatch and not errors


def test_pages_converted_by_the_worker_make_the_same_site(demo_project: Path, one_process_site: Path,
                                                          tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1763251200")
    installed = force_worker(monkeypatch)
    output = build(demo_project, tmp_path / "site", capsys)
    # the worker converted pages (from the end of MkDocs' order) and divided them for search,
    # and this process the others
    converted = [uri for uri in installed if not uri.startswith("sections of ")]
    assert converted and converted[-1].startswith("csms/")
    assert len(installed) == 2 * len(converted)
    generated = sum(1 for p in (tmp_path / "site").rglob("index.html"))
    assert len(converted) < generated
    assert "interpreter" not in output
    assert same_site(one_process_site, tmp_path / "site")
    # the control: a different page is seen as one
    (tmp_path / "site" / "index.html").write_text("changed", encoding="utf-8")
    assert not same_site(one_process_site, tmp_path / "site")


def test_a_worker_that_dies_midway_leaves_its_pages_to_this_process(demo_project: Path, one_process_site: Path,
                                                                    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1763251200")
    installed = force_worker(monkeypatch)
    monkeypatch.setattr(conversion, "worker_command", lambda: [sys.executable, "-I", "-c", DYING,
                                                               str(PACKAGE_PARENT)])
    output = build(demo_project, tmp_path / "site", capsys)
    assert len(installed) == 2 * 3  # answered three pages, then was gone
    assert output.count("stopped; the rest are converted on one processor") == 1
    assert same_site(one_process_site, tmp_path / "site")


def test_a_worker_that_cannot_start_costs_one_warning(demo_project: Path, one_process_site: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1763251200")
    installed = force_worker(monkeypatch)
    monkeypatch.setattr(conversion, "worker_command", lambda: [str(tmp_path / "no-such-python")])
    output = build(demo_project, tmp_path / "site", capsys)
    assert installed == []
    assert output.count("a second interpreter could not start") == 1
    assert same_site(one_process_site, tmp_path / "site")


def test_a_worker_unable_to_load_an_extension_leaves_every_page_here_silently(
        demo_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    # an extension this process has (here: made importable by hand) and the isolated worker does not
    (tmp_path / "ext").mkdir()
    (tmp_path / "ext" / "house_rules.py").write_text(
        "from markdown.extensions import Extension\n\nclass HouseRules(Extension):\n"
        "    def extendMarkdown(self, md):\n        pass\n\ndef makeExtension(**kwargs):\n"
        "    return HouseRules(**kwargs)\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path / "ext"))
    project = copy_demo_project(tmp_path)
    project.write_text(project.read_text(encoding="utf-8").replace("markdown_extensions:\n",
                                                                   "markdown_extensions:\n  - house_rules\n"),
                       encoding="utf-8")
    installed = force_worker(monkeypatch)
    assert main(["build", "-f", str(project), "--site-dir", str(tmp_path / "site"), "--no-decks",
                 "--trust-code"]) == 0
    output = capsys.readouterr()
    assert installed == []
    assert "interpreter" not in output.out + output.err


def test_a_site_with_hooks_converts_every_page_here(demo_project: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    # the worker loads mkdocs.yml's plugins too: a hook (trusted) would be imported a second time
    project = copy_demo_project(tmp_path)
    (project.parent / "hooks.py").write_text(
        "from pathlib import Path\nwith Path(__file__).with_name('imported').open('a') as f:\n    f.write('x')\n",
        encoding="utf-8")
    project.write_text(project.read_text(encoding="utf-8") + "\nhooks:\n  - hooks.py\n", encoding="utf-8")
    installed = force_worker(monkeypatch)
    assert main(["build", "-f", str(project), "--site-dir", str(tmp_path / "site"), "--no-decks",
                 "--trust-code"]) == 0
    capsys.readouterr()
    assert installed == []
    assert (project.parent / "imported").read_text(encoding="utf-8") == "x"  # once: by this process
    # the control: the same site without the hook has its pages converted by the worker
    project.write_text(project.read_text(encoding="utf-8").replace("\nhooks:\n  - hooks.py\n", ""), encoding="utf-8")
    assert main(["build", "-f", str(project), "--site-dir", str(tmp_path / "site2"), "--no-decks"]) == 0
    assert installed != []
