"""Drawing on a template's slides: its placeholders, tables and pictures, and the pages that fill them.

Everything takes its place and style from the template: titles, body text, footers and slide
numbers go into the layouts' placeholders (body text with the template's own bullets and sizes),
tables and charts sit where the layout's content placeholder is, colours come from the theme.
Status colours are the one exception (story.STATUS_COLORS, overridable). Every paragraph is measured
with the style the placeholder gives it (textstyle.py) before it is placed: `paginate` lays text
by paragraph (and by line when one is taller than a slide) and tables by row, opening a new slide
rather than letting anything cross the footer band or shrink below the review's type scale.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn
from pptx.oxml.shapes.graphfrm import CT_GraphicalObjectFrame
from pptx.presentation import Presentation as PresentationType
from pptx.shapes.graphfrm import GraphicFrame
from pptx.shapes.placeholder import ChartPlaceholder, PicturePlaceholder
from pptx.slide import Slide, SlideLayout
from pptx.util import Emu

from .fit import Measurer, Para, Run
from .story import STATUS_TEXT
from .template import Layouts
from .textstyle import EMU_PER_PT, LEVELS, PlaceholderStyle, ph_type, placeholder_style, placeholders_of

# The review's type scale (design/ebr-deck.md): the template's sizes are used within it
TITLE_MAX_PT = 32
TITLE_MIN_PT = 28
TITLE_FLOOR_PT = 20  # a title in a narrow column beside the body: still larger than body text
BODY_MIN_PT = 16
BODY_MAX_PT = 24
BODY_DEFAULT_PT = 18  # when nothing in the template sets a size
TABLE_PT = 14
MIN_TABLE_PT = 12
FOOTER_MIN_PT = 9
FOOTER_MAX_PT = 10
CELL_INSET_X_PT = 7.2
CELL_INSET_Y_PT = 3.6
GAP_PT = 10.0
NARROWER_GAIN = 0.2  # a table's narrower form is drawn when it saves this share of its height
NARROWER_PAGE = 0.1  # ... and this share of the page's
OWN_BULLET = "•"  # only for a template whose body has no bulleted level
_FOOTER_TYPES = ("dt", "ftr", "sldNum")
_TITLE_TYPES = ("title", "ctrTitle")


def emu(points: float) -> Emu:
    return Emu(int(round(points * EMU_PER_PT)))


@dataclass(frozen=True, slots=True)
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

    def above(self, bottom: float) -> Rect:
        """This box, cut off at `bottom`."""
        return Rect(self.left, self.top, self.width, max(0.0, min(self.height, bottom - self.top)))


@dataclass(frozen=True, slots=True, kw_only=True)
class TitlePlan:
    size: float
    written: bool  # the size differs from the template's: written on the title's runs
    height: float | None  # the title box's height when it grows beyond the layout's


def rect_of(shape: Any) -> Rect | None:
    """A shape's box in points (None when it has none)."""
    try:
        values = (shape.left, shape.top, shape.width, shape.height)
    except (KeyError, AttributeError):
        return None
    if any(v is None for v in values) or not values[2] or not values[3]:
        return None
    return Rect(*(int(v) / EMU_PER_PT for v in values))


# --- placeholders as the deck uses them ----------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class RoleStyle:
    """How a paragraph of one role is written into, and measured in, a placeholder."""

    level: int
    size: float
    explicit_size: bool  # the template's size is outside the type scale: written on each run
    bold: bool  # the level's own weight
    bullet: str  # "inherit" (the template's), "none" (switched off here) or "own" (drawn here)
    margin_left: float
    indent: float
    space_before: float
    space_after: float
    line: float  # one line's height


@dataclass(frozen=True, slots=True, kw_only=True)
class Slot:
    """One placeholder of a layout: where it is and how it styles text."""

    idx: int
    kind: str
    rect: Rect  # clipped to the footer band
    layout_rect: Rect  # as the layout places it
    style: PlaceholderStyle
    roles: Mapping[str, RoleStyle]

    @property
    def text_width(self) -> float:
        box = self.style.box
        return self.rect.width - box.inset_left - box.inset_right

    @property
    def insets(self) -> float:
        return self.style.box.inset_top + self.style.box.inset_bottom


def _roles(style: PlaceholderStyle, font: Measurer, most: float = BODY_MAX_PT) -> dict[str, RoleStyle]:
    first, second = style.bullet_levels()
    templated = any(level.bullet for level in style.levels)
    out = {}
    for role in ("text", "heading", "bullet", "sub"):
        index = {"bullet": first, "sub": second}.get(role, 0)
        level = style.level(index)
        size = level.size or BODY_DEFAULT_PT
        clamped = max(BODY_MIN_PT, min(most, BODY_MAX_PT, size))
        bulleted = role in ("bullet", "sub")
        if bulleted:
            mode = "inherit" if templated else "own"
        else:
            mode = "none" if level.bullet or level.margin_left or level.indent else "inherit"
        margin, indent = level.margin_left, level.indent
        if mode == "none":
            margin = indent = 0.0
        elif mode == "own":
            margin, indent = 18.0 * (index + 1), -18.0
        out[role] = RoleStyle(level=index, size=clamped, explicit_size=clamped != level.size, bold=level.bold,
                              bullet=mode, margin_left=margin, indent=indent,
                              space_before=level.space_before.of(clamped), space_after=level.space_after.of(clamped),
                              line=level.line_height(font, clamped))
    return out


def _slot(layout_placeholder: Any, prs: PresentationType, footer_top: float, font: Measurer) -> Slot | None:
    rect = rect_of(layout_placeholder)
    if rect is None:
        return None
    style = placeholder_style(layout_placeholder, prs)
    return Slot(idx=layout_placeholder.placeholder_format.idx, kind=ph_type(layout_placeholder._element),
                rect=rect.above(footer_top - GAP_PT), layout_rect=rect, style=style, roles=_roles(style, font))


@dataclass(frozen=True, slots=True, kw_only=True)
class Geometry:
    """Where things go on this template's slides."""

    slide: Rect
    footer_top: float  # the top of the footer band: nothing but the footer below it
    title: Slot  # the content layouts' title
    body: Slot  # the content layout's content placeholder
    columns: tuple[Slot, Slot] | None  # the two-content layout's placeholders, left then right

    @classmethod
    def of(cls, prs: PresentationType, layouts: Layouts, font: Measurer) -> Geometry:
        width, height = int(prs.slide_width or 0) / EMU_PER_PT, int(prs.slide_height or 0) / EMU_PER_PT
        footer_top = footer_band(layouts.content, height)
        title = body = None
        for shape in placeholders_of(layouts.content):
            kind = ph_type(shape._element)
            if kind in _TITLE_TYPES:
                title = _slot(shape, prs, height, font)
            elif kind not in _FOOTER_TYPES:
                body = _slot(shape, prs, footer_top, font)
        assert title is not None and body is not None  # template.find_layouts checked both are there
        columns = None
        if layouts.two_content is not None:
            found = [slot for shape in placeholders_of(layouts.two_content)
                     if ph_type(shape._element) not in _TITLE_TYPES + _FOOTER_TYPES
                     for slot in [_slot(shape, prs, footer_top, font)] if slot is not None]
            if len(found) == 2:
                left, right = sorted(found, key=lambda s: s.rect.left)
                columns = (left, right)
        return cls(slide=Rect(0, 0, width, height), footer_top=footer_top, title=title, body=body, columns=columns)


def footer_band(layout: SlideLayout, slide_height: float) -> float:
    """The top of the footer band: the highest footer, date or slide number placeholder in the
    slide's lower part (7% of the height from the bottom when the layout has none)."""
    tops = [r.top for shape in placeholders_of(layout) if ph_type(shape._element) in _FOOTER_TYPES
            for r in [rect_of(shape)] if r is not None and r.top > slide_height * 0.6]
    return min(tops, default=slide_height * 0.93)


# --- the canvas ------------------------------------------------------------------------------------


@dataclass
class Canvas:
    """One deck being drawn: the template, its geometry, the fonts measured, the status palette."""

    prs: PresentationType
    layouts: Layouts
    geometry: Geometry
    body_font: Measurer
    title_font: Measurer
    palette: Mapping[str, str]
    footer_text: str
    footer_short: str
    slides: list[Slide] = field(default_factory=list)
    _footers: dict[int, tuple[str, float | None]] = field(default_factory=dict)

    def status_rgb(self, track: str) -> RGBColor:
        return RGBColor.from_string(self.palette.get(track, self.palette["closed"]))

    # -- slides and titles ----------------------------------------------------------------------

    def title_plan(self, text: str, *, grow: bool = False, slot: Slot | None = None) -> TitlePlan | None:
        """How a slide title is drawn, never breaking a word: at the template's size when it fits the
        layout's box, else at the largest size of the type scale that fits; with `grow`, a title too
        long for the box at the smallest size may take up to a third of the body's height below it
        (the body then starts lower). A title box that has no body below it to grow into (a title
        column beside the body) takes a long title at smaller sizes instead, down to TITLE_FLOOR_PT.
        None when it fits none of these: a title of hundreds of characters."""
        slot = slot or self.geometry.title
        level = slot.style.level(0)
        own = level.size
        width, height = slot.text_width, slot.rect.height - slot.insets
        line_share = level.line_share or 1.0

        def need(size: float) -> float:
            lines = self.title_font.lines(text, width, size, True)
            return lines * self.title_font.line_height(size) * line_share

        def fits(size: float, room: float = height) -> bool:
            return self.title_font.widest(text, size, True) <= width and need(size) <= room

        if own is not None and fits(own):
            return TitlePlan(size=own, written=False, height=None)
        top = min(own or TITLE_MAX_PT, TITLE_MAX_PT)
        least = min(TITLE_MIN_PT, own) if own is not None else TITLE_MIN_PT
        size = top
        while size >= least:
            if fits(size):
                return TitlePlan(size=size, written=True, height=None)
            size -= 1
        body = self.geometry.body.rect
        below = body.bottom - slot.rect.bottom  # room the title may grow into
        if below <= body.height / 2:  # beside the body: smaller, down to the floor
            size = least - 1
            while size >= TITLE_FLOOR_PT:
                if fits(size):
                    return TitlePlan(size=size, written=True, height=None)
                size -= 1
            return None
        if grow:
            room = height + min(body.height / 3, below - GAP_PT)
            if fits(least, room):
                return TitlePlan(size=least, written=own != least, height=slot.rect.height + need(least) - height)
        return None

    def below_title(self, area: Rect, plan: TitlePlan | None) -> Rect:
        """An area of the body, moved down below a title that grew into it."""
        title = self.geometry.title.rect
        if plan is None or plan.height is None:
            return area
        bottom = title.top + plan.height + GAP_PT
        beside = title.right <= area.left or area.right <= title.left
        if beside or bottom <= area.top:
            return area
        return Rect(area.left, bottom, area.width, max(0.0, area.bottom - bottom))

    def new_slide(self, title: str, notes: str, *, layout: SlideLayout | None = None,
                  plan: TitlePlan | None = None) -> Slide:
        """A slide of the content (or given) layout with its title, footer, slide number and notes.
        The caller has checked with title_plan that the title fits (`plan`, when it planned one)."""
        layout = layout or self.layouts.content
        slide = self.prs.slides.add_slide(layout)
        plan = plan or self.title_plan(title)
        shape = slide.shapes.title
        assert shape is not None
        write_text(shape, [Para.of(title)], None, size=plan.size if plan is not None and plan.written else None)
        if plan is not None and plan.height is not None:
            box = self.geometry.title.rect
            place(shape, Rect(box.left, box.top, box.width, plan.height))
        self.footer(slide, layout)
        set_notes(slide, notes)
        self.slides.append(slide)
        return slide

    def footer(self, slide: Slide, layout: SlideLayout) -> None:
        """The layout's footer and slide number placeholders, filled in; the footer on one line."""
        for shape in placeholders_of(layout):
            kind = ph_type(shape._element)
            if kind == "sldNum":
                _clone_placeholder(slide, shape, None)
            elif kind == "ftr":
                if id(layout) not in self._footers:
                    self._footers[id(layout)] = self._footer_fit(shape)
                text, size = self._footers[id(layout)]
                _clone_placeholder(slide, shape, text, size)

    def _footer_fit(self, layout_shape: Any) -> tuple[str, float | None]:
        rect = rect_of(layout_shape)
        style = placeholder_style(layout_shape, self.prs)
        own = style.level(0).size or FOOTER_MAX_PT
        if rect is None:
            return self.footer_text, None
        width = rect.width - style.box.inset_left - style.box.inset_right
        if FOOTER_MIN_PT <= own <= FOOTER_MAX_PT:
            sizes = [(own, None)] + ([(FOOTER_MIN_PT, float(FOOTER_MIN_PT))] if own > FOOTER_MIN_PT else [])
        else:
            sizes = [(FOOTER_MAX_PT, float(FOOTER_MAX_PT)), (FOOTER_MIN_PT, float(FOOTER_MIN_PT))]
        for text in (self.footer_text, self.footer_short):
            for size, written in sizes:
                if self.body_font.lines(text, width, size) == 1:
                    return text, written
        return self.footer_short, float(FOOTER_MIN_PT)

    def at_most(self, slot: Slot, size: float) -> Slot:
        """The slot with its text at most `size` points (never below the type scale's body size)."""
        return replace(slot, roles=_roles(slot.style, self.body_font, most=size))

    def placeholder(self, slide: Slide, idx: int) -> Any:
        return next((shape for shape in placeholders_of(slide) if shape.placeholder_format.idx == idx), None)

    # -- text -----------------------------------------------------------------------------------

    def para_height(self, para: Para, slot: Slot, width: float | None = None) -> float:
        role = slot.roles[para.role]
        room = (slot.text_width if width is None else width) - role.margin_left - max(0.0, role.indent)
        lines = self.body_font.lines(_runs(para, role), room, role.size)
        return role.space_before + lines * role.line + role.space_after

    def text_height(self, paras: Sequence[Para], slot: Slot, width: float | None = None) -> float:
        """Height of paragraphs in the slot's text area, insets included."""
        return sum(self.para_height(p, slot, width) for p in paras) + slot.insets

    def split_para(self, para: Para, slot: Slot, room: float, width: float | None = None) -> tuple[Para, Para] | None:
        """The lines of a paragraph that fit `room` points, and the rest (None if not one line fits)."""
        role = slot.roles[para.role]
        text_room = (slot.text_width if width is None else width) - role.margin_left - max(0.0, role.indent)
        runs = _runs(para, role)
        starts = self.body_font.breaks(runs, text_room, role.size)
        count = int((room - role.space_before - role.space_after) // role.line)
        if count < 1 or count >= len(starts):
            return None
        first, rest = _cut(para, starts[count])
        self.body_font.remember(_runs(rest, role), text_room, role.size, [s - starts[count] for s in starts[count:]])
        return first, rest

    def fill(self, shape: Any, paras: Sequence[Para], slot: Slot) -> None:
        write_text(shape, paras, slot, palette=self.palette)

    # -- tables ---------------------------------------------------------------------------------

    def least_widths(self, table: TableBlock) -> list[float]:
        """Each column's narrowest width that breaks no word: its widest word (or wide character)
        measured in the theme's body font, which tables take (bold in the header and where the row is
        bold), and the cell margins."""
        least = []
        for column, header in enumerate(table.headers):
            widest = self.body_font.widest(header, table.size, True)
            for row in table.rows:
                if not row.group and column < len(row.cells):
                    widest = max(widest, self.body_font.widest(row.cells[column], table.size,
                                                               row.bold_first and column == 0))
            least.append(widest + 2 * CELL_INSET_X_PT)
        return least

    def widths(self, table: TableBlock, width: float) -> list[float]:
        """Column widths: the table's shares of the width, widened where a column's widest word would
        otherwise break (taken from the columns with room to spare). When not every column can hold
        its widest word, the others get theirs and the free-text column what is left."""
        widths = table.widths(width)
        least = self.least_widths(table)
        if sum(least) > width:
            others = sum(need for column, need in enumerate(least) if column != table.free)
            if others >= width:
                return widths
            return [width - others if column == table.free else need for column, need in enumerate(least)]
        short = [max(0.0, need - have) for need, have in zip(least, widths)]
        spare = [max(0.0, have - need) for need, have in zip(least, widths)]
        if not any(short) or not any(spare):
            return widths
        take = sum(short) / sum(spare)
        return [max(need, have - room * take) if room else need for need, have, room in zip(least, widths, spare)]

    def breaks_words(self, table: TableBlock, width: float) -> bool:
        """Whether a word of the table, as it is, would be broken at this width."""
        return sum(self.least_widths(table)) > width

    def fit_table(self, table: TableBlock, width: float, page: float) -> TableBlock:
        """The form of a table to draw at this width on pages `page` points high: of its forms (itself,
        then its narrower ones) that break no word at its size, the first, unless a later one is
        clearly shorter (by NARROWER_GAIN of the table and NARROWER_PAGE of the page, not by a line); when
        none breaks no word, the same at the smallest table size; when none again, the narrowest."""
        forms = table.forms()
        for size in dict.fromkeys(f.size for f in forms):
            whole = [f for f in forms if f.size == size and not self.breaks_words(f, width)]
            if whole:
                best, height = whole[0], self.table_height(whole[0], width)
                for form in whole[1:]:
                    shorter = self.table_height(form, width)
                    if height - shorter >= max(NARROWER_GAIN * height, NARROWER_PAGE * page):
                        best, height = form, shorter
                return best
        return forms[-1]

    def table_height(self, table: TableBlock, width: float) -> float:
        widths = self.widths(table, width)
        return self.row_height(table.headers, widths, table.size, True) + sum(
            self.row_height(_row_texts(row, len(widths)), widths, table.size, row.group, row.bold_first)
            for row in table.rows)

    def row_height(self, cells: Sequence[str], widths: Sequence[float], size: float, bold: bool = False,
                   bold_first: bool = False) -> float:
        if len(cells) == 1 and len(widths) > 1:  # a group label spans the table
            widths = [sum(widths)]
        lines = max((self.body_font.lines(text, w - 2 * CELL_INSET_X_PT, size, bold or bold_first and not column)
                     for column, (text, w) in enumerate(zip(cells, widths))), default=1)
        return max(1, lines) * self.body_font.line_height(size) + 2 * CELL_INSET_Y_PT + 2

    def table(self, slide: Slide, rect: Rect, table: TableBlock, rows: Sequence[Row], into: Any = None) -> float:
        """Draw a table's header and rows at the top of rect (inside the placeholder `into` when
        given); returns its height."""
        widths = self.widths(table, rect.width)
        heights = [self.row_height(table.headers, widths, table.size, True)]
        heights += [self.row_height(_row_texts(row, len(widths)), widths, table.size, row.group, row.bold_first)
                    for row in rows]
        frame = _table_frame(slide, into, len(rows) + 1, len(widths), rect, sum(heights))
        grid = frame.table
        for index, width in enumerate(widths):
            grid.columns[index].width = emu(width)
        for index, height in enumerate(heights):
            grid.rows[index].height = emu(height)
        for r, row in enumerate([Row(cells=tuple(table.headers))] + list(rows)):
            texts = row.cells[:1] if row.group else row.cells
            if row.group:
                first = grid.cell(r, 0)
                first.merge(grid.cell(r, len(widths) - 1))
            for c, value in enumerate(texts):
                cell = grid.cell(r, c)
                if row.group and c:
                    continue
                cell.margin_left = cell.margin_right = emu(CELL_INSET_X_PT)
                cell.margin_top = cell.margin_bottom = emu(CELL_INSET_Y_PT)
                frame_ = cell.text_frame
                frame_.word_wrap = True
                if r and not row.group and c in table.names:  # the measured lines, each ended by a line break
                    value = "\v".join(self.body_font.wrap(value, widths[c] - 2 * CELL_INSET_X_PT, table.size,
                                                          row.bold_first and not c))
                frame_.text = value
                coloured = r > 0 and row.status is not None and (row.group or c == table.status_column)
                if coloured:
                    cell.fill.solid()
                    cell.fill.fore_color.rgb = self.status_rgb(row.status or "closed")
                for paragraph in frame_.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = emu(table.size)
                        run.font.bold = r == 0 or row.group or (row.bold_first and c == 0) or coloured
                        if coloured:
                            run.font.color.rgb = RGBColor.from_string(STATUS_TEXT)
        return sum(heights)

    # -- pictures and charts --------------------------------------------------------------------

    def picture(self, slide: Slide, data: bytes, rect: Rect, into: Any = None) -> Any:
        """An image scaled to fit the box, keeping its proportions, centred in it (inside the
        picture placeholder `into` when given)."""
        from PIL import Image

        with Image.open(io.BytesIO(data)) as image:
            w, h = image.size
        scale = min(rect.width / w, rect.height / h)
        width, height = w * scale, h * scale
        left = rect.left + (rect.width - width) / 2
        top = rect.top + (rect.height - height) / 2
        if into is not None:
            pic = PicturePlaceholder(into._element, into._parent).insert_picture(io.BytesIO(data))
            pic.crop_left = pic.crop_right = pic.crop_top = pic.crop_bottom = 0.0
            pic.left, pic.top, pic.width, pic.height = emu(left), emu(top), emu(width), emu(height)
        else:
            pic = slide.shapes.add_picture(io.BytesIO(data), emu(left), emu(top), emu(width), emu(height))
        pic.name = "Logo"
        return pic

    def chart_frame(self, slide: Slide, rect: Rect, chart_type: Any, data: Any, into: Any = None) -> Any:
        """A native chart filling rect (inside the content placeholder `into` when given)."""
        if into is not None:
            frame = ChartPlaceholder(into._element, into._parent).insert_chart(chart_type, data)
            frame.left, frame.top, frame.width, frame.height = emu(rect.left), emu(rect.top), emu(rect.width), \
                emu(rect.height)
        else:
            frame = slide.shapes.add_chart(chart_type, emu(rect.left), emu(rect.top), emu(rect.width),
                                           emu(rect.height), data)
        frame.name = "Metric chart"
        return frame


def finish(slide: Slide) -> None:
    """Remove the placeholders left empty (PowerPoint would show their prompts)."""
    for shape in placeholders_of(slide):
        kind = ph_type(shape._element)
        if kind in _TITLE_TYPES or kind in _FOOTER_TYPES:
            continue
        if shape._element.tag == qn("p:sp") and not (shape.has_text_frame and shape.text_frame.text.strip()):
            remove_shape(shape)


def place(shape: Any, rect: Rect) -> None:
    shape.left, shape.top, shape.width, shape.height = emu(rect.left), emu(rect.top), emu(rect.width), emu(rect.height)


def _runs(para: Para, role: RoleStyle) -> tuple[Run, ...]:
    """A paragraph's runs as measured: bold where the run or the level is."""
    if not role.bold:
        return para.runs
    return tuple(Run(text=r.text, bold=True, status=r.status) for r in para.runs)


def _cut(para: Para, offset: int) -> tuple[Para, Para]:
    first: list[Run] = []
    rest: list[Run] = []
    seen = 0
    for run in para.runs:
        end = seen + len(run.text)
        if end <= offset:
            first.append(run)
        elif seen >= offset:
            rest.append(run)
        else:
            first.append(replace(run, text=run.text[:offset - seen]))
            rest.append(replace(run, text=run.text[offset - seen:]))
        seen = end
    head = [r for r in first if r.text]
    tail = [replace(r, text=r.text.lstrip()) if i == 0 else r for i, r in enumerate(rest)]
    return Para(runs=tuple(head), role=para.role), Para(runs=tuple(r for r in tail if r.text), role=para.role)


def write_text(shape: Any, paras: Sequence[Para], slot: Slot | None, *, size: float | None = None,
               palette: Mapping[str, str] | None = None) -> None:
    """Paragraphs into a placeholder: the template's levels and bullets by role, sizes only where the
    template's fall outside the type scale (or `size` for every run, as for a fitted title)."""
    body = shape._element.get_or_add_txBody()
    for p in body.findall(qn("a:p")):
        body.remove(p)
    for para in paras:
        p = etree.SubElement(body, qn("a:p"))
        role = slot.roles[para.role] if slot is not None else None
        if role is not None:
            ppr = etree.SubElement(p, qn("a:pPr"))
            if role.level:
                ppr.set("lvl", str(min(role.level, LEVELS - 1)))
            if role.bullet == "none":
                ppr.set("marL", "0")
                ppr.set("indent", "0")
                etree.SubElement(ppr, qn("a:buNone"))
            elif role.bullet == "own":
                ppr.set("marL", str(int(role.margin_left * EMU_PER_PT)))
                ppr.set("indent", str(int(role.indent * EMU_PER_PT)))
                etree.SubElement(ppr, qn("a:buChar"), char=OWN_BULLET)
        for run in para.runs:
            r = etree.SubElement(p, qn("a:r"))
            rpr = etree.SubElement(r, qn("a:rPr"), lang="en-US")
            written = size if size is not None else (role.size if role is not None and role.explicit_size else None)
            if written is not None:
                rpr.set("sz", str(int(round(written * 100))))
            if role is not None and run.bold != role.bold:
                rpr.set("b", "1" if run.bold else "0")
            if run.status is not None and palette is not None:
                fill = etree.SubElement(rpr, qn("a:solidFill"))
                etree.SubElement(fill, qn("a:srgbClr"), val=palette.get(run.status, palette["closed"]))
            etree.SubElement(r, qn("a:t")).text = run.text
    if not paras:
        etree.SubElement(body, qn("a:p"))


def _table_frame(slide: Slide, into: Any, rows: int, cols: int, rect: Rect, height: float) -> Any:
    """A table graphic frame at the top of rect: in place of the placeholder `into` (so that it is
    the layout's content), else a new shape."""
    if into is None:
        return slide.shapes.add_table(rows, cols, emu(rect.left), emu(rect.top), emu(rect.width), emu(height))
    element = CT_GraphicalObjectFrame.new_table_graphicFrame(into.shape_id, into.name, rows, cols, emu(rect.left),
                                                              emu(rect.top), emu(rect.width), emu(height))
    element.nvGraphicFramePr.nvPr._insert_ph(into._element.ph)
    into._element.addprevious(element)
    into._element.getparent().remove(into._element)
    return GraphicFrame(element, into._parent)


def _clone_placeholder(slide: Slide, layout_shape: Any, text: str | None, size: float | None = None) -> None:
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
    props = etree.SubElement(body, qn("a:bodyPr"))
    if text is not None:
        props.set("wrap", "square")
    etree.SubElement(body, qn("a:lstStyle"))
    p = etree.SubElement(body, qn("a:p"))
    if text is None:
        fld = etree.SubElement(p, qn("a:fld"), id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}", type="slidenum")
        _theme_font(etree.SubElement(fld, qn("a:rPr"), lang="en-US"))
        etree.SubElement(fld, qn("a:t")).text = str(len(slide.part.package.presentation_part.presentation.slides))
    else:
        r = etree.SubElement(p, qn("a:r"))
        rpr = etree.SubElement(r, qn("a:rPr"), lang="en-US")
        if size is not None:
            rpr.set("sz", str(int(round(size * 100))))
        _theme_font(rpr)
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


@dataclass(frozen=True, slots=True, kw_only=True)
class Row:
    cells: tuple[str, ...]
    status: str | None = None  # a status colour for the status column (or the whole group row)
    bold_first: bool = False
    group: bool = False  # a label spanning the table that opens a group of rows ("Overdue")


def _row_texts(row: Row, count: int) -> tuple[str, ...]:
    """The texts measured for a row: a group label alone, spanning the table."""
    return (row.cells[0],) if row.group else row.cells


@dataclass(frozen=True, slots=True, kw_only=True)
class TableBlock:
    """A table's header and rows, and each column's share of the width. Where a word would not fit
    its column, `narrower` says the same in fewer or shorter columns (Canvas.fit_table)."""

    headers: tuple[str, ...]
    rows: tuple[Row, ...]
    shares: tuple[float, ...]  # each column's share of the table's width
    size: float = TABLE_PT
    status_column: int | None = None
    free: int = 0  # the free-text column: it takes what the others leave when not all words fit
    names: tuple[int, ...] = ()  # columns of names: their lines end where measured, never after a hyphen
    narrower: TableBlock | None = None

    def widths(self, width: float) -> list[float]:
        total = sum(self.shares)
        return [width * share / total for share in self.shares]

    def forms(self) -> list[TableBlock]:
        """This table and its narrower forms at its size, then at the smallest table size."""
        chain: list[TableBlock] = []
        form: TableBlock | None = self
        while form is not None:
            chain.append(replace(form, size=self.size))
            form = form.narrower
        return chain + [replace(f, size=MIN_TABLE_PT) for f in chain if f.size > MIN_TABLE_PT]


@dataclass(frozen=True, slots=True, kw_only=True)
class TextBlock:
    """Paragraphs in groups kept on one slide when they fit on one; the heading opens the block and
    is repeated, marked "(continued)", on each further slide the block runs onto."""

    groups: tuple[tuple[Para, ...], ...]
    heading: Para | None = None


Block = TextBlock | TableBlock
CONTINUED = " (continued)"


@dataclass
class Page:
    paras: list[Para] = field(default_factory=list)
    tables: list[tuple[TableBlock, list[Row]]] = field(default_factory=list)
    text_below: bool = False  # the page opened with its tables: its paragraphs come after them

    @property
    def empty(self) -> bool:
        return not self.paras and not self.tables

    @property
    def headings_only(self) -> bool:
        """Nothing on the page yet but subheadings (which stay with what follows them)."""
        return not self.tables and all(p.role == "heading" for p in self.paras)


class _Layout:
    """The state of paginate: pages so far and the room used on the last one."""

    def __init__(self, canvas: Canvas, slot: Slot, areas: Callable[[int], Rect]) -> None:
        self.canvas = canvas
        self.slot = slot
        self.areas = areas
        self.pages = [Page()]
        self.text = 0.0  # paragraphs' height on the last page (without insets)
        self.tables = 0.0  # tables' height on the last page (with the gaps above them, and below when text follows)
        self.forced = False  # something was placed on a page it does not fit (nothing smaller would do)
        self.splits = 0  # paragraphs and table rows split between two pages

    @property
    def area(self) -> Rect:
        return self.areas(len(self.pages) - 1)

    @property
    def width(self) -> float:
        box = self.slot.style.box
        return self.area.width - box.inset_left - box.inset_right

    @property
    def used(self) -> float:
        return (self.text + self.slot.insets if self.pages[-1].paras else 0.0) + self.tables

    def room(self) -> float:
        return self.area.height - self.used

    def new_page(self) -> None:
        self.pages.append(Page())
        self.text = self.tables = 0.0

    def break_page(self) -> list[Para]:
        """A new page for what does not fit this one; subheadings ending this page go along (a
        heading never ends a slide). Returns them, to be placed first on the new page."""
        carried: list[Para] = []
        page = self.pages[-1]
        while page.paras and page.paras[-1].role == "heading" and len(page.paras) > 1 and not page.tables:
            carried.insert(0, self.pop_para())
        self.new_page()
        return carried

    def height(self, para: Para) -> float:
        return self.canvas.para_height(para, self.slot, self.width)

    def add_para(self, para: Para) -> None:
        page = self.pages[-1]
        if page.tables and not page.paras:
            page.text_below = True
            self.tables += GAP_PT
        page.paras.append(para)
        self.text += self.height(para)

    def pop_para(self) -> Para:
        page = self.pages[-1]
        para = page.paras.pop()
        self.text -= self.height(para)
        if not page.paras and page.text_below:
            page.text_below = False
            self.tables -= GAP_PT
        return para

    def para_room(self) -> float:
        """Room for more paragraphs on this page: below its tables when it opened with them, none when
        tables follow its text."""
        page = self.pages[-1]
        if page.tables and page.paras and not page.text_below:
            return 0.0
        gap = GAP_PT if page.tables and not page.paras else 0.0
        return self.area.height - self.tables - gap - self.text - self.slot.insets


def paginate(canvas: Canvas, blocks: Sequence[Block], slot: Slot, areas: Callable[[int], Rect] | None = None,
             *, balance: bool = False) -> list[Page]:
    """Split blocks into pages that each fit their area (the slot's box unless `areas` says per page):
    text by groups of paragraphs, by paragraph and at last by line; tables by row. With `balance`,
    content that runs over several pages is spread evenly over as many pages, rather than leaving
    the last one nearly empty: every page is filled up to the lowest height at which they still
    suffice."""
    areas = areas or (lambda index: slot.rect)
    state = _paginate(canvas, blocks, slot, areas)
    pages = _pages(state)
    if not balance or len(pages) < 2:
        return pages
    low, high = 0.0, max(areas(index).height for index in range(len(pages)))
    for _ in range(BALANCE_STEPS):
        cap = (low + high) / 2

        def capped(index: int, cap: float = cap) -> Rect:
            area = areas(index)
            return Rect(area.left, area.top, area.width, min(area.height, cap))

        trial = _paginate(canvas, blocks, slot, capped)
        if len(_pages(trial)) <= len(pages) and trial.forced <= state.forced and trial.splits <= state.splits:
            pages, high = _pages(trial), cap
        else:
            low = cap
    return pages


BALANCE_STEPS = 8  # halvings of the page height when balancing: within 0.4% of the best


def _paginate(canvas: Canvas, blocks: Sequence[Block], slot: Slot, areas: Callable[[int], Rect]) -> _Layout:
    state = _Layout(canvas, slot, areas)
    for block in blocks:
        if isinstance(block, TextBlock):
            _lay_text(state, block)
        else:
            _lay_table(state, block)
    return state


def _pages(state: _Layout) -> list[Page]:
    return [p for p in state.pages if not p.empty] or [Page()]


def _lay_text(state: _Layout, block: TextBlock) -> None:
    heading = block.heading
    groups = [list(g) for g in block.groups if g]
    if heading is not None:
        groups = [[heading] + (groups[0] if groups else [])] + groups[1:]
    continued = Para(runs=tuple(replace(r, text=r.text + CONTINUED) if i == len(heading.runs) - 1 else r
                                for i, r in enumerate(heading.runs)), role=heading.role) if heading else None
    for number, group in enumerate(groups):
        need = sum(state.height(p) for p in group)
        if need > state.para_room() and not state.pages[-1].headings_only:
            carried = state.break_page()
            if continued is not None and number > 0 and not carried:
                carried = [continued]
            group = carried + group
            need += sum(state.height(p) for p in carried)
        if need <= state.para_room():
            for para in group:
                state.add_para(para)
            continue
        # taller than a whole slide: paragraph by paragraph, then line by line
        queue = list(group)
        while queue:
            para = queue.pop(0)
            if state.height(para) <= state.para_room():
                state.add_para(para)
                continue
            parts = state.canvas.split_para(para, state.slot, state.para_room(), state.width)
            if parts is not None:
                state.add_para(parts[0])
                queue.insert(0, parts[1])
                state.splits += 1
            elif state.pages[-1].headings_only:
                state.add_para(para)  # not one line fits an empty slide: placed as it is
                state.forced = True
                continue
            else:
                queue.insert(0, para)
            carried = state.break_page()
            queue[:0] = carried
            if continued is not None and not carried:
                state.add_para(continued)


def _lay_table(state: _Layout, block: TableBlock) -> None:
    canvas = state.canvas
    width = state.area.width - state.slot.style.box.inset_left - state.slot.style.box.inset_right
    block = canvas.fit_table(block, width, state.area.height)
    widths = canvas.widths(block, width)
    header = canvas.row_height(block.headers, widths, block.size, True)

    def height(row: Row) -> float:
        return canvas.row_height(_row_texts(row, len(widths)), widths, block.size, row.group, row.bold_first)

    if state.pages[-1].text_below:  # text follows this page's tables: no table after it
        state.new_page()
    gap = GAP_PT if not state.pages[-1].empty else 0.0
    first = height(block.rows[0]) if block.rows else 0.0
    if block.rows and block.rows[0].group and len(block.rows) > 1:
        first += height(block.rows[1])
    if not state.pages[-1].headings_only and gap + header + first > state.room():
        carried = state.break_page()
        for para in carried:
            state.add_para(para)
        gap = GAP_PT if carried else 0.0
    state.pages[-1].tables.append((block, []))
    state.tables += gap + header
    group: Row | None = None
    rows = list(block.rows)
    while rows:
        row = rows.pop(0)
        need = height(row)
        if row.group:
            group = row
            if rows and not rows[0].group:
                need += height(rows[0])  # a group label never ends a slide
        if need > state.room() and state.pages[-1].tables[-1][1]:
            state.new_page()
            state.pages[-1].tables.append((block, []))
            state.tables += header
            if group is not None and not row.group:
                label = replace(group, cells=(group.cells[0] + CONTINUED,) + group.cells[1:])
                state.pages[-1].tables[-1][1].append(label)
                state.tables += height(label)
        if not row.group and height(row) > state.room():
            parts = _split_row(canvas, row, widths, block.size, state.room())
            if parts is not None:
                row, rest = parts
                rows.insert(0, rest)
                state.splits += 1
            else:
                state.forced = True
        state.pages[-1].tables[-1][1].append(row)
        state.tables += height(row)


def _split_row(canvas: Canvas, row: Row, widths: Sequence[float], size: float, room: float) -> tuple[Row, Row] | None:
    """A row taller than a slide: its first lines, and the rest for the next slide."""
    line = canvas.body_font.line_height(size)
    count = int((room - 2 * CELL_INSET_Y_PT - 2) // line)
    if count < 1:
        return None
    first, rest = [], []
    for column, (text, width) in enumerate(zip(row.cells, widths)):
        room = width - 2 * CELL_INSET_X_PT
        bold = row.bold_first and not column
        starts = canvas.body_font.breaks(text, room, size, bold)
        if len(starts) > count:
            first.append(text[:starts[count]].rstrip())
            rest.append(text[starts[count]:])
            canvas.body_font.remember((Run(text=rest[-1], bold=bold),), room, size,
                                      [s - starts[count] for s in starts[count:]])
        else:
            first.append(text)
            rest.append("")
    if not any(rest):
        return None
    return replace(row, cells=tuple(first)), replace(row, cells=tuple(rest))


def draw_page(canvas: Canvas, slide: Slide, page: Page, slot: Slot, area: Rect | None = None) -> float:
    """Draw one page in the slot's placeholder on the slide (moved to `area` when given): its text
    in the placeholder and its tables below it (the first in place of the placeholder when there is
    no text), or, on a page that opened with its tables, the tables first and the placeholder with
    the text below them. Returns the y below what was drawn."""
    area = area or slot.rect
    shape = canvas.placeholder(slide, slot.idx)
    box = slot.style.box
    table_rect = Rect(area.left + box.inset_left, area.top, area.width - box.inset_left - box.inset_right, area.height)
    width = area.width - box.inset_left - box.inset_right
    y = area.top
    if page.paras and not page.text_below:
        y += _draw_text(canvas, slide, shape, page.paras, slot, area, Rect(area.left, y, area.width,
                                                                            area.height) if page.tables else None)
        shape = None
    for index, (table, rows) in enumerate(page.tables):
        if index or (page.paras and not page.text_below):
            y += GAP_PT
        y += canvas.table(slide, Rect(table_rect.left, y, table_rect.width, table_rect.height), table, rows,
                          into=shape if index == 0 and not page.paras else None)
    if page.paras and page.text_below:
        y += GAP_PT
        height = canvas.text_height(page.paras, slot, width)
        y += _draw_text(canvas, slide, shape, page.paras, slot, area, Rect(area.left, y, area.width, height))
    return y


def _draw_text(canvas: Canvas, slide: Slide, shape: Any, paras: Sequence[Para], slot: Slot, area: Rect,
               box: Rect | None) -> float:
    """Paragraphs into the placeholder, placed at `box` (else the area, when it is not the layout's);
    returns their height."""
    if shape is None:  # the layout's placeholder is not on the slide: a text box in its place
        shape = slide.shapes.add_textbox(emu(area.left), emu(area.top), emu(area.width), emu(area.height))
    canvas.fill(shape, paras, slot)
    height = canvas.text_height(paras, slot, area.width - slot.style.box.inset_left - slot.style.box.inset_right)
    if box is not None:
        place(shape, Rect(box.left, box.top, box.width, height))
    elif area != slot.layout_rect:
        place(shape, area)
    return height
