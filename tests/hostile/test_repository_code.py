"""Python in a plans repository runs only where the team decided it may, and never unannounced.

- a folder named like the package (`generator/`) or like MkDocs never shadows the installed
  package in the interpreters that compute a large portfolio's shares or convert its pages;
- the repository's page templates render in Jinja's sandbox unless `trust_templates` is on;
- hooks, theme overrides and trusted templates run only when whoever runs the build trusts them
  (`--trust-code`), announced in one line first.

Each payload has its control proving it live: the same import, template or hook without the
protection does create the marker.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from jinja2 import Environment
from jinja2.utils import Cycler

from generator import portfolio as portfolio_module
from generator.cli import main
from generator.config import load_config
from generator.portfolio import build_portfolio, compute_share, iter_customers

from .conftest import CUSTOMER, no_traceback

AS_OF = "2026-11-16"


def _shadow_package(repo: Path, marker: Path) -> None:
    """A folder named like the package, whose import leaves a marker and then fails."""
    (repo / "generator").mkdir()
    (repo / "generator" / "__init__.py").write_text(
        f"open({str(marker)!r}, 'a').write('imported\\n')\nraise SystemExit(3)\n", encoding="utf-8")


def _customers(repo: Path, count: int) -> None:
    source = repo / CUSTOMER
    for i in range(count - 1):
        shutil.copytree(source, repo / "customers" / f"harbor-labs-{i:03d}")


def test_a_share_interpreter_never_imports_the_repositorys_generator_folder(plans: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    marker = plans.parent / "imported"
    _shadow_package(plans, marker)
    _customers(plans, 6)
    monkeypatch.setattr(portfolio_module, "SHARE", 2)
    monkeypatch.setattr(portfolio_module, "_processors", lambda: 2)
    collected: list[int | None] = []
    real_collect = portfolio_module._collect

    def collect(worker: object) -> object:
        result = real_collect(worker)  # type: ignore[arg-type]
        collected.append(None if result is None else len(result))
        return result

    monkeypatch.setattr(portfolio_module, "_collect", collect)
    config = load_config()
    day = dt.date.fromisoformat(AS_OF)
    shared = build_portfolio(config, day)
    assert not marker.exists()
    assert collected == [3]  # the other share came back from its own interpreter (not recomputed here)
    _stray, one_by_one = iter_customers(config, day)
    assert [c.id for c in shared.customers] == sorted(c.id for c in one_by_one)
    # the control: an interpreter started the usual way in the repository imports the folder
    proc = subprocess.run([sys.executable, "-m", "generator.loadshare"], cwd=plans, input=b"", capture_output=True,
                          timeout=60, check=False)
    assert proc.returncode == 3 and marker.read_text(encoding="utf-8") == "imported\n"


@pytest.mark.heavy
def test_status_of_300_customers_runs_only_the_installed_package(plans: Path) -> None:
    """The command as a user runs it from the repository (the installed script does not put the
    working folder first on the module path: `-P` here does the same)."""
    marker = plans.parent / "imported"
    _shadow_package(plans, marker)
    _customers(plans, 300)
    proc = subprocess.run([sys.executable, "-P", "-m", "generator", "status", "--format", "json", "--as-of", AS_OF],
                          cwd=plans, capture_output=True, text=True, timeout=300, check=False,
                          env={**os.environ, "SUCCESSPLANS_TODAY": AS_OF})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count('"id": "harbor-labs') == 300
    assert not marker.exists()


@pytest.mark.heavy
def test_the_interpreter_converting_pages_never_imports_the_repositorys_folders(
        plans: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.site import conversion
    from generator.site import plugin as plugin_module

    marker = plans.parent / "imported"
    _shadow_package(plans, marker)
    (plans / "mkdocs").mkdir()  # named like MkDocs, which the worker imports first
    (plans / "mkdocs" / "__init__.py").write_text(
        f"open({str(marker)!r}, 'a').write('mkdocs\\n')\nraise SystemExit(3)\n", encoding="utf-8")
    monkeypatch.setattr(conversion, "PAGES", 0)
    monkeypatch.setattr(conversion, "_processors", lambda: 2)
    installed: list[str] = []
    real = plugin_module.install_rendered
    monkeypatch.setattr(plugin_module, "install_rendered", lambda page, rendered: installed.append(
        page.file.src_uri) or real(page, rendered))
    assert main(["build", "--no-decks"]) == 0
    assert installed  # the worker converted pages, from the installed package and MkDocs
    assert not marker.exists()
    # the control: an interpreter started the usual way in the repository imports the folders
    for module in ("generator.site.convertshare", "mkdocs"):
        proc = subprocess.run([sys.executable, "-c", f"import {module}"], cwd=plans, capture_output=True,
                              timeout=60, check=False)
        assert proc.returncode == 3
    assert marker.read_text(encoding="utf-8") == "imported\nmkdocs\n"


PAYLOAD = "{{ cycler.__init__.__globals__.os.mkdir(%r) }}"


def _override(plans: Path, marker: Path) -> Path:
    folder = plans / "site_templates"
    folder.mkdir()
    shipped = (Path(__file__).resolve().parents[2] / "site_templates" / "customer.md.j2").read_text(encoding="utf-8")
    (folder / "customer.md.j2").write_text(PAYLOAD % str(marker) + "\n" + shipped, encoding="utf-8")
    return folder / "customer.md.j2"


def test_a_repository_template_renders_in_the_sandbox(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    marker = plans.parent / "ran"
    template = _override(plans, marker)
    assert main(["build", "--no-decks"]) == 2
    err = capsys.readouterr().err
    assert "the page template customer.md.j2 cannot be rendered: access to attribute '__init__'" in err
    assert "trust_templates" in err and no_traceback(err)
    assert not marker.exists() and not (plans / "site").exists()
    # the control: the same template outside the sandbox runs its Python
    Environment().from_string(template.read_text(encoding="utf-8").splitlines()[0]).render(cycler=Cycler)
    assert marker.is_dir()


def test_trusted_templates_run_and_the_build_says_so_first(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    marker = plans.parent / "ran"
    _override(plans, marker)
    mkdocs_yml = plans / "mkdocs.yml"
    mkdocs_yml.write_text(mkdocs_yml.read_text(encoding="utf-8") + "      trust_templates: true\n", encoding="utf-8")
    # the option alone is in the repository, where a merge request could set it: the runner must agree
    assert main(["build", "--no-decks"]) == 2
    err = capsys.readouterr().err
    assert "building would run code from the repository: site_templates/ (page templates trusted by " in err
    assert "--trust-code" in err and no_traceback(err)
    assert not marker.exists() and not (plans / "site").exists()
    assert main(["build", "--no-decks", "--trust-code"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("successplans: this runs code from the repository: site_templates/ (page templates "
                          "trusted by trust_templates)")
    assert marker.is_dir()


def test_overridden_templates_that_stay_in_bounds_render_as_before(plans: Path) -> None:
    (plans / "site_templates").mkdir()
    shipped = Path(__file__).resolve().parents[2] / "site_templates"
    shutil.copy(shipped / "customer.md.j2", plans / "site_templates" / "customer.md.j2")
    assert main(["build", "--no-decks", "-d", str(plans.parent / "sandboxed")]) == 0
    shutil.rmtree(plans / "site_templates")
    assert main(["build", "--no-decks", "-d", str(plans.parent / "plain")]) == 0
    page = Path("customers") / "harbor-labs" / "index.html"
    assert (plans.parent / "sandboxed" / page).read_bytes() == (plans.parent / "plain" / page).read_bytes()


@pytest.mark.heavy
@pytest.mark.parametrize("trust", ["--trust-code", "environment"])
def test_a_hook_runs_only_when_trusted_and_announced_first(plans: Path, trust: str) -> None:
    marker = plans.parent / "hooked"
    (plans / "hooks").mkdir()
    (plans / "hooks" / "notify.py").write_text(f"import os\nos.mkdir({str(marker)!r})\n", encoding="utf-8")
    (plans / "mkdocs.yml").write_text((plans / "mkdocs.yml").read_text(encoding="utf-8")
                                      + "hooks:\n  - hooks/notify.py\ntheme:\n  name: mkdocs\n  custom_dir: overrides\n",
                                      encoding="utf-8")
    (plans / "overrides").mkdir()
    command = [sys.executable, "-P", "-m", "generator", "build", "--no-decks"]
    env = {k: v for k, v in os.environ.items() if k != "SUCCESSPLANS_TRUST_CODE"}
    refused = subprocess.run(command, cwd=plans, text=True, capture_output=True, timeout=300, check=False, env=env)
    assert refused.returncode == 2, refused.stderr
    assert refused.stderr.splitlines() == [
        "successplans: mkdocs.yml: building would run code from the repository: hooks/notify.py (a "
        "hook); overrides/ (theme templates). Read it first (a merge request may have changed it); if you trust "
        "it, run again with --trust-code or with SUCCESSPLANS_TRUST_CODE=1 set"]
    assert not marker.exists() and not (plans / "site").exists()
    # the control: trusted by whoever runs the build, the hook runs, once announced
    if trust == "--trust-code":
        command.append(trust)
    else:
        env["SUCCESSPLANS_TRUST_CODE"] = "1"
    proc = subprocess.run(command, cwd=plans, text=True, capture_output=True, timeout=300, check=False, env=env)
    assert proc.returncode == 0, proc.stderr
    first = proc.stderr.splitlines()[0]
    assert first == ("successplans: this runs code from the repository: hooks/notify.py (a hook); overrides/ (theme "
                     "templates). Review changes to these files as code (see the Handbook's page on merge requests).")
    assert marker.is_dir()


def test_a_plain_repository_announces_nothing(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--no-decks"]) == 0
    assert "runs code from the repository" not in capsys.readouterr().err


@pytest.mark.heavy
def test_a_markdown_extension_living_in_the_repository_is_announced(plans: Path) -> None:
    (plans / "house_style.py").write_text("from markdown.extensions import Extension\n\n"
                                          "class HouseStyle(Extension):\n    def extendMarkdown(self, md):\n        pass\n\n"
                                          "def makeExtension(**kwargs):\n    return HouseStyle(**kwargs)\n",
                                          encoding="utf-8")
    (plans / "mkdocs.yml").write_text((plans / "mkdocs.yml").read_text(encoding="utf-8")
                                      + "markdown_extensions:\n  - house_style\n", encoding="utf-8")
    # `python -m` puts the working folder first on the module path: the repository's module is found
    refused = subprocess.run([sys.executable, "-m", "generator", "build", "--no-decks"], cwd=plans, text=True,
                             capture_output=True, timeout=300, check=False)
    assert refused.returncode == 2 and "the Markdown extension house_style" in refused.stderr
    proc = subprocess.run([sys.executable, "-m", "generator", "build", "--no-decks", "--trust-code"], cwd=plans,
                          text=True, capture_output=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "runs code from the repository: the Markdown extension house_style." in proc.stderr.splitlines()[0]


def test_compute_share_is_what_a_share_interpreter_runs(plans: Path) -> None:
    # the work a share's interpreter is given is the same function computed here
    config = load_config()
    day = dt.date.fromisoformat(AS_OF)
    folders = [plans / CUSTOMER]
    proc = subprocess.run(portfolio_module.share_command(), input=pickle.dumps(
        (config, day, folders, portfolio_module.DiskFiles(), True, portfolio_module.NO_FACTS)), capture_output=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    assert pickle.loads(proc.stdout) == compute_share(config, day, folders, portfolio_module.DiskFiles(), history=True)
