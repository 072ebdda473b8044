"""Property-based: whatever bytes land in a customer folder, `check` reports, never crashes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main

CLEAN = Path(__file__).parent / "cases" / "clean"
FILES = ["customer.yaml", "stakeholders.yaml", "activity.yaml", "objectives/cut-dwell-time.md",
         "objectives/train-dispatchers.md", "risks/champion-leaving.md"]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture()
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(CLEAN, tmp_path / "case")
    monkeypatch.chdir(tmp_path / "case")
    return tmp_path / "case" / "customers" / "harbor-labs"


def run_check(capsys: pytest.CaptureFixture[str]) -> int:
    code = main(["check", "--format", "json"])
    capsys.readouterr()
    return code


@SETTINGS
@given(name=st.sampled_from(FILES), data=st.binary(max_size=400))
def test_arbitrary_bytes_never_crash(workspace: Path, capsys: pytest.CaptureFixture[str], name: str,
                                     data: bytes) -> None:
    target = workspace / name
    original = target.read_bytes()
    try:
        target.write_bytes(data)
        assert run_check(capsys) in (0, 1)
        assert main(["status", "--format", "json"]) == 0
        capsys.readouterr()
    finally:
        target.write_bytes(original)


_YAMLISH = st.sampled_from(["-", ":", " ", "\n", "[", "]", "{", "}", "&a", "*a", "!!", "#", "'", '"', "|", ">",
                            "---", "\t", "?", "2026-13-45", "null", "~", "1e999", "-1", "x-", "\r\n", "\ufeff", "é"])


@SETTINGS
@given(name=st.sampled_from(FILES), position=st.floats(0, 1), cut=st.integers(0, 20),
       insert=st.lists(_YAMLISH, max_size=6))
def test_mutated_valid_files_never_crash(workspace: Path, capsys: pytest.CaptureFixture[str], name: str,
                                         position: float, cut: int, insert: list[str]) -> None:
    target = workspace / name
    original = target.read_bytes()
    text = original.decode("utf-8")
    at = int(len(text) * position)
    try:
        target.write_bytes((text[:at] + "".join(insert) + text[at + cut:]).encode("utf-8"))
        assert run_check(capsys) in (0, 1)
    finally:
        target.write_bytes(original)


@SETTINGS
@given(lines=st.lists(st.sampled_from([
    "- date: 2026-11-01", "  kind: call", "  kind: ebr", "  title: T", "  readings: {cut-dwell-time: 3}",
    "  readings: {nope: x}", "  attendees: [ines-park, 3]", "  internal: yes", "- 12", "- [a, b]", "  notes: |",
    "    text", "  date: 2027-01-01", "  objectives: cut-dwell-time", "-", "  x-anything: {a: [1]}",
]), max_size=25))
def test_shuffled_activity_entries_never_crash(workspace: Path, capsys: pytest.CaptureFixture[str],
                                               lines: list[str]) -> None:
    target = workspace / "activity.yaml"
    original = target.read_bytes()
    try:
        target.write_text("\n".join(lines) + "\n", encoding="utf-8")
        assert run_check(capsys) in (0, 1)
    finally:
        target.write_bytes(original)
