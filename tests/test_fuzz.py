"""Property-based: whatever bytes land in a customer folder, `check` reports, never crashes."""

from __future__ import annotations

import json
import re
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


# Values a hostile or careless file holds: huge integers and exponents, control characters (raw and
# escaped), bidirectional overrides, dates far outside the calendar the tool works in.
_HOSTILE = st.one_of(
    st.builds(lambda sign, digit, n: sign + digit * n, st.sampled_from(["", "-", "+"]), st.sampled_from("0179"),
              st.integers(1, 6000)),
    st.builds(lambda m, e: f"{m}e{e}", st.integers(-99, 99), st.integers(-10**9, 10**9)),
    st.sampled_from([".inf", "-.inf", ".nan", "0x" + "f" * 64, "0o" + "7" * 64, "1e-999999999", "-0.0"]),
    st.builds(lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", st.integers(1, 9999), st.integers(1, 12),
              st.integers(1, 28)),
    st.text(alphabet=st.sampled_from(["a", " ", "\x01", "\x1b", "\x7f", "\x85", "\u202e", "\u2066", "é", "中"]),
            min_size=1, max_size=12).map(lambda t: '"' + "".join(f"\\u{ord(c):04x}" if ord(c) < 0x20 or 0x7f <= ord(c) <= 0x9f
                                                                  else c for c in t) + '"'),
    st.text(alphabet=st.sampled_from(["b", "\x01", "\x1b", "\u202e", "\x7f"]), min_size=1, max_size=6),
)
def _not_json(constant: str) -> None:
    raise AssertionError(f"{constant} in the JSON output")


_VALUE_LINE = re.compile(r"^(\s*(?:- )?[a-z_]+: )(\S.*)$", re.M)


@SETTINGS
@given(name=st.sampled_from(FILES), which=st.integers(0, 40), value=_HOSTILE)
def test_hostile_values_never_crash(workspace: Path, capsys: pytest.CaptureFixture[str], name: str, which: int,
                                    value: str) -> None:
    """Any value replaced by a hostile one: check, status and the plan's figures never crash."""
    target = workspace / name
    original = target.read_bytes()
    text = original.decode("utf-8")
    lines = list(_VALUE_LINE.finditer(text))
    match = lines[which % len(lines)]
    try:
        target.write_bytes((text[:match.start(2)] + value + text[match.end(2):]).encode("utf-8"))
        assert run_check(capsys) in (0, 1)
        assert main(["status", "--format", "json"]) == 0
        out = capsys.readouterr().out
        json.loads(out, parse_constant=_not_json)  # valid JSON: no Infinity or NaN
        assert main(["check"]) in (0, 1)
        printed = capsys.readouterr().out
        assert not any(c in printed for c in "\x01\x1b\x7f\x85\u202e\u2066")
    finally:
        target.write_bytes(original)


@SETTINGS
@given(day=st.one_of(st.text(max_size=12), st.builds(lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}",
                                                       st.integers(0, 9999), st.integers(0, 13), st.integers(0, 32))))
def test_any_as_of_argument_exits_0_1_or_2(workspace: Path, capsys: pytest.CaptureFixture[str], day: str) -> None:
    assert main(["check", "--as-of", day]) in (0, 1, 2)
    assert main(["status", "--format", "json", "--as-of", day]) in (0, 2)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
