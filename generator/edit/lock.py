"""The repository's edit lock: edits of one repository run one at a time and re-read under it.

An edit reads a file, changes it in memory and writes it back; two edits at once would each write
their own version and one entry would be lost. The lock is an advisory `flock` on
`.git/successplans.lock` in a git repository (so it never shows up as a change), else on
`.successplans.lock` beside mkdocs.yml. It is released when the edit ends, and by the operating
system if the process dies, so a crash never leaves the repository locked.
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path

from ..errors import UsageError

WAIT_SECONDS = 120.0


def lock_path(root: Path) -> Path:
    git = root / ".git"
    if git.is_dir() and not git.is_symlink():
        return git / "successplans.lock"
    if git.is_file():  # a worktree or submodule: .git names the real folder
        text = git.read_text(encoding="utf-8", errors="replace").strip()
        if text.startswith("gitdir:"):
            target = (root / text[len("gitdir:"):].strip()).resolve()
            if target.is_dir():
                return target / "successplans.lock"
    return root / ".successplans.lock"


# One flock per lock file and process, shared by every RepositoryLock of that process (an import
# edits several customers at once): flock would otherwise make a process wait for itself.
_HELD: dict[Path, list[int]] = {}  # lock file → [file descriptor, holders]


class RepositoryLock:
    """Held from acquire() to release(); release is idempotent."""

    def __init__(self, root: Path) -> None:
        self.path = lock_path(root)
        self._fd: int | None = None

    def acquire(self, wait: float = WAIT_SECONDS) -> None:
        if self._fd is not None:
            return
        shared = _HELD.get(self.path)
        if shared is not None:
            shared[1] += 1
            self._fd = shared[0]
            return
        self._fd = self._lock(wait)
        _HELD[self.path] = [self._fd, 1]

    def _lock(self, wait: float) -> int:
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        try:
            fd = os.open(self.path, flags, 0o644)
        except OSError as exc:
            raise UsageError(f"cannot open the edit lock {self.path}: {exc.strerror or exc}") from None
        deadline = time.monotonic() + wait
        delay = 0.005
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise UsageError(f"another edit of this repository has held {self.path} for "
                                     f"{wait:.0f} s; nothing was changed") from None
                time.sleep(delay)
                delay = min(delay * 2, 0.1)
        return fd

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        shared = _HELD[self.path]
        shared[1] -= 1
        if shared[1] == 0:
            del _HELD[self.path]
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    @property
    def held(self) -> bool:
        return self._fd is not None
