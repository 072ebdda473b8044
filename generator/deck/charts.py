"""The objective chart: measured values against the plan, on a date axis from start to due.

A native line chart (editable in PowerPoint) on a date axis from `started` to `due` with a little
margin, ticks on calendar months (quarters, half years or years when long) labelled with the year
in full ("May 2026"). Series: the readings (solid, markers, the latest labelled with its value where
no line crosses the label), the plan (dashed, from the baseline at the start to the target at the
due date: the "expected by now" the status is computed from) and the target (thin, labelled with
the due date). An objective measured by its joint steps is charted the same way: steps done by
date against all of them by the due date. Colours come from the theme's accents; the numbers on
the axis and in the embedded workbook are those displayed.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from lxml import etree
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import (XL_AXIS_CROSSES, XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_MARKER_STYLE,
                             XL_TICK_LABEL_POSITION)
from pptx.enum.dml import MSO_LINE_DASH_STYLE, MSO_THEME_COLOR
from pptx.oxml.ns import qn
from pptx.slide import Slide
from pptx.util import Pt

from .. import wording
from ..model import Number
from ..view import ViewObjective
from .draw import Canvas, Rect
from .story import lower_is_better

EXCEL_EPOCH = dt.date(1899, 12, 30)
LABEL_PT = 12
STEP_UNIT = "steps"
LINE_PT = LABEL_PT * 1.3  # one line of chart text
CHAR_PT = LABEL_PT * 0.62  # a wide character of chart text (no font is at hand inside a chart)
LABEL_ROOM_PT = 8 * LABEL_PT * 0.6 + 12  # one "Sep 2026" axis label with room around it


@dataclass(frozen=True, slots=True, kw_only=True)
class Measure:
    """What a chart draws: a metric, or the joint steps done."""

    name: str
    unit: str | None
    baseline: Number
    target: Number
    readings: tuple[tuple[dt.date, Number], ...]
    started: dt.date
    due: dt.date
    lower_is_better: bool

    @property
    def current(self) -> Number | None:
        return self.readings[-1][1] if self.readings else None


def measure_of(o: ViewObjective) -> Measure:
    if o.metric is not None:
        return Measure(name=o.metric.name, unit=o.metric.unit, baseline=o.metric.baseline, target=o.metric.target,
                       readings=o.readings, started=o.started, due=o.due, lower_is_better=lower_is_better(o))
    done = sorted(t.done for t in o.tasks if t.done)
    counts: dict[dt.date, int] = {}
    for index, day in enumerate(done, start=1):
        counts[day] = index
    readings = tuple((day, count) for day, count in sorted(counts.items()))
    if not readings or readings[0][0] > o.started:
        readings = ((o.started, 0),) + readings
    return Measure(name="Joint steps done", unit=STEP_UNIT, baseline=0, target=len(o.tasks), readings=readings,
                   started=o.started, due=o.due, lower_is_better=False)


def serial(day: dt.date) -> int:
    return (day - EXCEL_EPOCH).days


def _step(span: float) -> float:
    """A round major unit giving four to eight gridlines over span."""
    if span <= 0:
        return 1.0
    raw = span / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def value_range(m: Measure) -> tuple[float, float, float]:
    """Round bounds below min(baseline, target, readings) and above their max, and the major unit."""
    values = [float(m.baseline), float(m.target)] + [float(v) for _, v in m.readings]
    low, high = min(values), max(values)
    step = _step(high - low or abs(high) or 1)
    if m.unit == STEP_UNIT:
        step = max(1.0, math.ceil(step))
    bottom = math.floor((low - step * 0.25) / step) * step
    if low >= 0 > bottom:
        bottom = 0.0
    top = math.ceil((high + step * 0.25) / step) * step
    return bottom, top, step


def _month_start(day: dt.date, unit: int) -> dt.date:
    """The first day of the calendar period of `unit` months holding day (a quarter starts in Jan,
    Apr, Jul or Oct)."""
    month = (day.month - 1) // unit * unit + 1
    return dt.date(day.year, month, 1)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def axis_bounds(m: Measure, unit: int) -> tuple[dt.date, dt.date]:
    """From the start of the calendar period holding the start (or the first reading) to the first
    tick after the due date (or the last reading): every tick on a calendar month."""
    days = [m.started, m.due] + [d for d, _ in m.readings]
    first = _month_start(min(days), unit)
    last = _month_start(max(days), unit)
    return first, _add_months(last, unit)


def month_unit(m: Measure, plot_width_pt: float, label_room: float = 0.0) -> tuple[int, dt.date, dt.date]:
    """Months between ticks and the axis's ends: every month when the labels fit side by side, else
    every quarter, half year, year or two. With `label_room` (points), the axis runs on by whole
    ticks until that much room is left after the due date, for the target's label."""
    fit = max(2, int(plot_width_pt // LABEL_ROOM_PT))

    def ticks(first: dt.date, last: dt.date, unit: int) -> int:
        return ((last.year - first.year) * 12 + last.month - first.month) // unit + 1

    for unit in (1, 3, 6, 12, 24):
        first, last = axis_bounds(m, unit)
        longer = last
        for _ in range(4 if label_room else 0):
            if (longer - m.due).days / max(1, (longer - first).days) * plot_width_pt >= label_room:
                break
            longer = _add_months(longer, unit)
        if ticks(first, longer, unit) <= fit:
            return unit, first, longer
        if ticks(first, last, unit) <= fit or unit == 24:
            return unit, first, last
    raise AssertionError("unreachable")  # pragma: no cover - unit 24 always returns


def axis_title(m: Measure) -> str:
    unit = m.unit
    if unit == STEP_UNIT:
        return m.name
    text = m.name + (f" ({unit})" if unit and unit not in ("%", "percent") else " (%)" if unit else "")
    return text + (" — lower is better" if m.lower_is_better else "")


def decimals(m: Measure) -> int:
    """Decimal places shown: as many as the plan's numbers have, at most two."""
    places = 0
    for value in [m.baseline, m.target] + [v for _, v in m.readings]:
        exponent = Decimal(str(value)).normalize().as_tuple().exponent
        if isinstance(exponent, int):
            places = max(places, -exponent)
    return min(2, places)


def _format(places: int) -> str:
    return "#,##0" + ("." + "0" * places if places else "")


def _shown(value: Number, places: int) -> float:
    return round(float(value), places)


def metric_chart(canvas: Canvas, slide: Slide, o: ViewObjective, rect: Rect, into: Any = None) -> Any:
    """Draw the chart of a measured objective inside rect (into the content placeholder `into`
    when given); returns the chart."""
    m = measure_of(o)
    bottom, top, step = value_range(m)
    # the axis title runs upwards beside the plot, on as many lines as it needs, clear of its corners
    # (renderers wrap an axis title at about four fifths of the chart's height themselves)
    title = canvas.body_font.wrap(axis_title(m), min(plot_area_height(rect) - 40, rect.height * 0.7), LABEL_PT)
    inner = plot_area(rect, (bottom, top, step), len(title))
    plot_width, plot_height = inner.width, inner.height
    shown_unit = None if m.unit == STEP_UNIT else m.unit
    target_text = f"Target {wording.number(m.target, shown_unit)}\nby {wording.day(m.due)}"
    target_size = _label_size(target_text)
    room = target_size[0] + LABEL_GAP if target_size[0] + LABEL_GAP <= plot_width * 0.4 else 0.0
    unit, first, last = month_unit(m, plot_width, room)  # room to label the target line at its end
    plot = _Plot(m, first, last, bottom, top, plot_width, plot_height)
    away = XL_LABEL_POSITION.BELOW if m.lower_is_better else XL_LABEL_POSITION.ABOVE
    toward = XL_LABEL_POSITION.ABOVE if m.lower_is_better else XL_LABEL_POSITION.BELOW
    target_position = plot.clear(plot.point(m.due, m.target), target_size, (XL_LABEL_POSITION.RIGHT, away, toward),
                                 skip_target=True)
    if target_position is None:  # make room beside the target line, away from the plan, without taking
        # a measure where it cannot go (below zero, above 100%); else take the other side
        values = [float(v) for v in [m.baseline, m.target] + [v for _, v in m.readings]]
        floor = None if min(values) < 0 else 0.0
        ceiling = 100.0 if m.unit in ("%", "percent") and max(values) <= 100 else None
        for extra in range(1, 4):
            low = bottom - extra * step if m.lower_is_better else bottom
            high = top if m.lower_is_better else top + extra * step
            if (floor is not None and low < floor) or (ceiling is not None and high > ceiling):
                break
            wider = _Plot(m, first, last, low, high, plot_width, plot_height)
            if wider.clear(wider.point(m.due, m.target), target_size, (away,), skip_target=True) is not None:
                plot, bottom, top, target_position = wider, low, high, away
                break
        if target_position is None:
            target_position = away if plot.inside(plot.box(plot.point(m.due, m.target), target_size, away)) \
                else toward
    plot.obstacle(plot.box(plot.point(m.due, m.target), target_size, target_position))

    readings = dict(m.readings)
    dates = sorted({first, m.started, m.due, last, *readings})
    places = decimals(m)
    data = CategoryChartData(number_format=_format(places))
    data.categories = dates
    data.add_series("Measured", [_shown(readings[d], places) if d in readings else None for d in dates])
    plan = {m.started: m.baseline, m.due: m.target}
    data.add_series("Plan", [_shown(plan[d], places) if d in plan else None for d in dates])
    data.add_series("Target", [_shown(m.target, places) if d in (first, m.due) else None for d in dates])
    frame = canvas.chart_frame(slide, rect, XL_CHART_TYPE.LINE_MARKERS, data, into)
    chart = frame.chart
    chart.has_title = False
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    chart.legend.font.size = Pt(LABEL_PT)
    chart.font.size = Pt(LABEL_PT)

    category = chart.category_axis
    category.tick_labels.number_format = "mmm yyyy" if unit < 12 else "yyyy"
    category.tick_labels.number_format_is_linked = False
    category.tick_labels.font.size = Pt(LABEL_PT)
    category.has_major_gridlines = False
    category.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    category.format.line.color.theme_color = MSO_THEME_COLOR.TEXT_1
    category.format.line.color.brightness = 0.6

    values = chart.value_axis
    values.minimum_scale, values.maximum_scale, values.major_unit = bottom, top, step
    values.crosses = XL_AXIS_CROSSES.MINIMUM  # the date axis along the bottom, whatever the range
    values.tick_labels.font.size = Pt(LABEL_PT)
    values.tick_labels.number_format = _format(decimals_of(step))
    values.tick_labels.number_format_is_linked = False
    values.has_major_gridlines = True
    values.major_gridlines.format.line.color.theme_color = MSO_THEME_COLOR.TEXT_1
    values.major_gridlines.format.line.color.brightness = 0.85
    values.format.line.fill.background()
    values.has_title = True
    values.axis_title.text_frame.text = "\n".join(title)
    for paragraph in values.axis_title.text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(LABEL_PT)
            run.font.bold = False

    styles = {
        "Measured": (MSO_THEME_COLOR.ACCENT_1, 2.75, None, True),
        "Plan": (MSO_THEME_COLOR.TEXT_1, 1.75, MSO_LINE_DASH_STYLE.DASH, False),
        "Target": (MSO_THEME_COLOR.ACCENT_2, 1.25, None, False),
    }
    lines = chart.plots[0]
    for series in lines.series:
        color, width, dash, markers = styles[series.name]
        series.smooth = False
        series.format.line.color.theme_color = color
        if series.name == "Plan":
            series.format.line.color.brightness = 0.35
        series.format.line.width = Pt(width)
        if dash is not None:
            series.format.line.dash_style = dash
        if markers:
            series.marker.style = XL_MARKER_STYLE.CIRCLE
            series.marker.size = 7
            series.marker.format.fill.solid()
            series.marker.format.fill.fore_color.theme_color = color
            series.marker.format.line.color.theme_color = color
        else:
            series.marker.style = XL_MARKER_STYLE.NONE
    measured, _, target = lines.series
    if m.readings:
        latest = max(readings)
        text = f"{readings[latest]} done" if m.unit == STEP_UNIT else wording.number(readings[latest], m.unit)
        above = float(readings[latest]) >= plot.plan_at(latest)
        order = ((XL_LABEL_POSITION.ABOVE, XL_LABEL_POSITION.BELOW) if above
                 else (XL_LABEL_POSITION.BELOW, XL_LABEL_POSITION.ABOVE)) + (XL_LABEL_POSITION.RIGHT,
                                                                             XL_LABEL_POSITION.LEFT)
        position = plot.clear(plot.point(latest, readings[latest]), _label_size(text), order) or order[0]
        _label(measured.points[dates.index(latest)], text, position)
    _label(target.points[dates.index(m.due)], target_text, target_position)
    _date_axis(chart, first, last, unit)
    _place_plot(chart, rect, inner)
    return chart


def plot_area(rect: Rect, scale: tuple[float, float, float], title_lines: int) -> Rect:
    """Where the plot itself goes inside the chart's frame (points from the frame's corner): room on
    the left for the value labels and the axis title's lines, below for the month labels and the
    legend (on as many rows as its entries need)."""
    bottom, top, step = scale
    places = decimals_of(step)
    ticks = [_format_number(bottom + i * step, places) for i in range(int(round((top - bottom) / step)) + 1)]
    left = max(len(t) for t in ticks) * CHAR_PT + title_lines * LINE_PT + 12
    return Rect(left, 10, max(1.0, rect.width - left - 16), plot_area_height(rect))


def plot_area_height(rect: Rect) -> float:
    legend = sum(len(name) * CHAR_PT + 40 for name in ("Measured", "Plan", "Target"))
    rows = min(3, max(1, math.ceil(legend / max(1.0, rect.width - 20))))
    below = LINE_PT + 8 + rows * LINE_PT + 10
    return max(1.0, rect.height - 10 - below)


def _format_number(value: float, places: int) -> str:
    return f"{value:,.{places}f}"


def _place_plot(chart: Any, rect: Rect, inner: Rect) -> None:
    """Pin the plot's inner area (the labels' room is worked out around it)."""
    area = chart._chartSpace.find(f".//{qn('c:plotArea')}")
    layout = etree.Element(qn("c:layout"))
    manual = etree.SubElement(layout, qn("c:manualLayout"))
    etree.SubElement(manual, qn("c:layoutTarget"), val="inner")
    etree.SubElement(manual, qn("c:xMode"), val="edge")
    etree.SubElement(manual, qn("c:yMode"), val="edge")
    for name, value in (("x", inner.left / rect.width), ("y", inner.top / rect.height),
                        ("w", inner.width / rect.width), ("h", inner.height / rect.height)):
        etree.SubElement(manual, qn(f"c:{name}"), val=f"{value:.4f}")
    area.insert(0, layout)


def decimals_of(step: float) -> int:
    for places in range(0, 4):
        if abs(round(step, places) - step) < 1e-9:
            return places
    return 3


# --- labels clear of every line --------------------------------------------------------------------

LABEL_GAP = 6.0  # between a point and its label
Segment = tuple[tuple[float, float], tuple[float, float]]
BoxPt = tuple[float, float, float, float]


def _label_size(text: str) -> tuple[float, float]:
    """A data label's box in points (a wide estimate; labels are never wrapped, see _label)."""
    lines = text.split("\n")
    return max(len(line) for line in lines) * CHAR_PT + 4, len(lines) * LINE_PT


class _Plot:
    """The plot area in points (y downwards), with the lines drawn on it and the labels placed."""

    def __init__(self, m: Measure, first: dt.date, last: dt.date, bottom: float, top: float, width: float,
                 height: float) -> None:
        self.m, self.first, self.bottom, self.top = m, first, bottom, top
        self.width, self.height = width, height
        self.days = max(1, (last - first).days)
        readings = list(m.readings)
        self.lines: list[Segment] = [(self.point(a, va), self.point(b, vb))
                                     for (a, va), (b, vb) in zip(readings, readings[1:])]
        self.lines.append((self.point(m.started, m.baseline), self.point(m.due, m.target)))
        self.target_line: Segment = (self.point(first, m.target), self.point(m.due, m.target))

    def point(self, day: dt.date, value: Number) -> tuple[float, float]:
        return ((day - self.first).days / self.days * self.width,
                (self.top - float(value)) / ((self.top - self.bottom) or 1) * self.height)

    def plan_at(self, day: dt.date) -> float:
        m = self.m
        share = (day - m.started).days / max(1, (m.due - m.started).days)
        return float(m.baseline) + (float(m.target) - float(m.baseline)) * share

    def box(self, at: tuple[float, float], size: tuple[float, float], position: Any) -> BoxPt:
        """The label's box; one above or below its point is kept inside the plot sideways (as
        renderers do)."""
        (x, y), (w, h) = at, size
        if w <= self.width:
            x = min(max(x, w / 2), self.width - w / 2) if position in (XL_LABEL_POSITION.ABOVE,
                                                                      XL_LABEL_POSITION.BELOW) else x
        boxes = {
            XL_LABEL_POSITION.ABOVE: (x - w / 2, y - LABEL_GAP - h, x + w / 2, y - LABEL_GAP),
            XL_LABEL_POSITION.BELOW: (x - w / 2, y + LABEL_GAP, x + w / 2, y + LABEL_GAP + h),
            XL_LABEL_POSITION.RIGHT: (x + LABEL_GAP, y - h / 2, x + LABEL_GAP + w, y + h / 2),
            XL_LABEL_POSITION.LEFT: (x - LABEL_GAP - w, y - h / 2, x - LABEL_GAP, y + h / 2),
        }
        return boxes[position]

    def inside(self, box: BoxPt) -> bool:
        x0, y0, x1, y1 = box
        return x0 >= 0 and x1 <= self.width and y0 >= 0 and y1 <= self.height

    def obstacle(self, box: BoxPt) -> None:
        """A placed label: later labels keep clear of it too."""
        x0, y0, x1, y1 = box
        self.lines += [((x0, y0), (x1, y0)), ((x1, y0), (x1, y1)), ((x1, y1), (x0, y1)), ((x0, y1), (x0, y0))]

    def clear(self, at: tuple[float, float], size: tuple[float, float], order: tuple[Any, ...],
              skip_target: bool = False) -> Any:
        """The first position whose label stays in the plot and crosses no line; None if there is none."""
        lines = self.lines if skip_target else self.lines + [self.target_line]
        for position in order:
            box = self.box(at, size, position)
            if self.inside(box) and not any(_crosses(a, b, box) for a, b in lines):
                return position
        return None


def _crosses(a: tuple[float, float], b: tuple[float, float], box: tuple[float, float, float, float]) -> bool:
    """Whether the segment a-b passes through the box (Liang-Barsky clipping)."""
    x0, y0, x1, y1 = box
    dx, dy = b[0] - a[0], b[1] - a[1]
    low, high = 0.0, 1.0
    for p, q in ((-dx, a[0] - x0), (dx, x1 - a[0]), (-dy, a[1] - y0), (dy, y1 - a[1])):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return False
    return True


def _label(point: Any, text: str, position: Any) -> None:
    """A point's own label, on the lines its text has (renderers would otherwise wrap it at their
    own width, and it would no longer be where it was placed)."""
    label = point.data_label
    label.has_text_frame = True
    label.text_frame.text = text
    label.text_frame._txBody.find(qn("a:bodyPr")).set("wrap", "none")
    label.position = position
    run = label.text_frame.paragraphs[0].runs[0]
    run.font.size = Pt(LABEL_PT)
    run.font.bold = True


def _date_axis(chart: Any, first: dt.date, last: dt.date, months: int) -> None:
    """Axis bounds and a month major unit (python-pptx writes a date axis with neither), gaps spanned,
    no chart border."""
    space = chart._chartSpace
    axis = space.find(f".//{qn('c:dateAx')}")
    assert axis is not None
    scaling = axis.find(qn("c:scaling"))
    orientation = scaling.find(qn("c:orientation"))
    orientation.addnext(etree.Element(qn("c:max"), val=str(serial(last))))
    scaling.find(qn("c:max")).addnext(etree.Element(qn("c:min"), val=str(serial(first))))
    body = axis.find(f"{qn('c:txPr')}/{qn('a:bodyPr')}")
    if body is not None:  # labels stay horizontal: the unit above leaves room for them
        body.set("rot", "0")
        body.set("vert", "horz")
    base = axis.find(qn("c:baseTimeUnit"))
    major = etree.Element(qn("c:majorUnit"), val=str(months))
    base.addnext(major)
    major.addnext(etree.Element(qn("c:majorTimeUnit"), val="months"))
    blanks = space.find(f".//{qn('c:dispBlanksAs')}")
    if blanks is not None:
        blanks.set("val", "span")
    sppr = space.find(qn("c:spPr"))
    if sppr is None:
        sppr = etree.Element(qn("c:spPr"))
        space.find(qn("c:chart")).addnext(sppr)
    for child in list(sppr):
        sppr.remove(child)
    etree.SubElement(sppr, qn("a:noFill"))
    line = etree.SubElement(sppr, qn("a:ln"))
    etree.SubElement(line, qn("a:noFill"))
