"""Helpers for the site tests: an XSS customer tree, a static HTTP server, Chromium."""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]

PAYLOAD = ("<script>alert(1)</script><img src=x onerror=alert(2)>\"'><svg onload=alert(3)>"
           "[link](javascript:alert(4)) {: onclick=\"alert(5)\" } *em* `code` :smile: | pipe")
CRM_URL = 'https://crm.example/a?x=1&y="2"'
MKDOCS_YML = """site_name: XSS fixture
docs_dir: docs
theme:
  name: material
  font: false
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.tabbed:
      alternate_style: true
plugins:
  - search
  - successplans:
      company_name: {company}
      as_of: 2026-11-16
"""


def q(text: str) -> str:
    """A YAML scalar (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False)


def write_xss_project(root: Path) -> Path:
    """A valid project whose every free-text field carries script and markup payloads."""
    p = PAYLOAD
    (root / "docs").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(company=q("Evil " + p)), encoding="utf-8")
    folder = root / "customers" / "evil-corp"
    (folder / "objectives").mkdir(parents=True)
    (folder / "risks").mkdir()
    (folder / "customer.yaml").write_text(
        f"name: {q('<script>alert(1)</script>')}\ncsm: jane.doe\nsegment: enterprise\ncustomer_since: 2024-01-01\n"
        f"renewal_date: 2026-12-31\narr: 100000\nlifecycle_stage: {q(p)}\n"
        f"account_team:\n  - role: {q(p)}\n    name: {q(p)}\n"
        f"crm_url: {q(CRM_URL)}\n"
        f"scorecard:\n  - date: 2026-11-01\n    measure: habits\n    color: yellow\n    note: {q(p)}\n",
        encoding="utf-8")
    (folder / "stakeholders.yaml").write_text(
        f"- id: sam\n  name: {q(p)}\n  title: {q(p)}\n  persona: executive_sponsor\n  location: {q(p)}\n",
        encoding="utf-8")
    (folder / "activity.yaml").write_text(
        f"- date: 2026-11-10\n  kind: exec_checkin\n  title: {q(p)}\n  objectives: [grow]\n  readings:\n    grow: 20\n"
        f"  attendees: [sam]\n  notes: {q(p + chr(10) + chr(10) + '<iframe src=https://evil.example></iframe>')}\n"
        f"- date: 2026-10-01\n  kind: ebr\n  title: {q(p)}\n",
        encoding="utf-8")
    (folder / "objectives" / "grow.md").write_text(
        f"---\ntitle: {q(p)}\nstatus: in_progress\npriority: 1\nstarted: 2026-01-01\ndue: 2027-06-30\n"
        f"stakeholders: [sam]\nmetric:\n  name: {q(p)}\n  unit: {q(p)}\n  baseline: 10\n  target: 40\n"
        f"success_criteria: {q(p)}\ntasks:\n  - title: {q(p)}\n    owner: sam\n    due: 2026-12-01\n"
        f"last_validated: 2026-11-01\nvalidated_by: sam\n---\n\n# {p}\n\n{p}\n\n<script>alert(6)</script>\n",
        encoding="utf-8")
    (folder / "objectives" / "done.md").write_text(
        f"---\ntitle: {q(p)}\nstatus: closed_success\nstarted: 2025-01-01\ndue: 2025-12-31\n"
        f"success_criteria: {q(p)}\nclosed:\n  date: 2025-12-01\n  confirmed_by: sam\n  evidence: {q(p)}\n---\n{p}\n",
        encoding="utf-8")
    (folder / "risks" / "churn.md").write_text(
        f"---\ntitle: {q(p)}\nkind: renewal\nseverity: high\nstatus: open\nopened: 2026-10-01\nescalation: manager\n"
        f"owner: jane.doe\n---\n{p}\n",
        encoding="utf-8")
    return root / "mkdocs.yml"


def copy_demo_project(dest: Path) -> Path:
    """The demo's mkdocs.yml, docs/ and customers/ in a scratch folder (for edits and builds)."""
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", dest / "docs", ignore=shutil.ignore_patterns("*.pyc"))
    shutil.copytree(ROOT / "customers", dest / "customers")
    return dest / "mkdocs.yml"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve_dir(directory: Path) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 (a free port) in a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def write_plain_material_project(root: Path) -> Path:
    """A plain Material site with the demo's theme settings and Markdown extensions and no plugin
    of ours: the baseline that the theme's own accessibility findings are read from."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    head = text.split("\nplugins:", 1)[0]
    (root / "docs").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(head.replace("site_name: Brightwell Customer Success", "site_name: Plain")
                                     + "\nplugins:\n  - search\n", encoding="utf-8")
    (root / "docs" / "index.md").write_text(
        "# A plain page\n\nA paragraph with [a link](other.md) in the middle of a sentence.\n\n"
        "## A list\n\n- one item with [a link](other.md)\n- another item\n\n"
        "## A table\n\n| Name | Value |\n|---|---|\n| first | 1 |\n| second | 2 |\n\n"
        "!!! note \"A note\"\n\n    Text in a note.\n\n"
        "??? info \"Folded\"\n\n    Folded text.\n", encoding="utf-8")
    (root / "docs" / "other.md").write_text("# Another page\n\nText.\n", encoding="utf-8")
    return root / "mkdocs.yml"


def write_ranking_project(root: Path) -> Path:
    """Two accounts of the same health (orange: an objective off track) and ARR order against them:
    the larger renews in 424 days, the smaller in 45. The nearer renewal must rank first."""
    (root / "docs").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(company=q("Ranking test")), encoding="utf-8")
    for cid, name, arr, renewal in (("far-away", "Far Away Corp", 400000, "2028-01-14"),
                                    ("near-term", "Near Term Ltd", 300000, "2026-12-31")):
        folder = root / "customers" / cid
        (folder / "objectives").mkdir(parents=True)
        (folder / "customer.yaml").write_text(
            f"name: {q(name)}\ncsm: jane.doe\nsegment: enterprise\ncustomer_since: 2024-01-01\n"
            f"renewal_date: {renewal}\narr: {arr}\n", encoding="utf-8")
        (folder / "stakeholders.yaml").write_text(
            "- id: sam\n  name: Sam Lee\n  persona: executive_sponsor\n", encoding="utf-8")
        (folder / "activity.yaml").write_text(
            "- date: 2026-11-10\n  kind: exec_checkin\n  title: Check-in\n"
            "- date: 2026-10-01\n  kind: ebr\n  title: Review\n", encoding="utf-8")
        (folder / "objectives" / "grow.md").write_text(
            "---\ntitle: Grow usage to 80 teams\nstatus: in_progress\nstarted: 2026-05-01\ndue: 2027-05-01\n"
            "stakeholders: [sam]\nmetric:\n  name: teams\n  baseline: 10\n  target: 80\n"
            "last_validated: 2026-11-01\nvalidated_by: sam\n---\n", encoding="utf-8")
    return root / "mkdocs.yml"
