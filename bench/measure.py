"""Wall time and peak memory of one command, each run in a process of its own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

# A small parent process runs the command: its RUSAGE_CHILDREN peak is the command's alone.
_PROBE = r"""
import json, resource, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "peak_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
                  "returncode": proc.returncode, "stderr": proc.stderr[-2000:]}))
"""


def measured(cmd: list[str], cwd: Path, env: dict[str, str] | None = None,
             ok: tuple[int, ...] = (0,)) -> tuple[float, int]:
    """(seconds, peak resident bytes) of cmd; exits the benchmark when it fails."""
    probe = subprocess.run([sys.executable, "-c", _PROBE, *cmd], cwd=cwd, env=env or dict(os.environ),
                           capture_output=True, text=True, check=True)
    result = json.loads(probe.stdout)
    if result["returncode"] not in ok:
        raise SystemExit(f"{' '.join(cmd)} failed ({result['returncode']}):\n{result['stderr']}")
    return float(result["seconds"]), int(result["peak_kb"]) * 1024
