"""Outputs that cannot be written get a one-line message and a non-zero exit; a FIFO, device or
link is refused, never replaced. Permission failures are simulated (the machines run as root)."""

from __future__ import annotations

import os
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

from generator.cli import main

from .conftest import no_traceback


def _deny(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """mkstemp in `folder` fails as it would in a read-only folder."""
    real = tempfile.mkstemp

    def mkstemp(*args: object, **kwargs: object) -> tuple[int, str]:
        if Path(str(kwargs.get("dir"))).resolve() == folder.resolve():
            raise PermissionError(13, "Permission denied")
        return real(*args, **kwargs)  # type: ignore[call-overload, no-any-return]

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)


def _one_line_error(capsys: pytest.CaptureFixture[str], expected: str) -> None:
    err = capsys.readouterr().err
    assert no_traceback(err)
    lines = [line for line in err.splitlines() if line.startswith("successplans:")]
    assert len(lines) == 1 and expected in lines[0], err


def test_a_deck_over_a_fifo_is_refused(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = plans.parent / "pipe"
    os.mkfifo(fifo)
    assert main(["deck", "harbor-labs", "-o", str(fifo)]) == 2
    _one_line_error(capsys, "is not a regular file; only regular files are written")
    assert fifo.is_fifo()


def test_a_deck_through_a_link_is_refused(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = plans.parent / "outside" / "victim.txt"
    target.write_text("keep", encoding="utf-8")
    (plans.parent / "deck.pptx").symlink_to(target)
    assert main(["deck", "harbor-labs", "-o", str(plans.parent / "deck.pptx")]) == 2
    _one_line_error(capsys, "is a symbolic link")
    assert target.read_text(encoding="utf-8") == "keep"


@pytest.mark.parametrize("name", ["", "/proc/version"])
def test_a_deck_to_an_impossible_path(plans: Path, name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deck", "harbor-labs", "-o", name]) == 2
    _one_line_error(capsys, "")


def test_a_deck_into_a_read_only_folder(plans: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    folder = plans.parent / "readonly"
    folder.mkdir()
    _deny(monkeypatch, folder)
    assert main(["deck", "harbor-labs", "-o", str(folder / "deck.pptx")]) == 2
    _one_line_error(capsys, "Permission denied")
    assert list(folder.iterdir()) == []


def test_schema_into_a_read_only_folder(plans: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    folder = plans.parent / "schemas"
    folder.mkdir()
    _deny(monkeypatch, folder)
    assert main(["schema", "--out", str(folder)]) == 2
    _one_line_error(capsys, "Permission denied")


def test_diff_output_to_an_unwritable_place(plans: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    subprocess.run(["git", "init", "-q"], cwd=plans, check=True)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "--allow-empty",
                    "-m", "base"], cwd=plans, check=True)
    folder = plans.parent / "reports"
    folder.mkdir()
    _deny(monkeypatch, folder)
    assert main(["diff", "HEAD", "--output", str(folder / "diff.md")]) == 2
    _one_line_error(capsys, "Permission denied")
    assert main(["diff", "HEAD", "--output", "/proc/nope/diff.md"]) == 2
    _one_line_error(capsys, "cannot write")


def test_a_site_beside_a_read_only_folder(plans: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    _deny(monkeypatch, plans)
    monkeypatch.setattr(tempfile, "mkdtemp", lambda *a, **k: (_ for _ in ()).throw(PermissionError(13, "Permission denied")))
    assert main(["build", "--no-decks"]) == 2
    _one_line_error(capsys, "Permission denied")


def test_serve_on_a_busy_port(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["serve", "-a", f"127.0.0.1:{port}"]) == 2
    _one_line_error(capsys, f"cannot serve on 127.0.0.1:{port}")
