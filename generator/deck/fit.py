"""Text measured with the font that will draw it: where lines break, and how tall paragraphs are.

The template's theme names its fonts (Calibri, say); fontconfig finds the file that will stand in
for that name on this machine (the same substitution LibreOffice makes), and Pillow measures each
word with it. A deck is forwarded, though, and opened where its font may be missing and a wider
one stands in: every width is therefore the larger of the template font's and a wide font's
(DejaVu Sans), so that text errs towards more lines, never fewer, on any machine. Without
fontconfig or either font, a wide per-character estimate is used. East Asian wide and full-width
characters and emoji count one em each whatever the font: renderers draw them with a fallback
font at full width.

Measuring is linear in the text: a line is the sum of its words' widths (each word measured once
and remembered), and a word longer than a line is broken by the sum of its characters' widths.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import unicodedata
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import ImageFont

WIDE_FALLBACK = ("DejaVu Sans", "Verdana")
_KNOWN_WIDE = (Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
               Path("/usr/share/fonts/TTF/DejaVuSans.ttf"))
SAFETY = 1.04  # renderers kern and hint differently: keep a little room on every line
LINE_FACTOR = 1.2  # a single-spaced line is about 1.2 times the font size (what spcPct spacing counts in)


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


@functools.lru_cache(maxsize=4096)
def _full_width(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F") or ord(ch) >= 0x1F000


_ASCII_TOKENS = re.compile(r"\n| *[^ \n]+| +")
BREAKS_CACHE = 512  # paragraphs whose line breaks a measurer remembers
NBSP = "\u00a0"  # a space no line breaks at: measured as part of its word, as renderers keep it


def unbroken(text: str) -> str:
    """Text kept on one line ("16 Nov 2026", "(2 of 3)"): its spaces made non-breaking."""
    return text.replace(" ", NBSP)


@dataclass(frozen=True, slots=True, kw_only=True)
class Run:
    """A stretch of a paragraph in one weight, optionally in a status colour."""

    text: str
    bold: bool = False
    status: str | None = None  # a track whose status colour the text takes


@dataclass(frozen=True, slots=True, kw_only=True)
class Para:
    """One paragraph of body text: its runs and its role. Sizes, indents and bullets come from the
    placeholder the paragraph goes into (the template's), by role: `bullet` and `sub` are the
    template's first and second bulleted levels, the others are unbulleted."""

    runs: tuple[Run, ...]
    role: str = "text"  # "text", "heading", "bullet" or "sub"

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    @property
    def bold(self) -> bool:
        return bool(self.runs) and all(r.bold for r in self.runs)

    @classmethod
    def of(cls, text: str, role: str = "text", *, bold: bool = False, status: str | None = None) -> Para:
        return cls(runs=(Run(text=text, bold=bold, status=status),), role=role)


def plain(text: str) -> str:
    """Text as one paragraph: line ends in a customer's field read as spaces."""
    return " ".join(text.split())


class Measurer:
    """Widths and line breaks of text in one font family (the template's body or heading font)."""

    def __init__(self, family: str) -> None:
        self.family = family
        self._files = {bold: font_file(family, bold) or _wide_file(bold) for bold in (False, True)}
        self._wide = {bold: _wide_file(bold) for bold in (False, True)}
        self._breaks: OrderedDict[tuple[object, ...], list[int]] = OrderedDict()

    @functools.lru_cache(maxsize=256)  # noqa: B019 - one measurer per font family and process
    def _fonts(self, size: float, bold: bool) -> tuple[ImageFont.FreeTypeFont, ...]:
        paths = dict.fromkeys(p for p in (self._files[bold], self._wide[bold]) if p)
        # measured at 10x the point size: Pillow rounds advances to whole pixels
        return tuple(ImageFont.truetype(path, size=max(1, round(size * 10))) for path in paths)

    @functools.lru_cache(maxsize=50000)  # noqa: B019
    def _piece(self, text: str, size: float, bold: bool) -> float:
        """Width in points of a short piece (a word, a character), without the safety margin."""
        fonts = self._fonts(size, bold)
        total = 0.0
        plain_chars = []
        for ch in text:
            if _full_width(ch):
                total += size
            else:
                plain_chars.append(ch)
        rest = "".join(plain_chars)
        if rest:
            if not fonts:
                total += len(rest) * size * (0.66 if bold else 0.62)  # wide-font estimate
            else:
                total += max(font.getlength(rest) for font in fonts) / 10
        return total

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """Width of one line of text in points."""
        return sum(self._piece(piece, size, bold) for piece in _pieces(text)) * SAFETY

    def widest(self, text: str, size: float, bold: bool = False) -> float:
        """The width in points of the widest stretch of text no line can break: a word (with its
        hyphens and non-breaking spaces), or one East Asian wide character."""
        return max((self._piece(text[a:b].strip(" "), size, bold) for a, b in _tokens(text)
                    if text[a:b].strip(" \n")), default=0.0) * SAFETY

    def line_height(self, size: float) -> float:
        """Height of one single-spaced line in points (the font's ascent and descent, as renderers
        space single lines)."""
        fonts = self._fonts(size, False)
        if not fonts:
            return size * 1.25
        tallest = max(sum(font.getmetrics()) for font in fonts)
        return max(size * 1.17, tallest / 10) * 1.02

    def breaks(self, runs: Sequence[Run] | str, width_pt: float, size: float, bold: bool = False) -> list[int]:
        """Where each line a renderer makes of a paragraph starts (offsets into its text), in a box
        whose text area is width_pt wide: breaks at spaces, between full-width characters, and inside
        a word longer than a line (never dropping a character). Line ends in the text break too."""
        if isinstance(runs, str):
            runs = (Run(text=runs, bold=bold),)
        key = (tuple(runs), round(width_pt, 3), size)
        found = self._breaks.get(key)
        if found is None:
            found = self._break(tuple(runs), width_pt, size)
            self.remember(runs, width_pt, size, found)
        else:
            self._breaks.move_to_end(key)
        return list(found)

    def remember(self, runs: Sequence[Run], width_pt: float, size: float, starts: list[int]) -> None:
        """Record a paragraph's line starts (as when a paragraph is split at a line start: its rest
        breaks where the whole did), so that measuring it again costs nothing."""
        self._breaks[(tuple(runs), round(width_pt, 3), size)] = list(starts)
        while len(self._breaks) > BREAKS_CACHE:
            self._breaks.popitem(last=False)

    def _break(self, runs: tuple[Run, ...], width_pt: float, size: float) -> list[int]:
        text = "".join(r.text for r in runs)
        weights = _weights(runs)
        single = len(weights) == 1
        heavy = weights[0][1]
        limit = width_pt / SAFETY
        starts = [0]
        used = 0.0  # width of the current line so far
        for start, end in _tokens(text):
            if text[start] == "\n":
                starts.append(end)
                used = 0.0
                continue
            if used == 0.0:  # a line never starts with spaces
                while start < end and text[start] == " ":
                    start += 1
                if start == end:
                    continue
                if starts[-1] < start and not text[starts[-1]:start].strip():
                    starts[-1] = start
            need = self._piece(text[start:end], size, heavy) if single else self._span(text, weights, start, end, size)
            if used and used + need > limit:
                while start < end and text[start] == " ":
                    start += 1
                starts.append(start)
                used = 0.0
                need = self._piece(text[start:end], size, heavy) if single else self._span(text, weights, start, end,
                                                                                           size)
            if need <= limit or end - start == 1:
                used += need
                continue
            used = self._long_word(text, weights, start, end, size, limit, used, starts)
        return starts

    def _span(self, text: str, weights: list[tuple[int, bool]], start: int, end: int, size: float) -> float:
        return sum(self._piece(text[a:b], size, heavy) for a, b, heavy in _split_by_weight(weights, start, end))

    def _long_word(self, text: str, weights: list[tuple[int, bool]], start: int, end: int, size: float,
                   limit: float, used: float, starts: list[int]) -> float:
        """Break a word wider than a line character by character; returns the width of its last line."""
        for a, b, heavy in _split_by_weight(weights, start, end):
            for index in range(a, b):
                need = self._piece(text[index], size, heavy)
                if used and used + need > limit:
                    starts.append(index)
                    used = 0.0
                used += need
        return used

    def lines(self, text: str | Sequence[Run], width_pt: float, size: float, bold: bool = False) -> int:
        return len(self.breaks(text, width_pt, size, bold))

    def wrap(self, text: str, width_pt: float, size: float, bold: bool = False) -> list[str]:
        """The lines themselves (see breaks)."""
        starts = self.breaks(text, width_pt, size, bold)
        return [text[a:b].rstrip(" \n") for a, b in zip(starts, starts[1:] + [len(text)])]

    def fit_size(self, text: str, width_pt: float, height_pt: float, max_pt: float, min_pt: float,
                 bold: bool = False, line_factor: float = 1.0) -> float | None:
        """The largest whole size from max_pt down to min_pt at which text fits the box, or None."""
        size = max_pt
        while size >= min_pt:
            if self.lines(text, width_pt, size, bold) * self.line_height(size) * line_factor <= height_pt:
                return size
            size -= 1
        return None


@functools.lru_cache(maxsize=8)
def measurer(family: str) -> Measurer:
    """One measurer per font family and process: its measurements are reused from deck to deck."""
    return Measurer(family)


def _pieces(text: str) -> list[str]:
    """A line cut into words (with the space before each) for measuring piece by piece."""
    return [text[a:b] for a, b in _tokens(text)]


def _tokens(text: str) -> list[tuple[int, int]]:
    """Breakable pieces as (start, end): a word with the spaces before it, one full-width character,
    or a line end."""
    if text.isascii():
        return [m.span() for m in _ASCII_TOKENS.finditer(text)]
    tokens: list[tuple[int, int]] = []
    start = 0
    in_word = False
    for index, ch in enumerate(text):
        if ch == "\n":
            if index > start:
                tokens.append((start, index))
            tokens.append((index, index + 1))
            start, in_word = index + 1, False
        elif ch == " ":
            if in_word:
                tokens.append((start, index))
                start, in_word = index, False
        elif _full_width(ch):
            if index > start:
                tokens.append((start, index))
            tokens.append((index, index + 1))
            start, in_word = index + 1, False
        else:
            in_word = True
    if start < len(text):
        tokens.append((start, len(text)))
    return tokens


def _weights(runs: Sequence[Run]) -> list[tuple[int, bool]]:
    """Where each run starts in the paragraph's text, and whether it is bold."""
    out = []
    offset = 0
    for run in runs:
        if run.text:
            out.append((offset, run.bold))
            offset += len(run.text)
    return out or [(0, False)]


def _split_by_weight(weights: list[tuple[int, bool]], start: int, end: int) -> list[tuple[int, int, bool]]:
    """The stretches of [start, end) in one weight each."""
    out = []
    for index, (offset, heavy) in enumerate(weights):
        stop = weights[index + 1][0] if index + 1 < len(weights) else end
        a, b = max(start, offset), min(end, stop)
        if a < b:
            out.append((a, b, heavy))
    return out
