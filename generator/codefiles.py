"""Which files of a plans repository are code, and which are data.

Data is what the team writes every day: the customer folders, the team's own Markdown pages in
docs/, the README. A change to data can make a page or a deck wrong, and `check` and the review
catch that. Code is anything that decides what runs on the machines that build the site (CI, a
developer's laptop running `successplans serve`): a change there can run a program, publish a
secret or switch a check off. Such a file needs the review of the people who answer for the
repository (the `code_owners` option), whoever else reviews the merge request.

`successplans codeowners` (and `init --leads`) list these paths last in CODEOWNERS: for GitHub and
GitLab the last matching line decides, so a Python file slipped into a customer folder still needs
the code owners.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True, kw_only=True)
class CodePath:
    pattern: str
    """A CODEOWNERS pattern (repository-relative; `/x` is x at the top, `*.py` any Python file)."""
    why: str
    """Why a change to it is a change of code, in the words of the Handbook."""


CODE_PATHS: tuple[CodePath, ...] = (
    CodePath(pattern="/mkdocs.yml", why="names the plugins, Markdown extensions and hooks the build runs, and "
             "the options every figure, colour and warning is computed with"),
    CodePath(pattern="/CODEOWNERS", why="says who must review what: changing it can remove a review"),
    CodePath(pattern="/.github/", why="GitHub's workflows (the CI file runs commands with the repository's "
             "tokens) and its CODEOWNERS"),
    CodePath(pattern="/.gitlab/", why="GitLab's CODEOWNERS and merge request templates"),
    CodePath(pattern="/.gitlab-ci.yml", why="GitLab's CI file: it runs commands with the repository's tokens"),
    CodePath(pattern="/.pre-commit-config.yaml", why="runs a command on every clone that installed the hook"),
    CodePath(pattern="/.vscode/", why="editor settings and tasks run on the machine of whoever opens the folder"),
    CodePath(pattern="/site_templates/", why="page templates, styles and scripts of the site and the deck "
             "template: scripts run in every reader's browser, and trusted templates run Python"),
    CodePath(pattern="*.py", why="Python files: MkDocs hooks, and any module a Markdown extension or "
             "plugin may import from the repository"),
)
"""Code in every plans repository, whatever its mkdocs.yml says."""


def configured_code(settings: dict[str, Any], templates_dir: str | None) -> list[CodePath]:
    """Code that mkdocs.yml itself names: its hooks, theme overrides and page template folder."""
    found: list[CodePath] = []
    if templates_dir:
        found.append(CodePath(pattern=_pattern(templates_dir, folder=True), why="the page templates (templates_dir)"))
    theme = settings.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    if isinstance(custom, str) and custom.strip():
        found.append(CodePath(pattern=_pattern(custom, folder=True), why="theme templates (custom_dir): they can "
                              "run Python during the build"))
    inherit = settings.get("INHERIT")
    if isinstance(inherit, str) and inherit.strip():
        found.append(CodePath(pattern=_pattern(inherit), why="settings mkdocs.yml inherits"))
    hooks = settings.get("hooks")
    for hook in hooks if isinstance(hooks, list) else []:
        if isinstance(hook, str) and hook.strip():
            found.append(CodePath(pattern=_pattern(hook), why="a hook: Python run by every build"))
    return found


def _pattern(path: str, folder: bool = False) -> str:
    clean = Path(path.strip()).as_posix().removeprefix("./").strip("/")
    escaped = "".join(f"\\{ch}" if ch in " #" else ch for ch in clean)
    return f"/{escaped}/" if folder else f"/{escaped}"


def code_paths(settings: dict[str, Any], templates_dir: str | None) -> list[CodePath]:
    """Every code path of a repository: the fixed ones, then those its mkdocs.yml names (once each)."""
    seen: set[str] = set()
    out: list[CodePath] = []
    for path in (*CODE_PATHS[:-1], *configured_code(settings, templates_dir), CODE_PATHS[-1]):
        if path.pattern not in seen:
            seen.add(path.pattern)
            out.append(path)
    return out


def code_lines(paths: list[CodePath], owners: tuple[str, ...]) -> list[str]:
    """CODEOWNERS lines giving every code path to `owners` (none: a comment saying how to set them)."""
    if not owners:
        return ["# Code files (mkdocs.yml, CI, templates, hooks...) have no owner: set code_owners under the "
                "successplans plugin in mkdocs.yml, then run successplans codeowners again."]
    lines = ["# Code: changes to these need the code owners' review (the last matching line decides)."]
    width = max(len(p.pattern) for p in paths)
    lines += [f"{p.pattern.ljust(width)} {' '.join(owners)}" for p in paths]
    return lines
