"""Surgical edits of YAML text: find a key's lines, render a value in the file's own style, and
splice it in. Nothing outside the edited key's lines is ever rewritten.

The structure comes from PyYAML's event parser, whose marks are exact character positions (libyaml's
when PyYAML has it: the same marks, ten times faster, so a 10,000-entry activity log is edited in
well under a second); values are rendered with ruamel.yaml's round-trip dumper, set to the
indentation detected in the file, so new lines look as if the author had typed them.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString, SingleQuotedScalarString

from ..yamlread import MEMO_MIN_CHARS, EventParser, collection_paused
from .textfile import split_lines

WIDTH = 1 << 20  # never fold a long line


class EditError(Exception):
    """The edit cannot be made without rewriting more than intended."""


@dataclass(kw_only=True, slots=True)
class SpanNode:
    """A YAML node as text: where it starts and ends in the file (0-based line and column,
    character offsets) and its scalar text as written, unresolved. Editing splices by these spans.

    Reading and validation use yamlread.DataNode instead, which holds resolved values with 1-based
    positions and no spans (see its docstring for why there are two trees).
    """

    kind: str  # map, seq, scalar, alias
    start: int
    end: int
    line: int
    column: int
    end_line: int
    flow: bool = False
    style: str | None = None  # scalar style: None plain, "'" or '"', "|" or ">"
    value: str | None = None  # scalar text
    items: list[SpanNode] = field(default_factory=list)
    entries: list[tuple[SpanNode, SpanNode]] = field(default_factory=list)

    def get(self, key: str) -> tuple[SpanNode, SpanNode] | None:
        return next(((k, v) for k, v in self.entries if k.kind == "scalar" and k.value == key), None)


def parse(text: str) -> SpanNode | None:
    """The node tree of one YAML document (None when empty); raises yaml.YAMLError on bad syntax."""
    if len(text) < MEMO_MIN_CHARS:
        return _parse(text)
    with collection_paused():
        return _parse(text)


def _parse(text: str) -> SpanNode | None:
    stack: list[SpanNode] = []
    pending: list[SpanNode | None] = []
    root: SpanNode | None = None

    def add(node: SpanNode) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        parent = stack[-1]
        if parent.kind == "seq":
            parent.items.append(node)
        elif pending[-1] is None:
            pending[-1] = node
        else:
            key = pending[-1]
            assert key is not None
            parent.entries.append((key, node))
            pending[-1] = None

    get_event: Callable[[], Any] = EventParser(text).get_event
    while True:
        event = get_event()
        if event is None:
            break
        start, end = event.start_mark, event.end_mark
        assert start is not None and end is not None  # both parsers always set marks
        kind_of = type(event)
        if kind_of is yaml.ScalarEvent:
            add(SpanNode(kind="scalar", start=start.index, end=end.index, line=start.line, column=start.column,
                         end_line=end.line, style=event.style or None, value=event.value))
        elif kind_of is yaml.AliasEvent:
            add(SpanNode(kind="alias", start=start.index, end=end.index, line=start.line, column=start.column,
                         end_line=end.line))
        elif kind_of is yaml.MappingStartEvent or kind_of is yaml.SequenceStartEvent:
            kind = "map" if kind_of is yaml.MappingStartEvent else "seq"
            node = SpanNode(kind=kind, start=start.index, end=end.index, line=start.line, column=start.column,
                            end_line=end.line,
                            flow=bool(event.flow_style))
            add(node)
            stack.append(node)
            pending.append(None)
        elif kind_of is yaml.MappingEndEvent or kind_of is yaml.SequenceEndEvent:
            node = stack.pop()
            pending.pop()
            node.end, node.end_line = end.index, end.line
    return root


# --- style ------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Style:
    """How a file is indented: ruamel's mapping, sequence and offset (dash) indents."""

    mapping: int = 2
    sequence: int = 4
    offset: int = 2


def _walk(node: SpanNode | None) -> list[SpanNode]:
    out: list[SpanNode] = []
    todo = [node] if node is not None else []
    while todo:
        current = todo.pop()
        out.append(current)
        todo.extend(current.items)
        for key, value in current.entries:
            todo.extend((key, value))
    return out


def detect_style(text: str, root: SpanNode | None, default: Style = Style()) -> Style:
    """The indentation the file uses for nested block mappings and sequences."""
    mapping = sequence = offset = None
    lines = text.split("\n")
    for node in _walk(root):
        if node.kind != "map" or node.flow:
            continue
        for key, value in node.entries:
            if value.flow or value.line == key.line:
                continue
            if value.kind == "map" and mapping is None and value.entries:
                mapping = value.entries[0][0].column - key.column
            elif value.kind == "seq" and sequence is None and value.items:
                dash_line = lines[value.items[0].line] if value.items[0].line < len(lines) else ""
                dash = len(dash_line) - len(dash_line.lstrip(" "))
                if dash_line.lstrip(" ").startswith("-"):
                    offset = dash - key.column
                    sequence = value.items[0].column - key.column
    if root is not None and root.kind == "seq" and not root.flow and root.items:
        # a list file: ruamel indents the top list like nested ones, so its layout wins
        dash, content = item_layout(text, root)
        offset, sequence = dash, content
    if sequence is None or offset is None or sequence < offset + 2:
        sequence, offset = default.sequence, default.offset
    elif not mapping:
        mapping = sequence - offset  # `-   key:` items: the author indents by that much
    mapping = mapping if mapping and mapping > 0 else default.mapping
    return Style(mapping=mapping, sequence=sequence, offset=offset)


def yaml_dumper(style: Style) -> YAML:
    """ruamel.yaml round-trip settings that reproduce a file as it was written."""
    dumper = YAML(typ="rt")
    dumper.preserve_quotes = True
    dumper.width = WIDTH
    dumper.indent(mapping=style.mapping, sequence=style.sequence, offset=style.offset)
    dumper.representer.add_representer(Decimal, _represent_decimal)
    return dumper


def _represent_decimal(representer: Any, value: Decimal) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:float", str(value))


@dataclass(frozen=True, kw_only=True)
class Quoted:
    """A string to write with a given quote style ('"' or "'")."""

    text: str
    quote: str


def to_ruamel(value: Any, flow_lists: bool = True) -> Any:
    """Plain Python values to ruamel objects: dates stay dates, multi-line text becomes a `|` block."""
    if isinstance(value, Mapping):
        out = CommentedMap()
        for key, item in value.items():
            out[key] = to_ruamel(item, flow_lists)
        return out
    if isinstance(value, (list, tuple)):
        seq = CommentedSeq([to_ruamel(item, flow_lists) for item in value])
        if flow_lists and all(isinstance(item, str) and "\n" not in item for item in value):
            seq.fa.set_flow_style()
        else:
            seq.fa.set_block_style()
        return seq
    if isinstance(value, Quoted):
        if "\n" in value.text:
            return LiteralScalarString(value.text)
        cls = DoubleQuotedScalarString if value.quote == '"' else SingleQuotedScalarString
        return cls(value.text)
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    return value


def render(mapping: Mapping[str, Any], style: Style, column: int = 0, flow_lists: bool = True) -> list[str]:
    """`key: value` lines for a mapping, indented to start at the given column."""
    buffer = io.StringIO()
    yaml_dumper(style).dump(to_ruamel(dict(mapping), flow_lists), buffer)
    return [(" " * column + line) if line.strip() else line for line in split_lines(buffer.getvalue())]


def plain_value(value: Any) -> Any:
    """The value as the reader will see it once written (dates as ISO text)."""
    if isinstance(value, Mapping):
        return {k: plain_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain_value(v) for v in value]
    if isinstance(value, Quoted):
        return value.text
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):  # pragma: no cover - callers pass int or Decimal
        return Decimal(str(value))
    return value


# --- splicing ---------------------------------------------------------------------------------


@dataclass(kw_only=True)
class Splice:
    """The result of an edit: the new text, and the old lines [first, last) it replaced."""

    text: str
    first: int
    last: int


def is_filler(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def entry_extent(lines: Sequence[str], entries: list[tuple[SpanNode, SpanNode]], index: int, end: int) -> int:
    """The line after an entry's value: up to the next sibling key, trailing comments left out."""
    stop = entries[index + 1][0].line if index + 1 < len(entries) else end
    key_line = entries[index][0].line
    while stop > key_line + 1 and is_filler(lines[stop - 1]):
        stop -= 1
    return stop


def _mapping_end(lines: Sequence[str], node: SpanNode, limit: int) -> int:
    """The line after the last line belonging to a block mapping (trailing comments left out)."""
    stop = limit
    first = node.entries[0][0].line if node.entries else node.line
    while stop > first + 1 and is_filler(lines[stop - 1]):
        stop -= 1
    return stop


def lines_of(text: str) -> tuple[list[str], bool]:
    """The text's lines without their newlines, and whether it ended with one."""
    lines = text.split("\n")
    final = text.endswith("\n")
    if final:
        lines.pop()
    return lines, final


def text_of(lines: Sequence[str], final: bool) -> str:
    """The inverse of lines_of (a non-empty text always ends with a newline)."""
    return "\n".join(lines) + ("\n" if final or lines else "")


Replacement = tuple[int, int, list[str]]
"""Old lines [first, stop) and the lines that replace them."""


def set_keys(text: str, values: Mapping[str, Any], order: Sequence[str], style: Style,
             flow_lists: bool = True) -> Splice:
    """Set keys of the root block mapping, keeping every other line.

    A key holding a one-line scalar has just that scalar replaced, keeping any comment after it;
    another existing key has its lines replaced; a missing key is inserted after the nearest key
    that comes before it in `order` (the schema's order), else before the nearest one after it.
    """
    lines, final = lines_of(text)
    root = parse(text)
    if root is None or root.kind != "map" or root.flow:
        raise EditError("the YAML is not a block mapping of fields")
    column = root.entries[0][0].column
    planned: list[Replacement] = []
    inserts: dict[int, dict[str, Any]] = {}
    for key, value in values.items():
        found = root.get(key)
        if found is None:
            inserts.setdefault(_insert_line(lines, root, key, order, len(lines)), {})[key] = value
        else:
            planned.append(_replace_entry(text, lines, root, found, key, value, style, column, flow_lists))
    for at, group in inserts.items():
        planned.append((at, at, _rendered(group, style, column, flow_lists)))
    return _apply(lines, final, planned)


def _replace_entry(text: str, lines: Sequence[str], mapping: SpanNode, entry: tuple[SpanNode, SpanNode], key: str,
                   value: Any, style: Style, column: int, flow_lists: bool) -> Replacement:
    """The lines that give an existing key its new value: its scalar alone when it can, else the
    whole entry."""
    knode, vnode = entry
    line = _scalar_in_place(text, lines, knode, vnode, key, value, style)
    if line is not None:
        return (knode.line, knode.line + 1, [line])
    stop = entry_extent(lines, mapping.entries, mapping.entries.index(entry), len(lines))
    return (knode.line, stop, _rendered({key: value}, style, column, flow_lists))


def _scalar_in_place(text: str, lines: Sequence[str], knode: SpanNode, vnode: SpanNode, key: str, value: Any,
                     style: Style) -> str | None:
    """The key's line with only its one-line scalar replaced (a comment after it kept); None when
    the old or the new value takes more than one line."""
    if vnode.kind != "scalar" or vnode.style in ("|", ">") or vnode.end_line != knode.line \
            or isinstance(value, (Mapping, list, tuple)) or "\n" in str(plain_value(value)):
        return None
    if vnode.style in ("'", '"') and isinstance(value, (str, dt.date)):
        value = Quoted(text=str(plain_value(value)), quote=vnode.style)  # keep the author's quotes
    rendered = render({key: value}, style)[0].rstrip("\n")
    inline = rendered[rendered.index(":") + 1:].strip()
    line_text = lines[knode.line]
    if vnode.start == vnode.end:  # `key:` with an empty value
        colon = line_text.index(":", knode.column + len(text[knode.start:knode.end]))
        return line_text[: colon + 1] + " " + inline + line_text[colon + 1:]
    line_start = text.rfind("\n", 0, vnode.start) + 1
    return line_text[: vnode.start - line_start] + inline + line_text[vnode.end - line_start:]


def _rendered(mapping: Mapping[str, Any], style: Style, column: int, flow_lists: bool) -> list[str]:
    return [x.rstrip("\n") for x in render(mapping, style, column, flow_lists)]


def _apply(lines: Sequence[str], final: bool, planned: Sequence[Replacement]) -> Splice:
    """The text with every replacement made, and the span of old lines they covered."""
    new_lines = list(lines)
    first, last = len(lines), 0
    # apply from the bottom up so earlier line numbers stay valid
    for start, stop, replacement in sorted(planned, key=lambda p: (p[0], p[1]), reverse=True):
        new_lines[start:stop] = replacement
        first, last = min(first, start), max(last, stop)
    return Splice(text=text_of(new_lines, final), first=first, last=last)


def _insert_line(lines: Sequence[str], node: SpanNode, key: str, order: Sequence[str], limit: int) -> int:
    present = [k.value for k, _ in node.entries]
    rank = {name: i for i, name in enumerate(order)}
    mine = rank.get(key, len(order))
    before = [i for i, name in enumerate(present) if rank.get(name or "", len(order)) <= mine]
    if before:
        return entry_extent(lines, node.entries, before[-1], limit)
    after = [i for i, name in enumerate(present) if rank.get(name or "", len(order)) > mine]
    if after:
        return node.entries[after[0]][0].line
    return _mapping_end(lines, node, limit)  # pragma: no cover - every key has a rank or is last


def item_layout(text: str, root: SpanNode | None) -> tuple[int, int]:
    """(dash column, content column) of the items of a root block sequence."""
    if root is not None and root.kind == "seq" and root.items:
        first = root.items[0]
        line = text.split("\n")[first.line]
        dash = len(line) - len(line.lstrip(" "))
        if line.lstrip(" ").startswith("-") and first.column > dash:
            return dash, first.column
    return 0, 2


def append_item(text: str, item: Mapping[str, Any], style: Style, flow_lists: bool = True) -> Splice:
    """Append a mapping to a root block sequence (or to an empty document) as new lines at the end."""
    return append_item_to(text, parse(text), item, style, flow_lists)


def append_item_to(text: str, root: SpanNode | None, item: Mapping[str, Any], style: Style,
                   flow_lists: bool = True) -> Splice:
    """append_item with the text's structure already parsed (or that of the text it grew from by
    appending: the layout of a list's items does not change when items are added at its end)."""
    return append_items_to(text, root, [item], style, flow_lists)


def append_items_to(text: str, root: SpanNode | None, items: Sequence[Mapping[str, Any]], style: Style,
                    flow_lists: bool = True) -> Splice:
    """Several items appended at once: the text is split and joined once, however many there are."""
    if root is not None and root.kind == "scalar" and root.value == "" and root.style is None:
        root = None  # only comments or a lone `---`: an empty list
    if root is not None and (root.kind != "seq" or root.flow):
        raise EditError("the YAML is not a block list")
    dash, content = item_layout(text, root)
    new_lines = []
    for item in items:
        for index, line in enumerate(render(item, style, 0, flow_lists)):
            if index == 0:
                new_lines.append(" " * dash + "-" + " " * (content - dash - 1) + line)
            else:
                new_lines.append((" " * content + line) if line.strip() else line)
    old = split_lines(text)
    first = len(old)
    if old and not old[-1].endswith("\n"):
        old[-1] += "\n"  # the last line gains the line end it lacked
        first -= 1
    return Splice(text="".join(old) + "".join(new_lines), first=first, last=len(old))


def detect_quote(root: SpanNode | None, key: str) -> str | None:
    """The quote style the file uses for `key` in its list items, when all of them agree."""
    styles = set()
    for item in root.items if root is not None and root.kind == "seq" else []:
        found = item.get(key) if item.kind == "map" else None
        if found is not None and found[1].kind == "scalar":
            styles.add(found[1].style)
    return next(iter(styles)) if len(styles) == 1 and next(iter(styles)) in ("'", '"') else None


def detect_flow_lists(root: SpanNode | None, keys: Sequence[str]) -> bool | None:
    """Whether the file writes lists such as `objectives` in flow style [a, b] (None: no evidence)."""
    votes = []
    for node in _walk(root):
        for key, value in node.entries:
            if key.value in keys and value.kind == "seq":
                votes.append(value.flow)
    if not votes:
        return None
    return sum(votes) * 2 >= len(votes)
