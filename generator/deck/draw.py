"""Drawing on a template's slides: its placeholders, text boxes, tables and status chips.

Geometry comes from the layouts (the title's box, the footer band), colours from the theme and
fonts from the theme's font slots, so a company template restyles every slide. Status colours are
the one exception (story.STATUS_COLORS, overridable). Every box is measured before it is placed:
`paginate` lays blocks of text and table rows top to bottom and opens a new slide rather than let
anything cross the footer band.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide, SlideLayout
from pptx.util import Emu, Pt

from .fit import Measurer, Para
from .story import STATUS_TEXT

EMU_PER_PT = 12700
TITLE_MAX_PT = 32
TITLE_MIN_PT = 20
BOX_INSET_PT = 7.2  # text boxes' left/right inset (0.1 in)
CELL_INSET_X_PT = 7.2
CELL_INSET_Y_PT = 3.6
GAP_PT = 10.0
_FOOTER_TYPES = ("dt", "ftr", "sldNum")


@dataclass(frozen=True)
class Rect:
    """A box in points."""

    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height


def _rect(shape: Any) -> Rect | None:
    if shape.left is None or shape.top is None or not shape.width or not shape.height:
        return None
    return Rect(shape.left / EMU_PER_PT, shape.top / EMU_PER_PT, shape.width / EMU_PER_PT, shape.height / EMU_PER_PT)


@dataclass(frozen=True)
class Frame:
    """Where things go on a "Title Only" slide of this template."""

    slide: Rect
    title: Rect
    body: Rect  # between the title and the footer band, within the title's margins
    footer_top: float  # the top of the footer band
    title_pt: float

    @classmethod
    def of(cls, prs: PresentationType, layout: SlideLayout) -> Frame:
        width, height = int(prs.slide_width or 0) / EMU_PER_PT, int(prs.slide_height or 0) / EMU_PER_PT
        slide = Rect(0, 0, width, height)
        margin = width * 0.045
        title = None
        footers = []
        for shape in _placeholders(layout):
            kind = shape.placeholder_format.type
            rect = _rect(shape)
            if rect is None:
                continue
            if kind is not None and str(kind).split(" ")[0] in ("TITLE", "CENTER_TITLE"):
                title = rect
            elif _ph_type(shape) in _FOOTER_TYPES:
                footers.append(rect)
        if title is None or title.right > width or title.bottom > height * 0.4:
            title = Rect(margin, height * 0.04, width - 2 * margin, height * 0.15)
        footer_top = min((r.top for r in footers if r.top > height * 0.6), default=height - 0.07 * height)
        left = max(title.left, margin * 0.5)
        right = min(title.right, width - margin * 0.5)
        top = title.bottom + GAP_PT
        body = Rect(left, top, right - left, footer_top - GAP_PT - top)
        return cls(slide, title, body, footer_top, _title_size(layout))


def _placeholders(owner: Any) -> list[Any]:
    return list(owner.placeholders)


def _ph_type(shape: Any) -> str:
    ph = shape._element.find(f".//{qn('p:ph')}")
    return ph.get("type", "body") if ph is not None else ""


def _title_size(layout: SlideLayout) -> float:
    """The template's title size, capped to the deck's range."""
    master: Any = layout.slide_master
    for owner in (layout, master):
        for shape in _placeholders(owner):
            if _ph_type(shape) in ("title", "ctrTitle"):
                found = shape._element.find(f".//{qn('a:lvl1pPr')}/{qn('a:defRPr')}")
                if found is not None and found.get("sz"):
                    return float(min(TITLE_MAX_PT, max(TITLE_MIN_PT, int(found.get("sz")) / 100)))
    style = master._element.find(f".//{qn('p:titleStyle')}/{qn('a:lvl1pPr')}/{qn('a:defRPr')}")
    if style is not None and style.get("sz"):
        return float(min(TITLE_MAX_PT, max(TITLE_MIN_PT, int(style.get("sz")) / 100)))
    return TITLE_MAX_PT


@dataclass
class Canvas:
    """One deck being drawn: the template, its frame, the fonts measured, the status palette."""

    prs: PresentationType
    layouts: Mapping[str, SlideLayout]
    frame: Frame
    body_font: Measurer
    title_font: Measurer
    palette: Mapping[str, str]
    footer_text: str
    slides: list[Slide] = field(default_factory=list)

    def status_rgb(self, track: str) -> RGBColor:
        return RGBColor.from_string(self.palette.get(track, self.palette["closed"]))

    def new_slide(self, title: str, notes: str, *, shorten: bool = True) -> Slide:
        slide = self.prs.slides.add_slide(self.layouts["Title Only"])
        self.set_title(slide, title, shorten=shorten)
        self.footer(slide)
        set_notes(slide, notes)
        self.slides.append(slide)
        return slide

    def set_title(self, slide: Slide, text: str, *, shorten: bool = True) -> None:
        """The layout's title placeholder, in place; a smaller size, then a cut at a word, when long."""
        title = slide.shapes.title
        assert title is not None
        box = self.frame.title
        width, height = box.width - 2 * BOX_INSET_PT, box.height - 2 * 3.6
        size = self.title_font.fit_size(text, width, height, self.frame.title_pt, TITLE_MIN_PT, bold=True)
        if shorten:
            text = self.title_font.shorten(text, width, height, size, bold=True)
        frame = title.text_frame
        frame.word_wrap = True
        frame.text = text
        for paragraph in frame.paragraphs:
            for run in paragraph.runs:
                run.font.size = Pt(size)

    def footer(self, slide: Slide) -> None:
        """The layout's footer and slide number placeholders, filled in."""
        for shape in _placeholders(self.layouts["Title Only"]):
            kind = _ph_type(shape)
            if kind == "ftr":
                _clone_placeholder(slide, shape, self.footer_text)
            elif kind == "sldNum":
                _clone_placeholder(slide, shape, None)

    # -- text -----------------------------------------------------------------------------------

    def text(self, slide: Slide, rect: Rect, paras: Sequence[Para], name: str = "Text") -> Any:
        box = slide.shapes.add_textbox(Emu(int(rect.left * EMU_PER_PT)), Emu(int(rect.top * EMU_PER_PT)),
                                       Emu(int(rect.width * EMU_PER_PT)), Emu(int(rect.height * EMU_PER_PT)))
        box.name = name
        frame = box.text_frame
        frame.word_wrap = True
        frame.auto_size = None
        frame.margin_left = frame.margin_right = Emu(int(BOX_INSET_PT * EMU_PER_PT))
        frame.margin_top = frame.margin_bottom = Emu(0)
        for index, para in enumerate(paras):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            paragraph.space_after = Pt(para.space_after)
            paragraph.space_before = Pt(0)
            run = paragraph.add_run()
            run.text = para.text
            run.font.size = Pt(para.size)
            run.font.bold = para.bold
            if para.status is not None:
                run.font.color.rgb = self.status_rgb(para.status)
        return box

    def text_height(self, paras: Sequence[Para], width: float) -> float:
        return self.body_font.height(paras, width - 2 * BOX_INSET_PT)

    def chip(self, slide: Slide, left: float, top: float, track: str, label: str, size: float = 14) -> Rect:
        """A status word on its status colour (the colour is a cue; the word carries the meaning)."""
        width = self.body_font.width(label, size, True) + 2 * BOX_INSET_PT + 4
        height = self.body_font.line_height(size) + 6
        shape = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, Emu(int(left * EMU_PER_PT)),
                                       Emu(int(top * EMU_PER_PT)), Emu(int(width * EMU_PER_PT)),
                                       Emu(int(height * EMU_PER_PT)))
        shape.name = "Status"
        shape.fill.solid()
        shape.fill.fore_color.rgb = self.status_rgb(track)
        shape.line.fill.background()
        shape.shadow.inherit = False
        frame = shape.text_frame
        frame.margin_top = frame.margin_bottom = Emu(0)
        frame.margin_left = frame.margin_right = Emu(int(BOX_INSET_PT * EMU_PER_PT))
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        frame.word_wrap = False
        frame.text = label
        run = frame.paragraphs[0].runs[0]
        run.font.size = Pt(size)
        run.font.bold = True
        run.font.color.rgb = RGBColor.from_string(STATUS_TEXT)
        return Rect(left, top, width, height)

    # -- tables ---------------------------------------------------------------------------------

    def row_height(self, cells: Sequence[str], widths: Sequence[float], size: float, bold: bool = False) -> float:
        widths = _inset(widths)
        lines = max((self.body_font.lines(text, w - 2 * CELL_INSET_X_PT, size, bold) for text, w in zip(cells, widths)),
                    default=1)
        return lines * self.body_font.line_height(size) + 2 * CELL_INSET_Y_PT + 2

    def table(self, slide: Slide, left: float, top: float, table: TableBlock, rows: Sequence[Row]) -> float:
        """Draw a table's header and rows at (left, top), its left edge under the text's; returns its height."""
        widths = _inset(table.widths)
        left += BOX_INSET_PT
        heights = [self.row_height(table.headers, widths, table.size, True)]
        heights += [self.row_height(row.cells, widths, table.size) for row in rows]
        shape = slide.shapes.add_table(len(rows) + 1, len(widths), Emu(int(left * EMU_PER_PT)),
                                       Emu(int(top * EMU_PER_PT)), Emu(int(sum(widths) * EMU_PER_PT)),
                                       Emu(int(sum(heights) * EMU_PER_PT)))
        shape.name = "Table"
        grid = shape.table
        for index, width in enumerate(widths):
            grid.columns[index].width = Emu(int(width * EMU_PER_PT))
        for index, height in enumerate(heights):
            grid.rows[index].height = Emu(int(height * EMU_PER_PT))
        all_rows = [Row(table.headers)] + list(rows)
        for r, row in enumerate(all_rows):
            for c, value in enumerate(row.cells):
                cell = grid.cell(r, c)
                cell.margin_left = cell.margin_right = Emu(int(CELL_INSET_X_PT * EMU_PER_PT))
                cell.margin_top = cell.margin_bottom = Emu(int(CELL_INSET_Y_PT * EMU_PER_PT))
                frame = cell.text_frame
                frame.word_wrap = True
                frame.text = value
                for paragraph in frame.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(table.size)
                        run.font.bold = r == 0 or (row.bold_first and c == 0)
                if r and c == table.status_column and row.status:
                    cell.fill.solid()
                    cell.fill.fore_color.rgb = self.status_rgb(row.status)
                    for paragraph in frame.paragraphs:
                        for run in paragraph.runs:
                            run.font.color.rgb = RGBColor.from_string(STATUS_TEXT)
                            run.font.bold = True
        return sum(heights)

    def picture(self, slide: Slide, data: bytes, rect: Rect, name: str = "Logo") -> None:
        """An image scaled to fit the box, keeping its proportions, centred in it."""
        from PIL import Image

        with Image.open(io.BytesIO(data)) as image:
            w, h = image.size
        scale = min(rect.width / w, rect.height / h)
        width, height = w * scale, h * scale
        left = rect.left + (rect.width - width) / 2
        top = rect.top + (rect.height - height) / 2
        pic = slide.shapes.add_picture(io.BytesIO(data), Emu(int(left * EMU_PER_PT)), Emu(int(top * EMU_PER_PT)),
                                       Emu(int(width * EMU_PER_PT)), Emu(int(height * EMU_PER_PT)))
        pic.name = name


def _inset(widths: Sequence[float]) -> list[float]:
    """Column widths of a table spanning a text column: its edges line up with the text, inside the insets."""
    total = sum(widths)
    scale = (total - 2 * BOX_INSET_PT) / total if total > 4 * BOX_INSET_PT else 1.0
    return [w * scale for w in widths]


def _clone_placeholder(slide: Slide, layout_shape: Any, text: str | None) -> None:
    """A slide placeholder inheriting position and style from the layout's (python-pptx does not
    copy footers and slide numbers onto new slides)."""
    ph = layout_shape._element.find(f".//{qn('p:ph')}")
    tree = slide.shapes._spTree
    next_id = max([int(e.get("id")) for e in tree.iter(qn("p:cNvPr"))] + [1]) + 1
    name = "Footer" if text is not None else "Slide number"
    sp = etree.SubElement(tree, qn("p:sp"))
    nv = etree.SubElement(sp, qn("p:nvSpPr"))
    etree.SubElement(nv, qn("p:cNvPr"), id=str(next_id), name=name)
    locks = etree.SubElement(etree.SubElement(nv, qn("p:cNvSpPr")), qn("a:spLocks"))
    locks.set("noGrp", "1")
    nvpr = etree.SubElement(nv, qn("p:nvPr"))
    nvpr.append(copy.deepcopy(ph))
    etree.SubElement(sp, qn("p:spPr"))
    body = etree.SubElement(sp, qn("p:txBody"))
    etree.SubElement(body, qn("a:bodyPr"))
    etree.SubElement(body, qn("a:lstStyle"))
    p = etree.SubElement(body, qn("a:p"))
    if text is None:
        fld = etree.SubElement(p, qn("a:fld"), id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}", type="slidenum")
        _theme_font(etree.SubElement(fld, qn("a:rPr"), lang="en-US"))
        etree.SubElement(fld, qn("a:t")).text = str(len(slide.part.package.presentation_part.presentation.slides))
    else:
        r = etree.SubElement(p, qn("a:r"))
        _theme_font(etree.SubElement(r, qn("a:rPr"), lang="en-US"))
        etree.SubElement(r, qn("a:t")).text = text


def _theme_font(rpr: Any) -> None:
    """The theme's body font, named by reference (LibreOffice does not carry it into footers by itself)."""
    etree.SubElement(rpr, qn("a:latin"), typeface="+mn-lt")


def set_notes(slide: Slide, text: str) -> None:
    frame = slide.notes_slide.notes_text_frame
    assert frame is not None
    frame.text = text


def remove_shape(shape: Any) -> None:
    element = shape._element
    element.getparent().remove(element)


# --- blocks laid out top to bottom, across as many slides as they need --------------------------


@dataclass(frozen=True)
class Row:
    cells: Sequence[str]
    status: str | None = None
    bold_first: bool = False


@dataclass(frozen=True)
class TableBlock:
    headers: Sequence[str]
    rows: Sequence[Row]
    widths: Sequence[float]  # points
    size: float = 14
    status_column: int | None = None


@dataclass(frozen=True)
class TextBlock:
    paras: Sequence[Para]
    keep_together: bool = False  # a heading and the paragraph after it, say


Block = TextBlock | TableBlock


@dataclass
class _Page:
    items: list[tuple[Block, Any]] = field(default_factory=list)  # block and its part (paras or rows)


def paginate(canvas: Canvas, blocks: Sequence[Block], width: float | None = None) -> list[_Page]:
    """Split blocks into pages that each fit the body's height (text by paragraph, tables by row)."""
    frame = canvas.frame
    room = frame.body.height
    width = frame.body.width if width is None else width
    pages = [_Page()]
    used = 0.0

    def start_page() -> None:
        nonlocal used
        pages.append(_Page())
        used = 0.0

    for index, block in enumerate(blocks):
        if isinstance(block, TextBlock):
            groups = [list(block.paras)] if block.keep_together else _keep_headings(block.paras)
            if block.keep_together and canvas.text_height(block.paras, width) > room:
                groups = _keep_headings(block.paras)  # too tall for any page: split it after all
            for group in groups:
                need = canvas.text_height(group, width)
                after = 0.0
                if all(p.bold for p in group) and index + 1 < len(blocks):
                    after = _least(canvas, blocks[index + 1], width)  # a heading never ends a page
                if used and used + need + after > room:
                    start_page()
                _add_paras(pages[-1], block, group)
                used += need
        else:
            header = canvas.row_height(block.headers, block.widths, block.size, True)
            if used and used + header + _first_row(canvas, block) > room:
                start_page()
            used += header
            for row in block.rows:
                need = canvas.row_height(row.cells, block.widths, block.size)
                if used + need > room and _rows_on(pages[-1], block):
                    start_page()
                    used = header
                _add_row(pages[-1], block, row)
                used += need
            used += GAP_PT
    return [p for p in pages if p.items] or [_Page()]


def _least(canvas: Canvas, block: Block, width: float) -> float:
    """The least of a block that must follow its heading on the same page."""
    if isinstance(block, TableBlock):
        return canvas.row_height(block.headers, block.widths, block.size, True) + _first_row(canvas, block)
    groups = [list(block.paras)] if block.keep_together else _keep_headings(block.paras)
    return canvas.text_height(groups[0], width) if groups else 0.0


def _first_row(canvas: Canvas, block: TableBlock) -> float:
    return canvas.row_height(block.rows[0].cells, block.widths, block.size) if block.rows else 0.0


def _keep_headings(paras: Sequence[Para]) -> list[list[Para]]:
    """Paragraph groups: a bold heading stays with the paragraph after it."""
    groups: list[list[Para]] = []
    pending: list[Para] = []
    for para in paras:
        pending.append(para)
        if not para.bold:
            groups.append(pending)
            pending = []
    if pending:
        groups.append(pending)
    return groups


def _add_paras(page: _Page, block: TextBlock, paras: list[Para]) -> None:
    if page.items and page.items[-1][0] is block:
        page.items[-1][1].extend(paras)
    else:
        page.items.append((block, list(paras)))


def _rows_on(page: _Page, block: TableBlock) -> bool:
    return bool(page.items) and page.items[-1][0] is block and bool(page.items[-1][1])


def _add_row(page: _Page, block: TableBlock, row: Row) -> None:
    if page.items and page.items[-1][0] is block:
        page.items[-1][1].append(row)
    else:
        page.items.append((block, [row]))


def draw_page(canvas: Canvas, slide: Slide, page: _Page, left: float | None = None, width: float | None = None) -> float:
    """Draw one page's blocks from the top of the body (or in a column of it); returns the y below them."""
    body = canvas.frame.body
    x = body.left if left is None else left
    w = body.width if width is None else width
    y = body.top
    for block, part in page.items:
        if isinstance(block, TextBlock):
            height = canvas.text_height(part, w)
            canvas.text(slide, Rect(x, y, w, height + 2), part)
            y += height
        else:
            y += canvas.table(slide, x, y, block, part) + GAP_PT
    return y


def flow(canvas: Canvas, title: str, blocks: Sequence[Block], notes: str | Callable[[int, int], str],
         max_slides: int | None = None) -> list[Slide]:
    """Title, blocks over as many slides as needed ("(2 of 3)" in the title), notes on each. Before a
    second slide, the text tries the smallest sizes of the type scale (16 pt text, 12 pt tables)."""
    pages = paginate(canvas, blocks)
    if len(pages) > 1:
        smaller = [_smaller(block) for block in blocks]
        fewer = paginate(canvas, smaller)
        if len(fewer) < len(pages):
            pages = fewer
    if max_slides is not None:
        pages = pages[:max_slides]
    slides = []
    for index, page in enumerate(pages):
        heading = title if len(pages) == 1 else f"{title} ({index + 1} of {len(pages)})"
        text = notes(index, len(pages)) if callable(notes) else notes
        slide = canvas.new_slide(heading, text)
        draw_page(canvas, slide, page)
        slides.append(slide)
    return slides


MIN_TEXT_PT = 16
MIN_TABLE_PT = 12


def _smaller(block: Block) -> Block:
    if isinstance(block, TableBlock):
        return TableBlock(block.headers, block.rows, block.widths, min(block.size, MIN_TABLE_PT), block.status_column)
    return TextBlock([Para(p.text, min(p.size, max(MIN_TEXT_PT, p.size - 2)), p.bold, p.space_after, p.status)
                      for p in block.paras], block.keep_together)
