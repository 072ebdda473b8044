"""`successplans check`: validate the files and print every problem."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from ..config import CONFIG_FILE, Config
from ..errors import BadArgument
from ..formats import FORMATS
from ..plantemplates import FOLDER as TEMPLATES, load_templates
from ..portfolio import iter_customers, resolve_as_of
from ..problems import sort_problems
from ..schema import ID_RE, TEAM_FILE
from ..waivers import raised
from ..yamlread import printable
from .completion import complete_customer
from .common import as_of_option, config_option, get_config

EVERYONE = None
"""What a path names when it changes every customer's problems: mkdocs.yml, team.yaml, customers/."""


def selected(names: Sequence[str], config: Config) -> list[str] | None:
    """The customers the arguments name: customer ids, or paths of files and folders (as pre-commit
    passes the files a commit changes) standing for the customers they belong to. None: every
    customer (no argument, mkdocs.yml, team.yaml or the customers folder itself). A path elsewhere
    in the repository (docs/, README.md) names no customer; one outside it could not run."""
    if not names:
        return EVERYONE
    root = os.path.abspath(config.root)
    base = Path(config.customers_dir).as_posix().strip("/").removeprefix("./")
    out: list[str] = []
    for name in names:
        if "/" not in name and "\\" not in name and not os.path.lexists(name):
            out.append(name)  # a customer id (an unknown one is refused by the loader)
            continue
        rel = Path(os.path.relpath(os.path.abspath(name), root)).as_posix()
        if rel == ".." or rel.startswith("../"):
            raise BadArgument(f"{printable(name)} is outside the plans repository ({printable(str(config.root))})")
        if rel in (".", CONFIG_FILE, TEAM_FILE, base):
            return EVERYONE
        if rel.startswith(base + "/"):
            customer = rel[len(base) + 1:].split("/", 1)[0]
            if (config.customers_path / customer).is_dir() and not customer.startswith((".", "_")):
                out.append(customer)  # a customer removed by the commit has nothing left to check
    return list(dict.fromkeys(out))


def names_templates(names: Sequence[str], config: Config) -> bool:
    """Whether a path among the arguments lies in the repository's templates/ folder (or is it)."""
    root = os.path.abspath(config.root)
    for name in names:
        if "/" not in name and "\\" not in name and not os.path.lexists(name):
            continue  # a customer id
        rel = Path(os.path.relpath(os.path.abspath(name), root)).as_posix()
        if rel == TEMPLATES or rel.startswith(TEMPLATES + "/"):
            return True
    return False


@click.command()
@click.argument("names", nargs=-1, metavar="[PATH|CUSTOMER]...", shell_complete=complete_customer)
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="text", show_default=True,
              help="Output format: text lines, JSON, GitHub annotations or a GitLab Code Quality report.")
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@click.option("--errors-only", is_flag=True, help="Report errors only (the summary counts the warnings left out).")
@as_of_option
@config_option
def check(names: tuple[str, ...], fmt: str, strict: bool, errors_only: bool, as_of: dt.date | None,
          config_file: Path | None) -> int:
    """Validate every customer's files and report each problem with file and line.

    Given customer ids or paths of files and folders (as pre-commit passes the files of a
    commit), only the customers they belong to are checked; mkdocs.yml, team.yaml or the
    customers folder stand for every customer, other files for none. A CRM id is compared with
    every customer's, checked or not. The repository's objective templates and playbooks
    (templates/) are checked with every customer, or when a path names one of them. Warnings the
    `rules` option turns off or a customer waives are left out and counted as waived in the
    summary; a warning the option raises to `error` is reported as an error.

    Exit status: 0 no errors (warnings allowed, without --strict), 1 errors (or warnings with
    --strict), 2 could not run (an unknown customer, a path outside the repository, a bad
    configuration or --as-of).

    \b
    Examples:
      successplans check
      successplans check acme-logistics --format json
      successplans check --errors-only customers/acme-logistics/customer.yaml
      successplans check --format gitlab > gl-code-quality-report.json
    """
    config = get_config(config_file)
    day = resolve_as_of(config, as_of)
    only = selected(names, config)
    problems = []
    checked = waived = 0
    if only != []:
        # one customer in memory at a time: only the problems are kept
        stray, statuses = iter_customers(config, day, only or ())
        problems = list(stray)
        for status in statuses:
            problems.extend(status.problems)
            waived += len(status.waived)
            checked += ID_RE.match(status.id) is not None
    if only is EVERYONE or names_templates(names, config):
        problems.extend(load_templates(config).problems)
    problems = sort_problems(raised(problems, config))
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    shown = [p for p in problems if p.severity == "error"] if errors_only else problems
    sys.stdout.write(FORMATS[fmt](shown))
    if fmt == "text":
        counted = f"{errors} error{'s' * (errors != 1)}"
        left_out = f" ({warnings} warning{'s' * (warnings != 1)} not shown)" if errors_only else \
            f", {warnings} warning{'s' * (warnings != 1)}"
        aside = f", {waived} waived" if waived else ""
        click.echo(f"{counted}{left_out} in {checked} customer{'s' * (checked != 1)}{aside} (as of {day.isoformat()})",
                   err=True)
    return 1 if errors or (strict and warnings) else 0
