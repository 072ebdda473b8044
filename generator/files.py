"""Where customer files are read from: the working tree, the working tree with pending edits, or a
git revision.

The loader sees only this interface, so an edit can be validated before anything is written (the
pending bytes lie over the disk) and a revision can be compared without extracting it. Entries
are described without following symbolic links: a link is reported as a link, never read through.
"""

from __future__ import annotations

import enum
import errno
import os
import stat
import subprocess
import weakref
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from .yamlread import MAX_BYTES


class Kind(enum.Enum):
    FILE = "file"
    DIR = "folder"
    LINK = "symbolic link"
    OTHER = "special file"  # FIFO, device, socket: never opened


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    name: str
    path: Path
    kind: Kind


class Files(Protocol):
    def kind(self, path: Path) -> Kind | None:
        """What is at path (not following a final link), or None when nothing is."""

    def listdir(self, folder: Path) -> list[Entry]:
        """The entries of a folder, sorted by name; raises OSError when it cannot be listed."""

    def size(self, path: Path) -> int:
        """A regular file's size in bytes; raises OSError."""

    def read(self, path: Path) -> bytes:
        """A regular file's bytes; raises OSError (EFBIG for a file over the 1 MiB limit)."""


def _kind_of_mode(mode: int) -> Kind:
    if stat.S_ISLNK(mode):
        return Kind.LINK
    if stat.S_ISDIR(mode):
        return Kind.DIR
    if stat.S_ISREG(mode):
        return Kind.FILE
    return Kind.OTHER


def _entry_kind(item: os.DirEntry[str]) -> Kind:
    # the directory listing's own type (no extra system call on most file systems)
    if item.is_symlink():
        return Kind.LINK
    if item.is_dir(follow_symlinks=False):
        return Kind.DIR
    if item.is_file(follow_symlinks=False):
        return Kind.FILE
    return Kind.OTHER


class DiskFiles:
    """The file system, with optional pending contents laid over it (path → bytes)."""

    def __init__(self, overlay: Mapping[Path, bytes] | None = None, removed: Iterable[Path] = ()) -> None:
        self.overlay = {Path(os.path.abspath(p)): data for p, data in (overlay or {}).items()}
        self.removed = {Path(os.path.abspath(p)) for p in removed}

    def _pending(self, path: Path) -> bytes | None:
        if not self.overlay:
            return None
        return self.overlay.get(Path(os.path.abspath(path)))

    def kind(self, path: Path) -> Kind | None:
        if self._pending(path) is not None:
            return Kind.FILE
        if self.removed and Path(os.path.abspath(path)) in self.removed:
            return None
        try:
            return _kind_of_mode(os.lstat(path).st_mode)
        except OSError:
            if self.overlay and any(Path(os.path.abspath(path)) in p.parents for p in self.overlay):
                return Kind.DIR
            return None

    def listdir(self, folder: Path) -> list[Entry]:
        entries: dict[str, Entry] = {}
        try:
            with os.scandir(folder) as scan:
                for item in scan:
                    entries[item.name] = Entry(name=item.name, path=Path(item.path), kind=_entry_kind(item))
        except FileNotFoundError:
            if not self.overlay:
                raise
        absolute = Path(os.path.abspath(folder))
        for pending in self.overlay:
            if pending.parent == absolute and pending.name not in entries:
                entries[pending.name] = Entry(name=pending.name, path=folder / pending.name, kind=Kind.FILE)
            elif absolute in pending.parents and pending.parent != absolute:
                name = pending.relative_to(absolute).parts[0]
                entries.setdefault(name, Entry(name=name, path=folder / name, kind=Kind.DIR))
        if self.removed:
            entries = {name: e for name, e in entries.items() if Path(os.path.abspath(e.path)) not in self.removed}
        return sorted(entries.values(), key=lambda e: e.name)

    def size(self, path: Path) -> int:
        pending = self._pending(path)
        if pending is not None:
            return len(pending)
        return os.lstat(path).st_size

    def read(self, path: Path) -> bytes:
        pending = self._pending(path)
        if pending is not None:
            return pending
        # O_NOFOLLOW: a link swapped in after the listing is refused, not followed
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise OSError(f"{path} is not a regular file")
            if info.st_size > READ_LIMIT:  # the caller asks size() for the message
                raise OSError(errno.EFBIG, f"it is {info.st_size:,} bytes, over the 1 MiB limit")
            chunks: list[bytes] = []
            left = READ_LIMIT + 1  # a file growing meanwhile is cut here, and refused by its length
            while left > 0:
                chunk = os.read(fd, max(info.st_size + 1, 1 << 16) if not chunks else 1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
                left -= len(chunk)
            return b"".join(chunks)
        finally:
            os.close(fd)


MAX_CSV_BYTES = 16 << 20
"""The largest CSV an import reads (an export of a year of daily readings for every customer, or a
CRM's every account, is far smaller): anything bigger is a wrong file, and reading it whole would
fill memory."""


def read_regular(path: Path, limit: int) -> bytes:
    """A regular file's bytes (a final link followed), at most `limit` + 1 of them: the caller tells
    a file over its limit by the length. A FIFO, device or folder is refused by type (OSError)
    before any read, so neither a pipe without writer nor /dev/zero can hang or fill memory."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            what = "a folder" if stat.S_ISDIR(mode) else "a FIFO" if stat.S_ISFIFO(mode) \
                else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file"
            raise OSError(0, f"it is {what}, not a regular file")
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


class GitRunner(Protocol):
    def __call__(self, args: list[str], cwd: Path, stdin: bytes | None = None) -> bytes: ...


_GIT_MODES = {"040000": Kind.DIR, "100644": Kind.FILE, "100755": Kind.FILE, "120000": Kind.LINK,
              "160000": Kind.OTHER}


class GitTreeFiles:
    """The files of one commit, read from git's object store: nothing is extracted or followed.

    Only the files the loader asks for are read, one at a time from one `git cat-file --batch`
    process, and only when their size (known from the listing) is within the 1 MiB limit: a large
    stray file in the revision is listed, never read. close() (or a `with` block) ends the process.
    """

    def __init__(self, top: Path, root: Path, commit: str, under: str, run: GitRunner) -> None:
        """`top` is the repository's top folder, `root` the folder paths are given from (holding
        mkdocs.yml, possibly below top), `under` the tree path to list."""
        self.top = top
        self._root = os.path.abspath(root)
        self._root_rel = os.path.relpath(os.path.realpath(root), os.path.realpath(top))
        self._run = run
        self._entries: dict[str, tuple[Kind, str, int]] = {}  # tree path → (kind, object id, size)
        self._children: dict[str, list[str]] = {}
        self._batch: subprocess.Popen[bytes] | None = None
        listing = run(["ls-tree", "-r", "-t", "-l", "-z", commit, "--", under], top) if under != "." \
            else run(["ls-tree", "-r", "-t", "-l", "-z", commit], top)
        for record in listing.split(b"\0"):
            if not record:
                continue
            meta, _tab, raw_path = record.partition(b"\t")
            mode, _type, oid, size = meta.decode().split(maxsplit=3)
            path = raw_path.decode("utf-8", "surrogateescape")
            kind = _GIT_MODES.get(mode, Kind.OTHER)
            self._entries[path] = (kind, oid, int(size) if size.strip().isdigit() else 0)
            parent = path.rpartition("/")[0] or "."
            self._children.setdefault(parent, []).append(path)

    def __enter__(self) -> GitTreeFiles:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        batch, self._batch = self._batch, None
        if batch is not None:
            _end(batch)

    def _key(self, path: Path) -> str:
        rel = os.path.relpath(os.path.abspath(path), self._root)
        return Path(os.path.normpath(os.path.join(self._root_rel, rel))).as_posix()

    def kind(self, path: Path) -> Kind | None:
        key = self._key(path)
        if key in self._entries:
            return self._entries[key][0]
        return Kind.DIR if key in self._children else None

    def listdir(self, folder: Path) -> list[Entry]:
        key = self._key(folder)
        if self.kind(folder) is not Kind.DIR:
            raise FileNotFoundError(f"{key} is not a folder in this revision")
        names = [child.rpartition("/")[2] for child in self._children.get(key, [])]
        return [Entry(name=name, path=folder / name, kind=self._entries[f"{key}/{name}" if key != "." else name][0])
                for name in sorted(names)]

    def size(self, path: Path) -> int:
        entry = self._entries.get(self._key(path))
        if entry is None or entry[0] is not Kind.FILE:
            raise FileNotFoundError(str(path))
        return entry[2]

    def read(self, path: Path) -> bytes:
        entry = self._entries.get(self._key(path))
        if entry is None or entry[0] is not Kind.FILE:
            raise FileNotFoundError(str(path))
        if entry[2] > READ_LIMIT:
            raise OSError(errno.EFBIG, f"it is {entry[2]:,} bytes, over the 1 MiB limit")
        return self._blob(entry[1])

    def _blob(self, oid: str) -> bytes:
        """One object's bytes from the batch process (started on the first read)."""
        if self._batch is None:
            self._batch = subprocess.Popen(["git", "cat-file", "--batch"], cwd=self.top, stdin=subprocess.PIPE,
                                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            weakref.finalize(self, _end, self._batch)
        batch = self._batch
        assert batch.stdin is not None and batch.stdout is not None
        try:
            batch.stdin.write(oid.encode() + b"\n")
            batch.stdin.flush()
            header = batch.stdout.readline().split()
        except OSError:
            self.close()
            raise
        if len(header) != 3 or not header[2].isdigit() or int(header[2]) > READ_LIMIT:
            self.close()  # what follows cannot be skipped safely: the next read starts a new process
            raise OSError(errno.EIO, "git could not read it from the revision")
        size = int(header[2])
        data = batch.stdout.read(size)
        batch.stdout.read(1)  # the line end after the object
        if len(data) != size:
            self.close()
            raise OSError(errno.EIO, "git stopped while reading it from the revision")
        return data


READ_LIMIT = MAX_BYTES
"""The most of a revision's file that is read: the loader refuses larger files (and logos)."""


def _end(batch: subprocess.Popen[bytes]) -> None:
    for stream in (batch.stdin, batch.stdout):
        if stream is not None:
            try:
                stream.close()
            except OSError:
                pass
    try:
        batch.wait(timeout=10)
    except subprocess.TimeoutExpired:
        batch.kill()
        batch.wait()
