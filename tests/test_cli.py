"""The command line contract: exact output per command and format, and exit statuses.

Golden outputs live in tests/golden/cli/; regenerate with UPDATE_GOLDEN=1 and review the diff.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.golden import assert_golden

from generator.cli import main

CASES = Path(__file__).parent / "cases"
GOLDEN = Path(__file__).parent / "golden" / "cli"


def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, case: str,
        *args: str) -> tuple[int, str, str]:
    monkeypatch.chdir(CASES / case)
    monkeypatch.setenv("COLUMNS", "100")
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def golden(name: str, text: str) -> None:
    assert_golden(GOLDEN / name, text)


@pytest.mark.parametrize(("case", "fmt", "status"), [
    ("plan-errors", "text", 1), ("plan-errors", "json", 1), ("plan-errors", "github", 1),
    ("plan-errors", "gitlab", 1), ("warnings", "text", 0), ("warnings", "github", 0),
    ("clean", "text", 0), ("clean", "json", 0),
])
def test_check_formats(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, case: str, fmt: str,
                       status: int) -> None:
    code, out, err = run(capsys, monkeypatch, case, "check", "--format", fmt)
    assert code == status
    golden(f"check-{case}.{fmt}", out)
    if fmt == "text":
        golden(f"check-{case}.stderr", err)
    else:
        assert err == ""


def test_text_line_shape(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    _, out, _ = run(capsys, monkeypatch, "plan-errors", "check")
    first = out.splitlines()[0]
    assert first == ("customers/quarry/activity.yaml:4:29: error SP009 unknown objective 'shrink-waste' "
                     "[objective ids are file names in objectives/]")


def test_json_fields_and_order(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    _, out, _ = run(capsys, monkeypatch, "warnings", "check", "--format", "json")
    rows = json.loads(out)
    assert all(set(r) == {"code", "severity", "customer", "file", "line", "column", "message", "hint"} for r in rows)
    assert [(r["file"], r["line"]) for r in rows] == sorted((r["file"], r["line"]) for r in rows)
    assert {r["severity"] for r in rows} == {"warning"}


def test_github_caps_annotations_per_level(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    _, out, _ = run(capsys, monkeypatch, "warnings", "check", "--format", "github")
    lines = out.splitlines()
    assert sum(1 for line in lines if line.startswith("::warning ")) == 10
    assert lines[-1].startswith("::notice title=successplans::4 more warnings not shown as annotations")
    assert lines[0] == ("::warning file=customers/willow/activity.yaml,line=1,col=1,title=SP103::no activity for "
                        "15 days (last on 2026-11-01; expected within 14) (log customer contact with%3A "
                        "successplans log)".replace("%3A", ":"))


def test_gitlab_code_quality_fields(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    _, first, _ = run(capsys, monkeypatch, "plan-errors", "check", "--format", "gitlab")
    _, second, _ = run(capsys, monkeypatch, "plan-errors", "check", "--format", "gitlab")
    report = json.loads(first)
    assert first == second  # fingerprints are stable across runs
    for item in report:
        assert set(item) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert item["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert set(item["location"]) == {"path", "lines"} and set(item["location"]["lines"]) == {"begin"}
    assert len({item["fingerprint"] for item in report}) == len(report)
    assert report[0]["severity"] == "major"


def test_strict_fails_on_warnings(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(capsys, monkeypatch, "warnings", "check", "--strict")[0] == 1
    assert run(capsys, monkeypatch, "clean", "check", "--strict")[0] == 0


def test_check_one_customer_and_unknown(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(capsys, monkeypatch, "boundaries", "check", "cedar")
    assert (code, out) == (0, "")
    code, out, err = run(capsys, monkeypatch, "boundaries", "check", "nope")
    assert code == 2
    assert err == "successplans: unknown customer: 'nope' (customers are folders in customers/)\n"


def test_as_of_overrides_config(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    # one day later, the boundary values tip over: 91 days without validation, 15 without activity
    code, out, _ = run(capsys, monkeypatch, "clean", "check", "--as-of", "2026-11-17", "--format", "json")
    assert code == 0
    assert [(r["code"], r["file"], r["line"]) for r in json.loads(out)] == [
        ("SP103", "customers/harbor-labs/activity.yaml", 1),
        ("SP101", "customers/harbor-labs/objectives/cut-dwell-time.md", 13),
    ]


def test_status_json_and_table(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(capsys, monkeypatch, "boundaries", "status", "--format", "json")
    assert code == 0
    golden("status-boundaries.json", out)
    code, out, _ = run(capsys, monkeypatch, "boundaries", "status")
    assert code == 0
    golden("status-boundaries.table", out)
    code, out, _ = run(capsys, monkeypatch, "boundaries", "status", "cedar", "--format", "json")
    assert [c["id"] for c in json.loads(out)] == ["cedar"]


def test_status_of_customer_with_errors(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(capsys, monkeypatch, "plan-errors", "status", "--format", "json")
    (quarry,) = json.loads(out)
    assert code == 0
    assert quarry["health"] == "unknown"
    assert quarry["health_reasons"][0] == "the files have errors: fix them to compute health"
    assert [o["id"] for o in quarry["objectives"]] == ["grow-orders", "flat-metric", "store-rollout", "early-close",
                                                        "onboard-stores"]
    flat = quarry["objectives"][1]
    assert (flat["track"], flat["progress"]) == ("unmeasured", None)  # SP011: no progress


def test_schema_command(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    code, out, _ = run(capsys, monkeypatch, "clean", "schema")
    schemas = json.loads(out)
    assert code == 0
    assert sorted(schemas) == ["activity", "activity-entry", "customer", "objective", "risk", "stakeholders", "team"]
    assert schemas["customer"]["required"] == ["name", "csm"]
    assert schemas["objective"]["properties"]["status"]["enum"][0] == "new"
    code, _, _ = run(capsys, monkeypatch, "clean", "schema", "--out", str(tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "activity-entry.schema.json", "activity.schema.json", "customer.schema.json", "objective.schema.json",
        "risk.schema.json", "stakeholders.schema.json", "team.schema.json"]


@pytest.mark.parametrize(("options", "message"), [
    ("  - successplans:\n      stale_after_dayz: 3\n",
     "unknown option 'stale_after_dayz' in the successplans plugin configuration (did you mean 'stale_after_days'?)"),
    ("  - successplans:\n      stale_after_days: -1\n", "option 'stale_after_days' must be a whole number from 0 to 36,500, not -1"),
    ("  - successplans:\n      on_track_tolerance: 0.3\n      at_risk_tolerance: 0.2\n",
     "on_track_tolerance must not exceed at_risk_tolerance"),
    ("  - successplans:\n      at_risk_tolerance: 1.5\n", "option 'at_risk_tolerance' must be between 0 and 1, not 1.5"),
    ("  - successplans:\n      as_of: someday\n", "option 'as_of' must be a date YYYY-MM-DD, not 'someday'"),
    ("  - successplans:\n      segments: [Big]\n", "option 'segments' must be a non-empty list of ids"),
])
def test_configuration_errors_exit_2(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                     tmp_path: Path, options: str, message: str) -> None:
    (tmp_path / "customers").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins:\n" + options, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 2
    assert capsys.readouterr().err == f"successplans: {message}\n"


def test_material_python_name_tags_are_read_not_run(capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "customers").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nmarkdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:os.system\n"
        "      boom: !!python/object/apply:os.system ['touch pwned']\n"
        "plugins:\n  - successplans:\n      as_of: 2026-01-01\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 0
    assert not (tmp_path / "pwned").exists()


def test_bad_arguments_exit_2(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(capsys, monkeypatch, "clean", "check", "--format", "xml")[0] == 2
    assert run(capsys, monkeypatch, "clean", "check", "--as-of", "tomorrow")[0] == 2
    assert run(capsys, monkeypatch, "clean", "nonsense")[0] == 2
    assert run(capsys, monkeypatch, "clean", "check", "-f", "missing.yml")[0] == 2


def test_every_command_has_help(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.cli import cli

    import click

    for name in cli.list_commands(click.Context(cli)):
        code, out, _ = run(capsys, monkeypatch, "clean", name, "--help")
        assert code == 0 and out.startswith("Usage: successplans "), name


def test_module_entry_point() -> None:
    proc = subprocess.run([sys.executable, "-m", "generator", "check", "--format", "json"], cwd=CASES / "clean",
                          capture_output=True, text=True, check=False)
    assert (proc.returncode, json.loads(proc.stdout)) == (0, [])
