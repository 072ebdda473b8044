"""The CI templates, pre-commit hook and editor settings shipped for plans repositories.

Every `successplans` (and `mkdocs`) command line they contain must exist with the options it
passes, and the committed JSON Schemas must be exactly what `successplans schema --out` writes.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from generator.cli import cli, main

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = [ROOT / "ci-templates" / "gitlab-ci.yml", ROOT / "ci-templates" / "github-workflow.yml",
             ROOT / ".pre-commit-hooks.yaml"]
SHELL_STOP = {">", ">>", "|", "||", "&&", ";", "2>", "2>&1"}
COMMAND = re.compile(r"(?:^|[;&|(]\s*)(successplans|mkdocs)\s+([^\n]*)")


def load(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))  # YAML 1.2: `on:` stays a key


def strings(data: Any) -> Iterator[str]:
    if isinstance(data, dict):
        for value in data.values():
            yield from strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from strings(value)
    elif isinstance(data, str):
        yield data


def command_lines(path: Path) -> list[tuple[str, list[str]]]:
    """(program, arguments) of every command line in the file, shell redirections cut off."""
    found = []
    data = load(path)
    texts = [hook["entry"] for hook in data] if path.name == ".pre-commit-hooks.yaml" else strings(data)
    for text in texts:
        for line in text.splitlines():
            for match in COMMAND.finditer(line.strip()):
                words = []
                for word in shlex.split(match.group(2), posix=True):
                    if word in SHELL_STOP or word.startswith(">"):
                        break
                    words.append(word)
                found.append((match.group(1), words))
    return found


def resolve(group: click.Group, args: list[str]) -> tuple[click.Command, list[str], str]:
    command: click.Command = group
    name = "successplans"
    while isinstance(command, click.Group):
        assert args, f"{name} needs a subcommand"
        sub = command.get_command(click.Context(command), args[0])
        assert sub is not None, f"no command '{name} {args[0]}'"
        name, command, args = f"{name} {args[0]}", sub, args[1:]
    return command, args, name


def mkdocs_cli() -> click.Group:
    from mkdocs.__main__ import cli as mkdocs

    return mkdocs


ALL_LINES = [(path.name, program, args) for path in TEMPLATES for program, args in command_lines(path)]


def test_templates_parse_as_yaml_and_call_the_tool() -> None:
    for path in TEMPLATES:
        assert load(path), path
    called = {(name, program, args[0]) for name, program, args in ALL_LINES}
    assert {("gitlab-ci.yml", "successplans", "check"), ("gitlab-ci.yml", "successplans", "diff"),
            ("gitlab-ci.yml", "successplans", "build"), ("github-workflow.yml", "successplans", "check"),
            ("github-workflow.yml", "successplans", "diff"), ("github-workflow.yml", "successplans", "build"),
            (".pre-commit-hooks.yaml", "successplans", "check")} <= called


@pytest.mark.parametrize(("template", "program", "args"), ALL_LINES,
                         ids=[f"{n}:{p} {' '.join(a)}" for n, p, a in ALL_LINES])
def test_every_command_exists_with_its_options(template: str, program: str, args: list[str]) -> None:
    group = cli if program == "successplans" else mkdocs_cli()
    command, rest, name = resolve(group, args)
    # parsing checks every option and argument against the command's definition
    command.make_context(name, list(rest), resilient_parsing=False)
    result = CliRunner().invoke(group, [*args[: len(args) - len(rest)], "--help"])
    assert result.exit_code == 0, result.output


def test_gitlab_check_job_publishes_the_code_quality_report() -> None:
    jobs = load(ROOT / "ci-templates" / "gitlab-ci.yml")
    check = jobs["check"]
    assert "successplans check --format gitlab > gl-code-quality-report.json || true" in check["script"]
    assert check["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert check["artifacts"]["when"] == "always"
    assert jobs["pages"]["artifacts"]["paths"] == ["public"]
    assert jobs["plan-diff"]["artifacts"]["paths"] == ["plan-changes.md"]


def test_ci_templates_install_the_pinned_version_of_this_release() -> None:
    from generator import __version__

    assert load(ROOT / "ci-templates" / "gitlab-ci.yml")["variables"]["SUCCESSPLANS_PIP"] == f"successplans=={__version__}"
    assert load(ROOT / "ci-templates" / "github-workflow.yml")["env"]["SUCCESSPLANS_PIP"] == f"successplans=={__version__}"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"successplans=={__version__}" in readme and f"successplans-{__version__}-py3-none-any.whl" in readme


def test_pre_commit_hook() -> None:
    [hook] = load(ROOT / ".pre-commit-hooks.yaml")
    assert hook == {"id": "successplans-check", "name": "successplans check",
                    "description": hook["description"], "entry": "successplans check", "language": "python",
                    "pass_filenames": False, "files": r"^(customers/|mkdocs\.yml$)"}


def test_committed_schemas_are_the_schema_command_output(tmp_path: Path) -> None:
    assert main(["schema", "--out", str(tmp_path), "-f", str(ROOT / "mkdocs.yml")]) == 0
    written = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    committed = {p.name: p.read_bytes() for p in (ROOT / "schemas").iterdir()}
    assert committed == written, "regenerate with: successplans schema --out schemas"


def test_vscode_settings_map_the_schemas_to_the_files() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    schemas = settings["yaml.schemas"]
    assert schemas == {
        "./schemas/customer.schema.json": "customers/*/customer.yaml",
        "./schemas/stakeholders.schema.json": "customers/*/stakeholders.yaml",
        "./schemas/activity.schema.json": "customers/*/activity.yaml",
    }
    for schema in schemas:
        assert (ROOT / schema).is_file()


def test_codeowners_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    shutil.copytree(ROOT / "tests" / "golden" / "edit" / "customers", tmp_path / "customers")
    (tmp_path / "customers" / "no-owner").mkdir()
    (tmp_path / "customers" / "no-owner" / "customer.yaml").write_text("name: No Owner\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: Plans\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    header = "# Generated by `successplans codeowners` from each customer's csm; do not edit by hand.\n"
    assert main(["codeowners"]) == 0
    assert capsys.readouterr().out == (header + "# /customers/no-owner/ has no csm in customer.yaml\n"
                                       "/customers/quirky-co/ @jane.doe\n")
    assert main(["codeowners", "--domain", "example.com"]) == 0
    assert capsys.readouterr().out.endswith("/customers/quirky-co/ jane.doe@example.com\n")
    assert main(["codeowners", "--prefix", "@acme/"]) == 0
    assert capsys.readouterr().out.endswith("/customers/quirky-co/ @acme/jane.doe\n")
