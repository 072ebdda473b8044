"""A customer file as raw lines: BOM, line endings and the Markdown body kept byte for byte.

Edits work on the YAML part as plain text with "\n" line ends. Rendering maps the new text back
onto the original lines: every line that did not change is written from the original bytes, so
its line ending (CRLF or LF, even mixed), trailing spaces and encoding details stay untouched.
New or changed lines take the file's dominant line ending.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from ..yamlread import Issue, decode

BOM = b"\xef\xbb\xbf"
_LINE = re.compile(r"[^\n]*\n|[^\n]+\Z")
_FENCE = re.compile(r"---[ \t]*\r?\n?\Z")


def split_lines(text: str) -> list[str]:
    """Lines with their endings (only "\n" ends a line, as in the reader)."""
    return _LINE.findall(text)


def _plain(line: str) -> str:
    return line[:-2] + "\n" if line.endswith("\r\n") else line


@dataclass(kw_only=True)
class TextFile:
    """One file split into the part an edit may touch (`lines`) and the parts it never touches."""

    path: Path
    bom: bool
    newline: str  # the dominant line ending, for new lines
    head: str  # raw text before the YAML: the opening '---' line of a Markdown file
    lines: list[str]  # raw YAML lines, with their own endings
    tail: str  # raw text after the YAML: the closing '---' line and the Markdown body

    @classmethod
    def read(cls, path: Path, front_matter: bool = False) -> tuple[TextFile | None, Issue | None]:
        """Read a file; (None, issue) when it cannot be decoded or its front matter is not closed."""
        return cls.parse(path, path.read_bytes(), front_matter)

    @classmethod
    def parse(cls, path: Path, data: bytes, front_matter: bool = False) -> tuple[TextFile | None, Issue | None]:
        """A file's bytes as read() takes them apart (the bytes an earlier edit of a session left)."""
        text, issue = decode(data)
        if text is None:
            return None, issue
        raw = split_lines(text)
        crlf = sum(1 for line in raw if line.endswith("\r\n"))
        newline = "\r\n" if crlf * 2 > len(raw) else "\n"
        head, tail = "", ""
        if front_matter:
            if not raw or not _FENCE.match(raw[0]):
                return None, Issue(code="SP002", line=1, column=1,
                                   message="the file must start with a '---' line opening the front matter")
            close = next((i for i in range(1, len(raw)) if _FENCE.match(raw[i])), None)
            if close is None:
                return None, Issue(code="SP002", line=1, column=1,
                                   message="the front matter is not closed by a '---' line")
            head, tail = raw[0], "".join(raw[close:])
            raw = raw[1:close]
        return cls(path=path, bom=data.startswith(BOM), newline=newline, head=head, lines=raw, tail=tail), None

    @classmethod
    def new(cls, path: Path, front_matter: bool = False, body: str = "") -> TextFile:
        """A file that does not exist yet: LF line ends, no BOM."""
        if front_matter:
            return cls(path=path, bom=False, newline="\n", head="---\n", lines=[], tail="---\n" + body)
        return cls(path=path, bom=False, newline="\n", head="", lines=[], tail="")

    @property
    def text(self) -> str:
        """The YAML part with "\n" line ends: what edits read and rewrite."""
        return "".join(_plain(line) for line in self.lines)

    @property
    def first_line(self) -> int:
        """File line number of the first YAML line."""
        return 2 if self.head else 1

    def render(self, new_text: str) -> bytes:
        """The whole file with its YAML part replaced by new_text, unchanged lines kept as they were."""
        old = [_plain(line) for line in self.lines]
        new = split_lines(new_text)
        head, tail = _common_ends(old, new)
        out: list[str] = list(self.lines[:head])
        # only the lines between the common start and end are matched: an edit's few changed lines,
        # so a file of 40,000 lines costs a comparison of a few, not 40,000 by 40,000
        matcher = difflib.SequenceMatcher(None, old[head:len(old) - tail], new[head:len(new) - tail],
                                          autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                out.extend(self.lines[head + i1:head + i2])
            else:
                out.extend(line[:-1] + self.newline if line.endswith("\n") else line
                           for line in new[head + j1:head + j2])
        out.extend(self.lines[len(old) - tail:])
        for index, line in enumerate(out):
            # a line that gained a successor (or precedes the body) needs an ending of its own
            if not line.endswith("\n") and (index + 1 < len(out) or self.tail):
                out[index] = line + self.newline
        text = self.head + "".join(out) + self.tail
        return (BOM if self.bom else b"") + text.encode("utf-8")


def _common_ends(old: list[str], new: list[str]) -> tuple[int, int]:
    """(lines equal at the start, lines equal at the end, not overlapping the start): found in one pass."""
    head = 0
    limit = min(len(old), len(new))
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < limit - head and old[len(old) - 1 - tail] == new[len(new) - 1 - tail]:
        tail += 1
    return head, tail


def changed_lines(before: bytes, after: bytes) -> list[str]:
    """A unified diff of two versions of a file, without the header: what a reviewer would see."""
    old = before.decode("utf-8", "surrogateescape").splitlines(keepends=True)
    new = after.decode("utf-8", "surrogateescape").splitlines(keepends=True)
    head, tail = _common_ends(old, new)  # unchanged ends need no matching (and n=0 shows no context)
    return [line for line in difflib.unified_diff(old[head:len(old) - tail], new[head:len(new) - tail], n=0)
            if not line.startswith(("---", "+++", "@@"))]
