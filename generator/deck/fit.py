"""Text measured with the font that will draw it: wrapping, heights and sizes for the deck's boxes.

The template's theme names its fonts (Calibri, say); fontconfig finds the file that will stand in
for that name on this machine (the same substitution LibreOffice makes), and Pillow measures each
word with it. A deck is forwarded, though, and opened where its font may be missing and a wider
one stands in: every width is therefore the larger of the template font's and a wide font's
(DejaVu Sans), so that text errs towards more lines, never fewer, on any machine. Without
fontconfig or either font, a wide per-character estimate is used. East Asian wide and full-width
characters and emoji count one em each whatever the font: renderers draw them with a fallback
font at full width.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import ImageFont

WIDE_FALLBACK = ("DejaVu Sans", "Verdana")
_KNOWN_WIDE = (Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
               Path("/usr/share/fonts/TTF/DejaVuSans.ttf"))
SAFETY = 1.04  # renderers kern and hint differently: keep a little room on every line
PT_PER_IN = 72.0


@functools.lru_cache(maxsize=64)
def font_file(family: str, bold: bool = False) -> str | None:
    """The file fontconfig draws `family` with on this machine, or None without fontconfig."""
    fc_match = shutil.which("fc-match")
    if not fc_match or not family:
        return None
    pattern = family + (":bold" if bold else "")
    try:
        proc = subprocess.run([fc_match, "-f", "%{file}", pattern], capture_output=True, text=True, timeout=10,
                              check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    path = proc.stdout.strip()
    return path if proc.returncode == 0 and path and Path(path).is_file() else None


def _wide_file(bold: bool) -> str | None:
    for family in WIDE_FALLBACK:
        found = font_file(family, bold)
        if found:
            return found
    return next((str(p) for p in _KNOWN_WIDE if p.is_file()), None)


def _full_width(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F") or ord(ch) >= 0x1F000


@dataclass(frozen=True)
class Para:
    """One paragraph of a text box: its text, size in points, weight and space after it."""

    text: str
    size: float
    bold: bool = False
    space_after: float = 4.0
    status: str | None = None  # a track whose status colour the text takes


class Measurer:
    """Widths and heights of text in one font family (the template's body or heading font)."""

    def __init__(self, family: str) -> None:
        self.family = family
        self._files = {bold: font_file(family, bold) or _wide_file(bold) for bold in (False, True)}
        self._wide = {bold: _wide_file(bold) for bold in (False, True)}

    @property
    def resolved(self) -> str | None:
        return self._files[False]

    @functools.lru_cache(maxsize=256)  # noqa: B019 - one measurer per font family and process
    def _fonts(self, size: float, bold: bool) -> tuple[ImageFont.FreeTypeFont, ...]:
        paths = dict.fromkeys(p for p in (self._files[bold], self._wide[bold]) if p)
        # measured at 10x the point size: Pillow rounds advances to whole pixels
        return tuple(ImageFont.truetype(path, size=max(1, round(size * 10))) for path in paths)

    @functools.lru_cache(maxsize=20000)  # noqa: B019
    def width(self, text: str, size: float, bold: bool = False) -> float:
        """Width of one line of text in points."""
        fonts = self._fonts(size, bold)
        total = 0.0
        plain = []
        for ch in text:
            if _full_width(ch):
                total += size
            else:
                plain.append(ch)
        rest = "".join(plain)
        if rest:
            if not fonts:
                total += len(rest) * size * (0.66 if bold else 0.62)  # wide-font estimate
            else:
                total += max(font.getlength(rest) for font in fonts) / 10
        return total * SAFETY

    def line_height(self, size: float) -> float:
        """Height of one line in points (the font's ascent and descent, as renderers space single lines)."""
        fonts = self._fonts(size, False)
        if not fonts:
            return size * 1.25
        tallest = max(sum(font.getmetrics()) for font in fonts)
        return max(size * 1.17, tallest / 10) * 1.02

    def wrap(self, text: str, width_pt: float, size: float, bold: bool = False) -> list[str]:
        """The lines a renderer makes of a paragraph in a box of width_pt: breaks at spaces, between
        full-width characters, and inside a word longer than a line (never dropping a character)."""
        lines: list[str] = []
        for paragraph in text.split("\n"):
            current = ""
            for token in _tokens(paragraph):
                candidate = current + token if current else token.lstrip()
                if not candidate:
                    continue
                if self.width(candidate.rstrip(), size, bold) <= width_pt:
                    current = candidate
                    continue
                if current.strip():
                    lines.append(current.rstrip())
                token = token.lstrip()
                while self.width(token, size, bold) > width_pt and len(token) > 1:
                    cut = self._longest_prefix(token, width_pt, size, bold)
                    lines.append(token[:cut])
                    token = token[cut:]
                current = token
            lines.append(current.rstrip())
        return lines

    def _longest_prefix(self, word: str, width_pt: float, size: float, bold: bool) -> int:
        low, high = 1, len(word)
        while low < high:
            mid = (low + high + 1) // 2
            if self.width(word[:mid], size, bold) <= width_pt:
                low = mid
            else:
                high = mid - 1
        return max(1, low)

    def lines(self, text: str, width_pt: float, size: float, bold: bool = False) -> int:
        return len(self.wrap(text, width_pt, size, bold))

    def height(self, paras: Sequence[Para], width_pt: float) -> float:
        """Height in points of paragraphs in a box whose text area is width_pt wide."""
        total = 0.0
        for para in paras:
            total += self.lines(para.text, width_pt, para.size, para.bold) * self.line_height(para.size)
            total += para.space_after
        return total

    def fit_size(self, text: str, width_pt: float, height_pt: float, max_pt: float, min_pt: float,
                 bold: bool = False) -> float:
        """The largest size from max_pt down to min_pt at which text fits the box (min_pt if none)."""
        size = max_pt
        while size > min_pt and self.lines(text, width_pt, size, bold) * self.line_height(size) > height_pt:
            size -= 1
        return size

    def shorten(self, text: str, width_pt: float, height_pt: float, size: float, bold: bool = False) -> str:
        """Cut a text at a word, with "…", so that it fits (for objective titles; never for names)."""
        def fits(candidate: str) -> bool:
            return self.lines(candidate, width_pt, size, bold) * self.line_height(size) <= height_pt

        if fits(text):
            return text
        words = text.split()
        while len(words) > 1:
            words.pop()
            candidate = " ".join(words) + " …"
            if fits(candidate):
                return candidate
        cut = text
        while len(cut) > 1 and not fits(cut + "…"):
            cut = cut[: max(1, int(len(cut) * 0.9))]
        return cut + "…"


@functools.lru_cache(maxsize=8)
def measurer(family: str) -> Measurer:
    """One measurer per font family and process: its measurements are reused from deck to deck."""
    return Measurer(family)


def _tokens(paragraph: str) -> list[str]:
    """Breakable pieces: a word with the space before it, or one full-width character."""
    tokens: list[str] = []
    current = ""
    for ch in paragraph:
        if ch == " ":
            if current.strip():
                tokens.append(current)
                current = ""
            current += ch
        elif _full_width(ch):
            if current:
                tokens.append(current)
                current = ""
            tokens.append(ch)
        else:
            current += ch
    if current:
        tokens.append(current)
    return tokens
