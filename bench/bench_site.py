"""Benchmark the site at scale, every figure beside its anchor, in one run.

    python bench/bench_site.py [--sizes 1000 10000] [--activity file folder] [--repeat 1]
                               [--anchor-size 1000] [--serve-size 10000] [--edits 5]

For each activity form (activity.yaml, or one file per entry in activity/) and each size, a
synthetic portfolio from bench/synth.py (5 objectives, 5 stakeholders, 40 activity entries and one
risk per customer, as_of set, the plugin beside `search`) is measured, each command in a fresh
process, with its peak memory: the highest sampled sum of the resident memory of the command and
every process it starts, sampled every 50 ms. Printed, with the machine's load average beside each:
- `successplans build --no-decks` at every size, its growth between sizes (goal ≤ 11× for ten times
  the customers) and peak memory (goal ≤ 2 GB at 10,000);
- at --anchor-size: a bare `mkdocs build` of a project holding the same generated Markdown as files,
  with the same theme, extensions and assets but no successplans plugin (goal: build ≤ 1.3× it),
  and the build on one processor against two (`taskset`; goal ≥ 1.5× faster on two);
- `successplans check` at every size against the YAML parse floor (CSafeLoader on the same files;
  goal ≤ 2.0×, ≤ 500 MB at 10,000);
- at --serve-size: `successplans serve`'s first page (goal ≤ 30 s at 10,000), edit to visible, the
  median of --edits edits in different customers (goal ≤ 1 s), and its peak memory (goal ≤ 2 GB);
- at sizes up to the anchor size, what the health history adds to loading and computing.
10,000 customers is for a run on demand: tens of minutes and GBs of files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from measure import Run, measured_run
from synth import AS_OF, generate

from generator.config import load_config
from generator.portfolio import build_portfolio
from generator.site.context import SiteOptions
from generator.site.pages import NAV
from generator.site.pages import plan as plan_pages
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
    for page in plan_pages(portfolio, config, SiteOptions()):
        path = docs / page.src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page.make(), encoding="utf-8")
        data = page.data() if page.data is not None and page.data_uri is not None else None
        if data is not None and page.data_uri is not None:  # a long listing's rows, as the plugin writes them
            (docs / page.data_uri).parent.mkdir(parents=True, exist_ok=True)
            (docs / page.data_uri).write_bytes(data)
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


def size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def best(runs: list[Run]) -> Run:
    """The fastest run, with the lowest peak of all (other load only ever adds to either)."""
    fastest = min(runs, key=lambda r: r.seconds)
    return Run(seconds=fastest.seconds, peak=min(r.peak for r in runs), load=fastest.load)


def mb(run: Run) -> str:
    return f"peak {run.peak / 2**20:5.0f} MB"


def load(run: Run) -> str:
    return f"[load {run.load:.1f}]"


def build_cmd() -> list[str]:
    return [str(BIN / "successplans"), "build", "--no-decks", "-f", "mkdocs.yml", "--site-dir", "site"]


def check_figures(project: Path, n: int, repeat: int) -> None:
    from bench_check import FLOOR

    check = [str(BIN / "successplans"), "check", "--format", "json"]
    floor = [sys.executable, "-c", FLOOR, "customers"]
    floors = best([measured_run(floor, project) for _ in range(repeat)])
    checks = best([measured_run(check, project, ENV, ok=(0, 1)) for _ in range(repeat)])
    print(f"  check            {checks.seconds:7.2f} s  {mb(checks)}  {load(checks)}  · parse floor "
          f"{floors.seconds:6.2f} s {load(floors)} · ratio {checks.seconds / floors.seconds:4.2f} (goal ≤ 2.0; "
          f"≤ 500 MB at 10,000)", flush=True)


def serve_figures(project: Path, n: int, edits: int) -> None:
    from bench_serve import edit_latencies, server, targets

    picked = targets(n, edits)
    with server([str(BIN / "successplans"), "serve"], project) as (url, first, cpu, memory):
        at_first = memory.peak
        start_load = os.getloadavg()[0]
        pages = [(f"customers/customer-{i:05d}/",
                  project / "customers" / f"customer-{i:05d}" / "objectives" / "objective-0.md") for i in picked]
        latencies = edit_latencies(url, pages, "title: Improve ", "successplans", keep="title: ")
        peak = memory.peak
    print(f"  serve            first page {first:6.2f} s ({cpu:.2f} s CPU) [load {start_load:.1f}] (goal ≤ 30 s at "
          f"10,000) · edit to visible {' '.join(f'{x:.2f}' for x in latencies)} s, median "
          f"{statistics.median(latencies):.2f} s (goal ≤ 1 s) [load {os.getloadavg()[0]:.1f}] · peak "
          f"{peak / 2**20:.0f} MB ({at_first / 2**20:.0f} MB at the first page; goal ≤ 2 GB)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--activity", nargs="+", choices=["file", "folder"], default=["file", "folder"],
                        help="the activity log as activity.yaml, one file per entry in activity/, or both")
    parser.add_argument("--repeat", type=int, default=1, help="best of this many runs per figure")
    parser.add_argument("--anchor-size", type=int, default=1000,
                        help="size of the bare mkdocs anchor and the one- against two-processor pair (0: none)")
    parser.add_argument("--serve-size", type=int, default=0, help="size at which serve is timed (0: none)")
    parser.add_argument("--edits", type=int, default=5, help="edits timed on serve (median printed)")
    parser.add_argument("--no-check", action="store_true", help="leave out check against the parse floor")
    parser.add_argument("--keep", type=Path, help="generate the portfolios here and keep them (reused when present)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-site-") as tmp:
        base = args.keep or Path(tmp)
        for form in args.activity:
            rows: list[tuple[int, Run]] = []
            for n in args.sizes:
                project = base / f"p{n}-{form}"
                if not (args.keep and (project / "mkdocs.yml").is_file()):
                    generate(project, n, activity=form)
                files = sum(len(f) for _, _, f in os.walk(project / "customers"))
                print(f"{n:>6} customers, activity as {form} ({files} files), as of {AS_OF.isoformat()}:", flush=True)
                run = best([measured_run(build_cmd(), project, ENV) for _ in range(args.repeat)])
                rows.append((n, run))
                site_bytes = size(project / "site")
                pages = sum(1 for _ in (project / "site").rglob("index.html"))
                print(f"  build --no-decks {run.seconds:7.2f} s  {mb(run)}  {load(run)}  · {pages} pages · site "
                      f"{site_bytes / 1e6:.1f} MB = {site_bytes / n / 1e3:.1f} kB per customer (peak goal ≤ 2 GB at "
                      f"10,000)", flush=True)
                if n == args.anchor_size:
                    floor = floor_project(project, base / f"f{n}-{form}", AS_OF)
                    bare = best([measured_run([str(BIN / "mkdocs"), "build", "-q", "-f", str(floor), "-d", "site"],
                                              floor.parent, ENV) for _ in range(args.repeat)])
                    print(f"  bare mkdocs      {bare.seconds:7.2f} s  {mb(bare)}  {load(bare)}  · build / bare = "
                          f"{run.seconds / bare.seconds:4.2f} (goal ≤ 1.3)", flush=True)
                    shutil.rmtree(floor.parent, ignore_errors=True)
                    one = best([measured_run(build_cmd(), project, ENV, cores=1) for _ in range(args.repeat)])
                    two = best([measured_run(build_cmd(), project, ENV, cores=2) for _ in range(args.repeat)])
                    print(f"  one processor    {one.seconds:7.2f} s  {mb(one)}  {load(one)}  · two processors "
                          f"{two.seconds:7.2f} s  {mb(two)}  {load(two)}  · speed-up {one.seconds / two.seconds:4.2f}× "
                          f"(goal ≥ 1.5)", flush=True)
                if not args.no_check:
                    check_figures(project, n, args.repeat)
                if n == args.serve_size:
                    serve_figures(project, n, args.edits)
                if n <= max(args.anchor_size, 1000):
                    model, history, points = timeline_cost(project, AS_OF)
                    print(f"  health history   {history:7.2f} s for {points} points ({points // n} per customer), "
                          f"against {model:5.2f} s to load and compute the portfolio", flush=True)
                shutil.rmtree(project / "site", ignore_errors=True)
            for (n0, r0), (n1, r1) in zip(rows, rows[1:]):
                print(f"growth {n0} → {n1} ({form}): {r1.seconds / r0.seconds:.2f}× the time for {n1 / n0:.0f}× "
                      f"the customers (goal ≤ {1.1 * n1 / n0:.0f}×), peak {r0.peak / 2**20:.0f} → "
                      f"{r1.peak / 2**20:.0f} MB", flush=True)


if __name__ == "__main__":
    main()
