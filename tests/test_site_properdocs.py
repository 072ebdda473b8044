"""ProperDocs, the community fork of MkDocs, builds the same site from the same mkdocs.yml.

MkDocs 1.x gets no more releases; this proves the plugin's `mkdocs.plugins` entry point runs
unchanged under ProperDocs, so the site has a way forward.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.site_fixtures import copy_demo_project


def _pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def test_properdocs_builds_the_same_pages(tmp_path: Path) -> None:
    mkdocs_yml = copy_demo_project(tmp_path)
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    runs = {}
    for tool in ("properdocs", "mkdocs"):
        site = tmp_path / f"site-{tool}"
        result = subprocess.run([str(bin_dir / tool), "build", "-f", str(mkdocs_yml), "-d", str(site)],
                                cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False)
        assert result.returncode == 0, f"{tool} build failed:\n{result.stderr}"
        runs[tool] = site
    pages = _pages(runs["properdocs"])
    assert pages == _pages(runs["mkdocs"])
    assert "customers/helix-payments/index.html" in pages and "attention/index.html" in pages
    helix = (runs["properdocs"] / "customers" / "helix-payments" / "index.html").read_text(encoding="utf-8")
    assert "Helix Payments" in helix and 'class="sp-chart sp-trend"' in helix
