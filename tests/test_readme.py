"""README's usage examples (the blocks after `<!-- example -->`) run in order in a new plans folder."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
MARK = re.compile(r"^<!-- example -->\n```sh\n(.*?)^```$", re.M | re.S)


def examples() -> list[str]:
    return MARK.findall(README.read_text(encoding="utf-8"))


def test_readme_examples_run_in_order(tmp_path: Path) -> None:
    blocks = examples()
    assert len(blocks) >= 3, "README's marked examples went missing"
    (tmp_path / "mkdocs.yml").write_text("site_name: Plans\n", encoding="utf-8")  # a plans repository
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
           "SUCCESSPLANS_TODAY": "2026-11-20"}
    for block in blocks:
        result = subprocess.run(["bash", "-euo", "pipefail", "-c", block], cwd=tmp_path, env=env,
                                capture_output=True, text=True, check=False)
        assert result.returncode == 0, f"README example failed:\n{block}\n{result.stdout}{result.stderr}"
    risk = (tmp_path / "customers/acme-logistics/risks/budget-freeze.md").read_text(encoding="utf-8")
    assert risk.endswith("- 2026-11-20: The CFO mentioned a freeze\n- 2026-11-20: Budget approved for Q1\n")
    activity = "".join(path.read_text(encoding="utf-8")
                       for path in sorted((tmp_path / "customers/acme-logistics/activity").glob("*.yaml")))
    assert activity.count("\n  cut-cycle-time: ") == 3  # the logged reading and two imported, once each
