"""The EBR deck: one function per slide kind, each reading only the CustomerView.

Slides are drawn on the template's "Title Slide" and "Title Only" layouts with python-pptx's public
API. Text is fitted by estimate (shrink, then wrap, then split across slides; a title that still
does not fit is shortened on the slide and given whole in the notes), so nothing runs off a slide.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide, SlideLayout
from pptx.util import Inches, Pt

from ..view import CustomerView, ViewObjective
from .template import open_template

SLIDE_W = 13.333
MARGIN = 0.6
BODY_TOP = 1.55
BODY_BOTTOM = 6.85
TEXT = RGBColor(0x26, 0x32, 0x38)
MUTED = RGBColor(0x60, 0x6B, 0x73)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
TRACKS = {  # customer-facing words and chip colors
    "on_track": ("On track", RGBColor(0x2E, 0x7D, 0x32)),
    "achieved": ("Achieved", RGBColor(0x1A, 0x9E, 0x8F)),
    "at_risk": ("At risk", RGBColor(0xC7, 0x8A, 0x00)),
    "off_track": ("Behind plan", RGBColor(0xD8, 0x5B, 0x0C)),
    "overdue": ("Past due", RGBColor(0xB7, 0x1C, 0x1C)),
    "planned": ("Planned", RGBColor(0x5B, 0x7D, 0xB1)),
    "unmeasured": ("Not measured yet", RGBColor(0x75, 0x75, 0x75)),
    "closed": ("Closed", RGBColor(0x75, 0x75, 0x75)),
}
TABLE_ROWS = 6


@dataclass(frozen=True)
class DeckContext:
    view: CustomerView
    stamp: str  # footer: data as-of date and commit
    layouts: dict[str, SlideLayout]
    prs: PresentationType


# --- small drawing helpers --------------------------------------------------------------------


def fmt_date(day: dt.date | None) -> str:
    return "—" if day is None else f"{day.day} {day:%b %Y}"


def fmt_number(value: int | Decimal | float | None, unit: str | None = None) -> str:
    if value is None:
        return "—"
    number = Decimal(str(value)).normalize()
    text = f"{number:,f}" if number == number.to_integral() else f"{number:,}"
    if unit in ("%", "percent"):
        return f"{text}%"
    return f"{text} {unit}" if unit else text


def percent(value: Fraction | None) -> str:
    return "—" if value is None else f"{round(float(value) * 100)}%"


_NARROW = set("iIjlt.,;:!|'()[]f ")
_WIDE = set("MWmw@%")


def width_em(text: str) -> float:
    """Estimated width of a text in ems: narrow, wide, capital and other glyphs weigh differently."""
    total = 0.0
    for ch in text:
        if ch in _NARROW:
            total += 0.3
        elif ch in _WIDE:
            total += 0.9
        elif ch.isupper() or ch.isdigit():
            total += 0.65
        else:
            total += 0.52
    return total


def text_lines(text: str, width_in: float, size_pt: float, em: float = 0.55) -> int:
    """Estimated wrapped line count of text in a box; `em` scales the glyph estimate (bold: more)."""
    line_em = width_in * 72 / size_pt / (em / 0.55)
    lines = 0
    for paragraph in text.split("\n"):
        current = 0.0
        count = 1
        for word in paragraph.split():
            need = width_em(word)
            space = width_em(" ") if current else 0.0
            if current and current + space + need > line_em:
                count += 1
                current = 0.0
                space = 0.0
            while need > line_em:  # a word longer than a line breaks across lines
                count += 1
                need -= line_em
            current += space + need
        lines += count
    return lines


def fit_size(text: str, width_in: float, height_in: float, max_pt: float, min_pt: float, em: float = 0.55) -> float:
    size = max_pt
    while size > min_pt and text_lines(text, width_in, size, em) * size * 1.2 / 72 > height_in:
        size -= 1
    return size


def shorten(text: str, width_in: float, height_in: float, size_pt: float, em: float = 0.55) -> str:
    """Cut a text at a word so that it fits at size_pt (the notes keep it whole)."""
    if text_lines(text, width_in, size_pt, em) * size_pt * 1.2 / 72 <= height_in:
        return text
    words = text.split()
    while len(words) > 1:
        words.pop()
        candidate = " ".join(words) + " …"
        if text_lines(candidate, width_in, size_pt, em) * size_pt * 1.2 / 72 <= height_in:
            return candidate
    cut = text
    while len(cut) > 1 and text_lines(cut + "…", width_in, size_pt, em) * size_pt * 1.2 / 72 > height_in:
        cut = cut[: max(1, int(len(cut) * 0.9))]
    return cut + "…"


def set_title(slide: Slide, text: str, max_pt: float = 30, min_pt: float = 18) -> None:
    title = slide.shapes.title
    assert title is not None
    title.left, title.top = Inches(MARGIN), Inches(0.35)
    title.width, title.height = Inches(SLIDE_W - 2 * MARGIN), Inches(1.05)
    # estimated against a shorter box than the real one: renderers space title lines more loosely
    size = fit_size(text, SLIDE_W - 2 * MARGIN - 0.3, 0.8, max_pt, min_pt, em=0.62)
    frame = title.text_frame
    frame.word_wrap = True
    frame.text = shorten(text, SLIDE_W - 2 * MARGIN - 0.3, 0.8, size, em=0.62)
    for paragraph in frame.paragraphs:
        paragraph.alignment = PP_ALIGN.LEFT
        for run in paragraph.runs:
            run.font.size = Pt(size)
            run.font.bold = True


def add_text(slide: Slide, left: float, top: float, width: float, height: float,
             paragraphs: Sequence[tuple[str, float, bool, RGBColor]], name: str = "Text") -> None:
    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    box.name = name
    frame = box.text_frame
    frame.word_wrap = True
    frame.margin_left = frame.margin_right = Inches(0.05)
    for index, (text, size, bold, color) in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.space_after = Pt(4)
        run = paragraph.add_run()
        run.text = text
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = color


def fitted_paragraphs(items: Sequence[tuple[str, bool]], width: float, height: float, max_pt: float = 16,
                      min_pt: float = 11) -> list[tuple[str, float, bool, RGBColor]]:
    """One size for a block of paragraphs so that all of it fits the box."""
    joined = "\n".join(text for text, _ in items)
    size = fit_size(joined, width - 0.1, height, max_pt, min_pt)
    return [(text, size, bold, TEXT) for text, bold in items]


def chip(slide: Slide, left: float, top: float, track: str) -> None:
    label, color = TRACKS.get(track, (track, MUTED))
    shape = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, Inches(left), Inches(top),
                                   Inches(max(1.1, 0.11 * len(label) + 0.4)), Inches(0.36))
    shape.name = "Status"
    shape.fill.solid()
    shape.fill.fore_color.rgb = color
    shape.line.fill.background()
    frame = shape.text_frame
    frame.margin_top = frame.margin_bottom = 0
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    frame.text = label
    run = frame.paragraphs[0].runs[0]
    run.font.size = Pt(12)
    run.font.bold = True
    run.font.color.rgb = WHITE


def footer(ctx: DeckContext, slide: Slide) -> None:
    add_text(slide, MARGIN, 7.05, 6.0, 0.3, [(ctx.stamp, 9, False, MUTED)], name="Stamp")


def notes(slide: Slide, text: str) -> None:
    frame = slide.notes_slide.notes_text_frame
    assert frame is not None
    frame.text = text


def table(slide: Slide, left: float, top: float, width: float, headers: Sequence[str],
          rows: Sequence[Sequence[str]], widths: Sequence[float], fills: dict[tuple[int, int], RGBColor] | None = None,
          size: float = 12) -> None:
    shape = slide.shapes.add_table(len(rows) + 1, len(headers), Inches(left), Inches(top), Inches(width),
                                   Inches(0.4 * (len(rows) + 1)))
    shape.name = "Table"
    grid = shape.table
    for index, w in enumerate(widths):
        grid.columns[index].width = Inches(w)
    for col, header in enumerate(headers):
        cell = grid.cell(0, col)
        cell.text = header
        cell.text_frame.paragraphs[0].runs[0].font.size = Pt(size)
        cell.text_frame.paragraphs[0].runs[0].font.bold = True
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            cell = grid.cell(r, c)
            cell.text = value
            cell.text_frame.word_wrap = True
            for paragraph in cell.text_frame.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(size)
            fill = (fills or {}).get((r, c))
            if fill is not None:
                cell.fill.solid()
                cell.fill.fore_color.rgb = fill
                for paragraph in cell.text_frame.paragraphs:
                    for run in paragraph.runs:
                        run.font.color.rgb = WHITE
                        run.font.bold = True


def chunks(items: Sequence[object], size: int) -> list[Sequence[object]]:
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]


def page_title(title: str, index: int, count: int) -> str:
    return title if count == 1 else f"{title} ({index + 1} of {count})"


def progress_phrase(o: ViewObjective) -> str:
    if o.progress is None:
        return "not measured yet"
    if o.metric is None:
        done = sum(1 for t in o.tasks if t.done)
        return f"{done} of {len(o.tasks)} joint tasks done ({percent(o.progress)})"
    return f"{percent(o.progress)} of the way (expected {percent(o.expected)} by now)"


# --- the slides -------------------------------------------------------------------------------


def featured(view: CustomerView) -> list[ViewObjective]:
    """Objectives worth a slide: open ones, and those achieved since the last review."""
    since = last_review(view)
    return [o for o in view.objectives
            if o.is_open or (o.status == "closed_success" and o.closed_date and (since is None or o.closed_date > since))]


def at_a_glance(view: CustomerView) -> list[ViewObjective]:
    """Open objectives, then those closed within the last year."""
    year_ago = view.as_of - dt.timedelta(days=365)
    return [o for o in view.objectives if o.is_open or (o.closed_date and o.closed_date >= year_ago)]


def last_review(view: CustomerView) -> dt.date | None:
    dates = [a.date for a in view.activities if a.kind == "ebr" and a.date < view.as_of]
    return max(dates) if dates else None


def title_slide(ctx: DeckContext) -> None:
    view = ctx.view
    slide = ctx.prs.slides.add_slide(ctx.layouts["Title Slide"])
    title = slide.shapes.title
    assert title is not None
    size = fit_size(view.name, 10.5, 1.3, 40, 24, em=0.6)
    title.text_frame.word_wrap = True
    title.text = shorten(view.name, 10.5, 1.3, size, em=0.6)
    title.text_frame.paragraphs[0].runs[0].font.size = Pt(size)
    subtitle = next((p for p in slide.placeholders if p.placeholder_format.idx == 1), None)
    teams = f"{view.company_name} and {view.name}"
    lines = [f"Executive Business Review · {fmt_date(view.as_of)}", shorten(teams, 9.0, 0.7, 14)]
    if subtitle is not None:
        subtitle.text_frame.word_wrap = True
        subtitle.text = "\n".join(lines)
        sub_size = fit_size("\n".join(lines), 9.0, 1.3, 20, 12)
        for paragraph in subtitle.text_frame.paragraphs:
            for run in paragraph.runs:
                run.font.size = Pt(sub_size)
    footer(ctx, slide)
    sponsor = next((p for p in view.stakeholders if p.persona == "executive_sponsor"), None)
    notes(slide, f"Welcome {view.name}'s team. Purpose: review the outcomes {view.name} set out to reach, agree "
          "whether they are still the priorities, and plan the next quarter together."
          + (f" Thank {sponsor.name} for sponsoring the plan." if sponsor else ""))


def agenda_slide(ctx: DeckContext) -> None:
    slide = ctx.prs.slides.add_slide(ctx.layouts["Title Only"])
    set_title(slide, "Agenda")
    items = ["Your objectives at a glance", "Where each objective stands", "Since our last review",
             "Upcoming milestones and joint tasks", "Are these still your priorities?", "Team and contacts"]
    add_text(slide, MARGIN + 0.2, BODY_TOP + 0.2, 10, 4.5,
             [(f"{i}.  {item}", 22, False, TEXT) for i, item in enumerate(items, start=1)], name="Agenda")
    footer(ctx, slide)
    notes(slide, "Walk through the agenda and ask whether anything should be added. Leave the most time for "
          "the priorities question: it decides next quarter's plan.")


def glance_slides(ctx: DeckContext) -> None:
    objectives = at_a_glance(ctx.view)
    pages = chunks(objectives, TABLE_ROWS)
    for index, page in enumerate(pages):
        slide = ctx.prs.slides.add_slide(ctx.layouts["Title Only"])
        set_title(slide, page_title("Your objectives at a glance", index, len(pages)))
        rows: list[list[str]] = []
        fills: dict[tuple[int, int], RGBColor] = {}
        for r, o in enumerate(page, start=1):
            assert isinstance(o, ViewObjective)
            label, color = TRACKS.get(o.track, (o.track, MUTED))
            when = f"achieved {fmt_date(o.closed_date)}" if o.status == "closed_success" else fmt_date(o.due)
            rows.append([shorten(o.title, 6.3, 0.75, 12), label, progress_cell(o), when])
            fills[(r, 1)] = color
        if not rows:
            add_text(slide, MARGIN, BODY_TOP, 10, 1, [("No objectives are recorded yet: let's agree on them today.",
                                                      20, False, TEXT)])
        else:
            table(slide, MARGIN, BODY_TOP, SLIDE_W - 2 * MARGIN, ["Objective", "Status", "Progress", "Due"], rows,
                  [6.5, 1.8, 1.9, 1.93], fills)
        footer(ctx, slide)
        lines = [f"{o.title}: {TRACKS.get(o.track, (o.track,))[0]}, {progress_phrase(o)}, due {fmt_date(o.due)}."
                 for o in page if isinstance(o, ViewObjective)]
        notes(slide, "Status of each objective as of " + fmt_date(ctx.view.as_of) + ".\n" + "\n".join(lines))


def progress_cell(o: ViewObjective) -> str:
    if o.track == "planned":
        return f"starts {fmt_date(o.started)}"
    if o.progress is None:
        return "—"
    if o.metric is None:
        done = sum(1 for t in o.tasks if t.done)
        return f"{done} of {len(o.tasks)} tasks"
    return f"{percent(o.progress)} (expected {percent(o.expected)})" if o.is_open else percent(o.progress)


def objective_slides(ctx: DeckContext) -> None:
    for o in featured(ctx.view):
        slide = ctx.prs.slides.add_slide(ctx.layouts["Title Only"])
        set_title(slide, o.title, 28, 14)
        chip(slide, MARGIN, BODY_TOP - 0.05, o.track)
        left_w = 5.4
        blocks: list[tuple[str, bool]] = [(status_line(o), False)]
        if o.metric is not None:
            m = o.metric
            now = f"; now {fmt_number(o.current, m.unit)}" if o.current is not None else ""
            blocks.append((f"{m.name}: from {fmt_number(m.baseline, m.unit)} to {fmt_number(m.target, m.unit)}"
                           f"{now}.", False))
        if o.success_criteria:
            blocks += [("Success looks like", True), (o.success_criteria, False)]
        steps = [t for t in o.tasks if not t.done]
        if steps and o.is_open:
            blocks.append(("Next steps", True))
            shown = sorted(steps, key=lambda t: (t.due or dt.date.max, t.title))[:5]
            blocks += [(f"• {t.title} — {t.owner}" + (f", by {fmt_date(t.due)}" if t.due else ""), False) for t in shown]
            if len(steps) > len(shown):
                blocks.append((f"• and {len(steps) - len(shown)} more", False))
        add_text(slide, MARGIN, BODY_TOP + 0.5, left_w, BODY_BOTTOM - BODY_TOP - 0.6,
                 fitted_paragraphs(blocks, left_w, BODY_BOTTOM - BODY_TOP - 0.8), name="Details")
        chart_left = MARGIN + left_w + 0.3
        chart_w = SLIDE_W - MARGIN - chart_left
        if o.metric is not None:
            metric_chart(slide, o, chart_left, BODY_TOP, chart_w, BODY_BOTTOM - BODY_TOP)
        elif o.tasks:
            task_chart(slide, o, chart_left, BODY_TOP, chart_w, BODY_BOTTOM - BODY_TOP)
        footer(ctx, slide)
        facts = [f"Objective: {o.title}", f"Status: {TRACKS.get(o.track, (o.track,))[0]}; {progress_phrase(o)}.",
                 f"Started {fmt_date(o.started)}, due {fmt_date(o.due)}."]
        if o.metric is not None and o.readings:
            facts.append("Readings: " + ", ".join(f"{fmt_date(d)}: {fmt_number(v, o.metric.unit)}" for d, v in o.readings))
        if o.last_validated:
            facts.append(f"Last confirmed as a priority on {fmt_date(o.last_validated)}"
                         + (f" by {o.validated_by}." if o.validated_by else "."))
        if o.status == "closed_success":
            facts.append(f"Achieved on {fmt_date(o.closed_date)}"
                         + (f", confirmed by {o.closed_confirmed_by}." if o.closed_confirmed_by else "."))
        notes(slide, "\n".join(facts))


def status_line(o: ViewObjective) -> str:
    if o.status == "closed_success":
        return f"Achieved on {fmt_date(o.closed_date)}."
    if o.track == "planned":
        return f"Starts {fmt_date(o.started)}; due {fmt_date(o.due)}."
    return f"Progress: {progress_phrase(o)}. Due {fmt_date(o.due)}."


def _value(value: object) -> float | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) or math.isinf(number) else number


def metric_chart(slide: Slide, o: ViewObjective, left: float, top: float, width: float,
                 height: float) -> None:
    assert o.metric is not None
    # without readings the baseline and target still span the objective's time frame
    dates = [d for d, _ in o.readings] or sorted({o.started, max(o.due, o.started + dt.timedelta(days=1))})
    data = CategoryChartData(number_format="General")
    data.categories = dates
    data.add_series("Reading", [_value(v) for _, v in o.readings] or [None] * len(dates))
    data.add_series("Baseline", [_value(o.metric.baseline)] * len(dates))
    data.add_series("Target", [_value(o.metric.target)] * len(dates))
    shapes: Any = slide.shapes  # python-pptx's stubs type add_chart's result as a Chart, not a GraphicFrame
    frame = shapes.add_chart(XL_CHART_TYPE.LINE_MARKERS, Inches(left), Inches(top), Inches(width), Inches(height),
                             data)
    frame.name = "Metric chart"
    chart = frame.chart
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    chart.has_title = True
    chart.chart_title.text_frame.text = o.metric.name + (f" ({o.metric.unit})" if o.metric.unit else "")
    chart.chart_title.text_frame.paragraphs[0].runs[0].font.size = Pt(14)
    chart.category_axis.tick_labels.number_format = "mmm yy"
    chart.category_axis.tick_labels.number_format_is_linked = False
    chart.category_axis.tick_labels.font.size = Pt(11)
    chart.value_axis.tick_labels.font.size = Pt(11)
    styles = {"Reading": (RGBColor(0x1F, 0x3A, 0x5F), False), "Baseline": (MUTED, True),
              "Target": (RGBColor(0x1A, 0x9E, 0x8F), True)}
    for series in chart.plots[0].series:
        color, dashed = styles[series.name]
        series.format.line.color.rgb = color
        series.format.line.width = Pt(2.5 if not dashed else 1.5)
        series.smooth = False
        if dashed:
            from pptx.enum.dml import MSO_LINE_DASH_STYLE

            series.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
            from pptx.enum.chart import XL_MARKER_STYLE

            series.marker.style = XL_MARKER_STYLE.NONE


def task_chart(slide: Slide, o: ViewObjective, left: float, top: float, width: float, height: float) -> None:
    done = sum(1 for t in o.tasks if t.done)
    data = CategoryChartData()
    data.categories = ["Done", "Still to do"]
    data.add_series("Joint tasks", (done, len(o.tasks) - done))
    shapes: Any = slide.shapes
    frame = shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, Inches(left), Inches(top + 0.5), Inches(width),
                             Inches(min(3.0, height)), data)
    frame.name = "Task chart"
    chart = frame.chart
    chart.has_legend = False
    chart.has_title = True
    chart.chart_title.text_frame.text = f"Joint tasks: {done} of {len(o.tasks)} done"
    chart.chart_title.text_frame.paragraphs[0].runs[0].font.size = Pt(14)
    plot = chart.plots[0]
    plot.has_data_labels = True
    plot.data_labels.font.size = Pt(12)
    plot.series[0].format.fill.solid()
    plot.series[0].format.fill.fore_color.rgb = RGBColor(0x1A, 0x9E, 0x8F)
    chart.value_axis.has_major_gridlines = False
    chart.value_axis.visible = False
    chart.category_axis.tick_labels.font.size = Pt(12)


def since_slide(ctx: DeckContext) -> None:
    view = ctx.view
    since = last_review(view)
    start = since or min((o.started for o in view.objectives), default=view.as_of)
    slide = ctx.prs.slides.add_slide(ctx.layouts["Title Only"])
    set_title(slide, f"Since our last review on {fmt_date(since)}" if since else "Since the plan began")
    achieved = [o for o in view.objectives
                if o.status == "closed_success" and o.closed_date and start < o.closed_date <= view.as_of]
    moved = []
    for o in view.objectives:
        if o.metric is None:
            continue
        before = [v for d, v in o.readings if d <= start]
        after = [v for d, v in o.readings if start < d <= view.as_of]
        if after:
            first = before[-1] if before else o.metric.baseline
            moved.append(f"{o.title}: from {fmt_number(first, o.metric.unit)} to {fmt_number(after[-1], o.metric.unit)}")
    validated = [f"{o.title}: confirmed {fmt_date(o.last_validated)}" + (f" by {o.validated_by}" if o.validated_by else "")
                 for o in view.objectives if o.last_validated and start < o.last_validated <= view.as_of]
    blocks: list[tuple[str, bool]] = [("Achieved", True)]
    blocks += [(f"• {o.title} ({fmt_date(o.closed_date)})", False) for o in achieved] or [("• Nothing closed yet.", False)]
    blocks.append(("Measures that moved", True))
    blocks += [(f"• {line}", False) for line in moved] or [("• No new readings.", False)]
    blocks.append(("Priorities confirmed", True))
    blocks += [(f"• {line}", False) for line in validated] or [("• None confirmed since then.", False)]
    add_text(slide, MARGIN, BODY_TOP, SLIDE_W - 2 * MARGIN, BODY_BOTTOM - BODY_TOP,
             fitted_paragraphs(blocks, SLIDE_W - 2 * MARGIN, BODY_BOTTOM - BODY_TOP - 0.3, 18, 10), name="Since")
    footer(ctx, slide)
    meetings = [a for a in view.activities if start < a.date <= view.as_of]
    notes(slide, f"Window: {fmt_date(start)} to {fmt_date(view.as_of)}. {len(achieved)} achieved, {len(moved)} "
          f"measures moved, {len(validated)} priorities confirmed, {len(meetings)} logged touchpoints."
          + "".join(f"\n{fmt_date(a.date)}: {a.title}" for a in meetings[-8:]))


def milestone_slides(ctx: DeckContext) -> None:
    view = ctx.view
    rows: list[tuple[dt.date | None, list[str]]] = []
    for o in view.objectives:
        if not o.is_open:
            continue
        for t in o.tasks:
            if not t.done:
                when = fmt_date(t.due) + (" (late)" if t.due and t.due < view.as_of else "")
                rows.append((t.due, [when, t.title, t.owner, shorten(o.title, 3.6, 0.75, 12)]))
        if o.due >= view.as_of:
            rows.append((o.due, [fmt_date(o.due), "Objective due", "Both teams", shorten(o.title, 3.6, 0.75, 12)]))
    rows.sort(key=lambda item: (item[0] or dt.date.max, item[1][1]))
    pages = chunks([r for _, r in rows], 7)
    for index, page in enumerate(pages):
        slide = ctx.prs.slides.add_slide(ctx.layouts["Title Only"])
        set_title(slide, page_title("Upcoming milestones and joint tasks", index, len(pages)))
        if page:
            table(slide, MARGIN, BODY_TOP, SLIDE_W - 2 * MARGIN, ["When", "What", "Owner", "Objective"],
                  [list(map(str, r)) for r in page if isinstance(r, list)], [1.6, 4.3, 2.2, 4.03])
        else:
            add_text(slide, MARGIN, BODY_TOP, 10, 1, [("No open tasks: let's plan the next steps together.", 20,
                                                      False, TEXT)])
        footer(ctx, slide)
        notes(slide, "Agree owners and dates for each open item; anything without a date gets one today.")


def priorities_slide(ctx: DeckContext) -> None:
    view = ctx.view
    open_objectives = [o for o in view.objectives if o.is_open]
    pages = chunks(open_objectives, TABLE_ROWS)
    for index, page in enumerate(pages):
        slide = ctx.prs.slides.add_slide(ctx.layouts["Title Only"])
        set_title(slide, page_title("Are these still your priorities?", index, len(pages)))
        rows = [[shorten(o.title, 6.6, 0.75, 12), str(o.priority) if o.priority else "—", fmt_date(o.last_validated),
                 o.validated_by or "—"] for o in page if isinstance(o, ViewObjective)]
        if rows:
            table(slide, MARGIN, BODY_TOP, SLIDE_W - 2 * MARGIN, ["Objective", "Priority", "Last confirmed", "By"],
                  rows, [6.8, 1.2, 2.0, 2.13])
        add_text(slide, MARGIN, 6.2, SLIDE_W - 2 * MARGIN, 0.7,
                 [("Tell us what has changed: we will update the plan together today.", 16, True, TEXT)],
                 name="Question")
        footer(ctx, slide)
        notes(slide, "Ask for each objective: is it still a priority, is the target still right, is the date still "
              "right? Record each answer afterwards with `successplans revalidate`.")


def team_slide(ctx: DeckContext) -> None:
    view = ctx.view
    slide = ctx.prs.slides.add_slide(ctx.layouts["Title Only"])
    set_title(slide, "Team and contacts")
    half = (SLIDE_W - 2 * MARGIN - 0.4) / 2
    ours = [[m.role, m.name, m.email or ""] for m in view.account_team][:9]
    theirs = [[p.name, p.title or "", ""] for p in view.stakeholders][:9]
    for left, label in ((MARGIN, view.company_name), (MARGIN + half + 0.4, view.name)):
        size = fit_size(label, half - 0.1, 0.3, 16, 10, em=0.6)
        add_text(slide, left, BODY_TOP - 0.1, half, 0.4, [(shorten(label, half - 0.1, 0.3, size, em=0.6), size, True,
                                                          TEXT)])
    if ours:
        table(slide, MARGIN, BODY_TOP + 0.4, half, ["Role", "Name", "Email"],
              [[shorten(c, w, 0.45, 11) for c, w in zip(r, (1.5, 1.6, 2.7))] for r in ours], [1.6, 1.7, half - 3.3],
              size=11)
    if theirs:
        table(slide, MARGIN + half + 0.4, BODY_TOP + 0.4, half, ["Name", "Title", "Role in the plan"],
              [[shorten(c, w, 0.45, 11) for c, w in zip(r, (1.6, 2.1, 1.6))] for r in theirs],
              [1.7, half - 3.5, 1.8], size=11)
    footer(ctx, slide)
    notes(slide, "Confirm the contacts on both sides and who to call for what.")


SLIDES: tuple[Callable[[DeckContext], None], ...] = (
    title_slide,
    agenda_slide,
    glance_slides,
    objective_slides,
    since_slide,
    milestone_slides,
    priorities_slide,
    team_slide,
)


def render(view: CustomerView, template: Path, stamp: str) -> PresentationType:
    """The whole deck for one customer view."""
    prs, layouts = open_template(template)
    prs.core_properties.title = f"{view.name}: Executive Business Review {view.as_of.isoformat()}"
    prs.core_properties.subject = "Executive Business Review"
    prs.core_properties.keywords = ""
    prs.core_properties.comments = ""
    prs.core_properties.category = ""
    ctx = DeckContext(view, stamp, layouts, prs)
    for build in SLIDES:
        build(ctx)
    return prs

