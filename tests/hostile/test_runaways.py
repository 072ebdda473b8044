"""A located message, never a traceback, and bounded work, whatever the input.

Each payload has its control: the same input without the protection does crash, hang or run long
(Pillow refuses the image, the mail library refuses the header, ...).
"""

from __future__ import annotations

import email
import errno
import io
import json
import os
import shutil
import struct
import subprocess
import sys
import time
import zlib
from email.message import EmailMessage
from pathlib import Path

import pytest
from PIL import Image

from generator.cli import main

from .conftest import CUSTOMER, no_traceback, run_process, tree_digest

# --- logos: dimensions read from the header, before any decoding ------------------------------


def _png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def _jpeg(width: int, height: int) -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + sof + b"\xff\xd9"


@pytest.mark.parametrize("logo, size", [(_png(100_000, 100_000), "100,000 × 100,000"),
                                        (_jpeg(65_000, 65_000), "65,000 × 65,000"),
                                        (_png(20_000, 10), "20,000 × 10")])
def test_a_logo_too_large_to_decode_is_sp001_and_the_rest_is_still_checked(plans: Path, logo: bytes, size: str,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    folder = plans / CUSTOMER
    (folder / "logo.png").write_bytes(logo)
    customer = folder / "customer.yaml"
    customer.write_text(customer.read_text(encoding="utf-8") + "logo: logo.png\n", encoding="utf-8")
    other = plans / "customers" / "other-co"
    shutil.copytree(folder, other)
    (other / "logo.png").unlink()
    (other / "customer.yaml").write_text(customer.read_text(encoding="utf-8").replace("logo: logo.png\n", "")
                                         .replace("csm: jane.doe", "csm: Jane Doe"), encoding="utf-8")
    assert main(["check", "--format", "json"]) == 1
    problems = json.loads(capsys.readouterr().out)
    line = customer.read_text(encoding="utf-8").splitlines().index("logo: logo.png") + 1
    assert [(p["customer"], p["code"], p["line"]) for p in problems if p["severity"] == "error"] == [
        ("harbor-labs", "SP001", line), ("other-co", "SP005", 3)]
    mine = next(p for p in problems if p["customer"] == "harbor-labs")
    assert mine["message"].startswith(f"logo 'logo.png' is {size} pixels; a logo may have at most 10,000")
    if max(int(n.replace(",", "")) for n in size.split(" × ")) > 30_000:  # the control: Pillow refuses it
        with pytest.raises(Image.DecompressionBombError):
            Image.open(io.BytesIO(logo))


def test_a_normal_logo_still_loads(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    image = Image.new("RGB", (300, 120), "navy")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    (plans / CUSTOMER / "logo.png").write_bytes(buffer.getvalue())
    customer = plans / CUSTOMER / "customer.yaml"
    customer.write_text(customer.read_text(encoding="utf-8") + "logo: logo.png\n", encoding="utf-8")
    assert main(["check"]) == 0


# --- e-mail headers ------------------------------------------------------------------------------

def test_a_line_break_in_a_name_never_breaks_the_e_mail(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    customer = plans / CUSTOMER / "customer.yaml"
    text = customer.read_text(encoding="utf-8")
    name = text.split("name: ", 1)[1].split("\n", 1)[0]
    customer.write_text(text.replace(f"name: {name}", 'name: "Harbor\\nBcc: everyone@example.com"'),
                        encoding="utf-8")
    assert main(["digest", "harbor-labs", "--format", "eml"]) == 0
    out = capsys.readouterr()
    assert no_traceback(out.err)
    message = email.message_from_string(out.out)
    assert message["Bcc"] is None
    assert str(message["Subject"]).replace("\n", "").replace("  ", " ").startswith(
        "Harbor Bcc: everyone@example.com: are these still your priorities?")
    # the control: the mail library refuses the name as it is
    with pytest.raises(ValueError):
        EmailMessage()["Subject"] = "Harbor\nBcc: everyone@example.com"


def test_the_same_digest_is_the_same_bytes(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outputs = []
    for _ in range(2):
        assert main(["digest", "harbor-labs", "--format", "eml"]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]


# --- a full disk ----------------------------------------------------------------------------------

def test_a_full_disk_during_build_is_one_line_and_the_old_site_stays(plans: Path, monkeypatch: pytest.MonkeyPatch,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    import mkdocs.utils

    assert main(["build", "--no-decks"]) == 0
    before = tree_digest(plans / "site")
    capsys.readouterr()
    calls: list[str] = []

    def full(content: bytes, output_path: str) -> None:
        calls.append(output_path)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), output_path)

    monkeypatch.setattr(mkdocs.utils, "write_file", full)
    assert main(["build", "--no-decks"]) == 2
    err = capsys.readouterr().err
    assert calls  # the control: the build did reach the full disk
    assert err.splitlines() == [f"successplans: cannot write the site beside {plans / 'site'}: No space left on "
                                "device; the previous site is unchanged"], err
    assert tree_digest(plans / "site") == before
    assert [p.name for p in plans.iterdir() if p.name.startswith(".site")] == []


def test_an_os_error_anywhere_is_one_line(plans: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    from generator.commands import check

    def gone(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO), "customers")

    monkeypatch.setattr(check, "iter_customers", gone)
    assert main(["check"]) == 2
    assert capsys.readouterr().err == "successplans: Input/output error: customers\n"


# --- output that cannot hold the names ------------------------------------------------------------

@pytest.mark.parametrize("command", [["check"], ["status"], ["agenda"], ["status", "--portfolio"],
                                     ["check", "--format", "github"]])
def test_an_ascii_terminal_gets_escapes_not_a_traceback(plans: Path, command: list[str]) -> None:
    customer = plans / CUSTOMER / "customer.yaml"
    text = customer.read_text(encoding="utf-8")
    name = text.split("name: ", 1)[1].split("\n", 1)[0]
    customer.write_text(text.replace(f"name: {name}", "name: Hafen Läbs 港湾").replace("csm: jane.doe", "csm: jäne"),
                        encoding="utf-8")
    result = run_process(command, plans, env={"PYTHONIOENCODING": "ascii"})
    assert no_traceback(result.stderr), result.stderr
    assert result.returncode in (0, 1), result.stderr
    shown = result.stdout + result.stderr
    if command != ["status", "--portfolio"]:  # the figures name nobody
        assert "\\xe4" in shown or "\\u" in shown
    # the control: the same output encoded for this terminal fails
    with pytest.raises(UnicodeEncodeError):
        "Hafen Läbs 港湾".encode("ascii")


# --- inputs that are no files ---------------------------------------------------------------------

@pytest.mark.parametrize("source", ["/dev/zero", "fifo", "folder", "huge"])
def test_import_refuses_what_is_no_csv_file_by_its_type(plans: Path, source: str) -> None:
    path = Path(source)
    if source == "fifo":
        path = plans.parent / "readings.csv"
        os.mkfifo(path)
    elif source == "folder":
        path = plans.parent / "exports"
        path.mkdir()
    elif source == "huge":
        path = plans.parent / "huge.csv"
        with path.open("wb") as handle:
            handle.truncate(1 << 31)  # 2 GiB, sparse: reading it whole would fill memory
    before = tree_digest(plans)
    started = time.monotonic()
    result = run_process(["import", "readings", str(path)], plans)
    assert time.monotonic() - started < 30
    assert result.returncode == 2, result.stderr
    assert no_traceback(result.stderr)
    expected = {"/dev/zero": "it is a device", "fifo": "it is a FIFO", "folder": "is a directory",
                "huge": "is over 16 MiB"}[source]
    assert expected in result.stderr.splitlines()[-1]
    assert tree_digest(plans) == before


# --- serve: bad request paths ---------------------------------------------------------------------

def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _status(port: int, path: str) -> int:
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.mark.heavy
@pytest.mark.parametrize("mode", ["preview", "whole-site rebuilds"])
def test_serve_answers_bad_paths_with_400_or_404(plans: Path, mode: str, tmp_path: Path) -> None:
    from tests.conftest import stop_process_group

    if mode != "preview":  # a plugin that may read other pages: MkDocs' own serve runs the site
        mkdocs_yml = plans / "mkdocs.yml"
        mkdocs_yml.write_text(mkdocs_yml.read_text(encoding="utf-8").replace("plugins:\n", "plugins:\n  - material/offline\n"),
                              encoding="utf-8")
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "-a", f"127.0.0.1:{port}"], cwd=plans,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                            env={**os.environ, "SUCCESSPLANS_TODAY": "2026-11-16"})
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if _status(port, "/") in (200, 302):
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text(encoding="utf-8")
            time.sleep(0.3)
        page = "/customers/harbor-labs/" if mode == "preview" else "/customers/harbor-labs.html"  # offline: no /x/
        assert _status(port, page) == 200
        assert _status(port, "/%00") == 400
        assert _status(port, "/customers/%01x/") == 400
        assert _status(port, "/..%2f..%2f..%2fetc%2fpasswd") == 404
        assert _status(port, "/%ff%fe") in (200, 404)  # not UTF-8: read as "/" (the home page) or not found
        assert _status(port, "/" + "a" * 5000) == 404
    finally:
        stop_process_group(proc)
        log.close()
    output = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert no_traceback(output), output
    # the control: the path does make Python's file functions fail, as the server would
    with pytest.raises(ValueError):
        open(str(plans / "\0"), "rb")  # noqa: SIM115


# --- diff: only the files it compares, only up to 1 MiB -------------------------------------------

GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com"}


def _git(plans: Path, *args: str, stdin: bytes | None = None) -> str:
    return subprocess.run(["git", *args], cwd=plans, input=stdin, capture_output=True, check=True,
                          env={**os.environ, **GIT_ENV}).stdout.decode().strip()


@pytest.mark.heavy
def test_diff_never_reads_a_large_stray_file_of_the_revision(plans: Path) -> None:
    _git(plans, "init", "-q")
    _git(plans, "add", ".")
    # a 400 MB file among the customers, made in git directly (no copy of it on disk)
    blob = _git(plans, "hash-object", "-w", "--stdin", stdin=bytes(400 << 20))
    _git(plans, "update-index", "--add", "--cacheinfo", f"100644,{blob},customers/harbor-labs/_export.bin")
    big_yaml = _git(plans, "hash-object", "-w", "--stdin", stdin=b"# " + b"x" * (2 << 20) + b"\n")
    _git(plans, "update-index", "--add", "--cacheinfo", f"100644,{big_yaml},customers/other-co/customer.yaml")
    _git(plans, "commit", "-qm", "plans with a stray export")
    code = ("import resource, subprocess, sys\n"
            "p = subprocess.run([sys.executable, '-m', 'generator', 'diff', 'HEAD', '--format', 'json'], "
            "capture_output=True, text=True)\n"
            "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024\n"
            "print(p.returncode, peak); print(p.stdout); print(p.stderr, file=sys.stderr)\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=plans, capture_output=True, text=True, timeout=300,
                            check=False, env={**os.environ, "SUCCESSPLANS_TODAY": "2026-11-16"})
    status, peak = map(int, result.stdout.splitlines()[0].split())
    assert status == 0 and no_traceback(result.stderr), result.stderr
    assert peak < 250, f"diff peaked at {peak} MB"  # the blob alone is 400 MB
    print(f"diff with a 400 MB stray blob: peak {peak} MB")
    diff = json.loads("\n".join(result.stdout.splitlines()[1:]))
    assert [c["id"] for c in diff["customers"]] == ["other-co"]  # removed (its file was over 1 MiB)
    # the control: the blob is really there, 400 MB, and readable by git
    assert _git(plans, "cat-file", "-s", blob) == str(400 << 20)


# --- edits: linear in the file's length -----------------------------------------------------------

def _long_log(plans: Path, entries: int) -> None:
    lines = [f"- date: 20{10 + i % 15:02d}-0{1 + i % 9}-1{i % 10}\n  kind: call\n  title: Weekly call {i:05d}\n"
             for i in range(entries)]
    (plans / CUSTOMER / "activity.yaml").write_text("".join(lines), encoding="utf-8")


def _edit_seconds(plans: Path, capsys: pytest.CaptureFixture[str]) -> float:
    best = float("inf")
    for _ in range(2):  # the best of two: other work on the machine only ever adds time
        started = time.perf_counter()
        assert main(["log", "harbor-labs", "--kind", "call", "--title", "Weekly sync", "--date", "2026-11-16",
                     "--dry-run"]) == 0
        best = min(best, time.perf_counter() - started)
        assert "+  title: Weekly sync" in capsys.readouterr().out
    return best


@pytest.mark.heavy
def test_an_edit_of_a_long_activity_log_is_linear(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _long_log(plans, 2_500)
    quarter = _edit_seconds(plans, capsys)
    _long_log(plans, 10_000)
    whole = _edit_seconds(plans, capsys)
    # four times the entries: about four times the time (the quadratic step made it sixteen)
    assert whole < 6 * quarter + 0.2, (quarter, whole)
    assert whole < 3.0, whole


def _collections_during_log(capsys: pytest.CaptureFixture[str]) -> int:
    import gc

    seen: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            seen.append(info["generation"])

    gc.callbacks.append(count)
    try:
        assert main(["log", "harbor-labs", "--kind", "call", "--title", "Weekly sync", "--date", "2026-11-16",
                     "--dry-run"]) == 0
    finally:
        gc.callbacks.remove(count)
    assert "+  title: Weekly sync" in capsys.readouterr().out
    return len(seen)


@pytest.mark.heavy
def test_an_edit_runs_without_the_collector_walking_the_log(plans: Path, capsys: pytest.CaptureFixture[str],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from generator.edit import session

    _long_log(plans, 10_000)
    assert gc.isenabled()
    paused = _collections_during_log(capsys)  # a few while the command starts, before the edit begins
    assert gc.isenabled()  # on again once the command ended
    # the control: without the pause, the same edit starts the collector again and again
    monkeypatch.setattr(session, "_collector_paused_for_command", lambda: None)
    running = _collections_during_log(capsys)
    assert paused <= 5 and running > 10 * max(paused, 1), (paused, running)
