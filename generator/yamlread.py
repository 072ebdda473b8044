"""Read-only YAML 1.2 loading with exact positions, built on libyaml's event parser.

Why events and not a constructor: PyYAML resolves scalars with YAML 1.1 rules (`no` becomes
False), constructs Python objects from tags, expands aliases and recurses once per nesting level.
Reading the event stream ourselves gives YAML 1.2 core-schema scalars, no code execution, an alias
expansion budget counted without expanding, a depth limit enforced before any recursion, duplicate
keys as located problems, and the line and column of every key and item, at C parsing speed.
Editing commands use ruamel.yaml's round-trip loader instead; reading never does.
"""

from __future__ import annotations

import gc
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from collections.abc import Callable
from typing import Any, Union

import yaml
from yaml import events as ev

try:  # libyaml is the fast path; the pure-Python parser gives the same events
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml.parser import Parser as _PyParser
    from yaml.reader import Reader as _Reader
    from yaml.scanner import Scanner as _Scanner

    class _Parser(_Reader, _Scanner, _PyParser):  # type: ignore[no-redef]
        def __init__(self, text: str) -> None:
            _Reader.__init__(self, text)
            _Scanner.__init__(self)
            _PyParser.__init__(self)


EventParser = _Parser
"""PyYAML's event parser (libyaml's when available): get_event() until None; marks count characters."""

MAX_BYTES = 1024 * 1024
MAX_VALUES = 100_000
_SHARED_TEXT = 40  # short values (ids, kinds, handles) repeat across files: kept once
MAX_DEPTH = 100

CORE = "tag:yaml.org,2002:"
_CORE_SCALAR_TAGS = {CORE + t for t in ("str", "int", "float", "bool", "null")}
_CORE_COLLECTION_TAGS = {CORE + "map", CORE + "seq"}

_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_INF = re.compile(r"[-+]?\.(inf|Inf|INF)\Z")
_NAN = re.compile(r"\.(nan|NaN|NAN)\Z")
_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_MAYBE_TYPED = set("-+.0123456789~nNtTfF")
# C0 controls but tab and line ends, DEL, C1 controls, and bidirectional overrides and isolates
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_OR_CR = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def control_issue(text: str, line: int, col: int) -> Issue | None:
    """SP005 for a string holding a control character (they can hide or forge text)."""
    found = CONTROL.search(text)
    if found is None:
        return None
    return Issue(code="SP005", line=line, column=col,
                 message=f"the text contains the control character U+{ord(found.group()):04X}",
                 hint="remove it (it is invisible or reorders text); retype the value")


MAX_CONTROL_ISSUES = 20


def mask_controls(text: str) -> tuple[str, list[Issue]]:
    """Report each raw control character of a file (the first 20) and replace every one with U+FFFD,
    so that the rest of the file is still read and checked."""
    if CONTROL.search(text) is None:
        return text, []
    issues: list[Issue] = []
    for match in CONTROL.finditer(text):
        if len(issues) == MAX_CONTROL_ISSUES:
            break
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        issue = control_issue(match.group(), line, column)
        assert issue is not None
        issues.append(issue)
    return CONTROL.sub("\ufffd", text), issues


def printable(text: str, *, line_feeds: bool = False) -> str:
    """Text safe to print on a terminal or in a report line: control characters escaped as \\uXXXX,
    and line ends as \\r and \\n. With `line_feeds` (a table cell, which may wrap), a line feed stays
    and a carriage return is escaped like a control character."""
    if line_feeds:
        return _CONTROL_OR_CR.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    if CONTROL.search(text) is None and "\n" not in text and "\r" not in text:
        return text
    return CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text).replace("\r", "\\r").replace("\n", "\\n")

Scalar = Union[str, int, Decimal, bool, None]


@dataclass(slots=True, kw_only=True)
class Issue:
    """A reading problem, before it is tied to a customer: code, 1-based position, message."""

    code: str
    line: int
    column: int
    message: str
    hint: str = ""
    fatal: bool = False  # reading stopped here: the file holds no usable data


class DataNode:
    """A YAML value as data (YAML 1.2 scalars resolved), with its 1-based position: what reading and
    validation see.

    The editing side has its own tree, edit/yamltext.py's SpanNode, which keeps the raw text and
    character spans instead of values: it is built by PyYAML's pure-Python parser (exact character
    offsets) to splice new text in, while this one is built from libyaml's faster events with the
    budgets and limits that reading untrusted files needs. One tree cannot serve both without
    making reading slower or editing lossy.

    kind is "map" (value: dict of key text → Entry), "seq" (value: list of DataNode), "scalar"
    (value: str, int, Decimal, bool or None) or "invalid" (a value already reported, such as one
    carrying a forbidden tag; validators skip it silently).
    """

    __slots__ = ("kind", "value", "line", "column", "size", "written")

    def __init__(self, kind: str, value: Any, line: int, column: int, written: str | None = None) -> None:
        self.kind = kind
        self.value = value
        self.line = line
        self.column = column
        self.size = 1
        self.written = written  # a plain scalar read as a number or date: its text, for fields that want text

    @property
    def text(self) -> str:
        """The scalar as text: as written when YAML read it as something else (`name: 1.50`, `.inf`)."""
        return self.value if isinstance(self.value, str) else self.written or str(self.value)

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"DataNode({self.kind}, {self.value!r}, {self.line}:{self.column})"


class Entry:
    """One key of a mapping: the key's text and position, and the value node."""

    __slots__ = ("key", "line", "column", "node")

    def __init__(self, key: str, line: int, column: int, node: DataNode) -> None:
        self.key = key
        self.line = line
        self.column = column
        self.node = node


# Integers longer than this stay exact Decimals: Python refuses to convert very long digit strings
# to int, and no value that long is valid anyway (the schema bounds numbers below 10^15).
_LONG_INT = 30


def resolve_plain(text: str) -> Scalar:
    """Resolve an untagged plain scalar with the YAML 1.2 core schema."""
    if not text or text[0] in _MAYBE_TYPED:
        if text in _NULLS:
            return None
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        if _INT.match(text):
            return int(text) if len(text) <= _LONG_INT else Decimal(text)
        if _FLOAT.match(text):
            return Decimal(text)
        if _OCT.match(text):
            return int(text[2:], 8) if len(text) <= _LONG_INT else Decimal(int(text[2:], 8))
        if _HEX.match(text):
            return int(text[2:], 16) if len(text) <= _LONG_INT else Decimal(int(text[2:], 16))
        if _INF.match(text):
            return Decimal("-Infinity") if text[0] == "-" else Decimal("Infinity")
        if _NAN.match(text):
            return Decimal("NaN")
    return text


def _tagged_scalar(tag: str, text: str) -> Scalar:
    """Apply an explicit core-schema tag; raises ValueError when the text does not fit it."""
    if tag == CORE + "str":
        return text
    value = resolve_plain(text)
    if tag == CORE + "null":
        if value is None:
            return None
    elif tag == CORE + "bool":
        if isinstance(value, bool):
            return value
    elif tag == CORE + "int":
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif tag == CORE + "float":
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            return Decimal(value)
    raise ValueError(f"{text!r} is not a valid {tag.rsplit(':', 1)[-1]}")


class _Frame:
    """An open mapping or list while parsing: its node, the key waiting for its value, its anchor,
    whether a foreign tag made it inert, and how many values it holds so far (aliases expanded)."""

    __slots__ = ("node", "pending", "anchor", "foreign", "children")

    def __init__(self, node: DataNode, anchor: str | None, foreign: bool) -> None:
        self.node = node
        self.pending: Entry | None = None
        self.anchor = anchor
        self.foreign = foreign
        self.children = 0


class _Abort(Exception):
    def __init__(self, issue: Issue) -> None:
        self.issue = issue


MEMO_MIN_CHARS = 64 * 1024


@contextmanager
def collection_paused() -> Iterator[None]:
    """Python's cyclic garbage collector held off while a large text is parsed.

    A parse makes hundreds of thousands of objects that all stay alive (they are the tree it
    returns), and each few hundred of them would start a collection that walks every object the
    process holds; for a 10,000-entry activity log that is a third of the parse. Nothing made
    here is garbage, so holding the collector off costs no memory; it runs again afterwards."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


_memo: dict[tuple[str, int, bool], tuple[DataNode | None, list[Issue]]] = {}


def parse_yaml(text: str, line_offset: int = 0,
               allow_foreign_tags: bool = False) -> tuple[DataNode | None, list[Issue]]:
    """Parse one YAML document into DataNodes.

    Returns (root or None for an empty document, issues). A fatal issue (syntax, limits) comes
    with a None root. line_offset is added to every line (front matter starts below line 1).
    With allow_foreign_tags, unknown tags (such as mkdocs.yml's `!!python/name:`) are kept as
    inert "invalid" nodes without an issue; nothing is ever constructed from a tag.

    The last two large texts parsed are remembered: an edit reads a long activity log, then checks
    and re-validates the new version, and each would otherwise parse the same text twice. The
    nodes returned are therefore shared; no caller changes them. A text that is a remembered one
    with items added at the end of its list (what `log` makes) is read as the remembered items
    followed by the new ones, parsed alone: the same nodes a whole parse gives, for the cost of
    the new lines.
    """
    if len(text) < MEMO_MIN_CHARS:
        return _parse_yaml(text, line_offset, allow_foreign_tags)
    key = (text, line_offset, allow_foreign_tags)
    found = _memo.get(key)
    if found is None:
        with collection_paused():
            found = _extended(text, line_offset, allow_foreign_tags) or _parse_yaml(text, line_offset,
                                                                                  allow_foreign_tags)
        while len(_memo) >= 2:
            del _memo[next(iter(_memo))]
        _memo[key] = found
    return found[0], list(found[1])


DOCUMENT_MARKER = re.compile(r"^(?:---|\.\.\.)(?:[ \t]|$)", re.MULTILINE)


def _extended(text: str, line_offset: int, allow_foreign_tags: bool) -> tuple[DataNode, list[Issue]] | None:
    """The parse of `text` from a remembered parse of its beginning, when that is exact (else None).

    Exact when the remembered text is one block list starting at the left margin, ends with a line
    break and holds no document marker, and the rest of `text` is further items at the margin: each
    earlier item then ends where it ended before (a line at the margin closes every scalar and
    collection an item opened, a kept block scalar's trailing blank lines included), positions
    before the new lines do not change, and an alias in the new lines to an anchor above them
    makes their own parse fail, so the whole text is parsed instead."""
    for (known, offset, foreign), (root, issues) in reversed(_memo.items()):
        if offset != line_offset or foreign != allow_foreign_tags or root is None or root.kind != "seq" \
                or root.column != 1 or len(known) >= len(text) or not known.endswith("\n") \
                or not text.startswith(known) or any(i.fatal for i in issues):
            continue
        tail = text[len(known):]
        first = known.split("\n", root.line - line_offset)[root.line - line_offset - 1]
        if not tail.startswith("-") or not first.startswith("-") \
                or DOCUMENT_MARKER.search(known, _line_start(known, root.line - line_offset)):
            return None
        more, more_issues = _parse_yaml(tail, line_offset + known.count("\n"), allow_foreign_tags)
        if more is None or more.kind != "seq" or any(i.fatal for i in more_issues) \
                or root.size + more.size - 2 > MAX_VALUES:
            return None
        joined = DataNode("seq", [*root.value, *more.value], root.line, root.column)
        joined.size = root.size + more.size - 1
        return joined, [*issues, *more_issues]
    return None


def _line_start(text: str, line: int) -> int:
    """The index where 1-based `line` of text begins."""
    index = 0
    for _ in range(line - 1):
        index = text.index("\n", index) + 1
    return index


def _parse_yaml(text: str, line_offset: int, allow_foreign_tags: bool) -> tuple[DataNode | None, list[Issue]]:
    issues: list[Issue] = []
    parser = _Parser(text)
    get_event: Callable[[], Any] = parser.get_event
    anchors: dict[str, DataNode] = {}
    stack: list[_Frame] = []
    root: DataNode | None = None
    documents = 0

    def too_big(line: int, col: int) -> _Abort:
        return _Abort(Issue(code="SP002", line=line, column=col,
                            message=f"the data expands to more than {MAX_VALUES:,} values (aliases included)",
                            hint="remove the alias chains"))

    def add(node: DataNode, raw: str | None = None) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        frame = stack[-1]
        frame.children += node.size
        if frame.children > MAX_VALUES:
            raise too_big(node.line, node.column)
        parent = frame.node
        if parent.kind == "seq":
            parent.value.append(node)
            return
        pending = frame.pending
        if pending is None:
            if node.kind == "scalar":
                key = sys.intern(raw if raw is not None else _key_str(node.value))
            elif node.kind == "invalid":
                key = ""
            else:
                issues.append(Issue(code="SP005", line=node.line, column=node.column,
                                    message="a mapping key must be plain text, not a list or mapping"))
                key = ""
            frame.pending = Entry(key, node.line, node.column, node)
            return
        frame.pending = None
        pending.node = node
        if pending.key in parent.value:
            first = parent.value[pending.key]
            issues.append(Issue(code="SP003", line=pending.line, column=pending.column,
                                message=f"duplicate key '{pending.key}' (first on line {first.line})",
                                hint="remove one of them; only the first is read"))
        else:
            parent.value[pending.key] = pending

    try:
        while True:
            try:
                event = get_event()
            except yaml.YAMLError as exc:
                raise _Abort(_syntax_issue(exc, line_offset, text)) from None
            if event is None:
                break
            etype = type(event)
            if etype is ev.ScalarEvent:
                mark = event.start_mark
                line, col = mark.line + 1 + line_offset, mark.column + 1
                tag = event.tag
                control = control_issue(event.value, line, col)
                if control is not None:
                    issues.append(control)
                    node = DataNode("invalid", None, line, col)
                    add(node)
                    if event.anchor is not None:
                        anchors[event.anchor] = node
                    continue
                if tag is None:
                    value: Scalar = resolve_plain(event.value) if not event.style else event.value
                    if type(value) is str and len(value) <= _SHARED_TEXT:
                        value = sys.intern(value)  # ids, kinds, handles: one copy for the whole portfolio
                    node = DataNode("scalar", value, line, col, None if type(value) is str else event.value)
                elif tag == "!":
                    node = DataNode("scalar", event.value, line, col)
                elif tag in _CORE_SCALAR_TAGS:
                    try:
                        node = DataNode("scalar", _tagged_scalar(tag, event.value), line, col)
                    except ValueError as exc:
                        issues.append(Issue(code="SP005", line=line, column=col, message=str(exc)))
                        node = DataNode("invalid", None, line, col)
                else:
                    if not allow_foreign_tags:
                        issues.append(_tag_issue(tag, line, col))
                    node = DataNode("invalid", tag, line, col)
                add(node, event.value if node.kind == "scalar" else None)
                if event.anchor is not None:
                    anchors[event.anchor] = node
            elif etype is ev.MappingStartEvent or etype is ev.SequenceStartEvent:
                mark = event.start_mark
                line, col = mark.line + 1 + line_offset, mark.column + 1
                if len(stack) >= MAX_DEPTH:
                    raise _Abort(Issue(code="SP002", line=line, column=col,
                                       message=f"the data nests deeper than {MAX_DEPTH} levels",
                                       hint="flatten the structure"))
                is_map = etype is ev.MappingStartEvent
                node = DataNode("map" if is_map else "seq", {} if is_map else [], line, col)
                tag = event.tag
                foreign = tag is not None and tag != "!" and tag not in _CORE_COLLECTION_TAGS
                if foreign and not allow_foreign_tags:
                    issues.append(_tag_issue(tag, line, col))
                add(node)
                stack.append(_Frame(node, event.anchor, foreign))
            elif etype is ev.MappingEndEvent or etype is ev.SequenceEndEvent:
                closed = stack.pop()
                node, anchor, foreign, children = closed.node, closed.anchor, closed.foreign, closed.children
                node.size = 1 + children
                if stack:
                    stack[-1].children += children
                    if stack[-1].children > MAX_VALUES:
                        raise too_big(node.line, node.column)
                if foreign:
                    node.kind = "invalid"
                if anchor is not None:
                    anchors[anchor] = node
            elif etype is ev.AliasEvent:
                mark = event.start_mark
                target = anchors.get(event.anchor)
                if target is None:
                    raise _Abort(Issue(code="SP002", line=mark.line + 1 + line_offset, column=mark.column + 1,
                                       message=f"alias '*{event.anchor}' refers to no complete anchor"))
                add(target)
            elif etype is ev.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    mark = event.start_mark
                    raise _Abort(Issue(code="SP002", line=mark.line + 1 + line_offset, column=mark.column + 1,
                                       message="more than one YAML document in this file",
                                       hint="keep one document per file"))
    except _Abort as abort:
        abort.issue.fatal = True
        return None, [*issues, abort.issue]
    return root, issues


def _key_str(value: Scalar) -> str:
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def _tag_issue(tag: str, line: int, col: int) -> Issue:
    shown = "!!" + tag[len(CORE):] if tag.startswith(CORE) else tag
    return Issue(code="SP005", line=line, column=col, message=f"the YAML tag '{shown}' is not allowed",
                 hint="only plain YAML values are read; remove the tag")


def _syntax_issue(exc: yaml.YAMLError, line_offset: int, text: str = "") -> Issue:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    message = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
    if mark is None:
        return Issue(code="SP002", line=1 + line_offset, column=1, message=message)
    if isinstance(exc, yaml.reader.ReaderError):
        return Issue(code="SP002", line=1 + line_offset, column=1, message=message)
    explained = _explain(exc, text, line_offset)
    if explained is not None:
        return explained
    return Issue(code="SP002", line=mark.line + 1 + line_offset, column=mark.column + 1, message=message)


_NO_SPACE = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][\w-]*):(?=[^\s/])(.*)$")  # `title:Cut`, not `url: http://`


def _explain(exc: yaml.YAMLError, text: str, line_offset: int) -> Issue | None:
    """The usual YAML mistakes of people who do not write YAML every day, in their words."""
    mark = getattr(exc, "problem_mark", None)
    start = getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or ""
    context = getattr(exc, "context", None) or ""
    lines = text.split("\n")
    if mark is None:
        return None
    row = mark.line

    def at(line: int, column: int, message: str, hint: str) -> Issue:
        return Issue(code="SP002", line=line + 1 + line_offset, column=column + 1, message=message, hint=hint)

    here = lines[row] if row < len(lines) else ""
    if "\t" in here[: len(here) - len(here.lstrip(" \t")) or 1] and ("tab" in problem or "cannot start" in problem):
        return at(row, here.index("\t"), "this line is indented with a tab",
                  "indent with spaces: YAML does not accept tabs (most editors can turn tabs into spaces)")
    if "quoted scalar" in context and start is not None:
        quote = text[start.index] if start.index < len(text) else '"'
        return at(start.line, start.column, f"the quote {quote} opened here is never closed",
                  f"end the text with {quote} on the same line, or remove the opening {quote}")
    if "flow sequence" in context and start is not None:
        return at(start.line, start.column, "the list opened with '[' here is not closed",
                  "close it with ']' on the same line, items separated by commas: [a, b]")
    if "flow mapping" in context and start is not None:
        return at(start.line, start.column, "the '{' opened here is not closed",
                  "close it with '}' on the same line, or write the keys on lines of their own")
    # `title:Cut` reads as one piece of text; YAML notices a line or two later
    for candidate in range(row, max(row - 3, -1), -1):
        found = _NO_SPACE.match(lines[candidate]) if candidate < len(lines) else None
        if found and ("mapping values" in problem or "expected ':'" in problem):
            indent, key, rest = found.groups()
            return at(candidate, len(indent) + len(key), f"there is no space after '{key}:'",
                      f"write a space after the colon: {key}: {rest.strip()}")
    if "mapping values are not allowed" in problem:
        found = re.match(r"^(\s*(?:-\s+)?)([^:#]+):\s+(.*)$", here)
        if found and mark.column > len(found.group(1)) + len(found.group(2)):
            indent, key, value = found.groups()
            shown = value.split(" #")[0].strip().replace('"', '\\"')
            return at(row, mark.column - 1, f"the value of '{key.strip()}' holds ': ', which YAML reads as another key",
                      f'put the value in quotes: {key.strip()}: "{shown}"')
    if "mapping values are not allowed" in problem and row > 0:
        indent = len(here) - len(here.lstrip(" "))
        above = next((line for line in reversed(lines[:row]) if line.strip() and not line.lstrip().startswith("#")), "")
        owner = re.match(r"^(\s*)([^:#\s][^:#]*):\s+\S", above)
        if owner and indent > len(owner.group(1)):
            key = owner.group(2).strip()
            return at(row, indent, f"this line is indented under '{key}', which already has a value",
                      f"indent it like '{key}' if it is a field of its own")
    if "expected '-' indicator" in problem or "expected <block end>" in problem:
        return at(row, mark.column, "this line is indented differently from the lines above it",
                  "line up the keys of one item under each other, using spaces")
    return None


# --- files -----------------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str | None, Issue | None]:
    """Bytes to text: size limit, BOM, strict UTF-8."""
    if len(data) > MAX_BYTES:
        return None, Issue(code="SP001", line=1, column=1,
                           message=f"the file is {len(data):,} bytes; files over 1 MiB are refused",
                           hint="split it or remove bulk content")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, Issue(code="SP001", line=line, column=column,
                           message=f"the file is not valid UTF-8 (byte 0x{data[exc.start]:02x})",
                           hint="save the file as UTF-8")


_FENCE = re.compile(r"^---[ \t]*\r?$", re.M)


@dataclass(slots=True, kw_only=True)
class FrontMatter:
    yaml_text: str
    yaml_first_line: int  # file line of the first YAML line
    body: str
    body_first_line: int


def split_front_matter(text: str) -> tuple[FrontMatter | None, Issue | None]:
    """Split `---` front matter from the Markdown body, keeping exact line numbers."""
    first_end = text.find("\n")
    first = text if first_end < 0 else text[:first_end]
    if first.rstrip("\r").rstrip(" \t") != "---":
        return None, Issue(code="SP002", line=1, column=1,
                           message="the file must start with a '---' line opening the front matter",
                           hint="put the YAML fields between two '---' lines at the top")
    if first_end < 0:
        return None, Issue(code="SP002", line=1, column=1, message="the front matter is not closed by a '---' line")
    close = _FENCE.search(text, first_end + 1)
    if close is None:
        return None, Issue(code="SP002", line=1, column=1, message="the front matter is not closed by a '---' line",
                           hint="add a line with exactly '---' after the fields")
    yaml_text = text[first_end + 1 : close.start()]
    close_line = text.count("\n", 0, close.start()) + 1
    body_start = close.end() + 1 if close.end() < len(text) else close.end()
    return FrontMatter(yaml_text=yaml_text, yaml_first_line=2, body=text[body_start:],
                       body_first_line=close_line + 1), None
