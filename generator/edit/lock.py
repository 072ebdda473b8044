"""The repository's edit lock: edits of one repository run one at a time and re-read under it.

An edit reads a file, changes it in memory and writes it back; two edits at once would each write
their own version and one entry would be lost. The lock is an advisory `flock` on
`successplans.lock` in the repository's git directory (so it never shows up as a change), else on
`.successplans.lock` beside mkdocs.yml. It is released when the edit ends, and by the operating
system if the process dies, so a crash never leaves the repository locked.

The git directory is the one git itself uses (`git rev-parse --absolute-git-dir`): a `.git` file
(`gitdir: ...`, as worktrees and submodules have) counts only when git accepts the folder it names
as a git directory, so such a file cannot make an edit create a file in any folder it likes.
"""

from __future__ import annotations

import fcntl
import os
import stat
import subprocess
import time
from pathlib import Path

from ..errors import UsageError

WAIT_SECONDS = 120.0
_GIT_ENV = ("GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_INDEX_FILE", "GIT_CEILING_DIRECTORIES")


def git_dir(root: Path) -> Path | None:
    """The git directory of the repository whose top is `root`, as git finds it; None outside git,
    when `.git` is a link, or when git refuses what `.git` names."""
    try:
        mode = os.lstat(root / ".git").st_mode
    except OSError:
        return None
    if stat.S_ISLNK(mode):
        return None
    env = {k: v for k, v in os.environ.items() if k not in _GIT_ENV}
    try:
        proc = subprocess.run(["git", "-C", str(root), "rev-parse", "--absolute-git-dir"], capture_output=True,
                              env=env, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if proc.returncode != 0:
        return None
    found = Path(os.fsdecode(proc.stdout.strip()))
    return found if found.is_absolute() and found.is_dir() else None


def lock_path(root: Path) -> Path:
    found = git_dir(root)
    return found / "successplans.lock" if found is not None else root / ".successplans.lock"


# One flock per lock file and process, shared by every RepositoryLock of that process (an import
# edits several customers at once): flock would otherwise make a process wait for itself.
_HELD: dict[Path, list[int]] = {}  # lock file → [file descriptor, holders]


class RepositoryLock:
    """Held from acquire() to release(); release is idempotent."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._path: Path | None = None  # asked of git when the lock is first taken (a dry run never is)
        self._fd: int | None = None

    @property
    def path(self) -> Path:
        if self._path is None:
            self._path = lock_path(self.root)
        return self._path

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
