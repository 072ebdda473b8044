"""Files the tool ships, and where a plans repository overrides them.

The page templates, the site's CSS and scripts and the default deck template are edited in the
repository's `site_templates/`, the CI templates in `ci-templates/`. A wheel carries them inside the
package (`generator/site_templates/`, `generator/ci_templates/`; see setup.py); a source checkout
reads them where they are edited. Either way the code asks this module, never a path of its own.

A plans repository may hold its own `site_templates/` beside mkdocs.yml (or the folder named by the
`templates_dir` option): a file there replaces the shipped file of the same relative name, like
MkDocs' `custom_dir`; every other file comes from the package. Such templates come with the plans
(a merge request can change them), so they render in Jinja's sandbox unless the `trust_templates`
option says they are code.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ConfigError

if TYPE_CHECKING:
    from .config import Config

PACKAGE_DIR = Path(__file__).resolve().parent
OVERRIDES_DIR = "site_templates"
"""The override folder a plans repository may keep beside mkdocs.yml."""
DECK_TEMPLATE = "deck/default.pptx"
ASSETS = "assets"


def _shipped(packaged: str, checkout: str) -> Path:
    inside = PACKAGE_DIR / packaged
    return inside if inside.is_dir() else PACKAGE_DIR.parent / checkout


SITE_TEMPLATES = _shipped("site_templates", "site_templates")
"""Page templates, assets and the default deck template shipped with the tool."""
CI_TEMPLATES = _shipped("ci_templates", "ci-templates")
"""The GitLab and GitHub CI files shipped for plans repositories."""


@dataclass(frozen=True, kw_only=True)
class Templates:
    """Where templates are found: the repository's override folder (if any) first, then the package."""

    folders: tuple[Path, ...] = (SITE_TEMPLATES,)
    sandboxed: bool = False
    """Render in Jinja's sandbox: the repository's templates are data unless trust_templates is on."""

    def find(self, name: str) -> Path:
        """The file of this relative name: the first folder that has it wins."""
        for folder in self.folders:
            path = folder / name
            if path.is_file():
                return path
        raise ConfigError(f"no template named {name} in {', '.join(str(f) for f in self.folders)}")

    def names(self, subfolder: str) -> list[str]:
        """Relative names of the files directly in `subfolder`, over every folder, sorted."""
        found = {f"{subfolder}/{p.name}" for folder in self.folders if (folder / subfolder).is_dir()
                 for p in (folder / subfolder).iterdir() if p.is_file() and not p.name.startswith(".")}
        return sorted(found)


SHIPPED = Templates()


def templates_for(config: Config) -> Templates:
    """The lookup for one plans repository: `templates_dir`, else site_templates/ beside mkdocs.yml."""
    configured = config.templates_dir
    if configured:
        folder = config.root / configured
        if not folder.is_dir():
            raise ConfigError(f"templates_dir {configured} is not a folder")
    else:
        folder = config.root / OVERRIDES_DIR
        if not folder.is_dir():
            return SHIPPED
    if _same(folder, SITE_TEMPLATES):  # this project's own checkout: the shipped files themselves
        return SHIPPED
    return Templates(folders=(folder, SITE_TEMPLATES), sandboxed=not config.trust_templates)


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:  # pragma: no cover - unusual file system states
        return False


@cache
def code_digest() -> str:
    """A digest of the package's own code: a changed renderer changes it even at the same version."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()
