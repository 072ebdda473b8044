"""A plans repository of its own: `init`, finding mkdocs.yml from any folder, overriding the shipped
templates, decks written into decks/, and a deck cache that notices a change of code or options."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from pptx import Presentation
from pptx.util import Inches

from generator import __version__
from generator.cli import main
from generator.config import load_config
from generator.deck import build_decks
from generator.deck.template import DEFAULT_TEMPLATE, template_path
from generator.errors import ConfigError
from generator.portfolio import build_portfolio
from generator.resources import SHIPPED, SITE_TEMPLATES, templates_for
from generator.site.context import SiteOptions
from generator.site.pages import customer_page, generate

ROOT = Path(__file__).resolve().parent.parent
DEMO_AS_OF = "2026-11-16"
NOT_FOUND = "successplans: no mkdocs.yml here or in any parent folder (run successplans init, or pass -f)\n"
INIT_FILES = [
    ".gitignore", ".pre-commit-config.yaml", ".vscode/settings.json", "README.md",
    "customers/example-customer/activity/2026-05-02-agreed-first-objective-sam-02b9aa.yaml",
    "customers/example-customer/activity/2026-06-01-monthly-check-sam-5bdbde.yaml",
    "customers/example-customer/customer.yaml",
    "customers/example-customer/objectives/faster-order-processing.md",
    "customers/example-customer/stakeholders.yaml", "docs/.gitkeep", "mkdocs.yml", "schemas/activity-entry.schema.json",
    "schemas/activity.schema.json",
    "schemas/customer.schema.json", "schemas/objective.schema.json", "schemas/risk.schema.json",
    "schemas/stakeholders.schema.json", "schemas/team.schema.json", "team.yaml", "templates/objectives/onboarding.md",
    "templates/playbooks/ebr-preparation.yaml",
]


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".git" not in p.relative_to(root).parts}


def init(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """`successplans init` on the handbook's example day (the example's entry files are named by date)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SUCCESSPLANS_TODAY", os.environ.get("SUCCESSPLANS_TODAY", "2026-06-01"))
        code = main(["init", *args])
    out, err = capsys.readouterr()
    return code, out, err


# --- init -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("ci", "ci_file", "template"), [
    (None, None, None),
    ("gitlab", ".gitlab-ci.yml", "gitlab-ci.yml"),
    ("github", ".github/workflows/plans.yml", "github-workflow.yml"),
])
def test_init_writes_a_repository_whose_example_passes_check(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        ci: str | None, ci_file: str | None, template: str | None) -> None:
    repo = tmp_path / "plans"
    monkeypatch.setenv("SUCCESSPLANS_TODAY", "2026-06-01")
    code, out, _ = init(capsys, str(repo), "--company", "Acme & Sons: \"West\"", *(["--ci", ci] if ci else []))
    assert code == 0
    written = files(repo)
    assert sorted(written) == sorted([*INIT_FILES, *([ci_file] if ci_file else [])])
    assert out.splitlines() == [f"created {(repo / name).as_posix()}" for name in sorted(written)]
    if ci_file and template:
        assert written[ci_file] == (ROOT / "ci-templates" / template).read_bytes()
    # the editor settings and schemas are this project's own, which `schema --out` keeps current
    assert written[".vscode/settings.json"] == (ROOT / ".vscode" / "settings.json").read_bytes()
    for name in (p.name for p in (ROOT / "schemas").iterdir()):
        assert written[f"schemas/{name}"] == (ROOT / "schemas" / name).read_bytes()
    assert {"/site/", "/decks/", ".cache/"} <= set(written[".gitignore"].decode().splitlines())
    assert f"successplans=={__version__}" in written["README.md"].decode()

    monkeypatch.chdir(repo)
    assert load_config().company_name == "Acme & Sons: \"West\""
    assert main(["check", "--strict"]) == 0  # no error and no warning, on the day it is written
    assert capsys.readouterr() == ("", "0 errors, 0 warnings in 1 customer (as of 2026-06-01)\n")
    assert main(["status", "--format", "json"]) == 0
    [customer] = json.loads(capsys.readouterr().out)
    assert (customer["health"], customer["objectives"][0]["track"]) == ("green", "on_track")


def test_init_puts_the_code_files_under_the_code_owners(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    repo = tmp_path / "plans"
    code, out, _ = init(capsys, str(repo), "--company", "Acme", "--ci", "gitlab",
                        "--code-owner", "@acme/cs-leads", "--code-owner", "lead@acme.example")
    assert code == 0 and f"created {(repo / 'CODEOWNERS').as_posix()}" in out.splitlines()
    monkeypatch.chdir(repo)
    assert load_config().code_owners == ("@acme/cs-leads", "lead@acme.example")
    assert main(["codeowners"]) == 0  # regenerating it gives the same file
    assert capsys.readouterr().out == (repo / "CODEOWNERS").read_text(encoding="utf-8")
    assert "/.gitlab-ci.yml          @acme/cs-leads lead@acme.example" in (repo / "CODEOWNERS").read_text(encoding="utf-8")


@pytest.mark.parametrize("owner", ["jane doe", "@", "@acme/cs leads", "-x"])
def test_init_refuses_an_owner_codeowners_cannot_read(tmp_path: Path, owner: str,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = init(capsys, str(tmp_path / "plans"), "--company", "Acme", "--code-owner", owner)
    assert code == 2 and "--code-owner takes owners such as" in err
    assert not (tmp_path / "plans").exists()


def readme_commands(text: str) -> list[list[str]]:
    """The successplans command lines of a README's sh blocks, continuation lines joined."""
    import shlex

    commands = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        for line in block.replace("\\\n", " ").splitlines():
            words = shlex.split(line, comments=True)
            if words and words[0] == "successplans":
                commands.append(words[1:])
    return commands


@pytest.mark.heavy
def test_the_team_readme_commands_work_in_the_new_repository(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SUCCESSPLANS_TODAY", dt.date.today().isoformat())
    assert init(capsys, str(tmp_path), "--company", "Acme")[0] == 0
    commands = readme_commands((tmp_path / "README.md").read_text(encoding="utf-8"))
    assert [c[0] for c in commands] == ["log", "revalidate", "new", "new", "status", "serve", "build", "deck"]
    monkeypatch.chdir(tmp_path / "customers")
    for args in commands:
        if args[0] != "serve":  # a server: test_install.py starts one
            assert main(args) == 0, (args, capsys.readouterr())
    capsys.readouterr()
    assert main(["check"]) == 0
    assert sorted(p.name for p in (tmp_path / "customers").iterdir()) == ["acme-logistics", "example-customer"]
    assert (tmp_path / "decks" / f"example-customer-ebr-{dt.date.today()}.pptx").is_file()


def test_init_pre_commit_hook_runs_the_installed_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from ruamel.yaml import YAML

    assert init(capsys, str(tmp_path), "--company", "Acme")[0] == 0
    config = YAML(typ="safe").load((tmp_path / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [repo] = config["repos"]
    [hook] = repo["hooks"]
    assert repo["repo"] == "local"
    assert (hook["entry"], hook["language"], hook["pass_filenames"]) == ("successplans check --errors-only", "system",
                                                                         True)
    assert hook["files"] == r"^(customers/|mkdocs\.yml$|team\.yaml$)"


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.txt").write_text("ours\n")
    code, out, err = init(capsys, str(tmp_path), "--company", "Acme")
    assert (code, out) == (2, "")
    assert err == (f"successplans: {tmp_path} is not empty; run init in a new folder, or pass --force to add "
                   "the missing files (existing files are kept)\n")
    assert sorted(files(tmp_path)) == ["notes.txt"]


def test_init_accepts_a_fresh_git_repository(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".git").mkdir()
    assert init(capsys, str(tmp_path), "--company", "Acme")[0] == 0
    assert sorted(files(tmp_path)) == INIT_FILES


def test_init_force_adds_missing_files_and_never_overwrites(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert init(capsys, str(tmp_path), "--company", "Acme")[0] == 0
    (tmp_path / "mkdocs.yml").write_text("site_name: Ours\n", encoding="utf-8")
    (tmp_path / "README.md").unlink()
    before = files(tmp_path)
    code, out, _ = init(capsys, str(tmp_path), "--company", "Other", "--ci", "gitlab", "--force")
    assert code == 0
    after = files(tmp_path)
    assert {name: after[name] for name in before} == before  # every existing file byte for byte
    assert sorted(set(after) - set(before)) == [".gitlab-ci.yml", "README.md"]
    assert "Other" in after["README.md"].decode()
    assert f"created {(tmp_path / '.gitlab-ci.yml').as_posix()}" in out.splitlines()
    assert f"kept {(tmp_path / 'mkdocs.yml').as_posix()} (already there)" in out.splitlines()


def test_init_reports_a_file_in_the_way_without_a_traceback(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "customers").write_text("not a folder\n")
    code, _, err = init(capsys, str(tmp_path), "--company", "Acme", "--force")
    assert code == 2
    assert err.startswith(f"successplans: cannot write {tmp_path.as_posix()}/customers/example-customer/")
    assert (tmp_path / "customers").read_text() == "not a folder\n"


@pytest.mark.parametrize(("args", "message"), [
    (["--company", "  "], "--company must be one non-empty line"),
    (["--company", "Acme\nEvil: 1"], "--company must be one non-empty line"),
])
def test_init_refuses_a_bad_company_name(tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str],
                                         message: str) -> None:
    assert init(capsys, str(tmp_path / "plans"), *args) == (2, "", f"successplans: {message}\n")
    assert not (tmp_path / "plans").exists()


def test_init_needs_a_company(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = init(capsys, str(tmp_path))
    assert code == 2 and "Missing option '--company'" in err


# --- finding mkdocs.yml -----------------------------------------------------------------------

@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """The demo portfolio in a repository of its own (pinned as-of date)."""
    shutil.copytree(ROOT / "customers", tmp_path / "customers")
    shutil.copy2(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


def run_in(folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
           *args: str) -> tuple[int, str, str]:
    monkeypatch.chdir(folder)
    monkeypatch.setenv("COLUMNS", "120")
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("args", [
    ["check"], ["check", "--format", "json"], ["check", "tallyhq", "--format", "github"],
    ["status"], ["status", "helix-payments", "--format", "json"], ["status", "--format", "json"],
])
def test_read_commands_give_the_same_results_from_a_subfolder(
        demo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    from_root = run_in(demo, monkeypatch, capsys, *args)
    deep = demo / "customers" / "helix-payments" / "objectives"
    assert run_in(deep, monkeypatch, capsys, *args) == from_root
    assert from_root[1]  # they printed something to compare


def test_log_from_a_subfolder_writes_what_it_writes_from_the_root(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    results = []
    for name, folder in (("top", "."), ("deep", "customers/helix-payments/objectives")):
        repo = tmp_path / name
        shutil.copytree(ROOT / "customers", repo / "customers")
        shutil.copy2(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
        code, out, err = run_in(repo / folder, monkeypatch, capsys, "log", "helix-payments", "--kind", "call",
                                "--title", "Weekly sync", "--date", "2026-11-20",
                                "--reading", "chargeback-resolution-time=9")
        results.append((code, out.replace(f"{repo}/", ""), err, files(repo)))
    assert results[0][0] == 0
    assert results[0][1] == "updated customers/helix-payments/activity.yaml\n"
    assert results[1] == results[0]


@pytest.mark.parametrize("args", [["check"], ["status"], ["log", "acme", "--kind", "call", "--title", "x"],
                                  ["deck", "acme"], ["build"], ["digest", "acme"], ["schema"]])
def test_without_mkdocs_yml_commands_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    assert not any((folder / "mkdocs.yml").exists() for folder in (tmp_path, *tmp_path.parents))
    (tmp_path / "customers" / "acme").mkdir(parents=True)
    assert run_in(tmp_path / "customers" / "acme", monkeypatch, capsys, *args) == (2, "", NOT_FOUND)
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["acme", "customers"]


def test_config_file_option_wins_over_the_nearest(demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "other"
    assert init(capsys, str(other), "--company", "Other")[0] == 0
    code, out, _ = run_in(demo / "customers", monkeypatch, capsys, "status", "--format", "json",
                          "-f", str(other / "mkdocs.yml"))
    assert code == 0
    assert [c["id"] for c in json.loads(out)] == ["example-customer"]
    assert run_in(demo, monkeypatch, capsys, "check", "-f", "missing.yml") == (
        2, "", "successplans: config file missing.yml does not exist\n")


# --- decks/ -----------------------------------------------------------------------------------

def test_deck_without_output_goes_to_the_repository_decks_folder(
        demo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    deep = demo / "customers" / "helix-payments" / "objectives"
    before = sorted(p.name for p in deep.iterdir())
    code, out, _ = run_in(deep, monkeypatch, capsys, "deck", "helix-payments")
    target = demo / "decks" / f"helix-payments-ebr-{DEMO_AS_OF}.pptx"
    assert (code, out) == (0, f"Deck: {target}\n")
    assert target.is_file() and sorted(p.name for p in deep.iterdir()) == before
    code, out, _ = run_in(demo, monkeypatch, capsys, "deck", "tallyhq")
    assert (code, out) == (0, f"Deck: decks/tallyhq-ebr-{DEMO_AS_OF}.pptx\n")
    assert sorted(p.name for p in (demo / "decks").iterdir()) == [
        f"helix-payments-ebr-{DEMO_AS_OF}.pptx", f"tallyhq-ebr-{DEMO_AS_OF}.pptx"]


def test_this_repository_ignores_decks() -> None:
    assert "decks/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()


# --- overrides --------------------------------------------------------------------------------

def marked_deck_template(path: Path, marker: str) -> Path:
    """The shipped template with a text box on its master: every slide shows it."""
    scratch = Presentation(str(DEFAULT_TEMPLATE))
    box = scratch.slides.add_slide(scratch.slide_layouts[0]).shapes.add_textbox(
        Inches(0.2), Inches(7.0), Inches(4), Inches(0.4))
    box.text_frame.text = marker
    prs = Presentation(str(DEFAULT_TEMPLATE))
    prs.slide_master.shapes._spTree.append(copy.deepcopy(box._element))
    path.parent.mkdir(parents=True, exist_ok=True)
    prs.save(str(path))
    return path


def master_texts(path: Path) -> list[str]:
    prs = Presentation(str(path))
    return [shape.text_frame.text for shape in prs.slide_master.shapes if shape.has_text_frame]


def test_the_shipped_templates_are_used_without_an_override_folder(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    config = load_config(tmp_path / "mkdocs.yml")
    assert templates_for(config) == SHIPPED
    assert SHIPPED.folders == (SITE_TEMPLATES,)
    assert template_path(None, config.root, templates_for(config)) == DEFAULT_TEMPLATE
    assert templates_for(load_config(ROOT / "mkdocs.yml")) == SHIPPED  # this checkout's own folder


@pytest.mark.parametrize("option", [None, "brand/templates"])
def test_a_repository_overrides_pages_and_the_deck_template_by_name(tmp_path: Path, option: str | None) -> None:
    folder = tmp_path / (option or "site_templates")
    (folder / "deck").mkdir(parents=True)
    shipped = (SITE_TEMPLATES / "customer.md.j2").read_text(encoding="utf-8")
    (folder / "customer.md.j2").write_text("OVERRIDDEN-CUSTOMER-PAGE\n\n" + shipped, encoding="utf-8")
    marked_deck_template(folder / "deck" / "default.pptx", "OVERRIDDEN-DECK")
    shutil.copytree(ROOT / "tests" / "cases" / "clean" / "customers", tmp_path / "customers")
    options = f"\n      templates_dir: {option}" if option else ""
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: x\nplugins:\n  - successplans:\n      as_of: 2026-11-16{options}\n", encoding="utf-8")
    config = load_config(tmp_path / "mkdocs.yml")
    templates = templates_for(config)
    assert templates.folders == (tmp_path / (option or "site_templates"), SITE_TEMPLATES)
    portfolio = build_portfolio(config, dt.date(2026, 11, 16))
    pages = {page.src_uri: page.markdown for page in generate(portfolio, config, SiteOptions())}
    assert pages["customers/harbor-labs.md"].startswith("OVERRIDDEN-CUSTOMER-PAGE\n")
    assert pages["customers/harbor-labs.md"].endswith(customer_page(portfolio, "harbor-labs", SiteOptions()))
    assert "OVERRIDDEN" not in pages["index.md"]  # every other page falls back to the package
    template = template_path(config.deck_template, config.root, templates)
    assert template == folder / "deck" / "default.pptx"
    [deck] = build_decks(portfolio, config, tmp_path / "out", cache_dir=tmp_path / "cache", workers=1)
    assert "OVERRIDDEN-DECK" in master_texts(deck)


def test_a_templates_dir_that_is_not_a_folder_is_a_configuration_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "customers").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - successplans:\n      templates_dir: brand\n",
                                         encoding="utf-8")
    with pytest.raises(ConfigError, match="templates_dir brand is not a folder"):
        templates_for(load_config(tmp_path / "mkdocs.yml"))
    assert run_in(tmp_path, monkeypatch, capsys, "build", "--no-decks") == (
        2, "", "successplans: templates_dir brand is not a folder\n")


@pytest.mark.parametrize("value", ["5", "''", "[a, b]"])
def test_templates_dir_must_be_a_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str], value: str) -> None:
    (tmp_path / "customers").mkdir()
    (tmp_path / "mkdocs.yml").write_text(f"site_name: x\nplugins:\n  - successplans:\n      templates_dir: {value}\n",
                                         encoding="utf-8")
    assert run_in(tmp_path, monkeypatch, capsys, "check") == (
        2, "", "successplans: option 'templates_dir' must be a folder path relative to mkdocs.yml\n")


# --- the deck cache ---------------------------------------------------------------------------

@pytest.mark.heavy
def test_deck_cache_key_covers_code_options_and_template(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.deck as deck_module

    shutil.copytree(ROOT / "tests" / "cases" / "clean" / "customers", tmp_path / "customers")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - successplans:\n      as_of: 2026-11-16\n",
                                         encoding="utf-8")
    config = load_config(tmp_path / "mkdocs.yml")
    portfolio = build_portfolio(config, dt.date(2026, 11, 16))
    cache = tmp_path / "cache"

    def cached_after(cfg: object) -> str:
        build_decks(portfolio, cfg, tmp_path / "out", cache_dir=cache, workers=1)  # type: ignore[arg-type]
        [name] = [p.name for p in cache.iterdir()]
        return name

    first = cached_after(config)
    assert cached_after(config) == first  # unchanged inputs: the cached deck is reused
    looser = dataclasses.replace(config, on_track_tolerance=Fraction(1, 5))
    assert cached_after(looser) != first  # an option that can move a track
    monkeypatch.setattr(deck_module, "code_digest", lambda: "a renderer changed at the same version")
    assert cached_after(config) != first
    monkeypatch.undo()
    assert cached_after(config) == first
    marked_deck_template(tmp_path / "site_templates" / "deck" / "default.pptx", "NEW-TEMPLATE")
    assert cached_after(config) != first  # the repository's override of the template


def test_readme_opens_with_the_name_one_sentence_and_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    title, sentence, commands = readme.split("\n\n", 3)[:3]
    assert title == "# successplans"
    assert sentence.endswith(".") and ". " not in sentence  # one sentence says what the tool is
    assert commands == "```sh\nbash scripts/demo.sh\nbash scripts/test.sh\n```"
    assert readme.index("\n## Use it for your team\n") < readme.index("\n## What it does\n")
    assert "meant to be installed editable" not in readme


def test_init_says_where_ci_gets_the_tool(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = init(capsys, str(tmp_path / "plans"), "--company", "Acme", "--ci", "gitlab")
    assert code == 0
    assert (f"CI installs the tool as SUCCESSPLANS_PIP in .gitlab-ci.yml says (successplans=={__version__}), which "
            "no public package index serves") in " ".join(err.split())
    readme = (tmp_path / "plans" / "README.md").read_text(encoding="utf-8")
    assert "`SUCCESSPLANS_PIP`" in readme and "No public index serves that name" in readme


@pytest.mark.heavy
def test_plain_mkdocs_build_works_in_an_init_repository(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert init(capsys, str(tmp_path / "plans"), "--company", "Acme")[0] == 0
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=tmp_path / "plans",
                            capture_output=True, text=True, check=False, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "plans" / "site" / "customers" / "example-customer" / "index.html").is_file()
