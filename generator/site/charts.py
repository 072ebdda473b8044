"""Charts as inline SVG, drawn on the server: no charting JavaScript, nothing fetched.

Each function returns one `<svg>` element as Markup with a <title> and <desc> (role="img",
aria-labelledby), so screen readers announce it; pages add a table of the same numbers as the
text fallback. Output depends only on the arguments (numbers are printed with fixed precision),
so the same model always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from markupsafe import Markup

from ..model import HEALTH_COLORS
from ..styles import TRACK_CLASS

Num = int | float | Fraction | Decimal



def _f(value: float) -> str:
    """Coordinates with two decimals at most, no trailing zeros: stable and short."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _svg(chart_id: str, width: int, height: int, title: str, desc: str, body: list[str],
         css: str = "sp-chart") -> Markup:
    head = (f'<svg class="{css}" id="{_e(chart_id)}" role="img" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" preserveAspectRatio="xMinYMin meet" '
            f'aria-labelledby="{_e(chart_id)}-title {_e(chart_id)}-desc" data-search-exclude '
            f'xmlns="http://www.w3.org/2000/svg">'
            f'<title id="{_e(chart_id)}-title">{_e(title)}</title><desc id="{_e(chart_id)}-desc">{_e(desc)}</desc>')
    return Markup(head + "".join(body) + "</svg>")


@dataclass(frozen=True, kw_only=True)
class Bar:
    label: str
    value: float
    css: str  # a class suffix: a health color, or "accent"
    text: str  # the value as shown on the bar


def bar_chart(chart_id: str, title: str, desc: str, bars: Sequence[Bar], *, axis: str, width: int = 360,
              bar_height: int = 22) -> Markup:
    """Horizontal bars, one per row, with the label left, the value at the end of the bar, and what
    the bars measure (`axis`) written under them."""
    label_w, gap, pad, foot = 96, 6, 4, 18
    height = pad * 2 + len(bars) * (bar_height + gap) + foot
    top = max((b.value for b in bars), default=0) or 1
    room = width - label_w - 64
    body: list[str] = []
    for i, bar in enumerate(bars):
        y = pad + i * (bar_height + gap)
        w = room * bar.value / top if bar.value > 0 else 0
        body.append(f'<text class="sp-chart__label" x="{label_w - 6}" y="{_f(y + bar_height * 0.7)}" '
                    f'text-anchor="end">{_e(bar.label)}</text>')
        body.append(f'<rect class="sp-fill sp-fill--{_e(bar.css)}" x="{label_w}" y="{y}" width="{_f(max(w, 1.5))}" '
                    f'height="{bar_height}" rx="3"/>')
        body.append(f'<text class="sp-chart__value" x="{_f(label_w + max(w, 1.5) + 6)}" '
                    f'y="{_f(y + bar_height * 0.7)}">{_e(bar.text)}</text>')
    base = pad + len(bars) * (bar_height + gap)
    body.append(f'<line class="sp-chart__axis" x1="{label_w}" y1="{base}" x2="{label_w + room}" y2="{base}"/>')
    body.append(f'<text class="sp-chart__label sp-chart__axis-title" x="{label_w}" y="{base + 14}">{_e(axis)}</text>')
    return _svg(chart_id, width, height, title, desc, body)


def health_distribution(counts: Mapping[str, int]) -> Markup:
    """Customers per health color, green to red (unknown only when some customer has errors)."""
    colors = [c for c in HEALTH_COLORS if c != "unknown" or counts.get(c, 0)]
    bars = [Bar(label=c, value=counts.get(c, 0), css=c, text=str(counts.get(c, 0))) for c in colors]
    total = sum(counts.values())
    desc = ", ".join(f"{b.text} {b.label}" for b in bars) + f" (of {total} customers)"
    return bar_chart("chart-health", "Customers by health", desc, bars, axis="Customers, by health")


def money(value: float) -> str:
    """USD in short form: $950, $12.5k, $1.25M."""
    v = float(value)
    if abs(v) >= 1_000_000:
        return f"${v / 1_000_000:.2f}M".replace(".00M", "M")
    if abs(v) >= 1_000:
        return f"${v / 1_000:.1f}k".replace(".0k", "k")
    return f"${v:.0f}"


def arr_by_health(arr: Mapping[str, Num], counts: Mapping[str, int] | None = None) -> Markup:
    """ARR per health color."""
    colors = [c for c in HEALTH_COLORS if c != "unknown" or (counts or {}).get(c, 0) or float(arr.get(c, 0))]
    bars = [Bar(label=c, value=float(arr.get(c, 0)), css=c, text=money(float(arr.get(c, 0)))) for c in colors]
    desc = ", ".join(f"{b.text} {b.label}" for b in bars)
    return bar_chart("chart-arr", "ARR by health", desc, bars, axis="ARR (USD), by health")


def achieved_per_quarter(per_quarter: Sequence[tuple[str, int]]) -> Markup:
    """Objectives achieved per calendar quarter, oldest first: vertical columns over a labelled axis;
    the last one (the current quarter, still running) is lighter and labelled "so far"."""
    width, height, pad_b, pad_t, pad_l = 360, 170, 40, 16, 22
    n = max(len(per_quarter), 1)
    slot = (width - pad_l - 4) / n
    top = max((v for _, v in per_quarter), default=0) or 1
    base = height - pad_b
    body = [f'<line class="sp-chart__axis" x1="{pad_l}" y1="{base}" x2="{width - 4}" y2="{base}"/>',
            f'<text class="sp-chart__label sp-chart__axis-title" x="12" y="{_f(pad_t + (base - pad_t) / 2)}" '
            f'text-anchor="middle" transform="rotate(-90 12 {_f(pad_t + (base - pad_t) / 2)})">Achieved</text>',
            f'<text class="sp-chart__label sp-chart__axis-title" x="{pad_l}" y="{height - 2}">Calendar quarter</text>']
    for i, (label, value) in enumerate(per_quarter):
        h = (base - pad_t) * value / top
        x = pad_l + i * slot + slot * 0.18
        w = slot * 0.64
        partial = i == len(per_quarter) - 1
        body.append(f'<rect class="sp-fill sp-fill--accent{" sp-fill--partial" if partial else ""}" '
                    f'x="{_f(x)}" y="{_f(base - max(h, 1))}" '
                    f'width="{_f(w)}" height="{_f(max(h, 1))}" rx="2"/>')
        body.append(f'<text class="sp-chart__value" x="{_f(x + w / 2)}" y="{_f(base - max(h, 1) - 4)}" '
                    f'text-anchor="middle">{value}</text>')
        body.append(f'<text class="sp-chart__label" x="{_f(x + w / 2)}" y="{base + 13}" '
                    f'text-anchor="middle">{_e(_quarter(label))}</text>')
        if partial:
            body.append(f'<text class="sp-chart__label" x="{_f(x + w / 2)}" y="{base + 24}" '
                        f'text-anchor="middle">so far</text>')
    desc = ", ".join(f"{label}: {value}" for label, value in per_quarter) + " (the last quarter so far)"
    return _svg("chart-achieved", width, height, "Objectives achieved per quarter", desc, body)


def _quarter(label: str) -> str:
    """2026-Q3 → Q3 '26: short enough for eight columns."""
    year, _, quarter = label.partition("-")
    return f"{quarter} '{year[-2:]}" if quarter else label


def progress_bar(chart_id: str, progress: Fraction | None, expected: Fraction, track: str,
                 *, width: int = 240) -> Markup:
    """Progress (clamped to the bar) with a marker at the expected progress for the as-of date."""
    height, bar_h, y = 26, 12, 8
    shown = 0.0 if progress is None else min(1.0, max(0.0, float(progress)))
    exp = min(1.0, max(0.0, float(expected)))
    css = TRACK_CLASS.get(track, "unknown")
    done = "no measure yet" if progress is None else f"{round(float(progress) * 100)}% done"
    desc = f"{done}; {round(exp * 100)}% expected by now"
    mx = _f(2 + (width - 4) * exp)
    body = [
        f'<rect class="sp-track" x="2" y="{y}" width="{width - 4}" height="{bar_h}" rx="6"/>',
        f'<rect class="sp-fill sp-fill--{css}" x="2" y="{y}" width="{_f((width - 4) * shown)}" height="{bar_h}" rx="6"/>',
        f'<line class="sp-marker" x1="{mx}" y1="2" x2="{mx}" y2="{height - 2}"/>',
    ]
    return _svg(chart_id, width, height, "Progress against expected", desc, body, css="sp-chart sp-progress")


def metric_trend(chart_id: str, name: str, unit: str | None, baseline: Num, target: Num,
                 readings: Sequence[tuple[dt.date, Num]], started: dt.date, due: dt.date,
                 as_of: dt.date) -> Markup:
    """Readings over time from the start to the due date, with the baseline and the target line."""
    width, height = 480, 200
    left, right, top, bottom = 52, 16, 14, 30
    start = min([started, *(d for d, _ in readings)])
    end = max([due, min(due, as_of), *(d for d, _ in readings)])
    span_days = max((end - start).days, 1)
    values = [float(baseline), float(target), *(float(v) for _, v in readings)]
    low, high = min(values), max(values)
    margin = (high - low) * 0.1 or 1
    low, high = low - margin, high + margin

    def x(day: dt.date) -> float:
        return left + (width - left - right) * (day - start).days / span_days

    def y(value: float) -> float:
        return top + (height - top - bottom) * (high - value) / (high - low)

    u = f" {unit}" if unit else ""
    yb, yt = _f(y(float(baseline))), _f(y(float(target)))
    lb, lt = _f(y(float(baseline)) + 4), _f(y(float(target)) + 4)
    body = [
        f'<line class="sp-chart__axis" x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}"/>',
        f'<line class="sp-baseline" x1="{left}" y1="{yb}" x2="{width - right}" y2="{yb}"/>',
        f'<text class="sp-chart__label" x="{left - 4}" y="{lb}" text-anchor="end">{_e(_num(baseline))}</text>',
        f'<line class="sp-target" x1="{left}" y1="{yt}" x2="{width - right}" y2="{yt}"/>',
        (f'<text class="sp-chart__label sp-chart__label--target" x="{left - 4}" y="{lt}" '
         f'text-anchor="end">{_e(_num(target))}</text>'),
        f'<text class="sp-chart__label" x="{left}" y="{height - 10}">{started.isoformat()}</text>',
        (f'<text class="sp-chart__label" x="{width - right}" y="{height - 10}" text-anchor="end">'
         f'due {due.isoformat()}</text>'),
    ]
    if start <= as_of <= end:
        body.append(f'<line class="sp-marker sp-marker--today" x1="{_f(x(as_of))}" y1="{top}" x2="{_f(x(as_of))}" '
                    f'y2="{height - bottom}"/>')
    points = [(x(d), y(float(v))) for d, v in readings]
    if points:
        path = " ".join(f"{_f(px)},{_f(py)}" for px, py in points)
        body.append(f'<polyline class="sp-line" points="{path}"/>')
        for (px, py), (d, v) in zip(points, readings, strict=True):
            body.append(f'<circle class="sp-point" cx="{_f(px)}" cy="{_f(py)}" r="3.5">'
                        f'<title>{d.isoformat()}: {_e(_num(v))}{_e(u)}</title></circle>')
    if unit:
        body.append(f'<text class="sp-chart__label" x="{left}" y="10">{_e(unit)}</text>')
    if points:
        px, py = points[-1]
        anchor = "end" if px > width - right - 60 else "start"
        body.append(f'<text class="sp-chart__value sp-chart__latest" x="{_f(px + (-6 if anchor == "end" else 6))}" '
                    f'y="{_f(py - 6)}" text-anchor="{anchor}">{_e(_num(readings[-1][1]))}{_e(u)}</text>')
    latest = f"latest {_num(readings[-1][1])}{u} on {readings[-1][0].isoformat()}" if readings else "no readings yet"
    desc = f"{name}: baseline {_num(baseline)}{u}, target {_num(target)}{u} by {due.isoformat()}; {latest}."
    return _svg(chart_id, width, height, f"{name} over time", desc, body, css="sp-chart sp-trend")


def _num(value: Num) -> str:
    """A number as people write it: 12, 12.5, 0.25 (no float noise, no exponent)."""
    if isinstance(value, Fraction):
        value = float(value)
    if isinstance(value, float):
        text = f"{value:.4f}".rstrip("0").rstrip(".")
        return text or "0"
    text = str(value)
    if "E" in text or "e" in text:
        text = f"{float(text):.4f}".rstrip("0").rstrip(".")
    return text


def health_strip(chart_id: str, points: Sequence[tuple[dt.date, str]], *, slots: int = 0, width: int = 120,
                 height: int = 14, title: str = "Health over time") -> Markup:
    """Health per week as one band of colored runs (consecutive weeks of one color are one rect):
    small enough for a table cell, and its size grows with changes, not with weeks. With `slots`
    (the weeks of the whole period), the points fill its last slots and the weeks before the first
    record stay an empty track, so that strips of different customers line up."""
    if not points:
        return Markup("")
    n = len(points)
    total = max(slots, n)
    step = width / total
    offset = total - n
    body: list[str] = []
    if offset:
        body.append(f'<rect class="sp-track" x="0" y="0" width="{_f(offset * step)}" height="{height}"/>')
    start = 0
    runs = []
    for i in range(1, n + 1):
        if i == n or points[i][1] != points[start][1]:
            color = points[start][1]
            body.append(f'<rect class="sp-fill--{_e(color)}" x="{_f((offset + start) * step)}" y="0" '
                        f'width="{_f((i - start) * step)}" height="{height}"/>')
            runs.append(f"{color} from {points[start][0].isoformat()}")
            start = i
    before = f"no record before {points[0][0].isoformat()}; " if offset else ""
    desc = f"{n} weeks to {points[-1][0].isoformat()}: {before}" + ", ".join(runs)
    return _svg(chart_id, width, height, title, desc, body, css="sp-chart sp-strip")


def stacked_columns(chart_id: str, title: str, desc: str, stacks: Sequence[tuple[str, Mapping[str, float]]],
                    colors: Sequence[str], *, axis: str, across: str, money: bool = False, width: int = 480,
                    height: int = 180, label_every: int = 1, short: Callable[[str], str] = str,
                    partial_last: bool = False) -> Markup:
    """One column per label, stacked by health color (green at the bottom), with the total on top
    when there is room, a legend of the colors used, what the columns count (`axis`) and what they
    run across (`across`). Each color is one path, so a year of weeks stays small. With
    `partial_last` the last column (a period still running) is lighter and labelled "so far"."""
    pad_l, pad_r, pad_t, legend_h = 4, 4, 16, 18
    pad_b = 40 if partial_last else 30
    n = max(len(stacks), 1)
    slot = (width - pad_l - pad_r) / n
    top = max((sum(s.values()) for _, s in stacks), default=0) or 1
    base = height - pad_b - legend_h
    room = base - pad_t
    body = [f'<line class="sp-chart__axis" x1="{pad_l}" y1="{base}" x2="{width - pad_r}" y2="{base}"/>']
    fmt = globals()["money"] if money else (lambda v: _num(round(v)))
    paths: dict[str, list[str]] = {color: [] for color in colors}
    partial_paths: dict[str, list[str]] = {color: [] for color in colors}
    for i, (name, stack) in enumerate(stacks):
        x = pad_l + i * slot + slot * 0.12
        w = slot * 0.76
        y = float(base)
        last = partial_last and i == len(stacks) - 1
        for color in colors:
            value = stack.get(color, 0)
            if value <= 0:
                continue
            h = room * value / top
            y -= h
            (partial_paths if last else paths)[color].append(f"M{_f(x)} {_f(y)}h{_f(w)}v{_f(h)}h{_f(-w)}z")
        if n <= 16:
            body.append(f'<text class="sp-chart__value" x="{_f(x + w / 2)}" y="{_f(y - 4)}" text-anchor="middle">'
                        f'{_e(fmt(sum(stack.values())))}</text>')
        if i % label_every == 0 or last:
            anchor = "end" if last and n > 16 else "middle"
            lx = x + w if anchor == "end" else x + w / 2
            body.append(f'<text class="sp-chart__label" x="{_f(lx)}" y="{base + 13}" '
                        f'text-anchor="{anchor}">{_e(short(name))}</text>')
        if last:
            lx = x + w if n > 16 else x + w / 2
            body.append(f'<text class="sp-chart__label" x="{_f(lx)}" y="{base + 24}" '
                        f'text-anchor="{"end" if n > 16 else "middle"}">so far</text>')
    for color in colors:
        if paths[color]:
            body.append(f'<path class="sp-fill--{_e(color)}" d="{"".join(paths[color])}"/>')
        if partial_paths[color]:
            body.append(f'<path class="sp-fill--{_e(color)} sp-fill--partial" d="{"".join(partial_paths[color])}"/>')
    foot = height - legend_h + 4
    body.append(f'<text class="sp-chart__label sp-chart__axis-title" x="{pad_l}" y="{base + (35 if partial_last else 25)}">'
                f'{_e(axis)} per {_e(across)}</text>')
    lx = float(pad_l)
    for color in colors:
        body.append(f'<rect class="sp-fill--{_e(color)}" x="{_f(lx)}" y="{foot}" width="10" height="10" rx="2"/>')
        body.append(f'<text class="sp-chart__label" x="{_f(lx + 14)}" y="{foot + 9}">{_e(color)}</text>')
        lx += 22 + 7 * len(color)
    return _svg(chart_id, width, height, title, desc, body)
