"""How internal views colour health and tracks: the site's colour classes and the terminal's styles.

Internal only. Customer-facing output (decks, digests) never shows a health colour: a deck colours
a track with the customer palette of deck/story.py (`STATUS_COLORS`, which the `status_colors`
option overrides), and tests/test_wording.py checks that no customer-facing module imports this one.
Words for tracks (internal and customer-facing) are in generator/wording.py.
"""

from __future__ import annotations

from .model import TRACK_COLOR

TRACK_CLASS = {"on_track": "green", "achieved": "green", "planned": "planned", "closed": "unknown", **TRACK_COLOR}
"""The site's colour class per track (sp-chip--, sp-fill--): the health colour its signal sets,
green when it sets none, and two of its own for planned and closed objectives."""

TERMINAL_HEALTH_STYLE = {"green": "bold green", "lime": "green", "yellow": "yellow", "orange": "dark_orange",
                         "red": "bold red", "unknown": "dim"}
"""The terminal style (rich) of each health colour."""

TERMINAL_TRACK_STYLE = {"on_track": "green", "planned": "cyan", "unmeasured": "dim", "at_risk": "yellow",
                        "off_track": "dark_orange", "overdue": "red", "achieved": "green", "closed": "dim"}
"""The terminal style (rich) of each track: quieter than health, so the customer's colour stands out."""
