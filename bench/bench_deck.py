"""Benchmark the EBR decks.

    python bench/bench_deck.py [--customer ironbridge-precision] [--decks 200] [--repeat 5]

Prints, in one run:
- ms per deck for a demo customer against a bare python-pptx deck with the same number of slides,
  charts (same points) and tables (same cells), saved the same way (goal: ratio ≤ 1.5);
- 200 synthetic decks with 1 and with 2 worker processes (goal: speed-up ≥ 1.7);
- a no-change rebuild (every deck from the cache) against the cold build (goal: ≤ 5%).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import tempfile
import time
from pathlib import Path

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Inches

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from synth import AS_OF, generate  # noqa: E402

from generator.config import load_config  # noqa: E402
from generator.deck import build_decks, deck_bytes  # noqa: E402
from generator.deck.template import DEFAULT_TEMPLATE  # noqa: E402
from generator.portfolio import build_portfolio  # noqa: E402
from generator.view import customer_view  # noqa: E402


def bare_deck(reference: bytes) -> bytes:
    """A plain python-pptx deck with the reference's slide, chart and table shapes."""
    source = Presentation(io.BytesIO(reference))
    prs = Presentation(str(DEFAULT_TEMPLATE))
    layout = prs.slide_layouts.get_by_name("Title Only")
    for original in source.slides:
        slide = prs.slides.add_slide(layout)
        slide.shapes.title.text = original.shapes.title.text_frame.text
        for shape in original.shapes:
            if shape.has_chart:
                plot = shape.chart.plots[0]
                data = CategoryChartData()
                data.categories = list(plot.categories)
                for series in plot.series:
                    data.add_series(series.name, list(series.values))
                slide.shapes.add_chart(XL_CHART_TYPE.LINE_MARKERS, Inches(6), Inches(1.5), Inches(6), Inches(5), data)
            elif shape.has_table:
                rows, cols = len(shape.table.rows), len(shape.table.columns)
                table = slide.shapes.add_table(rows, cols, Inches(0.6), Inches(1.5), Inches(12), Inches(4)).table
                for r in range(rows):
                    for c in range(cols):
                        table.cell(r, c).text = shape.table.cell(r, c).text
            elif shape.has_text_frame and shape != original.shapes.title:
                box = slide.shapes.add_textbox(shape.left, shape.top, shape.width, shape.height)
                box.text_frame.text = shape.text_frame.text
        slide.notes_slide.notes_text_frame.text = original.notes_slide.notes_text_frame.text
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def best(func, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customer", default="ironbridge-precision")
    parser.add_argument("--decks", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    config = load_config(ROOT / "mkdocs.yml")
    portfolio = build_portfolio(config, dt.date(2026, 11, 16), (args.customer,))
    view = customer_view(portfolio.customers[0], config)
    reference = deck_bytes(view, DEFAULT_TEMPLATE, "abc1234")
    ours = best(lambda: deck_bytes(view, DEFAULT_TEMPLATE, "abc1234"), args.repeat)
    bare = best(lambda: bare_deck(reference), args.repeat)
    source = Presentation(io.BytesIO(reference))
    shapes = [s for slide in source.slides for s in slide.shapes]
    print(f"deck of {args.customer}: {len(source.slides)} slides, {sum(s.has_chart for s in shapes)} charts, "
          f"{sum(s.has_table for s in shapes)} tables")
    print(f"  successplans      {ours * 1000:7.1f} ms per deck")
    print(f"  bare python-pptx  {bare * 1000:7.1f} ms per deck (same shapes)")
    print(f"  ratio             {ours / bare:7.2f}  (goal ≤ 1.5)")

    with tempfile.TemporaryDirectory() as tmp:
        root = generate(Path(tmp) / "portfolio", args.decks)
        synth_config = load_config(root / "mkdocs.yml")
        synth = build_portfolio(synth_config, AS_OF)
        timings = {}
        for workers in (1, 2):
            cache = Path(tmp) / f"cache{workers}"
            start = time.perf_counter()
            written = build_decks(synth, synth_config, Path(tmp) / f"out{workers}", cache_dir=cache, workers=workers)
            timings[workers] = time.perf_counter() - start
        start = time.perf_counter()
        build_decks(synth, synth_config, Path(tmp) / "out-again", cache_dir=Path(tmp) / "cache2", workers=2)
        warm = time.perf_counter() - start
    print(f"{len(written)} synthetic decks")
    print(f"  1 worker          {timings[1]:7.2f} s")
    print(f"  2 workers         {timings[2]:7.2f} s")
    print(f"  speed-up          {timings[1] / timings[2]:7.2f}  (goal ≥ 1.7)")
    print(f"  no-change rebuild {warm:7.2f} s = {warm / timings[2] * 100:.1f}% of cold  (goal ≤ 5%)")


if __name__ == "__main__":
    main()
