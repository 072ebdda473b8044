"""What `successplans build` and `serve` hand to the plugin running inside MkDocs.

`successplans build` has already computed the portfolio (it checked the files first): the plugin
takes it from here instead of computing it twice. Plain `mkdocs build` leaves this empty and the
plugin computes the model itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from ..model import Portfolio


@dataclass(frozen=True)
class BuildRequest:
    portfolio: Portfolio | None = None  # computed already: use it as is
    as_of: dt.date | None = None  # --as-of for the plugin to compute with (serve)
    decks: bool = False  # decks are built next to the site: pages link to them
    on_page: Callable[[str], None] | None = None  # progress: called once per written page
    lazy: bool = False  # the preview makes each page's Markdown when needed: register empty pages


_current: BuildRequest | None = None


def current() -> BuildRequest | None:
    return _current


@contextmanager
def handing_off(request: BuildRequest) -> Iterator[None]:
    global _current
    previous, _current = _current, request
    try:
        yield
    finally:
        _current = previous
