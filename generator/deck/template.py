"""The deck template: layouts found by name, and the project's own branded default.

A deck needs two layouts, found by name so any company template built on the standard Office
layouts works: "Title Slide" (title and subtitle) and "Title Only" (a title; the slide body is drawn
by the deck). The template in use is `deck_template` when set, else deck/default.pptx from the plans
repository's own site_templates/ when it has one, else the shipped default (resources.py).
build_default() rebuilds the shipped default, site_templates/deck/default.pptx, from
python-pptx's own template: 16:9, the company colors in the theme, and a picture placeholder named
"Logo" on the title layout.

python-pptx reads .pptx files only: a .potx template must be saved as .pptx first.
"""

from __future__ import annotations

import copy
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

DEFAULT_TEMPLATE = SITE_TEMPLATES / DECK_TEMPLATE
REQUIRED_LAYOUTS = ("Title Slide", "Title Only")

# Brand colors of the shipped template (theme slots dk2, accent1..accent6)
BRAND = {"dk2": "1F3A5F", "accent1": "1F3A5F", "accent2": "1A9E8F", "accent3": "F2A541",
         "accent4": "C8553D", "accent5": "5B7DB1", "accent6": "8AA29E"}
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_P = "http://schemas.openxmlformats.org/presentationml/2006/main"


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


def open_template(path: Path) -> tuple[PresentationType, dict[str, SlideLayout]]:
    """Open a template and find the required layouts by name (ConfigError naming what is missing)."""
    try:
        prs = Presentation(str(path))
    except Exception as exc:  # python-pptx raises several kinds for a file that is not a .pptx
        raise ConfigError(f"deck template {path.name} cannot be read as a .pptx ({type(exc).__name__}); "
                          "python-pptx reads .pptx files only, not .potx") from None
    layouts = {layout.name: layout for layout in prs.slide_layouts}
    missing = [name for name in REQUIRED_LAYOUTS if name not in layouts]
    if missing:
        raise ConfigError(f"deck template {path.name} has no layout named " + ", ".join(repr(m) for m in missing)
                          + f" (it has: {', '.join(repr(n) for n in layouts)})")
    return prs, {name: layouts[name] for name in REQUIRED_LAYOUTS}


def build_default(out: Path = DEFAULT_TEMPLATE) -> Path:
    """Build the shipped default template from python-pptx's own, deterministically."""
    prs = Presentation()
    old_width = prs.slide_width
    prs.slide_width = Inches(13.333)
    scale = prs.slide_width / old_width
    layouts: list[Any] = list(prs.slide_layouts)
    for layout in layouts:
        for shape in layout.placeholders:
            if shape._element.spPr.find(f"{{{_A}}}xfrm") is not None:  # others inherit from the master
                shape.left = Emu(int(shape.left * scale))
                shape.width = Emu(int(shape.width * scale))
    _place(prs.slide_master, MASTER_BOXES)
    _place(prs.slide_layouts.get_by_name("Title Slide"), TITLE_SLIDE_BOXES)
    _style_master(prs)
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


def _place(owner: Any, boxes: dict[str, tuple[float, float, float, float]]) -> None:
    for shape in owner.placeholders:
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
    for shape in prs.slide_master.placeholders:
        ph = shape._element.find(f".//{{{_P}}}ph")
        if ph is not None and ph.get("type") in ("dt", "ftr", "sldNum"):
            for found in shape._element.iter(f"{{{_A}}}defRPr"):
                found.set("sz", "1000")
                if found.find(f"{{{_A}}}latin") is None:  # the theme's body font (renderers differ otherwise)
                    etree.SubElement(found, f"{{{_A}}}latin", typeface="+mn-lt")
    layout: Any = prs.slide_layouts.get_by_name("Title Slide")
    for shape in layout.placeholders:
        for para in shape._element.iter(f"{{{_A}}}lvl1pPr"):
            para.set("algn", "l")


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
    title = next(s for s in found.placeholders if s.placeholder_format.idx == 0)
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
