"""What `successplans build` and `serve` hand to the plugin running inside MkDocs.

`successplans build` has already computed the portfolio (it checked the files first): it hands it
to the plugin instance of the MkDocs configuration it loaded (plugin.hand), which then does not
compute it twice. Plain `mkdocs build` hands nothing, and the plugin computes the model itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from ..model import Portfolio


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildRequest:
    portfolio: Portfolio | None = None  # computed already: use it as is
    as_of: dt.date | None = None  # --as-of for the plugin to compute with (serve)
    decks: bool = False  # decks are built next to the site: pages link to them
    on_page: Callable[[str], None] | None = None  # progress: called once per written page
    lazy: bool = False  # the preview makes each page's Markdown when needed: register empty pages
