"""`successplans init`: a new plans repository that checks, builds and deploys as written."""

from __future__ import annotations

import os
from pathlib import Path

import click

from ..config import parse_code_owners
from ..errors import ConfigError, OutputError
from ..output import write_files
from ..starter import CI_FILES, PINNED, repository_files
from ..today import today

IGNORED_WHEN_EMPTY = {".git"}
"""A folder holding only these counts as empty: `git init` (or a fresh clone) first is fine."""


def _check_company(company: str) -> str:
    name = company.strip()
    if not name or any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        raise ConfigError("--company must be one non-empty line")
    return name


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=Path("."))
@click.option("--company", required=True, metavar="NAME", help="Your company's name, shown on the site and decks.")
@click.option("--ci", type=click.Choice(sorted(CI_FILES)), default=None,
              help="Also write the CI file: .gitlab-ci.yml or .github/workflows/plans.yml.")
@click.option("--code-owner", "code_owners", multiple=True, metavar="OWNER",
              help="Who must review changes to code files (mkdocs.yml, CI, templates, hooks): a forge user or "
                   "team such as @brightwell/cs-leads, or an e-mail address; repeat for several. Writes "
                   "CODEOWNERS and the code_owners option.")
@click.option("--force", is_flag=True, help="Write into a folder that is not empty (existing files are kept).")
def init(directory: Path, company: str, ci: str | None, code_owners: tuple[str, ...], force: bool) -> int:
    """Create a plans repository in DIRECTORY (default: here).

    Writes mkdocs.yml with the plugin entry, customers/ with one example customer that passes
    check, .gitignore, .pre-commit-config.yaml, .vscode/settings.json with schemas/, a README
    for the team, with --ci the CI file and with --code-owner a CODEOWNERS file. A folder that
    is not empty is refused unless --force is given; an existing file is never overwritten.

    Exit status: 0 written, 2 could not run (a folder that is not empty without --force, a bad
    --company or --code-owner, a file that cannot be written; then nothing is written).

    \b
    Examples:
      successplans init plans --company "Brightwell Software" --ci gitlab --code-owner @brightwell/cs-leads
      successplans init --company "Brightwell Software" --ci github --force
    """
    company = _check_company(company)
    owners = parse_code_owners(list(code_owners), "--code-owner") if code_owners else ()
    if directory.exists() and not directory.is_dir():
        raise ConfigError(f"{directory} is not a folder")
    present = sorted(e.name for e in os.scandir(directory)) if directory.is_dir() else []
    if [name for name in present if name not in IGNORED_WHEN_EMPTY] and not force:
        raise ConfigError(f"{directory} is not empty; run init in a new folder, or pass --force to add "
                         "the missing files (existing files are kept)")
    written: list[str] = []
    kept: list[str] = []
    contents: dict[Path, bytes] = {}
    for name, content in repository_files(company, ci, today(), owners).items():
        path = directory / name
        if path.exists() or path.is_symlink():
            kept.append(name)
            continue
        contents[path] = content.encode("utf-8")
        written.append(name)
    try:
        write_files(contents, inside=directory)  # all or nothing: a failed init leaves the folder as it was
    except OutputError as exc:
        raise ConfigError(str(exc)) from None
    for name in written:
        click.echo(f"created {(directory / name).as_posix()}")
    for name in kept:
        click.echo(f"kept {(directory / name).as_posix()} (already there)")
    where = "" if directory == Path(".") else f"cd {directory.as_posix()} && "
    click.echo(f"\nNext: {where}successplans check, then successplans serve to see the site.", err=True)
    if ci is not None:
        click.echo(f"Before the first push: CI installs the tool as SUCCESSPLANS_PIP in {CI_FILES[ci][0]} says "
                   f"({PINNED}), which no public package index serves: set it to your package index, a wheel's "
                   "URL or a git tag of successplans (README.md, \"Set up once\").", err=True)
    if not owners:
        click.echo("To have your team leads review every change to mkdocs.yml, CI and templates, set code_owners "
                   "under the successplans plugin in mkdocs.yml, then: successplans codeowners > CODEOWNERS", err=True)
    return 0
