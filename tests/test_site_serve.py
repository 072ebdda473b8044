"""`successplans serve`: a real server on localhost rebuilds when a customer file changes."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import stop_process_group

from tests.site_fixtures import copy_demo_project

LIMIT = 60.0  # seconds for any one wait


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, accept: Callable[[str], bool], what: str) -> str:
    deadline = time.monotonic() + LIMIT
    last = None
    while time.monotonic() < deadline:
        last = fetch(url)
        if last is not None and accept(last):
            return last
        time.sleep(0.3)
    raise AssertionError(f"{what}: not seen at {url} within {LIMIT:.0f} s")


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    mkdocs_yml = copy_demo_project(tmp_path)
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "-f", str(mkdocs_yml),
                             "--dev-addr", f"127.0.0.1:{port}"], cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        yield f"http://127.0.0.1:{port}/", tmp_path
    finally:
        stop_process_group(proc)
        log.close()


def test_editing_an_objective_rebuilds_the_page(server: tuple[str, Path]) -> None:
    url, root = server
    page = url + "customers/helix-payments/"
    first = wait_for(page, lambda html: "Helix Payments" in html, "the first build")
    assert "livereload" in first  # live reload is on without asking
    objective = root / "customers" / "helix-payments" / "objectives" / "chargeback-resolution-time.md"
    text = objective.read_text(encoding="utf-8")
    new_title = "Resolve chargeback disputes in 4 days, edited while serving"
    objective.write_text(text.replace("title: Resolve chargeback disputes in 5 days instead of 14",
                                      f"title: {new_title}"), encoding="utf-8")
    wait_for(page, lambda html: new_title in html, "the edited title")

    # a file with errors shows its problems on the page; the server keeps serving
    objective.write_text(text.replace("status: in_progress", "status: halfway"), encoding="utf-8")
    broken = wait_for(page, lambda html: "SP005" in html, "the problem of the broken file")
    assert "sp-chip--unknown" in broken
