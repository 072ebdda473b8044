"""Benchmark `successplans build` (site only) against a bare `mkdocs build` of the same pages.

    python bench/bench_site.py [--sizes 100 1000 10000] [--repeat 1]

For each size, a synthetic portfolio from bench/synth.py is built twice, each in a fresh process:
the full `successplans build --no-decks` (load, check, compute, generate, MkDocs), and the floor:
a bare `mkdocs build` of a project holding the same generated Markdown written out once as files,
with the same theme, extensions, assets and small navigation but no successplans plugin.
Prints the times, the build's peak memory (goal ≤ 2 GB at 10,000 customers), their ratio
(goal ≤ 1.3), the growth factor between sizes (goal ≤ 11 for ten times the customers: linear)
and the site size per customer (goal: flat). 10,000 customers on demand only: minutes and GBs.
The floor holds every generated page (customer and CSM pages, the portfolio views, this week, data
to fix, the handbook).

It also times, in this process, what the health history adds: computing every customer's health at
the end of each week of the last four quarters from the already loaded portfolio.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from measure import measured
from synth import AS_OF, generate

from generator.config import load_config
from generator.portfolio import build_portfolio
from generator.site.context import SiteOptions
from generator.site.pages import NAV
from generator.site.pages import generate as generate_pages
from generator.resources import ASSETS, SHIPPED
from generator.site.plugin import (
    ASSET_PREFIX,
    MARKDOWN_EXTENSIONS,
    SCRIPTS,
    STYLESHEETS,
)

BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1763251200"}


def floor_project(project: Path, out: Path, as_of: dt.date) -> Path:
    """The same pages as plain files in a project without the plugin."""
    config = load_config(project / "mkdocs.yml")
    portfolio = build_portfolio(config, as_of, history=True)
    docs = out / "docs"
    for page in generate_pages(portfolio, config, SiteOptions()):
        path = docs / page.src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page.markdown, encoding="utf-8")
    (docs / ASSET_PREFIX).mkdir(parents=True, exist_ok=True)
    for name in SHIPPED.names(ASSETS):
        shutil.copy2(SHIPPED.find(name), docs / ASSET_PREFIX / name.removeprefix(ASSETS + "/"))
    lines = ["site_name: Synthetic portfolio (floor)", "docs_dir: docs", "theme:", "  name: material", "  font: false",
             "plugins:", "  - search", "nav:"]
    lines += [f"  - {title}: {uri}" for title, uri in NAV]
    lines += ["not_in_nav: |", "  /customers/*", "  /csms/*", "markdown_extensions:"]
    for name, options in MARKDOWN_EXTENSIONS.items():
        lines.append(f"  - {name}" + (":" if options else ""))
        lines += [f"      {k}: {str(v).lower()}" for k, v in options.items()]
    lines += ["extra_css:"] + [f"  - {ASSET_PREFIX}{n}" for n in STYLESHEETS]
    lines += ["extra_javascript:"] + [f"  - {ASSET_PREFIX}{n}" for n in SCRIPTS]
    (out / "mkdocs.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out / "mkdocs.yml"


def timeline_cost(project: Path, as_of: dt.date) -> tuple[float, float, int]:
    """(seconds to load and compute the portfolio, seconds more with every customer's timeline, points)."""
    config = load_config(project / "mkdocs.yml")
    start = time.perf_counter()
    build_portfolio(config, as_of)
    loaded = time.perf_counter()
    portfolio = build_portfolio(config, as_of, history=True)
    done = time.perf_counter()
    timelines = [c.timeline for c in portfolio.customers if c.timeline is not None]
    return loaded - start, (done - loaded) - (loaded - start), sum(len(t.points) for t in timelines)


def timed(cmd: list[str], cwd: Path) -> float:
    return measured(cmd, cwd, ENV)[0]


def size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--repeat", type=int, default=1, help="best of this many runs per figure")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-site-") as tmp:
        for n in args.sizes:
            project = generate(Path(tmp) / f"p{n}", n)
            floor = floor_project(project, Path(tmp) / f"f{n}", AS_OF)
            runs = [measured([str(BIN / "successplans"), "build", "--no-decks", "-f", "mkdocs.yml", "--site-dir", "site"],
                             project, ENV) for _ in range(args.repeat)]
            full, peak = min(t for t, _ in runs), min(m for _, m in runs)
            bare = min(timed([str(BIN / "mkdocs"), "build", "-q", "-f", str(floor), "-d", "site"], floor.parent)
                       for _ in range(args.repeat))
            site_bytes = size(project / "site")
            rows.append((n, full, bare, site_bytes))
            pages = sum(1 for _ in (project / "site").rglob("index.html"))
            print(f"{n:>6} customers: successplans build {full:6.2f} s (peak {peak / 2**20:5.0f} MB) · "
                  f"bare mkdocs build {bare:6.2f} s · ratio {full / bare:4.2f} · {pages} pages · "
                  f"site {site_bytes / 1e6:7.1f} MB = {site_bytes / n / 1e3:6.1f} kB per customer", flush=True)
            model, history, points = timeline_cost(project, AS_OF)
            print(f"        health history: {history:5.2f} s for {points} points ({points // n} per customer), "
                  f"against {model:5.2f} s to load and compute the portfolio", flush=True)
    if len(rows) > 1:
        (n0, t0, _, s0), (n1, t1, _, s1) = rows[0], rows[-1]
        print(f"growth time({n1})/time({n0}) = {t1 / t0:.2f} (linear: {n1 / n0:.0f}); size per customer "
              f"{s0 / n0 / 1e3:.1f} → {s1 / n1 / 1e3:.1f} kB (the theme's fixed assets spread thinner); "
              f"each added customer {(s1 - s0) / (n1 - n0) / 1e3:.1f} kB")
    for (n0, t0, _, _), (n1, t1, _, _) in zip(rows, rows[1:]):
        print(f"growth {n0} → {n1}: {t1 / t0:.2f}× for {n1 / n0:.0f}× the customers")
    print(f"ratio goal ≤ 1.3 · growth goal ≤ 11 for 10× (linear) · peak memory goal ≤ 2 GB at 10,000 · "
          f"as of {AS_OF.isoformat()}")


if __name__ == "__main__":
    main()
