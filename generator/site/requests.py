"""Requests to the preview server that no page can answer: refused before any file is looked up.

A request path holding a control character (`GET /%00`) makes Python's file functions raise
instead of answering "not found", and MkDocs' server would answer 500 with a traceback in the
log. Both preview modes (ours and MkDocs' own `serve`) put this guard in front of their server.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def _bad(path: str) -> bool:
    return any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in path)


def refuse_bad_paths(app: WsgiApp) -> WsgiApp:
    """The WSGI app, answering 400 to a path no file can have instead of passing it on."""

    def guarded(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if _bad(str(environ.get("PATH_INFO", ""))):
            body = b"400 Bad Request: the address holds a control character\n"
            start_response("400 Bad Request", [("Content-Type", "text/plain; charset=utf-8"),
                                               ("Content-Length", str(len(body)))])
            return [body]
        return app(environ, start_response)

    return guarded
