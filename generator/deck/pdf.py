"""PDF copies of decks through LibreOffice, when it is installed.

All decks of one run go through a single LibreOffice call (it starts slowly), with a throwaway user
profile so that a LibreOffice the user has open is neither disturbed nor blocking.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ..errors import SuccessPlansError

INSTALL_HINT = ("install LibreOffice (Debian and Ubuntu: apt-get install libreoffice-impress; macOS: "
                "brew install --cask libreoffice), or open the .pptx in PowerPoint and export it as PDF")


class PdfUnavailable(SuccessPlansError):
    """LibreOffice is missing or failed: the decks are there, their PDF copies are not (exit 2)."""

    exit_code = 2


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(decks: Sequence[Path], timeout: int = 900) -> list[Path]:
    """Write <deck>.pdf beside each deck; returns the PDF paths."""
    if not decks:
        return []
    program = soffice()
    if program is None:
        raise PdfUnavailable("no PDF made: LibreOffice (soffice) is not installed; " + INSTALL_HINT)
    by_folder: dict[Path, list[Path]] = {}
    for deck in decks:
        by_folder.setdefault(deck.parent, []).append(deck)
    out: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="successplans-lo-") as profile:
        for folder, group in by_folder.items():
            try:
                proc = subprocess.run([program, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                                       "--convert-to", "pdf", "--outdir", str(folder), *map(str, group)],
                                      capture_output=True, text=True, timeout=timeout, check=False)
            except (OSError, subprocess.SubprocessError) as exc:
                raise PdfUnavailable(f"no PDF made: LibreOffice could not run ({exc})") from None
            pdfs = [deck.with_suffix(".pdf") for deck in group]
            missing = [p.name for p in pdfs if not p.is_file()]
            if proc.returncode != 0 or missing:
                detail = (proc.stderr or proc.stdout).strip().splitlines()
                raise PdfUnavailable("LibreOffice did not convert " + ", ".join(missing or [f.name for f in group])
                                     + (f": {detail[-1]}" if detail else ""))
            out += pdfs
    return out
