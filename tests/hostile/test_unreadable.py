"""An unreadable folder or file is SP001 at its path; every other customer is still reported."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.files import DiskFiles

from .conftest import CUSTOMER


def test_an_unreadable_customer_folder_is_sp001_and_the_others_are_reported(
        plans: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(plans / CUSTOMER, plans / "customers" / "locked-out")
    real = DiskFiles.listdir

    def listdir(self: DiskFiles, folder: Path) -> list[object]:
        if Path(folder).name == "locked-out":
            raise PermissionError(13, "Permission denied")
        return real(self, folder)  # type: ignore[return-value]

    monkeypatch.setattr(DiskFiles, "listdir", listdir)
    (plans / CUSTOMER / "objectives" / "cut-dwell-time.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    assert main(["check", "--format", "json"]) == 1
    found = [(p["code"], p["file"], p["message"]) for p in json.loads(capsys.readouterr().out)]
    assert ("SP001", "customers/locked-out", "the folder cannot be read: Permission denied") in found
    assert any(code == "SP002" and file.startswith(CUSTOMER) for code, file, _ in found)
    assert not any(code == "SP004" and file == "customers/locked-out" for code, file, _ in found)


def test_an_unreadable_file_is_sp001(plans: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    real = DiskFiles.read

    def read(self: DiskFiles, path: Path) -> bytes:
        if Path(path).name == "activity.yaml":
            raise PermissionError(13, "Permission denied")
        return real(self, path)

    monkeypatch.setattr(DiskFiles, "read", read)
    assert main(["check", "--format", "json"]) == 1
    found = [(p["code"], p["file"], p["message"]) for p in json.loads(capsys.readouterr().out)]
    assert found == [("SP001", f"{CUSTOMER}/activity.yaml", "the file cannot be read: Permission denied")]


def test_a_fifo_named_like_a_plan_file_is_never_opened(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import os

    activity = plans / CUSTOMER / "activity.yaml"
    activity.unlink()
    os.mkfifo(activity)
    assert main(["check", "--format", "json"]) == 1  # returns at once: a FIFO is never opened
    found = [(p["code"], p["file"]) for p in json.loads(capsys.readouterr().out) if p["severity"] == "error"]
    assert found == [("SP001", f"{CUSTOMER}/activity.yaml")]
