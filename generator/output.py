"""Atomic file writes: a reader sees the old file or the new one, never half of either.

Every file the tool writes (edits, decks, digests, schemas, reports) goes through here, so the
same refusals hold everywhere: no write through a symbolic link, none outside the folder the
caller confines it to, and never over a FIFO, device or socket.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from .errors import OutputError


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def check_target(path: Path, inside: Path | None = None) -> None:
    """Refuse a target that is not (or would not be) a regular file, or lies outside `inside`.

    With `inside`, every folder from `inside` down to the target must be a real folder, not a link.
    """
    if not str(path) or path.name in ("", ".", ".."):
        raise OutputError(f"'{path}' is not a file name")
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    if info is not None and stat.S_ISLNK(info.st_mode):
        raise OutputError(f"{path} is a symbolic link; it is never written through")
    if info is not None and not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        raise OutputError(f"{path} is {kind}; only regular files are written")
    if inside is not None:
        base = Path(os.path.abspath(inside))
        target = Path(os.path.abspath(path))
        if base != target and base not in target.parents:
            raise OutputError(f"{path} lies outside {inside}; nothing was written")
        folder = base
        for part in target.relative_to(base).parts[:-1]:
            folder = folder / part
            if folder.is_symlink():
                raise OutputError(f"{folder} is a symbolic link; nothing is written through it")


def atomic_write(path: Path, data: bytes, inside: Path | None = None) -> None:
    """Write through a temporary file in the same folder, then rename it over the target.

    The file keeps its permission bits; a new file gets the usual ones (0666 less the umask).
    The temporary name starts with '.', which the loader ignores should a crash leave it behind.
    Failures raise OutputError with a one-line message.
    """
    check_target(path, inside)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else _default_mode()
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
