"""Atomic file writes: a reader sees the old files or the new ones, never half of either.

Every file the tool writes (edits, decks, digests, schemas, reports) goes through here, so the
same refusals hold everywhere: no write through a symbolic link, none outside the folder the
caller confines it to, and never over a FIFO, device or socket.

Several files written together (a rename touching an objective, the activity log and risks; an
import across customers) are all or nothing: every new content is written to a temporary file
beside its target first, and only when all are on disk are they renamed over their targets. A
rename that fails midway puts back every file already replaced (a hard link kept the old one),
removes every file and folder the write created, and the command reports one line: the files are
as they were.
"""

from __future__ import annotations

import os
import secrets
import stat
import tempfile
from collections.abc import Iterable, Mapping
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
        _check_inside(path.parent, inside, path)


def _check_inside(folder: Path, inside: Path, shown: Path) -> None:
    base = Path(os.path.abspath(inside))
    target = Path(os.path.abspath(folder))
    if base != target and base not in target.parents:
        raise OutputError(f"{shown} lies outside {inside}; nothing was written")
    current = base
    for part in target.relative_to(base).parts:
        current = current / part
        try:
            mode = os.lstat(current).st_mode
        except FileNotFoundError:
            return  # made by the write, as a real folder
        except OSError as exc:
            raise OutputError(f"cannot write {shown}: {exc.strerror or exc}") from None
        if stat.S_ISLNK(mode):
            raise OutputError(f"{current} is a symbolic link; nothing is written through it")
        if not stat.S_ISDIR(mode):
            raise OutputError(f"{current} is not a folder; nothing was written")


def ensure_folder(folder: Path, inside: Path) -> None:
    """Make `folder` exist as real folders from `inside` down, refusing a link, a file or anything
    outside on the way: a cache or deck folder that is a link never leads a write (or a deletion)
    elsewhere."""
    _check_inside(folder, inside, folder)
    _make_folders(folder, [], folder)


def _make_folders(folder: Path, made: list[Path], shown: Path) -> None:
    """Create the missing folders down to `folder`, recording each one made (outermost first)."""
    missing: list[Path] = []
    current = folder
    while not os.path.lexists(current):
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for path in reversed(missing):
        try:
            os.mkdir(path)
        except FileExistsError:
            if not path.is_dir() or path.is_symlink():
                raise OutputError(f"{path} is not a folder; nothing was written") from None
            continue
        except OSError as exc:
            raise OutputError(f"cannot write {shown}: {exc.strerror or exc}") from None
        made.append(path)


def atomic_write(path: Path, data: bytes, inside: Path | None = None) -> None:
    """Write through a temporary file in the same folder, then rename it over the target.

    The file keeps its permission bits; a new file gets the usual ones (0666 less the umask).
    The temporary name starts with '.', which the loader ignores should a crash leave it behind.
    Failures raise OutputError with a one-line message.
    """
    write_files({path: data}, inside=inside)


def write_files(changes: Mapping[Path, bytes], removed: Iterable[Path] = (), inside: Path | None = None) -> None:
    """Write every file of `changes` and remove every file of `removed`, all or nothing.

    Failures raise OutputError with a one-line message, and leave every file (and folder) as it was.
    """
    targets = sorted(changes)
    gone = sorted(removed)
    for path in (*targets, *gone):
        check_target(path, inside)
    several = len(targets) + len(gone) > 1
    made: list[Path] = []
    staged: list[tuple[Path, str]] = []
    try:
        for path in targets:
            _make_folders(path.parent, made, path)
            staged.append((path, _stage(path, changes[path])))
    except BaseException as exc:
        _discard([tmp for _path, tmp in staged])
        _remove_folders(made)
        if isinstance(exc, OutputError) and several:
            raise OutputError(f"{exc}; nothing was changed") from None
        raise
    _commit(staged, gone, made, several)


def _stage(path: Path, data: bytes) -> str:
    """The new content in a temporary file beside `path`, with the mode `path` has (or would get)."""
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode) if os.path.lexists(path) else _default_mode()
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def _commit(staged: list[tuple[Path, str]], gone: list[Path], made: list[Path], several: bool) -> None:
    """Rename the staged files over their targets and set the removed ones aside; undo on failure."""
    done: list[tuple[Path, str | None]] = []  # (target, its old content set aside; None: it is new)
    current: Path | None = None
    try:
        for index, (path, tmp) in enumerate(staged):
            current = path
            backup = _keep(path) if os.path.lexists(path) else None
            try:
                os.replace(tmp, path)
            except BaseException:
                if backup is not None:
                    Path(backup).unlink(missing_ok=True)
                raise
            staged[index] = (path, "")
            done.append((path, backup))
        for path in gone:
            current = path
            aside = _aside_name(path)
            os.replace(path, aside)
            done.append((path, aside))
    except BaseException as exc:
        _undo(done)
        _discard([tmp for _path, tmp in staged if tmp])
        _remove_folders(made)
        if isinstance(exc, OSError):
            where = current or (staged[0][0] if staged else Path("."))
            after = "; nothing was changed" if several else ""
            raise OutputError(f"cannot write {where}: {exc.strerror or exc}{after}") from None
        raise
    _discard([backup for _path, backup in done if backup])


def _aside_name(path: Path) -> str:
    return str(path.with_name(f".{path.name}.{secrets.token_hex(6)}.old"))


def _keep(path: Path) -> str:
    """A second name for the file at `path` (its old content, once the new one is renamed over it)."""
    aside = _aside_name(path)
    try:
        os.link(path, aside)  # no copy: the old content stays under this name
    except OSError:
        with open(path, "rb") as source, open(aside, "xb") as copy:
            copy.write(source.read())
    return aside


def _undo(done: list[tuple[Path, str | None]]) -> None:
    for path, backup in reversed(done):
        try:
            if backup is None:
                os.unlink(path)
            else:
                os.replace(backup, path)
        except OSError:  # pragma: no cover - the file system failing twice in a row
            continue


def _discard(paths: list[str]) -> None:
    for path in paths:
        try:
            os.unlink(path)
        except OSError:
            continue


def _remove_folders(made: list[Path]) -> None:
    for folder in reversed(made):
        try:
            os.rmdir(folder)
        except OSError:
            continue
