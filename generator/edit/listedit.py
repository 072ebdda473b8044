"""Surgical edits inside YAML lists: one item's keys, removing an item, appending to a nested list,
and renaming an id wherever it is used. Like yamltext, each edit returns a Splice and rewrites
only the lines it must; untouched lines, comments included, stay as they were.

An item is edited by handing its own lines to yamltext.set_keys as a small mapping document
(indented as in the file), so an item's keys get the same treatment as a front matter's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..yamlread import resolve_plain
from .yamltext import (EditError, SpanNode, Splice, Style, append_item, entry_extent, is_filler, lines_of, parse,
                       set_keys, text_of)


def find_seq(text: str, path: Sequence[str]) -> tuple[SpanNode | None, int]:
    """The block list at `path` (keys from the root mapping; empty: the root list) and the line
    after its last line; (None, 0) when there is none."""
    lines, _ = lines_of(text)
    node = parse(text)
    limit = len(lines)
    for key in path:
        if node is None or node.kind != "map" or node.flow:
            return None, 0
        found = node.get(key)
        if found is None:
            return None, 0
        index = next(i for i, (k, _) in enumerate(node.entries) if k is found[0])
        limit = entry_extent(lines, node.entries, index, limit)
        node = found[1]
    if node is None or node.kind != "seq" or node.flow:
        return None, 0
    return node, limit


def _item_span(lines: Sequence[str], seq: SpanNode, index: int, limit: int) -> tuple[int, int]:
    """[first, stop) lines of a list item; trailing comments and blank lines are left out."""
    item = seq.items[index]
    first = item.line
    stop = seq.items[index + 1].line if index + 1 < len(seq.items) else limit
    while stop > first + 1 and is_filler(lines[stop - 1]):
        stop -= 1
    return first, stop


def _dash_prefix(lines: Sequence[str], item: SpanNode) -> str:
    prefix = lines[item.line][: item.column]
    if prefix.strip() != "-":
        raise EditError("the list item does not start with '- ' on its first key's line")
    return prefix


def set_item_keys(text: str, path: Sequence[str], index: int, values: Mapping[str, Any], order: Sequence[str],
                  style: Style, flow_lists: bool = True) -> Splice:
    """Set keys of the mapping that is item `index` of the block list at `path`."""
    lines, final = lines_of(text)
    seq, limit = find_seq(text, path)
    if seq is None or not 0 <= index < len(seq.items) or seq.items[index].kind != "map" or seq.items[index].flow:
        raise EditError("the list item is not a block mapping")
    item = seq.items[index]
    prefix = _dash_prefix(lines, item)
    first, stop = _item_span(lines, seq, index, limit)
    sub = [" " * len(prefix) + lines[first][len(prefix):], *lines[first + 1: stop]]
    splice = set_keys("\n".join(sub) + "\n", values, order, style, flow_lists)
    new_sub, _ = lines_of(splice.text)
    key = sub[0].strip().split(":", 1)[0]
    if new_sub[0][: len(prefix)].strip() or new_sub[0].strip().split(":", 1)[0] != key:
        raise EditError("a key would be inserted before the item's first key")
    new_sub[0] = prefix + new_sub[0][len(prefix):]
    out = [*lines[:first], *new_sub, *lines[stop:]]
    return Splice(text=text_of(out, final), first=first + splice.first, last=first + splice.last)


def remove_item(text: str, path: Sequence[str], index: int) -> Splice:
    """Remove item `index` of the block list at `path`; the last item of a root list leaves `[]`."""
    lines, final = lines_of(text)
    seq, limit = find_seq(text, path)
    if seq is None or not 0 <= index < len(seq.items):
        raise EditError("no such list item")
    first, stop = _item_span(lines, seq, index, limit)
    replacement: list[str] = []
    if len(seq.items) == 1:
        if path:
            raise EditError("the list would become empty")
        replacement = ["[]"]
    elif first > 0 and not lines[first - 1].strip() and stop < len(lines) and not lines[stop].strip():
        stop += 1  # the blank line that separated it from the next item goes with it
    out = [*lines[:first], *replacement, *lines[stop:]]
    return Splice(text=text_of(out, final), first=first, last=stop)


def append_to_seq(text: str, path: Sequence[str], item: Mapping[str, Any], style: Style,
                  flow_lists: bool = True) -> Splice:
    """Append a mapping after the last item of the (non-empty, block) list at `path`."""
    lines, final = lines_of(text)
    seq, limit = find_seq(text, path)
    if seq is None or not seq.items:
        raise EditError("no block list to append to")
    first = seq.items[0].line
    _, stop = _item_span(lines, seq, len(seq.items) - 1, limit)
    sub = "\n".join(lines[first:stop]) + "\n"
    splice = append_item(sub, item, style, flow_lists)
    added, _ = lines_of(splice.text[len(sub):])
    out = [*lines[:stop], *added, *lines[stop:]]
    return Splice(text=text_of(out, final), first=stop, last=stop)


def plain_id(value: str, like: SpanNode) -> str:
    """An id written as the scalar it replaces was: same quotes; quoted when plain would not be text."""
    if like.style in ("'", '"'):
        return f"{like.style}{value}{like.style}"
    return value if isinstance(resolve_plain(value), str) else f'"{value}"'


def rename_scalars(text: str, nodes: Sequence[SpanNode], new: str) -> Splice:
    """Replace each scalar node (an id, as a list item or a mapping key) by `new`, in place."""
    lines, final = lines_of(text)
    if not nodes:
        return Splice(text=text, first=len(lines), last=len(lines))
    out = text
    for node in sorted(nodes, key=lambda n: n.start, reverse=True):
        if node.kind != "scalar" or node.style in ("|", ">") or node.end_line != node.line:
            raise EditError("an id is not written on one line")
        out = out[: node.start] + plain_id(new, node) + out[node.end:]
    return Splice(text=out, first=min(n.line for n in nodes), last=max(n.line for n in nodes) + 1)


def id_nodes(root: SpanNode | None, old: str, list_keys: Sequence[str], map_keys: Sequence[str]) -> list[SpanNode]:
    """Scalars equal to `old`: items of the lists under `list_keys` and keys of the mappings under
    `map_keys`, in a mapping or in each mapping of a root list."""
    if root is None:
        return []
    mappings = [root] if root.kind == "map" else [i for i in root.items if i.kind == "map"] if root.kind == "seq" \
        else []
    found: list[SpanNode] = []
    for mapping in mappings:
        for key, value in mapping.entries:
            if key.value in list_keys and value.kind == "seq":
                found.extend(i for i in value.items if i.kind == "scalar" and i.value == old)
            elif key.value in map_keys and value.kind == "map":
                found.extend(k for k, _ in value.entries if k.kind == "scalar" and k.value == old)
    return found


def set_nested_keys(text: str, key: str, values: Mapping[str, Any], order: Sequence[str], style: Style,
                    flow_lists: bool = True) -> Splice:
    """Set keys of the block mapping under the root mapping's `key` (an objective's `metric`): the
    mapping's own lines are edited as a small document, so comments and quotes around the keys
    that do not change stay as they were."""
    lines, final = lines_of(text)
    root = parse(text)
    found = root.get(key) if root is not None and root.kind == "map" and not root.flow else None
    if root is None or found is None or found[1].kind != "map" or found[1].flow or not found[1].entries:
        raise EditError(f"'{key}' is not a block of fields")
    mapping = found[1]
    index = next(i for i, (k, _) in enumerate(root.entries) if k is found[0])
    first = mapping.entries[0][0].line
    stop = entry_extent(lines, root.entries, index, len(lines))
    column = mapping.entries[0][0].column
    sub = []
    for line in lines[first:stop]:
        if line[:column].strip():
            raise EditError(f"a line of '{key}' is indented less than its fields")
        sub.append(line[column:])
    splice = set_keys("\n".join(sub) + "\n", values, order, style, flow_lists)
    new_sub, _ = lines_of(splice.text)
    out = [*lines[:first], *((" " * column + line) if line.strip() else line for line in new_sub), *lines[stop:]]
    return Splice(text=text_of(out, final), first=first + splice.first, last=first + splice.last)
