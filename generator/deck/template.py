"""The deck template: its layouts found by what their placeholders are, and the project's own default.

A deck needs a cover layout (a centred title, "Title Slide" in Office) and a layout with a title
and one content placeholder ("Title and Content"); it uses a layout with two content placeholders
side by side ("Two Content") when there is one. They are found by their placeholders' types and
positions, never by name, so a company template whose layouts have other names (or another
language's) works as it is. The template in use is `deck_template` when set, else deck/default.pptx
from the plans repository's own site_templates/ when it has one, else the shipped default
(resources.py). build_default() rebuilds the shipped default, site_templates/deck/default.pptx,
from python-pptx's own template: 16:9, the company colors in the theme, body text sizes of the
review's type scale, and a picture placeholder named "Logo" on the cover layout.

python-pptx reads .pptx files only: a .potx template must be saved as .pptx first.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.presentation import Presentation as PresentationType
from pptx.slide import SlideLayout
from pptx.util import Emu, Inches

from ..errors import ConfigError
from ..resources import DECK_TEMPLATE, SHIPPED, SITE_TEMPLATES, Templates
from .textstyle import EMU_PER_PT, placeholders_of

DEFAULT_TEMPLATE = SITE_TEMPLATES / DECK_TEMPLATE

# Brand colors of the shipped template (theme slots dk2, accent1..accent6)
BRAND = {"dk2": "1F3A5F", "accent1": "1F3A5F", "accent2": "1A9E8F", "accent3": "F2A541",
         "accent4": "C8553D", "accent5": "5B7DB1", "accent6": "8AA29E"}
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_CONTENT_TYPES = ("obj", "body")
_FOOTER_TYPES = ("dt", "ftr", "sldNum", "hdr")


@dataclass(frozen=True, slots=True, kw_only=True)
class Layouts:
    """The layouts a deck is drawn on."""

    cover: SlideLayout  # a centred title, usually a subtitle and a picture placeholder for the logo
    content: SlideLayout  # a title and one content placeholder
    two_content: SlideLayout | None  # a title and two content placeholders side by side


def template_path(configured: str | None, root: Path, templates: Templates = SHIPPED) -> Path:
    """The template to use: the configured one (relative to mkdocs.yml), else the default
    deck/default.pptx looked up in `templates` (the repository's override, then the shipped one)."""
    if not configured:
        return templates.find(DECK_TEMPLATE)
    path = (root / configured).resolve()
    if path.suffix.lower() == ".potx":
        raise ConfigError(f"deck_template {configured}: .potx templates cannot be read; open it in PowerPoint "
                          "and save it as a .pptx presentation")
    if not path.is_file():
        raise ConfigError(f"deck_template {configured} does not exist")
    return path


def open_template(path: Path) -> tuple[PresentationType, Layouts]:
    """Open a template and find the layouts the deck needs (ConfigError saying what is missing)."""
    try:
        prs = Presentation(str(path))
    except Exception as exc:  # python-pptx raises several kinds for a file that is not a .pptx
        raise ConfigError(f"deck template {path.name} cannot be read as a .pptx ({type(exc).__name__}); "
                          "python-pptx reads .pptx files only, not .potx") from None
    return prs, find_layouts(prs, path.name)


@dataclass(frozen=True, slots=True)
class _Box:
    kind: str
    left: int
    top: int
    width: int
    height: int

    @property
    def area(self) -> int:
        return self.width * self.height


def _boxes(layout: SlideLayout) -> list[_Box]:
    found = []
    for shape in placeholders_of(layout):
        ph = shape._element.find(f".//{{{_P}}}ph")
        kind = ph.get("type", "obj") if ph is not None else "obj"
        vertical = ph is not None and ph.get("orient") == "vert"
        body = shape._element.find(f".//{{{_A}}}bodyPr")
        if body is not None and str(body.get("vert", "horz")) not in ("horz", ""):
            vertical = True
        if kind in _FOOTER_TYPES:
            continue
        try:
            left, top, width, height = (int(v or 0) for v in (shape.left, shape.top, shape.width, shape.height))
        except (KeyError, AttributeError):
            left = top = width = height = 0
        found.append(_Box("vertical" if vertical else kind, left, top, width, height))
    return found


def _cover_score(boxes: list[_Box]) -> int:
    kinds = [b.kind for b in boxes]
    if "ctrTitle" in kinds:
        return 3 if "subTitle" in kinds else 2
    return 1 if "title" in kinds and "subTitle" in kinds else 0


def _content(boxes: list[_Box]) -> list[_Box] | None:
    """The content placeholders of a layout with one title and nothing but content besides."""
    titles = [b for b in boxes if b.kind == "title"]
    contents = [b for b in boxes if b.kind in _CONTENT_TYPES and b.area > 0]
    if len(titles) != 1 or len(contents) != len(boxes) - 1:
        return None
    return contents


def _side_by_side(first: _Box, second: _Box) -> bool:
    left, right = sorted((first, second), key=lambda b: b.left)
    overlap = min(left.top + left.height, right.top + right.height) - max(left.top, right.top)
    return (left.left + left.width <= right.left and overlap >= 0.5 * min(left.height, right.height)
            and min(left.width, right.width) >= 0.75 * max(left.width, right.width))


def find_layouts(prs: PresentationType, name: str = "template") -> Layouts:
    layouts = list(prs.slide_layouts)
    boxes = {id(layout): _boxes(layout) for layout in layouts}
    covers = sorted((l for l in layouts if _cover_score(boxes[id(l)])), key=lambda l: -_cover_score(boxes[id(l)]))
    singles = []
    pairs = []
    for layout in layouts:
        contents = _content(boxes[id(layout)])
        if contents is None:
            continue
        if len(contents) == 1:
            singles.append((contents[0].kind == "obj", contents[0].area, layout))
        elif len(contents) == 2 and _side_by_side(*contents):
            pairs.append((all(c.kind == "obj" for c in contents), sum(c.area for c in contents), layout))
    missing = []
    if not covers:
        missing.append("a cover (a centred title and a subtitle, like \"Title Slide\")")
    if not singles:
        missing.append("a title and one content placeholder (like \"Title and Content\")")
    if missing:
        raise ConfigError(f"deck template {name} has no layout with " + " and none with ".join(missing)
                          + f" (it has: {', '.join(repr(l.name) for l in layouts)})")

    def best(found: list[tuple[bool, int, SlideLayout]]) -> SlideLayout:
        return max(enumerate(found), key=lambda item: (item[1][0], item[1][1], -item[0]))[1][2]

    return Layouts(cover=covers[0], content=best(singles), two_content=best(pairs) if pairs else None)


def build_default(out: Path = DEFAULT_TEMPLATE) -> Path:
    """Build the shipped default template from python-pptx's own, deterministically."""
    prs = Presentation()
    old_width = prs.slide_width
    prs.slide_width = Inches(13.333)
    scale = prs.slide_width / old_width
    layouts: list[Any] = list(prs.slide_layouts)
    for layout in layouts:
        for shape in placeholders_of(layout):
            if shape._element.spPr.find(f"{{{_A}}}xfrm") is not None:  # others inherit from the master
                shape.left = Emu(int(shape.left * scale))
                shape.width = Emu(int(shape.width * scale))
    _place(prs.slide_master, MASTER_BOXES)
    _place(prs.slide_layouts.get_by_name("Title Slide"), TITLE_SLIDE_BOXES)
    _place_by_index(prs.slide_layouts.get_by_name("Two Content"), TWO_CONTENT_BOXES)
    _style_master(prs)
    _style_body(prs)
    _brand_theme(prs)
    _add_logo_placeholder(prs.slide_layouts.get_by_name("Title Slide"))
    prs.core_properties.title = "Executive Business Review template"
    from .pack import save_deterministic

    out.parent.mkdir(parents=True, exist_ok=True)
    save_deterministic(prs, out, "Brightwell Software")
    return out


# Placeholder boxes in inches (left, top, width, height), by placeholder type
MASTER_BOXES = {"title": (0.6, 0.3, 12.13, 1.1), "body": (0.6, 1.6, 12.13, 5.1), "dt": (0.6, 6.95, 2.4, 0.35),
                "ftr": (3.1, 6.95, 7.0, 0.35), "sldNum": (10.33, 6.95, 2.4, 0.35)}
TITLE_SLIDE_BOXES = {"ctrTitle": (0.9, 2.1, 11.5, 1.7), "subTitle": (0.9, 3.95, 11.5, 1.9)}
TWO_CONTENT_BOXES = {1: (0.6, 1.6, 6.25, 5.1), 2: (7.05, 1.6, 5.68, 5.1)}  # words need more room than a chart


def _place_by_index(owner: Any, boxes: dict[int, tuple[float, float, float, float]]) -> None:
    for shape in placeholders_of(owner):
        if shape.placeholder_format.idx in boxes:
            left, top, width, height = boxes[shape.placeholder_format.idx]
            shape.left, shape.top, shape.width, shape.height = Inches(left), Inches(top), Inches(width), Inches(height)


def _place(owner: Any, boxes: dict[str, tuple[float, float, float, float]]) -> None:
    for shape in placeholders_of(owner):
        ph = shape._element.find(f".//{{{_P}}}ph")
        kind = ph.get("type", "body") if ph is not None else "body"
        if kind in boxes:
            left, top, width, height = boxes[kind]
            shape.left, shape.top, shape.width, shape.height = Inches(left), Inches(top), Inches(width), Inches(height)


def _style_master(prs: PresentationType) -> None:
    """Titles 32 pt bold, left-aligned; footers 10 pt; the title slide left-aligned too."""
    master = prs.slide_master._element
    title = master.find(f".//{{{_P}}}titleStyle/{{{_A}}}lvl1pPr")
    title.set("algn", "l")
    rpr = title.find(f"{{{_A}}}defRPr")
    rpr.set("sz", "3200")
    rpr.set("b", "1")
    for shape in placeholders_of(prs.slide_master):
        ph = shape._element.find(f".//{{{_P}}}ph")
        if ph is not None and ph.get("type") in ("dt", "ftr", "sldNum"):
            for found in shape._element.iter(f"{{{_A}}}defRPr"):
                found.set("sz", "1000")
                if found.find(f"{{{_A}}}latin") is None:  # the theme's body font (renderers differ otherwise)
                    etree.SubElement(found, f"{{{_A}}}latin", typeface="+mn-lt")
    layout: Any = prs.slide_layouts.get_by_name("Title Slide")
    for shape in placeholders_of(layout):
        for para in shape._element.iter(f"{{{_A}}}lvl1pPr"):
            para.set("algn", "l")


# The body's type scale: (size, left margin, hanging indent, space before), in points, per level
BODY_LEVELS = ((18, 18, -18, 6), (16, 36, -16, 3), (16, 52, -14, 2))


def _style_body(prs: PresentationType) -> None:
    """Body text at 18/16 pt with bullets hanging in a narrow indent; the content layouts inherit
    the master's sizes (python-pptx's own set 28 pt and more on them); the cover's title at 40 pt."""
    master = prs.slide_master._element
    style = master.find(f".//{{{_P}}}bodyStyle")
    for index, level in enumerate(style):
        size, margin, indent, before = BODY_LEVELS[min(index, len(BODY_LEVELS) - 1)]
        level.set("marL", str(int(margin * EMU_PER_PT)))
        level.set("indent", str(int(indent * EMU_PER_PT)))
        spacing = level.find(f"{{{_A}}}spcBef")
        for child in list(spacing):
            spacing.remove(child)
        etree.SubElement(spacing, f"{{{_A}}}spcPts", val=str(before * 100))
        level.find(f"{{{_A}}}defRPr").set("sz", str(size * 100))
    for layout in prs.slide_layouts:
        for shape in placeholders_of(layout):
            ph = shape._element.find(f".//{{{_P}}}ph")
            kind = ph.get("type", "obj") if ph is not None else "obj"
            if kind == "obj":
                for found in shape._element.iter(f"{{{_A}}}defRPr"):
                    found.attrib.pop("sz", None)
            if kind == "ctrTitle":
                lst = shape._element.find(f".//{{{_A}}}lstStyle")
                etree.SubElement(etree.SubElement(lst, f"{{{_A}}}lvl1pPr"), f"{{{_A}}}defRPr", sz="4000")


def _brand_theme(prs: PresentationType) -> None:
    theme_part = prs.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(theme_part.blob)
    scheme = root.find(f".//{{{_A}}}clrScheme")
    assert scheme is not None
    scheme.set("name", "Brightwell")
    for slot, color in BRAND.items():
        element = scheme.find(f"{{{_A}}}{slot}")
        if element is None:
            continue
        for child in list(element):
            element.remove(child)
        etree.SubElement(element, f"{{{_A}}}srgbClr", val=color)
    theme_part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _add_logo_placeholder(layout: SlideLayout | None) -> None:
    """A picture placeholder named Logo, top right of the title layout."""
    assert layout is not None
    found: Any = layout
    tree = found.shapes._spTree
    title = next(s for s in placeholders_of(found) if s.placeholder_format.idx == 0)
    sp = copy.deepcopy(title._element)
    nv = sp.find(f"{{{_P}}}nvSpPr")
    c_nv = nv.find(f"{{{_P}}}cNvPr")
    c_nv.set("id", "90")
    c_nv.set("name", "Logo")
    ph = nv.find(f"{{{_P}}}nvPr").find(f"{{{_P}}}ph")
    ph.attrib.clear()
    ph.set("type", "pic")
    ph.set("idx", "13")
    ph.set("sz", "quarter")
    off = sp.find(f".//{{{_A}}}off")
    ext = sp.find(f".//{{{_A}}}ext")
    off.set("x", str(int(Inches(10.9))))
    off.set("y", str(int(Inches(0.4))))
    ext.set("cx", str(int(Inches(2.0))))
    ext.set("cy", str(int(Inches(0.9))))
    body = sp.find(f"{{{_P}}}txBody")
    if body is not None:
        sp.remove(body)
    tree.append(sp)
