"""The package type-checks under the project's mypy settings (disallow_untyped_defs)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_generator_type_checks(repo_root: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "mypy", "--no-error-summary", "generator"], cwd=repo_root,
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
