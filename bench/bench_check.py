"""Benchmark `successplans check` against the YAML parse floor.

    python bench/bench_check.py [--customers 1000] [--repeat 3]

Prints, in one run: the cold `check` time (a fresh process: start-up, load, validate, compute,
print), the parse floor (a fresh process that loads the same files with PyYAML's CSafeLoader and
nothing else), their ratio (goal ≤ 2.0 at 1,000 customers) and the peak memory of `check`
(goal ≤ 500 MB). Each figure is the best of --repeat runs.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synth import generate  # noqa: E402

FLOOR = r"""
import os, sys, yaml
loader = yaml.CSafeLoader
root = sys.argv[1]
count = 0
for folder, dirs, files in os.walk(root):
    dirs.sort()
    for name in sorted(files):
        path = os.path.join(folder, name)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        if name.endswith(".md"):
            text = text.split("\n---\n", 1)[0][4:]
        yaml.load(text, Loader=loader)
        count += 1
print(count, "files")
"""


def run(cmd: list[str], cwd: Path) -> tuple[float, int]:
    """Wall time and peak resident memory (bytes) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = generate(Path(tmp) / "portfolio", args.customers)
        files = sum(1 for p in (root / "customers").rglob("*") if p.is_file())
        check = [sys.executable, "-m", "generator", "check", "--format", "json"]
        floor = [sys.executable, "-c", FLOOR, "customers"]
        check_times, floor_times, peaks = [], [], []
        for _ in range(args.repeat):
            floor_times.append(run(floor, root)[0])
            elapsed, _peak = run(check, root)
            check_times.append(elapsed)
        # peak memory of check alone, in a process of its own
        probe = subprocess.run(
            [sys.executable, "-c",
             "import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL);"
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)", *check],
            cwd=root, capture_output=True, text=True, check=True)
        peaks.append(int(probe.stdout.strip()) * 1024)
    best_check, best_floor = min(check_times), min(floor_times)
    print(f"customers            {args.customers} ({files} files)")
    print(f"check (cold)         {best_check:.2f} s")
    print(f"parse floor          {best_floor:.2f} s  (CSafeLoader only)")
    print(f"ratio                {best_check / best_floor:.2f}  (goal ≤ 2.0)")
    print(f"peak memory (check)  {max(peaks) / 2**20:.0f} MB  (goal ≤ 500 MB)")


if __name__ == "__main__":
    main()
