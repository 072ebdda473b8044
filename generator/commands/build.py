"""`successplans build`: check, then build the team site and the customer decks into site/."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)

from ..config import find_config_file
from ..errors import ConfigError
from ..formats import FORMATS
from ..portfolio import build_portfolio, resolve_as_of
from ..problems import Problem, sort_problems
from ..site.build import build_site, deck_builder, default_site_dir
from ..site.context import SiteOptions
from ..site.pages import plan
from .common import as_of_option, checked_mkdocs_yml, config_option, get_config, trust_code_option


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:  # outside the working folder: the full path
        return str(path)


SHOWN_PROBLEMS = 20
"""At most this many problems are printed by build (errors first): a large portfolio's warnings
belong on the site's "Data to fix" page and in `successplans check`, not in thousands of lines."""


def _report(problems: tuple[Problem, ...], errors: int) -> None:
    shown = sorted(problems, key=lambda p: p.severity != "error")[:SHOWN_PROBLEMS]
    if shown:
        click.echo(FORMATS["text"](sort_problems(shown)), nl=False)
    hidden = len(problems) - len(shown)
    if hidden:
        warnings = len(problems) - errors
        click.echo(f"… and {hidden:,} more not shown ({errors:,} error{'s' * (errors != 1)}, {warnings:,} "
                   f"warning{'s' * (warnings != 1)} in all): successplans check lists every one; warnings are "
                   "on the site's Data to fix page", err=True)


@click.command()
@click.option("-d", "--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the site (default: site_dir of mkdocs.yml, i.e. site/).")
@click.option("--no-decks", is_flag=True, help="Build the site only, without the customer EBR decks.")
@click.option("--pdf-decks", is_flag=True, help="Also write a PDF copy of each deck (needs LibreOffice).")
@click.option("--workers", type=click.IntRange(min=1), default=None, help="Processes for the decks (default: CPUs).")
@trust_code_option
@as_of_option
@config_option
def build(site_dir: Path | None, no_decks: bool, pdf_decks: bool, workers: int | None, trust_code: bool,
          as_of: dt.date | None, config_file: Path | None) -> int:
    """Check every customer, then build the team site (and EBR decks) into site/.

    Errors stop the build (exit 1) and are printed like `successplans check`; warnings are
    printed and shown on the site's "Needs attention" page. The previous site stays in place
    until the new one is complete.

    Exit status: 0 built, 1 the files have errors (listed; nothing is built), 2 could not run (a
    bad configuration, a refused mkdocs.yml or site folder, LibreOffice missing for --pdf-
    decks).

    \b
    Examples:
      successplans build
      successplans build --no-decks --as-of 2026-11-16 --site-dir /tmp/site
    """
    config = get_config(config_file)
    mkdocs_yml = find_config_file(config_file)
    checked_mkdocs_yml(mkdocs_yml, config, trust_code=trust_code)
    err = Console(stderr=True, highlight=False)
    portfolio = build_portfolio(config, resolve_as_of(config, as_of), history=True)  # the site shows histories
    problems = portfolio.problems
    errors = sum(1 for p in problems if p.severity == "error")
    _report(problems, errors)
    if errors:
        click.echo(f"{errors} error{'s' * (errors != 1)}: the site was not built (fix them, then run "
                   "successplans check)", err=True)
        return 1
    if pdf_decks and no_decks:
        raise ConfigError("--pdf-decks needs the decks: drop --no-decks")
    decks = None if no_decks else deck_builder()
    target = site_dir or default_site_dir(mkdocs_yml)
    docs = Path(config.root) / "docs"
    # the pages the plugin will generate (planned, not made) plus the team's own docs
    total = len(plan(portfolio, config, SiteOptions())) + (sum(1 for _ in docs.rglob("*.md")) if docs.is_dir() else 0)
    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        console=err, transient=True, disable=not err.is_terminal)
    with progress:
        pages = progress.add_task("Building pages", total=total)
        result = build_site(
            portfolio, config, mkdocs_yml, target, decks=decks, workers=workers,
            on_page=lambda _uri: progress.advance(pages),
            on_stage=lambda stage: progress.update(pages, description="Building decks" if stage == "decks"
                                                   else "Building pages"),
            emit=lambda line: progress.console.print(line, markup=False),
        )
    n = len(portfolio.customers)
    line = f"Site: {_shown(result.site_dir / 'index.html')} ({n} customer{'s' * (n != 1)})"
    if decks is not None:
        line += f" — decks: {_shown(result.site_dir / 'decks')}{os.sep}"
    click.echo(line)
    if pdf_decks and result.decks:
        from ..deck.pdf import to_pdf

        made = to_pdf(result.decks)
        click.echo(f"PDF decks: {len(made)} in {_shown(result.site_dir / 'decks')}{os.sep}")
    return 0
