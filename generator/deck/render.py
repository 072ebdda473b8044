"""The EBR deck of one customer view, on a template: the order of the slides is slides.SLIDES.

The template gives the layouts (found by their placeholders), the theme's colours and fonts and
every placeholder's position and text style; fit.py measures text with the theme's fonts as this
machine draws them; draw.py fills placeholders and lays out pages without crossing the footer
band; slides.py says what each slide holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.presentation import Presentation as PresentationType

from .. import wording
from ..view import CustomerView
from .draw import Canvas, Geometry
from .fit import measurer
from .pack import core_text
from .slides import SLIDES, Deck, draw_parts
from .story import STATUS_COLORS
from .template import Layouts, open_template

_A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def theme_fonts(prs: PresentationType) -> tuple[str, str]:
    """The theme's heading (major) and body (minor) Latin fonts."""
    theme = etree.fromstring(prs.slide_master.part.part_related_by(RT.THEME).blob)
    major = theme.find(f".//{{{_A}}}majorFont/{{{_A}}}latin")
    minor = theme.find(f".//{{{_A}}}minorFont/{{{_A}}}latin")
    return (major.get("typeface", "") if major is not None else "", minor.get("typeface", "") if minor is not None else "")


def footer_text(view: CustomerView) -> str:
    return f"Business review · Data as of {wording.day(view.as_of)}"


def footer_short(view: CustomerView) -> str:
    """The footer where the template's footer box is too narrow for the whole one on one line."""
    return f"Data as of {wording.day(view.as_of)}"


def new_canvas(prs: PresentationType, layouts: Layouts, view: CustomerView,
               palette: Mapping[str, str] | None = None) -> Canvas:
    """The canvas a deck is drawn on: the template's geometry, measured in its theme's fonts."""
    heading, body = theme_fonts(prs)
    body_font = measurer(body)
    return Canvas(prs=prs, layouts=layouts, geometry=Geometry.of(prs, layouts, body_font), body_font=body_font,
                  title_font=measurer(heading or body), palette={**STATUS_COLORS, **(palette or {})},
                  footer_text=footer_text(view), footer_short=footer_short(view))


def render(view: CustomerView, template: Path, commit: str | None = None,
           palette: Mapping[str, str] | None = None) -> PresentationType:
    """The whole deck for one customer view; the commit goes into the core properties only."""
    prs, layouts = open_template(template)
    canvas = new_canvas(prs, layouts, view, palette)
    props = prs.core_properties
    props.title = core_text(f"{view.name}: business review {view.as_of.isoformat()}")
    props.subject = "Executive Business Review"
    props.keywords = ""
    props.comments = ""
    props.category = ""
    props.identifier = ""
    props.version = core_text(f"commit {commit}") if commit else ""
    deck = Deck(view, canvas)
    draw_parts(deck, [part for build in SLIDES for part in build(deck)])
    return prs
