"""Installed like any Python tool: build the wheel and sdist, install the wheel into a fresh venv
outside the source tree, and use only that install on plans repositories made by `init`.

The wheel is built and installed once for the module. Every command runs in a subprocess whose
PATH starts with the venv and whose working folder is outside this checkout; the first test proves
that `generator` is then imported from the venv, never from here.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import stop_process_group
from pptx import Presentation
from ruamel.yaml import YAML

from generator import __version__

ROOT = Path(__file__).resolve().parent.parent
DEMO_AS_OF = "2026-11-16"
SERVE_LIMIT = 60.0


@dataclass(frozen=True)
class Installed:
    dist: Path
    venv: Path
    work: Path

    @property
    def bin(self) -> Path:
        return self.venv / "bin"

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "PIP_"))}
        env.update(PATH=f"{self.bin}{os.pathsep}{env.get('PATH', '')}", VIRTUAL_ENV=str(self.venv), COLUMNS="120",
                   GIT_AUTHOR_NAME="T", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="T",
                   GIT_COMMITTER_EMAIL="t@example.com", **extra)
        return env

    def run(self, *args: str, cwd: Path, check: bool = True, **extra: str) -> subprocess.CompletedProcess[str]:
        result = subprocess.run([str(self.bin / "successplans"), *args], cwd=cwd, env=self.env(**extra),
                                capture_output=True, text=True, timeout=300, check=False)
        if check:
            assert result.returncode == 0, (args, result.stdout, result.stderr)
        return result

    def shell(self, line: str, cwd: Path, **extra: str) -> subprocess.CompletedProcess[str]:
        """One CI script line, as a runner runs it (bash, stop at the first failure)."""
        return subprocess.run(["bash", "-e", "-o", "pipefail", "-c", line], cwd=cwd, env=self.env(**extra),
                              capture_output=True, text=True, timeout=300, check=False)


def pip_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("PYTHONPATH", "VIRTUAL_ENV"))}


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    base = tmp_path_factory.mktemp("install")
    assert not base.resolve().is_relative_to(ROOT)
    dist = base / "dist"
    subprocess.run([sys.executable, "-m", "build", "--outdir", str(dist), str(ROOT)], check=True,
                   capture_output=True, env=pip_env(), timeout=600)
    venv = base / "venv"
    # no pip of its own (quicker): this environment's pip installs into it, dependencies and all
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    [wheel] = dist.glob("*.whl")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "--quiet",
                    str(wheel)], check=True, capture_output=True, env=pip_env(), timeout=600, cwd=base)
    work = base / "work"
    work.mkdir()
    return Installed(dist=dist, venv=venv, work=work)


def new_repo(installed: Installed, name: str, *args: str) -> Path:
    installed.run("init", name, "--company", "Brightwell Software", *args, cwd=installed.work)
    return installed.work / name


def with_demo_customers(repo: Path, *names: str) -> Path:
    """The demo customers (or those named) copied beside the example customer."""
    for folder in (ROOT / "customers").iterdir():
        if not names or folder.name in names:
            shutil.copytree(folder, repo / "customers" / folder.name)
    return repo


def git(repo: Path, installed: Installed, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, env=installed.env(), check=True, capture_output=True,
                          text=True).stdout


# --- the distributions ------------------------------------------------------------------------

def test_the_installed_tool_is_the_wheel_not_this_checkout(installed: Installed) -> None:
    probe = ("import generator, generator.resources as r, sys; "
             "print(generator.__file__); print(r.SITE_TEMPLATES); print(r.CI_TEMPLATES); "
             "print(any(p and __import__('pathlib').Path(p).resolve().is_relative_to(sys.argv[1]) for p in sys.path))")
    result = subprocess.run([str(installed.bin / "python"), "-c", probe, str(ROOT)], cwd=installed.work,
                            env=installed.env(), capture_output=True, text=True, check=True)
    module, templates, ci, source_on_path = result.stdout.splitlines()
    site_packages = next((installed.venv / "lib").glob("python3*/site-packages"))
    assert Path(module) == site_packages / "generator" / "__init__.py"
    assert Path(templates) == site_packages / "generator" / "site_templates"
    assert Path(ci) == site_packages / "generator" / "ci_templates"
    assert source_on_path == "False"
    assert installed.run("--version", cwd=installed.work).stdout == f"successplans, version {__version__}\n"


def test_the_wheel_carries_templates_assets_deck_and_ci_files(installed: Installed) -> None:
    [wheel] = installed.dist.glob("*.whl")
    assert wheel.name == f"successplans-{__version__}-py3-none-any.whl"
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {f"generator/site_templates/{p.relative_to(ROOT / 'site_templates').as_posix()}"
               for p in (ROOT / "site_templates").rglob("*") if p.is_file()}
    shipped |= {f"generator/ci_templates/{p.name}" for p in (ROOT / "ci-templates").iterdir()}
    assert "generator/site_templates/deck/default.pptx" in shipped
    assert "generator/site_templates/assets/successplans.css" in shipped
    assert shipped <= names
    assert f"successplans-{__version__}.dist-info/licenses/LICENSE" in names
    assert not [n for n in names if n.startswith(("tests/", "customers/", "site_templates/"))]
    [sdist] = installed.dist.glob("*.tar.gz")
    assert sdist.name == f"successplans-{__version__}.tar.gz"


def test_the_metadata_passes_twine_check(installed: Installed) -> None:
    result = subprocess.run([sys.executable, "-m", "twine", "check", "--strict",
                             *map(str, sorted(installed.dist.iterdir()))], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("PASSED") == 2
    [wheel] = installed.dist.glob("*.whl")
    metadata = zipfile.ZipFile(wheel).read(f"successplans-{__version__}.dist-info/METADATA").decode()
    assert "License-Expression: MIT" in metadata
    assert "Requires-Python: <3.14,>=3.11" in metadata or "Requires-Python: >=3.11,<3.14" in metadata
    assert "Classifier: Programming Language :: Python :: 3.13" in metadata


# --- every command from the install -----------------------------------------------------------

def test_every_command_works_on_an_init_repository(installed: Installed) -> None:
    repo = with_demo_customers(new_repo(installed, "plans"))
    checked = installed.run("check", "--as-of", DEMO_AS_OF, cwd=repo)
    assert "0 errors" in checked.stderr
    statuses = json.loads(installed.run("status", "--format", "json", "--as-of", DEMO_AS_OF, cwd=repo).stdout)
    assert len(statuses) == 11 and {s["id"] for s in statuses} >= {"example-customer", "helix-payments"}
    built = installed.run("build", "--as-of", DEMO_AS_OF, cwd=repo)
    assert "Site: site/index.html (11 customers)" in built.stdout
    page = (repo / "site" / "customers" / "helix-payments" / "index.html").read_text(encoding="utf-8")
    assert "Helix Payments" in page and "sp-chip" in page  # the packaged page template
    assert (repo / "site" / "assets" / "successplans" / "successplans.css").read_bytes() == (
        ROOT / "site_templates" / "assets" / "successplans.css").read_bytes()
    assert sorted(p.name for p in (repo / "site" / "decks").iterdir()) == sorted(
        f"{p.name}.pptx" for p in (repo / "customers").iterdir())
    deep = repo / "customers" / "helix-payments" / "objectives"
    deck = installed.run("deck", "helix-payments", "--as-of", DEMO_AS_OF, cwd=deep)
    target = repo / "decks" / f"helix-payments-ebr-{DEMO_AS_OF}.pptx"
    assert deck.stdout == f"Deck: {target}\n"
    assert len(Presentation(str(target)).slides) > 5
    digest = installed.run("digest", "helix-payments", "--as-of", DEMO_AS_OF, cwd=deep)
    assert digest.stdout.startswith("# Helix Payments: are these still your priorities?")
    missing = installed.run("check", cwd=installed.work, check=False)
    assert (missing.returncode, missing.stderr) == (
        2, "successplans: no mkdocs.yml here or in any parent folder (run successplans init, or pass -f)\n")


def test_serve_answers_from_the_install(installed: Installed) -> None:
    import socket

    repo = new_repo(installed, "served")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    log = (installed.work / "serve.log").open("w")
    proc = subprocess.Popen([str(installed.bin / "successplans"), "serve", "--dev-addr", f"127.0.0.1:{port}"],
                            cwd=repo / "customers", env=installed.env(), stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        deadline, page = time.monotonic() + SERVE_LIMIT, None
        while time.monotonic() < deadline and page is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/customers/example-customer/", timeout=5) as r:
                    page = r.read().decode("utf-8")
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        assert page is not None, (installed.work / "serve.log").read_text()
        assert "Example Customer" in page and "Process an order in 2 days instead of 5" in page
    finally:
        stop_process_group(proc)
        log.close()


# --- overrides --------------------------------------------------------------------------------

def test_a_repository_overrides_a_page_the_css_and_the_deck_template(installed: Installed) -> None:
    from tests.test_repository import marked_deck_template, master_texts

    repo = new_repo(installed, "branded")
    overrides = repo / "site_templates"
    (overrides / "assets").mkdir(parents=True)
    page = (ROOT / "site_templates" / "customer.md.j2").read_text(encoding="utf-8")
    page = page.replace("\n# {{ c.name }}\n", "\n# {{ c.name }}\n\nBRANDED-PAGE-MARKER\n", 1)
    assert "BRANDED-PAGE-MARKER" in page
    (overrides / "customer.md.j2").write_text(page, encoding="utf-8")
    css = (ROOT / "site_templates" / "assets" / "successplans.css").read_text(encoding="utf-8")
    (overrides / "assets" / "successplans.css").write_text(css + "\n.branded-css-marker { color: red; }\n",
                                                           encoding="utf-8")
    marked_deck_template(overrides / "deck" / "default.pptx", "BRANDED-DECK-MARKER")

    installed.run("build", cwd=repo)
    site = repo / "site"
    assert "BRANDED-PAGE-MARKER" in (site / "customers" / "example-customer" / "index.html").read_text("utf-8")
    assert "BRANDED-PAGE-MARKER" not in (site / "index.html").read_text("utf-8")  # the dashboard is shipped
    assert ".branded-css-marker" in (site / "assets" / "successplans" / "successplans.css").read_text("utf-8")
    assert (site / "assets" / "successplans" / "sortable.js").is_file()  # not overridden: from the package
    assert "BRANDED-DECK-MARKER" in master_texts(site / "decks" / "example-customer.pptx")
    installed.run("deck", "example-customer", "-o", "ebr.pptx", cwd=repo)
    assert "BRANDED-DECK-MARKER" in master_texts(repo / "ebr.pptx")


# --- CI templates and the pre-commit hook -----------------------------------------------------

def script_lines(ci_file: Path) -> list[tuple[str, str]]:
    """(job, line) of every script line that calls successplans, in file order. The merge-request
    comment step only mentions the tool (it needs a token and a merge request): it is not run."""
    data = YAML(typ="safe").load(ci_file.read_text(encoding="utf-8"))
    found = []
    if ci_file.name == ".gitlab-ci.yml":
        for job, body in data.items():
            if isinstance(body, dict):
                found += [(job, line) for line in body.get("script", []) if line.startswith("successplans ")]
    else:
        for job, body in data["jobs"].items():
            found += [(job, step["run"]) for step in body["steps"]
                      if step.get("run", "").lstrip().startswith("successplans ")]
    return found


@pytest.mark.parametrize("ci", ["gitlab", "github"])
def test_ci_script_lines_run_against_an_init_repository(installed: Installed, ci: str) -> None:
    repo = with_demo_customers(new_repo(installed, f"ci-{ci}", "--ci", ci), "helix-payments", "tallyhq")
    git(repo, installed, "init", "--quiet", "--initial-branch", "main")
    git(repo, installed, "add", "--all")
    git(repo, installed, "commit", "--quiet", "-m", "plans")
    base = git(repo, installed, "rev-parse", "HEAD").strip()
    installed.run("log", "example-customer", "--kind", "call", "--title", "Weekly sync", "--reading",
                  "faster-order-processing=4", cwd=repo)
    git(repo, installed, "add", "--all")  # the entry is a new file of the customer's activity/ folder
    git(repo, installed, "commit", "--quiet", "-m", "a merge request's change")

    ci_file = repo / (".gitlab-ci.yml" if ci == "gitlab" else ".github/workflows/plans.yml")
    settings = YAML(typ="safe").load(ci_file.read_text("utf-8"))
    pin = settings["variables" if ci == "gitlab" else "env"]["SUCCESSPLANS_PIP"]
    assert pin == f"successplans=={__version__}"  # what the venv holds: the lines below run that version
    resolved = subprocess.run([sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--no-deps",
                               "--no-index", "--find-links", str(installed.dist), "--only-binary", ":all:", pin],
                              capture_output=True, text=True, env=pip_env(), timeout=120, check=False)
    assert f"Would install successplans-{__version__}" in resolved.stdout, resolved.stdout + resolved.stderr
    summary = repo / "summary.md"
    context = {"CI_MERGE_REQUEST_DIFF_BASE_SHA": base, "BASE_SHA": base, "GITHUB_STEP_SUMMARY": str(summary)}
    lines = script_lines(ci_file)
    assert [line.split()[1] for _, line in lines] == (["check", "check", "diff", "build"] if ci == "gitlab"
                                                       else ["diff", "check", "build"])
    for job, line in lines:
        result = installed.shell(line, repo, **context)
        assert result.returncode == 0, (job, line, result.stdout, result.stderr)
    assert (repo / "public" / "index.html").is_file() and (repo / "public" / "decks" / "helix-payments.pptx").is_file()
    changes = (repo / "plan-changes.md").read_text("utf-8") if ci == "gitlab" else summary.read_text("utf-8")
    assert "#### Example Customer (`example-customer`)" in changes
    assert "- **Progress**: `faster-order-processing` 17% → 33% (4.5 days → 4 days)" in changes
    if ci == "gitlab":
        report = json.loads((repo / "gl-code-quality-report.json").read_text("utf-8"))
        assert report and {"description", "check_name", "location"} <= set(report[0])


def test_pre_commit_hook_of_an_init_repository(installed: Installed, tmp_path: Path) -> None:
    """`pre-commit install` once, then every commit runs the installed successplans check."""
    repo = with_demo_customers(new_repo(installed, "hooked"), "helix-payments", "tallyhq")
    env = installed.env(PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"))

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(list(args), cwd=repo, env=env, capture_output=True, text=True, timeout=300)

    git(repo, installed, "init", "--quiet")
    git(repo, installed, "add", "--all")
    clean = run(sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert re.search(r"successplans check\.+Passed", clean.stdout)

    assert run(sys.executable, "-m", "pre_commit", "install").returncode == 0
    committed = run("git", "commit", "--quiet", "-m", "Our success plans")
    assert committed.returncode == 0, committed.stdout + committed.stderr
    head = git(repo, installed, "rev-parse", "HEAD")

    broken = repo / "customers" / "helix-payments" / "objectives" / "chargeback-resolution-time.md"
    broken.write_text(broken.read_text("utf-8").replace("status: in_progress", "status: doing"), encoding="utf-8")
    refused = run("git", "commit", "--all", "-m", "a broken objective")
    shown = refused.stdout + refused.stderr  # git shows the hook's output on stderr
    assert refused.returncode == 1
    assert re.search(r"successplans check\.+Failed", shown)
    assert "customers/helix-payments/objectives/chargeback-resolution-time.md" in shown
    assert "error SP005" in shown
    assert " warning " not in shown and "customers/tallyhq" not in shown  # errors of the changed customer only
    assert git(repo, installed, "rev-parse", "HEAD") == head  # nothing was committed


def test_published_hook_definition_passes_clean_and_fails_broken(installed: Installed) -> None:
    """What pre-commit does with `language: python`: install this package in a venv, then run
    `entry` in the plans repository when a changed file matches `files` (here: the wheel's venv)."""
    [hook] = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert (hook["language"], hook["pass_filenames"]) == ("python", True)
    files = re.compile(hook["files"])
    assert files.search("customers/acme/objectives/x.md") and files.search("mkdocs.yml") and files.search("team.yaml")
    assert not files.search("README.md")
    repo = with_demo_customers(new_repo(installed, "published-hook"), "helix-payments", "tallyhq")
    changed = " customers/tallyhq/customer.yaml"  # pre-commit passes the files a commit changes
    clean = installed.shell(hook["entry"] + changed, repo)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    broken = repo / "customers" / "tallyhq" / "customer.yaml"
    broken.write_text(broken.read_text("utf-8") + "unexpected_key: 1\n", encoding="utf-8")
    failed = installed.shell(hook["entry"] + changed, repo)
    assert failed.returncode == 1
    assert "customers/tallyhq/customer.yaml" in failed.stdout and "error SP006" in failed.stdout
    other = installed.shell(hook["entry"] + " customers/helix-payments/customer.yaml", repo)
    assert other.returncode == 0 and "tallyhq" not in other.stdout  # another customer's commit
