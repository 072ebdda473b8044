"""Benchmark the live preview: `successplans serve` against bare `mkdocs serve` on the same pages.

    python bench/bench_serve.py [--sizes 100 1000] [--edits 5] [--repeat 2] [--anchor-edits 5]
                                [--portfolios DIR] [--no-anchor]

For each size, a synthetic portfolio from bench/synth.py is served on a free port, in a fresh process:
- first page: from starting the server to the dashboard's first 200 response (goal ≤ 10 s at 1,000);
- edit to visible: one objective's title changed in each of --edits different customers, one after
  the other; for each, the customer's page is opened first (as a CSM looking at it), then the file is
  written and the page polled every 50 ms until the new title shows. The median is printed
  (goals: ≤ 1 s at 100 customers, ≤ 3 s at 1,000).
- peak memory: the highest resident memory of the server and every process it starts, summed,
  sampled from its start to its last edit (goal at 10,000: ≤ 2 GB; first page ≤ 30 s, edit ≤ 1 s).
The anchor is bare `mkdocs serve --livereload` on a project holding the same generated Markdown as
plain files (bench_site.floor_project), timed the same way, its edits made in the Markdown.
Each figure of successplans is the best of --repeat servers (the machine may be shared); the anchor
runs once per size (a whole site per edit is slow: at 10,000 customers each takes many minutes, so
--no-anchor leaves it out). A portfolio of 10,000 customers takes minutes to write: with
--portfolios DIR each size is written once into DIR/p<size> and reused (the edits are undone after
each run).
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_site import BIN, ENV, floor_project  # noqa: E402
from measure import PeakSampler, load_average  # noqa: E402
from synth import AS_OF, generate  # noqa: E402

TIMEOUT = 900.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def poll(url: str, accept: Callable[[str], bool], interval: float = 0.05) -> float:
    """Seconds until the page at url satisfies accept (measured from the call)."""
    start = time.perf_counter()
    while time.perf_counter() - start < TIMEOUT:
        html = fetch(url)
        if html is not None and accept(html):
            return time.perf_counter() - start
        time.sleep(interval)
    raise SystemExit(f"{url}: nothing acceptable within {TIMEOUT:.0f} s")


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far: unlike wall time, other load does not inflate it."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def server(cmd: list[str], cwd: Path) -> Iterator[tuple[str, float, float, PeakSampler]]:
    """A server process on a free port; yields its URL, the seconds to its first dashboard, the
    CPU seconds it used until then and the sampler of its memory (with every process it starts)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    start = time.perf_counter()
    proc = subprocess.Popen([*cmd, "--dev-addr", f"127.0.0.1:{port}"], cwd=cwd, env=ENV, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    sampler = PeakSampler(proc.pid).start()
    try:
        poll(url, lambda html: "customers" in html, interval=0.1)
        yield url, time.perf_counter() - start, cpu_seconds(proc.pid), sampler
    finally:
        sampler.stop()
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def edit_latencies(url: str, targets: list[tuple[str, Path]], old: str, label: str, keep: str = "",
                   originals: dict[Path, str] | None = None) -> list[float]:
    """Edit each (customer page, file) in turn; seconds from the write to the new text on the page.
    Each file's text before the edit goes into `originals` (to undo the edits later)."""
    latencies = []
    for i, (page, path) in enumerate(targets):
        fetch(url + page)  # the CSM is looking at the page
        text = path.read_text(encoding="utf-8")
        if originals is not None:
            originals.setdefault(path, text)
        marker = f"{label} edit {i} at {time.time_ns()}"
        assert old in text, path
        path.write_text(text.replace(old, f"{keep}{marker} ", 1), encoding="utf-8")
        latencies.append(poll(url + page, lambda html, m=marker: m in html))
    return latencies


def portfolio(n: int, tmp: Path, kept: Path | None) -> Path:
    """The synthetic portfolio of n customers: written into tmp, or once into `kept` and reused."""
    if kept is None:
        return generate(tmp / f"p{n}", n)
    project = kept / f"p{n}"
    if not (project / "mkdocs.yml").is_file():
        generate(project, n)
    return project


def gigabytes(n: int) -> str:
    return f"{n / 1e9:.2f} GB"


def targets(n: int, count: int) -> list[int]:
    """`count` different customers spread over the portfolio."""
    return sorted({round(i * (n - 1) / max(count - 1, 1)) for i in range(count)})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=2, help="successplans servers per size (best figure kept)")
    parser.add_argument("--anchor-edits", type=int, default=5, help="edits timed on bare mkdocs serve (0: none)")
    parser.add_argument("--no-anchor", action="store_true", help="time successplans serve only")
    parser.add_argument("--portfolios", type=Path, help="keep each synthetic portfolio here and reuse it")
    args = parser.parse_args()
    old = "title: Improve "
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        for n in args.sizes:
            project = portfolio(n, Path(tmp), args.portfolios)
            picked = targets(n, args.edits)
            firsts, cpus, medians, peaks = [], [], [], []
            for run in range(args.repeat):
                originals: dict[Path, str] = {}
                try:
                    with server([str(BIN / "successplans"), "serve"], project) as (url, first, cpu, memory):
                        edits = [(f"customers/customer-{i:05d}/",
                                  project / "customers" / f"customer-{i:05d}" / "objectives" / f"objective-{run}.md")
                                 for i in picked]
                        lat = edit_latencies(url, edits, old, "successplans", keep="title: ", originals=originals)
                finally:
                    for path, text in originals.items():  # a kept portfolio is as it was for the next run
                        path.write_text(text, encoding="utf-8")
                firsts.append(first)
                cpus.append(cpu)
                medians.append(statistics.median(lat))
                peaks.append(memory.peak)
                print(f"{n:>6} customers · successplans serve (run {run + 1}): first page {first:6.2f} s "
                      f"({cpu:.2f} s CPU) · "
                      f"edit to visible {' '.join(f'{x:.2f}' for x in lat)} s, median {medians[-1]:.2f} s · "
                      f"peak memory {gigabytes(memory.peak)} · load average {load_average():.2f}", flush=True)
            line = (f"{n:>6} customers · successplans serve: first page {min(firsts):6.2f} s ({min(cpus):.2f} s CPU) · "
                    f"edit to visible "
                    f"(median of {len(picked)}) {min(medians):5.2f} s · peak memory {gigabytes(min(peaks))}  "
                    f"[best of {args.repeat}]")
            if args.no_anchor:
                print(line, flush=True)
                continue
            floor = floor_project(project, Path(tmp) / f"f{n}", AS_OF)
            with server([str(BIN / "mkdocs"), "serve", "--livereload", "-f", str(floor)], floor.parent) \
                    as (url, first, cpu, memory):
                anchor = f" · bare mkdocs serve: first page {first:6.2f} s ({cpu:.2f} s CPU)"
                if args.anchor_edits:
                    edits = [(f"customers/customer-{i:05d}/", floor.parent / "docs" / "customers" / f"customer-{i:05d}.md")
                             for i in picked[:args.anchor_edits]]
                    lat = edit_latencies(url, edits, "Improve ", "mkdocs")
                    anchor += f", edit to visible (median of {len(lat)}) {statistics.median(lat):5.2f} s"
                anchor += f", peak memory {gigabytes(memory.peak)}"
            print(line + anchor, flush=True)
    print("goals: first page ≤ 10 s at 1,000, ≤ 30 s at 10,000 · edit to visible ≤ 1 s at 100 and at 10,000, "
          "≤ 3 s at 1,000 · memory ≤ 2 GB at 10,000")


if __name__ == "__main__":
    main()
