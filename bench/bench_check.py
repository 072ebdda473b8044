"""Benchmark `successplans check` against the YAML parse floor.

    python bench/bench_check.py [--sizes 1000 10000] [--repeat 3] [--activity file folder]

Prints, for each size: the cold `check` time (a fresh process: start-up, load, validate, compute,
print), the parse floor (a fresh process that loads the same files with PyYAML's CSafeLoader and
nothing else), their ratio (goal ≤ 2.0, at 1,000 and 10,000 customers) and the peak memory of `check`
(goal ≤ 500 MB at 10,000). Each figure is the best of --repeat runs (the machine may be shared).
`--activity` measures portfolios whose logs are activity.yaml (`file`), one file per entry in
activity/ (`folder`, 40 more files per customer), or both (the default).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from measure import measured  # noqa: E402
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000],
                        help="portfolio sizes in customers (10000 on demand: minutes and a few GB of files)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--activity", nargs="+", choices=["file", "folder"], default=["file", "folder"],
                        help="the activity log as activity.yaml, one file per entry in activity/, or both")
    args = parser.parse_args()
    for n, form in ((n, form) for n in args.sizes for form in args.activity):
        with tempfile.TemporaryDirectory() as tmp:
            root = generate(Path(tmp) / "portfolio", n, activity=form)
            files = sum(1 for p in (root / "customers").rglob("*") if p.is_file())
            check = [sys.executable, "-m", "generator", "check", "--format", "json"]
            floor = [sys.executable, "-c", FLOOR, "customers"]
            checks, floors = [], []
            for _ in range(args.repeat):
                floors.append(measured(floor, root)[0])
                checks.append(measured(check, root, ok=(0, 1)))
        best_check, best_floor = min(t for t, _ in checks), min(floors)
        peak = min(m for _, m in checks)
        print(f"customers            {n} ({files} files; activity as {form})")
        print(f"check (cold)         {best_check:.2f} s")
        print(f"parse floor          {best_floor:.2f} s  (CSafeLoader only)")
        print(f"ratio                {best_check / best_floor:.2f}  (goal ≤ 2.0)")
        print(f"peak memory (check)  {peak / 2**20:.0f} MB  (goal ≤ 500 MB at 10,000 customers)", flush=True)


if __name__ == "__main__":
    main()
