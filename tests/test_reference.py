"""The handbook's reference pages against the code they are generated from.

Every field, problem code, option and command the code defines appears on the pages, nothing on them
names a field the code does not know, every example file passes `check` (or gives exactly the
problem it illustrates), and the site builds with no MkDocs warning.
"""

from __future__ import annotations

import dataclasses
import html
import os
import re
import subprocess
import sys
import typing
from pathlib import Path

import pytest

from generator import view
from generator.cli import main
from generator.config import Config
from generator.crm import COMPUTED as CRM_COMPUTED, MAPPING as CRM_MAPPING
from generator.portfolio import build_portfolio
from generator.schema import json_schemas
from generator.site import handbook, reference
from generator.starter import EXAMPLE_ID


def problems_of(tmp: Path, files: dict[str, str]) -> list[str]:
    """The problem codes `check` reports for a customer made of these files, at the example day."""
    folder = tmp / "customers" / EXAMPLE_ID
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    config = Config.from_mapping({}, tmp)
    return sorted(p.code for p in build_portfolio(config, reference.EXAMPLE_DAY).problems)


def example_versions(example: reference.Example) -> tuple[dict[str, str], dict[str, str]]:
    """The example customer with the example's file as shown after the fix, and as shown before it."""
    base = reference.example_customer()
    if example.file not in base:
        return {**base, example.file: example.after}, {**base, example.file: example.before}
    text = base[example.file]
    assert text.count(example.after) == 1, f"the 'after' lines are not in {example.file} exactly once"
    return base, {**base, example.file: text.replace(example.after, example.before)}


def test_the_example_customer_passes_check(tmp_path: Path) -> None:
    assert problems_of(tmp_path, reference.example_customer()) == []


@pytest.mark.parametrize("code", [c for c in reference.codes() if c.example], ids=lambda c: c.code)
def test_each_code_example_shows_exactly_its_problem(tmp_path: Path, code: reference.CodeReference) -> None:
    assert code.example is not None
    after, before = example_versions(code.example)
    assert problems_of(tmp_path / "after", after) == []
    assert set(problems_of(tmp_path / "before", before)) == {code.code}


def test_every_code_is_documented_in_its_shape() -> None:
    for code in reference.codes():
        assert code.what and code.why and code.fix, code.code
        assert (code.example is None) != (code.no_example == ""), code.code


# --- the pages against the code -----------------------------------------------------------------

RUN = re.compile(r"^<!-- run -->\n```sh\n(.*?)^```$", re.M | re.S)


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return {p.src_uri: p.markdown for p in handbook.pages(Config())}


def table_keys(page: str, kind: str) -> set[str]:
    """The keys in the first column of a file kind's table on the file reference page."""
    section = page.split(f"{{: #{kind} }}", 1)[1].split("\n## ", 1)[0]
    return {html.unescape(m) for m in re.findall(r'^\| <span class="sp-nowrap"><code>(.*?)</code>', section, re.M)}


def json_keys(schema: dict, prefix: str = "") -> set[str]:
    """Every field path in a JSON Schema, the way the reference writes them."""
    if schema.get("type") == "array" or schema.get("type") == ["array", "null"]:
        return json_keys(schema["items"], prefix)
    keys = set()
    for name, sub in schema.get("properties", {}).items():
        keys.add(prefix + name)
        if sub.get("type") == "object" and "properties" in sub:
            keys |= json_keys(sub, f"{prefix}{name}.")
        elif sub.get("type") == "array" and "properties" in sub.get("items", {}):
            keys |= json_keys(sub["items"], f"{prefix}{name}[].")
    return keys


def test_file_reference_lists_exactly_the_fields_the_code_validates(pages: dict[str, str]) -> None:
    page = pages["handbook/files.md"]
    for kind, schema in json_schemas().items():
        # an activity/ entry file holds the fields of one activity.yaml entry: one table for both
        assert table_keys(page, {"activity-entry": "activity"}.get(kind, kind)) == json_keys(schema), kind


def test_every_allowed_value_and_default_is_on_the_file_reference(pages: dict[str, str]) -> None:
    page = html.unescape(pages["handbook/files.md"])
    for kind in reference.file_kinds():
        for row in kind.rows:
            for value in row.allowed:
                assert f"<code>{value}</code>" in page, (kind.kind, row.key, value)
            if row.default is not None:
                assert f"when absent: <code>{row.default}</code>" in page


def test_field_names_on_the_how_to_pages_are_fields_the_code_knows(pages: dict[str, str]) -> None:
    """A `key:` in an example and a `key` in running text must be a field, a value or a command word."""
    fields = {key.replace("[]", "").rsplit(".", 1)[-1] for keys in reference.all_field_keys().values()
              for key in keys}
    dotted = {key.replace("[]", "") for keys in reference.all_field_keys().values() for key in keys}
    values = {v for kind in reference.file_kinds() for row in kind.rows for v in row.allowed}
    handles = set(re.findall(r"(?:csm|author): (\S+)", "".join(reference.example_customer().values())))
    crm_words = set(CRM_MAPPING.fields) | set(CRM_COMPUTED)  # the CRM mapping file's keys, the export's columns
    words = fields | dotted | values | handles | {o.name for o in reference.options()} | crm_words
    for uri, page in pages.items():
        if uri in ("handbook/files.md", "handbook/commands.md", "handbook/configuration.md"):
            continue
        text = html.unescape(page)
        for code in reference.codes():  # a "before" is wrong on purpose: its own test proves its one problem
            if code.example:
                text = text.replace(code.example.before.rstrip(), "")
        yaml_keys = set(re.findall(r"^\s*-?\s*([a-z_]+):", "\n".join(re.findall(r"```(?:yaml|markdown)\n(.*?)```", text, re.S)), re.M))
        spans = set(re.findall(r"(?:`|<code>)([a-z][a-z_.]*[a-z])(?:`|</code>)", text))
        unknown = {w for w in yaml_keys if w not in fields | {"plugins", "successplans"} | crm_words}
        unknown |= {w for w in spans if "_" in w or "." in w and not w.endswith((".yaml", ".yml", ".md", ".ics"))} - words
        assert not unknown, f"{uri} names fields the code does not know: {sorted(unknown)}"


def test_customer_facing_column_is_read_from_the_view() -> None:
    facing = reference.customer_facing_keys()
    assert "arr" not in facing["customer"] and "closed.evidence" not in facing["objective"]
    assert {"title", "closed.summary", "metric.target", "tasks[].owner"} <= facing["objective"]
    assert facing["risk"] == set()
    # every field of the view copies a file field or is declared as something else
    for cls in reference.VIEW_SOURCES:
        for f in dataclasses.fields(cls):
            reference.resolve_view_field(cls, f.name, typing.get_type_hints(cls)[f.name])


def test_a_new_view_field_must_be_a_file_field_or_declared(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(view.NOT_FROM_FIELDS, "ViewObjective", ("key", "track", "progress", "expected", "current"))
    with pytest.raises(LookupError, match="ViewObjective.readings"):
        reference.customer_facing_keys()


def test_customer_view_page_lists_the_allowlist(pages: dict[str, str]) -> None:
    page = pages["handbook/customer-view.md"]
    for kind in reference.file_kinds():
        section = page.split(f"## {html.escape(kind.path).replace('<', '&lt;')}", 1)[1].split("\n## ", 1)[0]
        shown = section.split("**Never shown:**")[0]
        for row in kind.rows:
            assert (f"<code>{html.escape(row.key, quote=False)}</code>" in shown) == row.customer_facing, row.key


def test_every_problem_code_is_on_the_codes_page(pages: dict[str, str]) -> None:
    from generator import rules

    page = pages["handbook/problems.md"]
    documented = re.findall(r"^## (SP\d{3}): ", page, re.M)
    assert documented == [d.code for d in rules.documentation()]
    assert {f"SP{n:03d}" for n in range(1, 13)} | {f"SP{n}" for n in range(101, 117)} == set(documented)
    for code in reference.codes():
        if code.example:
            assert code.example.before.rstrip() in page and code.example.after.rstrip() in page


def test_every_option_is_on_the_configuration_page(pages: dict[str, str]) -> None:
    page = pages["handbook/configuration.md"]
    names = set(re.findall(r'^\| <span id="[a-z0-9-]+"></span><code>(\w+)</code>', page, re.M))
    assert names == {f.name for f in dataclasses.fields(Config)} - {"root"}
    assert "whole number from 0 to 36,500" in page


def test_commands_page_says_what_help_says(pages: dict[str, str], capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    page = html.unescape(pages["handbook/commands.md"])
    names = [c.name for c in reference.commands()]
    assert {"check", "log", "risk open", "new objective", "import readings"} <= set(names)
    for name in names:
        assert main([*name.split(), "--help"]) == 0
        shown = capsys.readouterr().out
        assert f"```text\n{shown.rstrip()}\n```" in page, name


@pytest.mark.heavy
def test_how_to_commands_run_in_order_and_leave_the_plans_valid(tmp_path: Path, pages: dict[str, str]) -> None:
    blocks = [block for _, uri, _ in handbook.PAGES for block in RUN.findall(pages[uri])]
    assert len(blocks) >= 6
    (tmp_path / "mkdocs.yml").write_text("site_name: Plans\n", encoding="utf-8")
    problems_of(tmp_path, reference.example_customer())
    env = {**os.environ, "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""),
           "SUCCESSPLANS_TODAY": reference.EXAMPLE_DAY.isoformat()}
    for block in blocks:
        result = subprocess.run(["bash", "-euo", "pipefail", "-c", block], cwd=tmp_path, env=env,
                                capture_output=True, text=True, check=False)
        assert result.returncode == 0, f"handbook example failed:\n{block}\n{result.stdout}{result.stderr}"
    shown = pages["handbook/log.md"].split("```yaml\n", 1)[1].split("```", 1)[0]
    logged = sorted((tmp_path / f"customers/{EXAMPLE_ID}/activity").glob(
        f"{reference.EXAMPLE_DAY.isoformat()}-order-desk-numbers-may-*.yaml"))
    assert [path.read_text(encoding="utf-8") for path in logged] == [shown]  # what the page says `log` writes
    progress = (5 - 4.2) / (5 - 2)  # the example's baseline and target, and the reading the page logs
    assert "baseline: 5\n  target: 2" in reference.example_customer()["objectives/faster-order-processing.md"]
    assert f"{round(progress * 100)}% of the way" in pages["handbook/log.md"]
    codes = {c for c in problems_of(tmp_path, {})}
    assert codes <= {"SP109"}, codes  # the new customer's first check: only the warning the page announces


VALIDATION = """
validation:
  nav: {omitted_files: warn, not_found: warn}
  links: {not_found: warn, anchors: warn, absolute_links: warn, unrecognized_links: warn}
"""


@pytest.mark.heavy
def test_the_handbook_builds_with_no_mkdocs_warning(tmp_path: Path) -> None:
    """Broken links and missing anchors, raised to warnings, fail a strict build."""
    from tests.site_fixtures import copy_demo_project

    mkdocs_yml = copy_demo_project(tmp_path)
    mkdocs_yml.write_text(mkdocs_yml.read_text(encoding="utf-8") + VALIDATION, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
                            cwd=tmp_path, capture_output=True, text=True, check=False,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    log = result.stdout + result.stderr
    assert result.returncode == 0 and "WARNING" not in log, log
    for _, uri, _ in handbook.PAGES:
        page = tmp_path / "site" / uri.removesuffix(".md").removesuffix("index") / "index.html"
        assert page.is_file(), uri
    nav = (tmp_path / "site/handbook/files/index.html").read_text(encoding="utf-8")
    assert all(f">{title}<" in nav or f"> {title} <" in " ".join(nav.split()) for title, _, _ in handbook.PAGES)
