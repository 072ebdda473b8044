"""Wall time and peak memory of one command, each run in a process of its own.

Peak memory is the highest sum, sampled every 50 ms, of the resident memory of the command and of
every process it starts (load shares, workers, LibreOffice): a build that spreads its work over
several interpreters is judged on what they hold together, not on its largest process. The load
average of the machine is read when the command ends, to print beside the figure.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from threading import Event, Thread

PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True, kw_only=True)
class Run:
    seconds: float
    peak: int  # bytes: the highest sampled sum over the process tree
    load: float  # the one-minute load average when the command ended


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for task in tasks:
        try:
            out.extend(int(c) for c in Path(f"/proc/{pid}/task/{task}/children").read_text().split())
        except OSError:
            pass
    return out


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants, now."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            total += int(Path(f"/proc/{current}/statm").read_text().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
        todo.extend(_children(current))
    return total


class PeakSampler:
    """Samples the resident memory of a process tree in a thread; `peak` is the highest sum seen."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        self.pid = pid
        self.interval = interval
        self.peak = 0
        self._stop = Event()
        self._thread = Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            self._stop.wait(self.interval)

    def start(self) -> PeakSampler:
        self._thread.start()
        return self

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


@contextmanager
def sampled(pid: int) -> Iterator[PeakSampler]:
    sampler = PeakSampler(pid).start()
    try:
        yield sampler
    finally:
        sampler.stop()


def load_average() -> float:
    return os.getloadavg()[0]


def measured_run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None, ok: tuple[int, ...] = (0,),
                 cores: int | None = None) -> Run:
    """Run cmd (on the first `cores` processors only, when given); exits the benchmark when it fails."""
    if cores is not None:
        cmd = ["taskset", "-c", ",".join(str(c) for c in range(cores)), *cmd]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env or dict(os.environ), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    with sampled(proc.pid) as sampler:
        _out, err = proc.communicate()
    seconds = time.perf_counter() - start
    if proc.returncode not in ok:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-2000:]}")
    return Run(seconds=seconds, peak=sampler.peak, load=load_average())


def measured(cmd: list[str], cwd: Path, env: dict[str, str] | None = None,
             ok: tuple[int, ...] = (0,)) -> tuple[float, int]:
    """(seconds, peak resident bytes of the process tree) of cmd; exits the benchmark when it fails."""
    run = measured_run(cmd, cwd, env, ok)
    return run.seconds, run.peak
