"""`successplans check`: validate the files and print every problem."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from ..formats import FORMATS
from ..plantemplates import load_templates
from ..portfolio import iter_customers, resolve_as_of
from ..problems import sort_problems
from ..schema import ID_RE
from .completion import complete_customer
from .common import as_of_option, config_option, get_config


@click.command()
@click.argument("customers", nargs=-1, metavar="[CUSTOMER]...", shell_complete=complete_customer)
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="text", show_default=True,
              help="Output format: text lines, JSON, GitHub annotations or a GitLab Code Quality report.")
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@as_of_option
@config_option
def check(customers: tuple[str, ...], fmt: str, strict: bool, as_of: dt.date | None,
          config_file: Path | None) -> int:
    """Validate every customer's files and report each problem with file and line.

    Without CUSTOMER, the repository's objective templates and playbooks (templates/) are
    checked too.

    Exit status: 0 no errors, 1 errors (or warnings with --strict), 2 the tool could not run.

    \b
    Examples:
      successplans check
      successplans check acme-logistics --format json
      successplans check --format gitlab > gl-code-quality-report.json
    """
    config = get_config(config_file)
    day = resolve_as_of(config, as_of)
    # one customer in memory at a time: only the problems are kept
    stray, statuses = iter_customers(config, day, customers)
    problems = list(stray)
    if not customers:  # the whole repository: its objective templates and playbooks too
        problems.extend(load_templates(config).problems)
    checked = 0
    for status in statuses:
        problems.extend(status.problems)
        checked += ID_RE.match(status.id) is not None
    problems = sort_problems(problems)
    sys.stdout.write(FORMATS[fmt](problems))
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    if fmt == "text":
        checked = len(customers) or checked
        click.echo(f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)} "
                   f"in {checked} customer{'s' * (checked != 1)} (as of {day.isoformat()})", err=True)
    return 1 if errors or (strict and warnings) else 0
