"""How a template styles the text of a placeholder, read the way PowerPoint inherits it.

A paragraph in a slide's placeholder takes each property (size, weight, bullet, indents, spacing)
from the first of: the layout placeholder's list style, the master placeholder's, the master's
text styles (titles, body, other) and the presentation's default text style. The text area is the
placeholder's box less the insets of its body properties (layout, then master). The deck measures
text with exactly these values, so it can leave sizes and bullets to the template and still know
where each line breaks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pptx.oxml.ns import qn

from .fit import LINE_FACTOR, Measurer

EMU_PER_PT = 12700
LEVELS = 9
_TITLE_TYPES = ("title", "ctrTitle")
_OTHER_TYPES = ("dt", "ftr", "sldNum", "hdr")
_BULLETS = ("buNone", "buChar", "buAutoNum", "buBlip")


@dataclass(frozen=True, slots=True, kw_only=True)
class Spacing:
    """Space as PowerPoint writes it: a share of a line (spcPct) or points (spcPts)."""

    share: float = 0.0
    points: float = 0.0

    def of(self, size: float) -> float:
        """In points, for text of this size."""
        return self.points + self.share * LINE_FACTOR * size


@dataclass(frozen=True, slots=True, kw_only=True)
class LevelStyle:
    """One outline level of a placeholder, as inherited."""

    size: float | None  # points; None when nothing in the chain sets it
    bold: bool
    bullet: bool
    margin_left: float  # points
    indent: float  # points, negative for a hanging bullet
    space_before: Spacing
    space_after: Spacing
    line_share: float | None  # proportional line spacing (0.9 = 90%), None for single
    line_points: float | None  # exact line spacing
    typeface: str | None  # as written: a family, or "+mn-lt"/"+mj-lt" for the theme's fonts

    def line_height(self, font: Measurer, size: float) -> float:
        if self.line_points is not None:
            return self.line_points
        return font.line_height(size) * (self.line_share or 1.0)


@dataclass(frozen=True, slots=True, kw_only=True)
class BoxStyle:
    inset_left: float
    inset_right: float
    inset_top: float
    inset_bottom: float
    anchor: str  # t, ctr or b


@dataclass(frozen=True, slots=True, kw_only=True)
class PlaceholderStyle:
    levels: tuple[LevelStyle, ...]
    box: BoxStyle

    def level(self, index: int) -> LevelStyle:
        return self.levels[max(0, min(index, LEVELS - 1))]

    def bullet_levels(self) -> tuple[int, int]:
        """The outline levels the deck's bullets and sub-bullets use: the template's first two
        bulleted levels (0 and 1 when the template bullets none: the deck then draws its own)."""
        found = [i for i, level in enumerate(self.levels) if level.bullet]
        if not found:
            return 0, 1
        return found[0], found[1] if len(found) > 1 else min(found[0] + 1, LEVELS - 1)


def placeholders_of(owner: Any) -> list[Any]:
    """The placeholders of a slide, layout or master."""
    return list(owner.placeholders)


def ph_type(element: Any) -> str:
    ph = element.find(f".//{qn('p:ph')}")
    if ph is None:
        return ""
    return str(ph.get("type", "obj"))


def placeholder_style(layout_placeholder: Any, presentation: Any) -> PlaceholderStyle:
    """The inherited text style of a layout placeholder (what a slide placeholder cloned from it
    gets). `presentation` is python-pptx's Presentation."""
    kind = ph_type(layout_placeholder._element)
    base = _base(layout_placeholder)
    master = layout_placeholder.part.slide_master._element
    styles = master.find(qn("p:txStyles"))
    if kind in _TITLE_TYPES:
        text_style = styles.find(qn("p:titleStyle")) if styles is not None else None
    elif kind in _OTHER_TYPES:
        text_style = styles.find(qn("p:otherStyle")) if styles is not None else None
    else:
        text_style = styles.find(qn("p:bodyStyle")) if styles is not None else None
    default = presentation.part._element.find(qn("p:defaultTextStyle"))
    owners = [_list_style(layout_placeholder._element), _list_style(base._element) if base is not None else None,
              text_style, default]
    levels = tuple(_level(owners, index) for index in range(LEVELS))
    bodies = [layout_placeholder._element.find(f"{qn('p:txBody')}/{qn('a:bodyPr')}")]
    if base is not None:
        bodies.append(base._element.find(f"{qn('p:txBody')}/{qn('a:bodyPr')}"))
    return PlaceholderStyle(levels=levels, box=_box([b for b in bodies if b is not None]))


def _base(layout_placeholder: Any) -> Any:
    try:
        return layout_placeholder._base_placeholder
    except (KeyError, AttributeError):
        return None


def _list_style(shape: Any) -> Any:
    return shape.find(f"{qn('p:txBody')}/{qn('a:lstStyle')}")


def _level(owners: list[Any], index: int) -> LevelStyle:
    tag = qn(f"a:lvl{index + 1}pPr")
    chain = [found for owner in owners if owner is not None for found in [owner.find(tag)] if found is not None]

    def attr(name: str) -> str | None:
        return next((e.get(name) for e in chain if e.get(name) is not None), None)

    def run_attr(name: str) -> str | None:
        for e in chain:
            rpr = e.find(qn("a:defRPr"))
            if rpr is not None and rpr.get(name) is not None:
                return str(rpr.get(name))
        return None

    def spacing(name: str) -> Spacing | None:
        for e in chain:
            found = e.find(qn(f"a:{name}"))
            if found is None:
                continue
            pct, pts = found.find(qn("a:spcPct")), found.find(qn("a:spcPts"))
            if pct is not None:
                return Spacing(share=int(pct.get("val", "0")) / 100000)
            if pts is not None:
                return Spacing(points=int(pts.get("val", "0")) / 100)
        return None

    bullet = False
    for e in chain:
        kinds = [c for c in e if c.tag in {qn(f"a:{b}") for b in _BULLETS}]
        if kinds:
            bullet = kinds[0].tag != qn("a:buNone")
            break
    typeface = None
    for e in chain:
        latin = e.find(f"{qn('a:defRPr')}/{qn('a:latin')}")
        if latin is not None and latin.get("typeface"):
            typeface = latin.get("typeface")
            break
    size = run_attr("sz")
    line = spacing("lnSpc")
    return LevelStyle(
        size=int(size) / 100 if size else None,
        bold=run_attr("b") in ("1", "true"),
        bullet=bullet,
        margin_left=int(attr("marL") or 0) / EMU_PER_PT,
        indent=int(attr("indent") or 0) / EMU_PER_PT,
        space_before=spacing("spcBef") or Spacing(),
        space_after=spacing("spcAft") or Spacing(),
        line_share=line.share if line is not None and not line.points else None,
        line_points=line.points if line is not None and line.points else None,
        typeface=typeface,
    )


def _box(bodies: list[Any]) -> BoxStyle:
    def attr(name: str, default: int) -> float:
        return next((int(b.get(name)) for b in bodies if b.get(name) is not None), default) / EMU_PER_PT

    anchor = next((b.get("anchor") for b in bodies if b.get("anchor") is not None), "t")
    return BoxStyle(inset_left=attr("lIns", 91440), inset_right=attr("rIns", 91440), inset_top=attr("tIns", 45720),
                    inset_bottom=attr("bIns", 45720), anchor=str(anchor))
