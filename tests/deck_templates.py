"""A company template unlike the shipped one in every way a deck depends on, built reproducibly.

    .venv/bin/python -m tests.deck_templates foreign.pptx     # write it, to open it in PowerPoint

4:3 instead of 16:9; a serif theme font (DejaVu Serif) instead of Calibri; other accent colours;
the title in a column on the left of every slide instead of above the body, anchored at the top;
other layout names ("Cover", "Heading and Text", "Heading and Two Columns", ...); other body sizes,
bullet characters and line spacing; a narrow footer box; the cover's picture placeholder at the
bottom left. A deck drawn on it must take all of this from the template by itself.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Inches

from generator.deck.pack import save_deterministic

_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_P = "http://schemas.openxmlformats.org/presentationml/2006/main"

FOREIGN_FONT = "DejaVu Serif"
FOREIGN_COLORS = {"dk2": "2B2D42", "accent1": "8D0801", "accent2": "D4A017", "accent3": "3A5A40",
                  "accent4": "5C4D7D", "accent5": "BF6900", "accent6": "41658A"}
FOREIGN_NAMES = {"Title Slide": "Cover", "Title and Content": "Heading and Text", "Section Header": "Divider",
                 "Two Content": "Heading and Two Columns", "Comparison": "Side by Side", "Title Only": "Heading Alone",
                 "Blank": "Empty", "Content with Caption": "Caption Left", "Picture with Caption": "Photo",
                 "Title and Vertical Text": "Vertical Text", "Vertical Title and Text": "Vertical Heading"}
# (left, top, width, height) in inches, by placeholder type on the master
MASTER = {"title": (0.4, 0.6, 2.9, 5.9), "body": (3.5, 0.6, 6.1, 5.9), "dt": (0.4, 6.9, 1.5, 0.35),
          "ftr": (3.5, 6.9, 2.6, 0.35), "sldNum": (8.6, 6.9, 1.0, 0.35)}
COVER = {"ctrTitle": (0.6, 1.5, 8.8, 2.1), "subTitle": (0.6, 3.7, 8.8, 1.7)}
COLUMNS = {1: (3.5, 0.6, 2.95, 5.9), 2: (6.65, 0.6, 2.95, 5.9)}
BODY = ((18, 0.28, "▪"), (16, 0.6, "–"), (16, 0.9, "·"))  # size, left margin (in), bullet


def _kind(shape: Any) -> str:
    ph = shape._element.find(f".//{{{_P}}}ph")
    return ph.get("type", "obj") if ph is not None else "obj"


def _place(shape: Any, box: tuple[float, float, float, float]) -> None:
    left, top, width, height = box
    shape.left, shape.top, shape.width, shape.height = Inches(left), Inches(top), Inches(width), Inches(height)


def build_foreign(out: Path) -> Path:
    prs = Presentation()  # python-pptx's own template is 4:3 (10 x 7.5 in)
    assert prs.slide_width == Inches(10) and prs.slide_height == Inches(7.5)
    master = prs.slide_master
    for shape in master.placeholders:
        if _kind(shape) in MASTER:
            _place(shape, MASTER[_kind(shape)])
        if _kind(shape) == "title":
            shape._element.find(f".//{{{_A}}}bodyPr").set("anchor", "t")
    styles = master._element.find(f"{{{_P}}}txStyles")
    title = styles.find(f"{{{_P}}}titleStyle/{{{_A}}}lvl1pPr")
    title.find(f"{{{_A}}}defRPr").set("sz", "2800")
    for index, level in enumerate(styles.find(f"{{{_P}}}bodyStyle")):
        size, margin, char = BODY[min(index, len(BODY) - 1)]
        level.set("marL", str(int(Inches(margin))))
        level.set("indent", str(-int(Inches(0.28))))
        level.find(f"{{{_A}}}defRPr").set("sz", str(size * 100))
        level.find(f"{{{_A}}}buChar").set("char", char)
        line = etree.Element(f"{{{_A}}}lnSpc")
        etree.SubElement(line, f"{{{_A}}}spcPct", val="95000")
        level.insert(0, line)
    for layout in prs.slide_layouts:
        layout.name = FOREIGN_NAMES.get(layout.name, layout.name)
        for shape in layout.placeholders:
            for found in shape._element.iter(f"{{{_A}}}defRPr"):
                found.attrib.pop("sz", None)  # the master's sizes serve every layout
    cover = next(layout for layout in prs.slide_layouts if layout.name == "Cover")
    for shape in cover.placeholders:
        if _kind(shape) in COVER:
            _place(shape, COVER[_kind(shape)])
    _add_picture_placeholder(cover)
    columns = next(layout for layout in prs.slide_layouts if layout.name == "Heading and Two Columns")
    for shape in columns.placeholders:
        if shape.placeholder_format.idx in COLUMNS:
            _place(shape, COLUMNS[shape.placeholder_format.idx])
    theme_part = master.part.part_related_by(RT.THEME)
    root = etree.fromstring(theme_part.blob)
    for slot, color in FOREIGN_COLORS.items():
        element = root.find(f".//{{{_A}}}clrScheme/{{{_A}}}{slot}")
        for child in list(element):
            element.remove(child)
        etree.SubElement(element, f"{{{_A}}}srgbClr", val=color)
    for latin in root.iter(f"{{{_A}}}latin"):
        latin.set("typeface", FOREIGN_FONT)
    theme_part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    save_deterministic(prs, out, "Foreign template")
    return out


def _add_picture_placeholder(layout: Any) -> None:
    """A picture placeholder at the cover's bottom left."""
    tree = layout.shapes._spTree
    sp = etree.SubElement(tree, f"{{{_P}}}sp")
    nv = etree.SubElement(sp, f"{{{_P}}}nvSpPr")
    etree.SubElement(nv, f"{{{_P}}}cNvPr", id="77", name="Brand mark")
    locks = etree.SubElement(etree.SubElement(nv, f"{{{_P}}}cNvSpPr"), f"{{{_A}}}spLocks", noGrp="1")
    assert locks is not None
    etree.SubElement(etree.SubElement(nv, f"{{{_P}}}nvPr"), f"{{{_P}}}ph", type="pic", sz="quarter", idx="21")
    sppr = etree.SubElement(sp, f"{{{_P}}}spPr")
    xfrm = etree.SubElement(sppr, f"{{{_A}}}xfrm")
    etree.SubElement(xfrm, f"{{{_A}}}off", x=str(int(Inches(0.6))), y=str(int(Inches(5.8))))
    etree.SubElement(xfrm, f"{{{_A}}}ext", cx=str(int(Inches(2.4))), cy=str(int(Inches(0.9))))


if __name__ == "__main__":
    print(build_foreign(Path(sys.argv[1] if len(sys.argv) > 1 else "foreign.pptx")))
