"""The site's search index written as a stream, with the bytes Material's search plugin writes.

Material's search plugin keeps one dictionary per page section until the build ends, then makes
the whole index one string and encodes it into a second copy: at 10,000 customers that is three
copies of a quarter of a gigabyte at the build's last moment. Here each entry is serialized as the
plugin makes it (with the plugin's own settings) and kept compressed; at the end the file is
written piece by piece. The plugin still indexes every page (it chooses the sections, titles,
locations and tags); only where the entries wait and how the file is written change.

JSON of a mapping or list is the concatenation of its members' JSON with the same settings, so the
file is byte for byte the one the plugin would have written (tests/test_site.py compares them).
"""

from __future__ import annotations

import hashlib
import json
import os
import zlib
from collections.abc import Callable, Iterator
from typing import Any

SEPARATORS = (",", ":")  # as Material's generate_search_index
FIELDS = ("lang", "separator", "pipeline", "fields")  # the index's "config", as Material writes it


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=SEPARATORS, default=str)


class StreamedEntries:
    """Stands in for the plugin's list of entries: each appended entry is kept as compressed JSON."""

    def __init__(self) -> None:
        self._compressor = zlib.compressobj(1)
        self._chunks: list[bytes] = []
        self.count = 0

    def append(self, entry: dict[str, Any]) -> None:
        text = ("," if self.count else "") + _dumps(entry)
        self.count += 1
        chunk = self._compressor.compress(text.encode("utf-8"))
        if chunk:
            self._chunks.append(chunk)

    def __len__(self) -> int:
        return self.count

    def __bool__(self) -> bool:
        return self.count > 0

    def json_pieces(self) -> Iterator[bytes]:
        """The entries' JSON, comma-separated, in pieces (callable once)."""
        self._chunks.append(self._compressor.flush())
        chunks, self._chunks = self._chunks, []
        inflate = zlib.decompressobj()
        for chunk in chunks:
            yield inflate.decompress(chunk)
        yield inflate.flush()


def streamed_index(search: Any) -> Any | None:
    """Give Material's search plugin instance a streamed entry list (None: not that plugin, or a
    run that keeps the index between rebuilds, where the plugin needs its entries as a list)."""
    try:
        from material.plugins.search.plugin import SearchIndex, SearchPlugin
    except ImportError:  # pragma: no cover - Material is a dependency
        return None
    if type(search) is not SearchPlugin or not search.config.enabled or search.is_dirty:
        return None
    index: Any = getattr(search, "search_index", None)
    if type(index) is not SearchIndex or index.entries:
        return None
    index.entries = StreamedEntries()
    return search


def page_sections(content: str) -> list[Any]:
    """A page's HTML divided into the sections Material's search plugin makes entries of."""
    from material.plugins.search.plugin import Parser

    parser = Parser()
    parser.feed(content)
    parser.close()
    return list(parser.data)


def content_digest(content: str) -> bytes:
    return hashlib.blake2b(content.encode("utf-8"), digest_size=16).digest()


def take_sections(search: Any, sections: Callable[[Any], list[Any] | None]) -> None:
    """Have a plugin given streamed entries index a page from the sections `sections(page)` gives
    when it gives them (divided elsewhere, as page_sections does), making the entries as the plugin
    does; a page it gives none for is divided by the plugin."""
    index = search.search_index
    divide = index.add_entry_from_context

    def add_entry_from_context(page: Any) -> None:
        found = sections(page)
        if found is None:
            divide(page)
            return
        if (page.meta.get("search") or {}).get("exclude"):
            return
        for section in found:
            if not section.is_excluded():
                index.create_entry_for_section(section, page.toc, page.url, page)

    index.add_entry_from_context = add_entry_from_context


def write_index(search: Any, site_dir: str) -> None:
    """Write the index of a plugin given streamed entries, in place of what the plugin wrote."""
    index = search.search_index
    entries: StreamedEntries = index.entries
    config = {key: index.config[key] for key in FIELDS}
    path = os.path.join(site_dir, "search", "search_index.json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as out:
        out.write(('{"config":' + _dumps(config) + ',"docs":[').encode("utf-8"))
        for piece in entries.json_pieces():
            out.write(piece)
        out.write(b"]}")
    index.entries = []
