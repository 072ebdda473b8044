"""The objective chart: measured values against the plan, on a date axis from start to due.

A native line chart (editable in PowerPoint) on a date axis: the axis runs from `started` to `due`
with a little margin and one label per month (per quarter beyond 18 months). Series: the readings
(solid, markers, the latest labelled with its value), the plan (dashed, from the baseline at the
start to the target at the due date: the "expected by now" the status is computed from) and the
target (thin, labelled). Colours come from the theme's accents.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

from lxml import etree
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.enum.dml import MSO_LINE_DASH_STYLE, MSO_THEME_COLOR
from pptx.oxml.ns import qn
from pptx.slide import Slide
from pptx.util import Emu, Pt

from .. import wording
from ..view import ViewObjective
from .draw import EMU_PER_PT, Rect
from .story import lower_is_better

EXCEL_EPOCH = dt.date(1899, 12, 30)
LABEL_PT = 12
SERIES = ("Measured", "Plan", "Target")


def serial(day: dt.date) -> int:
    return (day - EXCEL_EPOCH).days


def _nice_floor(value: float, step: float) -> float:
    return math.floor(value / step) * step


def _nice_ceil(value: float, step: float) -> float:
    return math.ceil(value / step) * step


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


def value_range(o: ViewObjective) -> tuple[float, float, float]:
    """Round bounds below min(baseline, target, readings) and above their max, and the major unit."""
    assert o.metric is not None
    values = [float(o.metric.baseline), float(o.metric.target)] + [float(v) for _, v in o.readings]
    low, high = min(values), max(values)
    step = _step(high - low or abs(high) or 1)
    bottom = _nice_floor(low - step * 0.25, step)
    if low >= 0 > bottom:
        bottom = 0.0
    top = _nice_ceil(high + step * 0.25, step)
    return bottom, top, step


LABEL_ROOM_PT = 46  # one "Mmm yy" label at LABEL_PT with room around it


def month_unit(o: ViewObjective, plot_width_pt: float = 400) -> int:
    """Months between labels: every month when the labels fit side by side, else every quarter, half, year."""
    first, last = axis_bounds(o)
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    fit = max(2, int(plot_width_pt // LABEL_ROOM_PT))
    return next((unit for unit in (1, 3, 6, 12) if months / unit <= fit), 24)


def axis_bounds(o: ViewObjective) -> tuple[dt.date, dt.date]:
    """From the first of the start's month to the end of the due date's month (a little margin)."""
    first = dt.date(o.started.year, o.started.month, 1)
    last = dt.date(o.due.year + (o.due.month == 12), o.due.month % 12 + 1, 1) - dt.timedelta(days=1)
    readings = [d for d, _ in o.readings]
    if readings and min(readings) < first:
        first = dt.date(min(readings).year, min(readings).month, 1)
    if readings and max(readings) > last:
        top = max(readings)
        last = dt.date(top.year + (top.month == 12), top.month % 12 + 1, 1) - dt.timedelta(days=1)
    return first, last


def axis_title(o: ViewObjective) -> str:
    assert o.metric is not None
    unit = o.metric.unit
    text = o.metric.name + (f" ({unit})" if unit and unit not in ("%", "percent") else " (%)" if unit else "")
    return text + (" — lower is better" if lower_is_better(o) else "")


def _number(value: Any) -> float:
    return float(value) if isinstance(value, (int, float, Decimal)) else float("nan")


def metric_chart(slide: Slide, o: ViewObjective, rect: Rect) -> Any:
    """Draw the chart of a measured objective inside rect; returns the chart."""
    assert o.metric is not None
    m = o.metric
    first, last = axis_bounds(o)
    readings = dict(o.readings)
    dates = sorted({first, o.started, o.due, last, *readings})
    data = CategoryChartData(number_format="General")
    data.categories = dates
    data.add_series("Measured", [_number(readings[d]) if d in readings else None for d in dates])
    plan = {o.started: m.baseline, o.due: m.target}
    data.add_series("Plan", [_number(plan[d]) if d in plan else None for d in dates])
    data.add_series("Target", [_number(m.target) if d in (first, last) else None for d in dates])
    shapes: Any = slide.shapes
    frame = shapes.add_chart(XL_CHART_TYPE.LINE_MARKERS, Emu(int(rect.left * EMU_PER_PT)),
                             Emu(int(rect.top * EMU_PER_PT)), Emu(int(rect.width * EMU_PER_PT)),
                             Emu(int(rect.height * EMU_PER_PT)), data)
    frame.name = "Metric chart"
    chart = frame.chart
    chart.has_title = False
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    chart.legend.font.size = Pt(LABEL_PT)
    chart.font.size = Pt(LABEL_PT)

    category = chart.category_axis
    unit = month_unit(o, rect.width - 90)
    category.tick_labels.number_format = "mmm yy" if unit < 12 else "yyyy"
    category.tick_labels.number_format_is_linked = False
    category.tick_labels.font.size = Pt(LABEL_PT)
    category.has_major_gridlines = False
    category.format.line.color.theme_color = MSO_THEME_COLOR.TEXT_1
    category.format.line.color.brightness = 0.6

    values = chart.value_axis
    bottom, top, step = value_range(o)
    values.minimum_scale, values.maximum_scale, values.major_unit = bottom, top, step
    values.tick_labels.font.size = Pt(LABEL_PT)
    values.has_major_gridlines = True
    values.major_gridlines.format.line.color.theme_color = MSO_THEME_COLOR.TEXT_1
    values.major_gridlines.format.line.color.brightness = 0.85
    values.format.line.fill.background()
    values.has_title = True
    values.axis_title.text_frame.text = axis_title(o)
    values.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(LABEL_PT)
    values.axis_title.text_frame.paragraphs[0].runs[0].font.bold = False

    styles = {
        "Measured": (MSO_THEME_COLOR.ACCENT_1, 2.75, None, True),
        "Plan": (MSO_THEME_COLOR.TEXT_1, 1.75, MSO_LINE_DASH_STYLE.DASH, False),
        "Target": (MSO_THEME_COLOR.ACCENT_2, 1.25, None, False),
    }
    plot = chart.plots[0]
    for series in plot.series:
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
    measured, _, target = plot.series
    if o.readings:
        latest = dates.index(max(readings))
        _label(measured.points[latest], wording.number(o.current, m.unit), XL_LABEL_POSITION.ABOVE)
    _label(target.points[dates.index(last)], f"Target {wording.number(m.target, m.unit)}",
           XL_LABEL_POSITION.BELOW if lower_is_better(o) else XL_LABEL_POSITION.ABOVE)
    _date_axis(chart, first, last, unit)
    return chart


def _label(point: Any, text: str, position: Any) -> None:
    label = point.data_label
    label.has_text_frame = True
    label.text_frame.text = text
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
