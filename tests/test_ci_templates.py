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
                    "description": hook["description"], "entry": "successplans check --errors-only",
                    "language": "python", "pass_filenames": True, "files": r"^(customers/|mkdocs\.yml$|team\.yaml$)"}


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
        "./schemas/activity-entry.schema.json": "customers/*/activity/*.yaml",
        "./schemas/team.schema.json": "team.yaml",
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
    header = ("# Generated by `successplans codeowners` from each customer's csm, team.yaml and the code_owners "
              "option; do not edit by hand.\n")
    no_owner = ("\n# Code files (mkdocs.yml, CI, templates, hooks...) have no owner: set code_owners under the "
                "successplans plugin in mkdocs.yml, then run successplans codeowners again.\n")
    assert main(["codeowners"]) == 0
    assert capsys.readouterr().out == (header + "# /customers/no-owner/ has no csm in customer.yaml\n"
                                       "/customers/quirky-co/ @jane.doe\n" + no_owner)
    assert main(["codeowners", "--domain", "example.com"]) == 0
    assert capsys.readouterr().out.endswith("/customers/quirky-co/ jane.doe@example.com\n" + no_owner)
    assert main(["codeowners", "--prefix", "@acme/"]) == 0
    assert capsys.readouterr().out.endswith("/customers/quirky-co/ @acme/jane.doe\n" + no_owner)
    # with a roster, the CSM's forge user name (a handle it gives none keeps the prefix)
    (tmp_path / "team.yaml").write_text("- {handle: jane.doe, name: Jane Doe, username: jdoe-gl, "
                                        "email: jane@acme.example}\n", encoding="utf-8")
    assert main(["codeowners", "--prefix", "@acme/"]) == 0
    assert capsys.readouterr().out.endswith("/customers/quirky-co/ @jdoe-gl\n" + no_owner)
    assert main(["codeowners", "--domain", "example.com"]) == 0
    assert capsys.readouterr().out.endswith("/customers/quirky-co/ jane@acme.example\n" + no_owner)
    (tmp_path / "team.yaml").write_text("- {handle: jane.doe, name: Jane Doe}\n", encoding="utf-8")
    assert main(["codeowners"]) == 0
    assert capsys.readouterr().out.endswith("/customers/quirky-co/ @jane.doe\n" + no_owner)


def test_code_files_are_given_to_the_code_owners_last(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """For GitHub and GitLab the last matching CODEOWNERS line decides: the code lines come after the
    customers', so a hook slipped into a customer folder still needs the code owners."""
    import shutil

    shutil.copytree(ROOT / "tests" / "golden" / "edit" / "customers", tmp_path / "customers")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Plans\nhooks: [tools/notify.py]\ntheme: {name: material, custom_dir: my overrides}\n"
        "plugins:\n  - successplans:\n      code_owners: ['@acme/cs-leads', lead@acme.example]\n"
        "      templates_dir: pages\n", encoding="utf-8")
    (tmp_path / "pages").mkdir()
    monkeypatch.chdir(tmp_path)
    assert main(["codeowners"]) == 0
    lines = capsys.readouterr().out.splitlines()
    owners = "@acme/cs-leads lead@acme.example"
    code = [line.split(" @")[0].rstrip() for line in lines if line.endswith(owners)]
    assert code == ["/mkdocs.yml", "/CODEOWNERS", "/.github/", "/.gitlab/", "/.gitlab-ci.yml",
                    "/.pre-commit-config.yaml", "/.vscode/", "/site_templates/", "/pages/", "/my\\ overrides/",
                    "/tools/notify.py", "*.py"]
    assert lines.index("/customers/quirky-co/ @jane.doe") < lines.index(f"{'*.py'.ljust(24)} {owners}")


class _Notes:
    """A tiny stand-in for GitLab's merge request notes API."""

    def __init__(self) -> None:
        self.notes: list[dict[str, Any]] = [{"id": 1, "body": "looks good"}]
        self.calls: list[tuple[str, str]] = []

    def serve(self) -> tuple[Any, str]:
        import http.server
        import threading

        notes = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _reply(self, data: Any) -> None:
                body = json.dumps(data).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _body(self) -> Any:
                assert self.headers["PRIVATE-TOKEN"] == "secret"
                return json.loads(self.rfile.read(int(self.headers["Content-Length"])))

            def do_GET(self) -> None:  # noqa: N802
                notes.calls.append(("GET", self.path))
                self._reply(notes.notes)

            def do_POST(self) -> None:  # noqa: N802
                notes.calls.append(("POST", self.path))
                notes.notes.append({"id": len(notes.notes) + 1, "body": self._body()["body"]})
                self._reply(notes.notes[-1])

            def do_PUT(self) -> None:  # noqa: N802
                notes.calls.append(("PUT", self.path))
                note = next(n for n in notes.notes if self.path.endswith(f"/notes/{n['id']}"))
                note["body"] = self._body()["body"]
                self._reply(note)

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server, f"http://127.0.0.1:{server.server_address[1]}/api/v4"


@pytest.mark.heavy
def test_gitlab_keeps_one_merge_request_note_updated(tmp_path: Path) -> None:
    import subprocess

    jobs = load(ROOT / "ci-templates" / "gitlab-ci.yml")
    script = jobs["plan-diff"]["script"][-1]
    api = _Notes()
    server, url = api.serve()
    env = {"PATH": "/usr/bin:/bin", "CI_API_V4_URL": url, "CI_PROJECT_ID": "7", "CI_MERGE_REQUEST_IID": "3"}
    try:
        off = subprocess.run(["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True)
        assert off.returncode == 0 and "no merge request comment" in off.stdout and api.calls == []
        env["SUCCESSPLANS_NOTE_TOKEN"] = "secret"
        for text in ("first push\n", "second push\n"):
            (tmp_path / "plan-changes.md").write_text(text, encoding="utf-8")
            result = subprocess.run(["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True)
            assert result.returncode == 0, result.stderr
    finally:
        server.shutdown()
        server.server_close()
    assert [method for method, _ in api.calls] == ["GET", "POST", "GET", "PUT"]
    assert api.calls[-1][1] == "/api/v4/projects/7/merge_requests/3/notes/2"
    assert api.notes == [{"id": 1, "body": "looks good"},
                         {"id": 2, "body": "<!-- successplans plan diff -->\nsecond push\n"}]


def test_github_keeps_one_pull_request_comment_updated(tmp_path: Path) -> None:
    import subprocess

    data = load(ROOT / "ci-templates" / "github-workflow.yml")
    script = next(s["run"] for s in data["jobs"]["check"]["steps"] if s.get("name") == "Comment on the pull request")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    gh = bin_dir / "gh"
    # a fake gh: records its arguments; lists a comment id once one was created
    gh.write_text('#!/bin/bash\nprintf "%s\\n" "$*" >> "$LOG"\n'
                  'if [ "$1 $2" = "api repos/acme/plans/issues/5/comments" ] && [ -f "$STATE" ]; then echo 42; fi\n'
                  'if [ "$1 $2" = "pr comment" ]; then touch "$STATE"; fi\n')
    gh.chmod(0o755)
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "GITHUB_REPOSITORY": "acme/plans", "PR": "5",
           "LOG": str(tmp_path / "log"), "STATE": str(tmp_path / "state"), "GH_TOKEN": ""}
    (tmp_path / "plan-changes.md").write_text("changes\n", encoding="utf-8")
    off = subprocess.run(["bash", "-e", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert off.returncode == 0 and "no pull request comment" in off.stdout and not (tmp_path / "log").exists()
    env["GH_TOKEN"] = "secret"
    for _push in range(2):
        result = subprocess.run(["bash", "-e", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    calls = (tmp_path / "log").read_text().splitlines()
    assert calls[1] == "pr comment 5 --repo acme/plans --body <!-- successplans plan diff -->"
    assert calls[2] == "changes"  # the body: the mark, then the diff
    assert sum(c.startswith("pr comment") for c in calls) == 1
    assert sum(c.startswith("api --method PATCH repos/acme/plans/issues/comments/42 -f body=") for c in calls) == 1


def test_the_week_is_delivered_on_a_schedule() -> None:
    from generator.deliver import SETTINGS
    from generator.secretvars import DELIVERY

    gitlab = load(ROOT / "ci-templates" / "gitlab-ci.yml")
    schedule = {"if": '$CI_PIPELINE_SOURCE == "schedule"'}
    assert schedule in gitlab["workflow"]["rules"]
    assert gitlab["deliver"]["rules"] == [schedule]
    assert gitlab["deliver"]["script"][0].rstrip().endswith("\nsuccessplans agenda --send")
    github = load(ROOT / "ci-templates" / "github-workflow.yml")
    assert github["on"]["schedule"] == [{"cron": "0 6 * * 1-5"}]
    deliver = github["jobs"]["deliver"]
    assert deliver["if"] == "github.event_name == 'schedule'"
    step = deliver["steps"][-1]
    # every setting is handed to the step, the secret ones from the repository's secrets
    assert set(step["env"]) == set(SETTINGS)
    assert {name for name, value in step["env"].items() if value.startswith("${{ secrets.")} == set(DELIVERY)
    assert step["run"].rstrip().endswith("successplans agenda --send")


@pytest.mark.parametrize("script", [
    lambda: load(ROOT / "ci-templates" / "gitlab-ci.yml")["deliver"]["script"][0],
    lambda: load(ROOT / "ci-templates" / "github-workflow.yml")["jobs"]["deliver"]["steps"][-1]["run"],
], ids=["gitlab", "github"])
def test_a_repository_without_delivery_settings_sends_nothing_and_passes(script: Any, tmp_path: Path) -> None:
    import subprocess

    (tmp_path / "successplans").write_text("#!/bin/sh\necho called \"$@\"\n", encoding="utf-8")
    (tmp_path / "successplans").chmod(0o755)
    env = {"PATH": f"{tmp_path}:/usr/bin:/bin", "SUCCESSPLANS_CHAT_WEBHOOK": "", "SUCCESSPLANS_SMTP_HOST": ""}
    quiet = subprocess.run(["bash", "-euc", script()], env=env, capture_output=True, text=True, check=False)
    assert (quiet.returncode, quiet.stdout) == (0, "Neither SUCCESSPLANS_CHAT_WEBHOOK nor SUCCESSPLANS_SMTP_HOST is "
                                                   "set: no agenda sent\n")
    # the control: with a webhook set, the step goes on to the command
    env["SUCCESSPLANS_CHAT_WEBHOOK"] = "https://hooks.example/x"
    sent = subprocess.run(["bash", "-euc", script() + "\necho went-on\n"], env=env, capture_output=True, text=True,
                          check=False)
    assert sent.returncode == 0 and sent.stdout.endswith("went-on\n") and "Neither" not in sent.stdout
