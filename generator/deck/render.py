"""The EBR deck of one customer view, on a template: the order of the slides is slides.SLIDES.

The template gives the layouts, the theme's colours and fonts and the placeholders' positions;
fit.py measures text with the theme's fonts as this machine draws them; draw.py places boxes and
tables without crossing the footer band; slides.py says what each slide holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.presentation import Presentation as PresentationType

from .. import wording
from ..view import CustomerView
from .draw import Canvas, Frame
from .fit import measurer
from .slides import SLIDES, Deck
from .story import STATUS_COLORS
from .template import open_template

_A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def theme_fonts(prs: PresentationType) -> tuple[str, str]:
    """The theme's heading (major) and body (minor) Latin fonts."""
    theme = etree.fromstring(prs.slide_master.part.part_related_by(RT.THEME).blob)
    major = theme.find(f".//{{{_A}}}majorFont/{{{_A}}}latin")
    minor = theme.find(f".//{{{_A}}}minorFont/{{{_A}}}latin")
    return (major.get("typeface", "") if major is not None else "", minor.get("typeface", "") if minor is not None else "")


def footer_text(view: CustomerView) -> str:
    return f"Business review · Data as of {wording.day(view.as_of)}"


def render(view: CustomerView, template: Path, commit: str | None = None,
           palette: Mapping[str, str] | None = None) -> PresentationType:
    """The whole deck for one customer view; the commit goes into the core properties only."""
    prs, layouts = open_template(template)
    heading, body = theme_fonts(prs)
    canvas = Canvas(prs=prs, layouts=layouts, frame=Frame.of(prs, layouts["Title Only"]),
                    body_font=measurer(body), title_font=measurer(heading or body),
                    palette={**STATUS_COLORS, **(palette or {})}, footer_text=footer_text(view))
    props = prs.core_properties
    props.title = f"{view.name}: business review {view.as_of.isoformat()}"
    props.subject = "Executive Business Review"
    props.keywords = ""
    props.comments = ""
    props.category = ""
    props.identifier = ""
    props.version = f"commit {commit}" if commit else ""
    deck = Deck(view, canvas)
    for build in SLIDES:
        build(deck)
    return prs
