"""Benchmark edits of a long activity log against `check` reading the same files.

    python bench/bench_edit.py [--sizes 2500 10000] [--repeat 3] [--readings 100]

A plans repository of one synthetic customer whose activity.yaml holds N entries (about 85 bytes
each, as a log kept for years is: date, kind, title, attendees on every third), just under the
1 MiB a file may have at 12,000. Prints, for each size, the best of --repeat fresh processes:
`log --dry-run` (goal under 1 s at 10,000 entries), `import readings --dry-run` of --readings dated
rows (one new entry each), and `check` of the same repository (the anchor: reading the log once),
then how the edit grew from the smallest size to the largest (linear: about the ratio of sizes).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from measure import measured_run  # noqa: E402
from synth import AS_OF, generate  # noqa: E402

CUSTOMER = "customer-00000"
KINDS = ("call", "meeting", "email")


def long_log(entries: int) -> str:
    """N entries, oldest first, in the layout `log` writes."""
    first = AS_OF - dt.timedelta(days=entries // 3 + 1)
    return "".join(
        f"- date: {first + dt.timedelta(days=i // 3)}\n  kind: {KINDS[i % 3]}\n"
        f"  title: Weekly call with operations {i:05d}\n" + ("  attendees: [person-0]\n" if i % 3 == 0 else "")
        for i in range(entries))


def readings_csv(rows: int) -> str:
    """Dated readings of the customer's first objective, one a day up to the as-of date, in a new entry each."""
    lines = ["customer,objective,date,value,title"]
    for i in range(rows):
        day = AS_OF - dt.timedelta(days=rows - i - 1)
        lines.append(f"{CUSTOMER},objective-0,{day},{10 + i % 7},Reading from the export")
    return "\n".join(lines) + "\n"


def best(cmd: list[str], root: Path, repeat: int, env: dict[str, str], ok: tuple[int, ...] = (0,)) -> float:
    """The fastest of `repeat` runs (the machine may be shared); the benchmark stops when one fails."""
    return min(measured_run(cmd, root, env, ok=ok).seconds for _ in range(repeat))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2500, 10000], help="entries in the log")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--readings", type=int, default=100, help="dated rows imported in one run")
    args = parser.parse_args()
    env = {**os.environ, "SUCCESSPLANS_TODAY": AS_OF.isoformat()}
    python = [sys.executable, "-m", "generator"]
    logs: list[tuple[int, float]] = []
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = generate(Path(tmp) / "plans", 1)
            log = root / "customers" / CUSTOMER / "activity.yaml"
            log.write_text(long_log(n), encoding="utf-8")
            size = log.stat().st_size
            (root / "readings.csv").write_text(readings_csv(args.readings), encoding="utf-8")
            edit = best([*python, "log", CUSTOMER, "--kind", "call", "--title", "Weekly sync", "--date",
                         AS_OF.isoformat(), "--dry-run"], root, args.repeat, env)
            imported = best([*python, "import", "readings", "readings.csv", "--dry-run"], root, args.repeat, env)
            check = best([*python, "check", CUSTOMER], root, args.repeat, env, ok=(0, 1))
        logs.append((n, edit))
        print(f"entries              {n} (activity.yaml of {size:,} bytes)")
        print(f"log --dry-run        {edit:.2f} s  (goal under 1 s at 10,000)")
        print(f"import {args.readings} readings   {imported:.2f} s")
        print(f"check (anchor)       {check:.2f} s  (log / check: {edit / check:.2f})", flush=True)
    if len(logs) > 1:
        (small, t_small), (large, t_large) = logs[0], logs[-1]
        print(f"growth               {t_large / t_small:.2f}x for {large / small:.1f}x the entries "
              f"(load average {os.getloadavg()[0]:.2f})")


if __name__ == "__main__":
    main()
