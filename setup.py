"""Build step that puts the shipped templates inside the package.

site_templates/ (page templates, CSS, scripts, the default deck template) and ci-templates/ are
edited at the top of the repository, where a development checkout reads them. A wheel carries
them as generator/site_templates/ and generator/ci_templates/, where generator/resources.py finds
them after a plain `pip install`. Everything else is declared in pyproject.toml.
"""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SHIPPED = {"site_templates": "site_templates", "ci-templates": "ci_templates"}
"""Folder in the repository → folder inside the `generator` package of a wheel."""


class BuildPyWithTemplates(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads them from the checkout
        for source, packaged in SHIPPED.items():
            for path in sorted(Path(source).rglob("*")):
                if not path.is_file() or any(part.startswith((".", "__")) for part in path.parts):
                    continue
                target = Path(self.build_lib, "generator", packaged, path.relative_to(source))
                self.mkpath(str(target.parent))
                self.copy_file(str(path), str(target))


setup(cmdclass={"build_py": BuildPyWithTemplates})
