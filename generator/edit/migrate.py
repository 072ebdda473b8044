"""activity.yaml as one file per entry (SPEC §12): each entry keeps its own lines as written.

An entry of a block list becomes its file by losing its dash and its list indentation, nothing
else: comments inside it, quotes, key order and block text stay as they were, so the change a
reviewer reads is the file's lines moved, not rewritten. An entry that cannot be cut out that way
(a flow list such as `[{date: ...}]`, a line indented less than the entry's keys) is written anew
from its values in the file's style. Either way the new text must read as exactly the entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..schema import DATE_RE, to_python
from ..yamlread import parse_yaml
from .yamltext import SpanNode, Style, lines_of, parse, render


@dataclass(frozen=True, kw_only=True)
class EntryText:
    """One entry of activity.yaml as the text of a file of its own."""

    line: int  # 1-based line of its first key in activity.yaml
    data: dict[str, Any]  # as the reader sees it (dates as text)
    text: str


def split_log(text: str, style: Style, flow_lists: bool) -> list[EntryText] | None:
    """Every entry of an activity log's text, each as a file's text; None when the log is not a
    list of mappings (the caller refuses it)."""
    root, _issues = parse_yaml(text)
    data = to_python(root)
    if data is None:
        return []
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        return None
    spans = parse(text)
    lines, _final = lines_of(text)
    items = spans.items if spans is not None and spans.kind == "seq" and not spans.flow else []
    out = []
    for index, item in enumerate(data):
        cut = _cut(lines, items, index) if len(items) == len(data) else None
        if cut is None or _read(cut) != item:
            cut = "".join(render(_typed(item), style, 0, flow_lists))
        if _read(cut) != item:  # pragma: no cover - rendering a mapping reads back as itself
            return None
        line = items[index].line + 1 if len(items) == len(data) else 1
        out.append(EntryText(line=line, data=item, text=cut))
    return out


def _read(text: str) -> Any:
    root, issues = parse_yaml(text)
    return None if any(i.fatal for i in issues) else to_python(root)


def _cut(lines: Sequence[str], items: Sequence[SpanNode], index: int) -> str | None:
    """The lines of one block list item without the dash and the list's indentation."""
    item = items[index]
    if item.kind != "map" or item.flow:
        return None
    first = item.line
    stop = items[index + 1].line if index + 1 < len(items) else len(lines)
    while stop > first + 1 and not lines[stop - 1].strip():
        stop -= 1
    column = item.column
    if lines[first][:column].strip() != "-":
        return None
    out = [lines[first][column:]]
    for line in lines[first + 1:stop]:
        if not line[:column].strip():
            out.append(line[column:])
        elif line.lstrip().startswith("#"):
            out.append(line.lstrip())
        else:
            return None
    return "\n".join(out) + "\n"


def _typed(item: dict[str, Any]) -> dict[str, Any]:
    """An entry's values for rendering: its date as a date (the reader gave it as text)."""
    out = dict(item)
    date = out.get("date")
    if isinstance(date, str) and DATE_RE.match(date):
        try:
            out["date"] = dt.date.fromisoformat(date)
        except ValueError:
            pass
    return out
