"""Converting the generated pages' Markdown on a second processor, beside MkDocs' own loop.

MkDocs reads and converts the pages one after the other, then writes them. With more than one
processor and enough pages, an isolated interpreter (site/convertshare.py, started like the load
shares: portfolio.share_command) converts pages from the end of that order while this process
works from its start, each taking the next page not taken, until they meet: however fast either
is, neither waits long for the other. A page the worker did is handed to MkDocs as rendered
(mkdocs_private.install_rendered), when its Markdown is still what the worker converted after every
plugin's page_markdown event; otherwise, and for every page the worker could not do, MkDocs
converts it here as always. The worker renders exactly as Page.render does, so the site is the same
byte for byte whichever process converted a page.

A worker that cannot start or stops midway costs one warning: its pages are converted here. One
that cannot load an extension or setting of the site (a module only the repository's folder holds)
says so at once, and every page is converted here, silently.
"""

from __future__ import annotations

import logging
import pickle
import queue
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from ..portfolio import _processors, share_command
from .convertshare import FRAME, READY, Rendered, Setup, read_frame, settings, unpack

log = logging.getLogger("mkdocs.plugins.successplans")

PAGES = 200
"""The fewest generated pages worth a second interpreter (it loads MkDocs and the site's
configuration before its first page)."""
WINDOW = 8
"""Pages sent ahead of what the worker has returned: enough that it never waits, few enough that
the pages it has not reached yet cost little memory."""
MODULE = "generator.site.convertshare"
_NONE = pickle.dumps(None, protocol=pickle.HIGHEST_PROTOCOL)
_END = FRAME.pack(len(_NONE)) + _NONE  # no more pages


def worker_command() -> list[str]:
    return share_command(MODULE)


def start(config: MkDocsConfig, files: Files, uris: Sequence[str], make: Callable[[str], str], *,
          sections: bool = False) -> Conversion | None:
    """A worker converting `uris` (MkDocs' reading order; `make` gives a page's text), and with
    `sections` dividing each into its search sections, or None when one is not worth it or cannot
    be used."""
    if len(uris) < PAGES or _processors() < 2 or not sys.executable or not config.config_file_path:
        return None
    pages_log = logging.getLogger("mkdocs.structure.pages")
    try:
        setup = pickle.dumps(Setup(
            config_file=str(config.config_file_path), docs_dir=config.docs_dir, site_dir=config.site_dir,
            markdown_extensions=list(config.markdown_extensions), mdx_configs=dict(config.mdx_configs or {}),
            settings=settings(config), log_level=pages_log.getEffectiveLevel(), sections=sections,
            files=[(f.src_uri, f.dest_uri, f.url, f.inclusion.name) for f in files]), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - a setting that cannot travel (a function defined in mkdocs.yml)
        return None
    try:
        process = subprocess.Popen(worker_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL)
    except OSError as exc:
        log.warning(f"the pages are converted on one processor: a second interpreter could not start "
                    f"({exc.strerror or exc})")
        return None
    return Conversion(process, setup, uris, make)


class Conversion:
    """One worker and the bookkeeping of which pages it has: those after `back` in the order."""

    def __init__(self, process: subprocess.Popen[bytes], setup: bytes, uris: Sequence[str],
                 make: Callable[[str], str]) -> None:
        self.process = process
        self.order = list(uris)
        self.position = {uri: i for i, uri in enumerate(self.order)}
        self.make = make
        self.front = -1  # the last page this process has taken
        self.back = len(self.order)  # the last page sent to the worker
        self.sent_uris: list[str] = []
        self.results: dict[str, bytes] = {}
        self.received = 0
        self.ended = False  # the worker will answer no more
        self.unable = False  # it said at once that it cannot convert this site's pages
        self.closing = False
        self.warned = False
        self.pending: dict[str, Rendered] = {}
        self._lock = threading.Condition()
        self._outbox: queue.Queue[bytes | None] = queue.Queue()
        self._outbox.put(setup)
        self._sender = threading.Thread(target=self._send, name="successplans-convert-send", daemon=True)
        self._reader = threading.Thread(target=self._read, name="successplans-convert-read", daemon=True)
        self._sender.start()
        self._reader.start()
        self._top_up()

    def _send(self) -> None:
        stdin = self.process.stdin
        assert stdin is not None
        try:
            while (data := self._outbox.get()) is not None:
                stdin.write(FRAME.pack(len(data)) + data)
                stdin.flush()
            stdin.write(_END)
        except (OSError, ValueError):  # the worker is gone (a broken pipe): the reader ends it
            pass
        finally:
            try:
                stdin.close()
            except OSError:
                pass

    def _read(self) -> None:
        stdout = self.process.stdout
        assert stdout is not None
        try:
            status, _why = unpack(read_frame(stdout))
            if status != READY:
                with self._lock:
                    self.unable = True
            else:
                while True:
                    data = read_frame(stdout)
                    with self._lock:
                        self.results[self.sent_uris[self.received]] = data  # answered in the order sent
                        self.received += 1
                        self._lock.notify_all()
        except Exception:  # noqa: BLE001 - the stream ended (or broke): nothing more comes
            pass
        with self._lock:
            self.ended = True
            self._lock.notify_all()

    def _top_up(self) -> None:
        """Send pages from the back until WINDOW are with the worker or the back meets the front."""
        while not self.ended and self.back - 1 > self.front and len(self.sent_uris) - self.received < WINDOW:
            self.back -= 1
            uri = self.order[self.back]
            data = pickle.dumps((uri, self.make(uri)), protocol=pickle.HIGHEST_PROTOCOL)
            with self._lock:
                self.sent_uris.append(uri)
            self._outbox.put(data)

    def source(self, uri: str) -> str | None:
        """The text of a page MkDocs reads now, when the worker has converted it (None: make and
        convert it here)."""
        at = self.position.get(uri)
        if at is None:
            return None
        if at <= self.front or at < self.back:  # this process's page (or one read again)
            self.front = max(self.front, at)
            self._top_up()
            return None
        self.front = at
        with self._lock:
            while uri not in self.results and not self.ended:
                self._lock.wait()
            data = self.results.pop(uri, None)
            if data is None and not self.unable and not self.closing and not self.warned:
                self.warned = True
                log.warning("the second interpreter converting pages stopped; the rest are converted on one "
                            "processor")
        if data is None:
            return None
        rendered = unpack(data)
        if not isinstance(rendered, Rendered):  # the worker failed on it: MkDocs converts it and reports why
            return None
        self.pending[uri] = rendered
        return rendered.source

    def rendered(self, uri: str, markdown: str | None) -> Rendered | None:
        """The worker's conversion of a page whose Markdown, after every plugin saw it, is `markdown`."""
        rendered = self.pending.pop(uri, None)
        if rendered is None or rendered.markdown != markdown:
            return None
        return rendered

    def close(self) -> None:
        """End the worker (idle by now, or no longer needed), and wait for it."""
        with self._lock:
            self.closing = True
        self._outbox.put(None)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._sender.join()
        self._reader.join()
        assert self.process.stdout is not None
        self.process.stdout.close()
        self.pending = {}
        self.results = {}

    def kill(self) -> None:
        """End the worker at once (the build failed)."""
        with self._lock:
            self.closing = True
        self.process.kill()
        self.close()
