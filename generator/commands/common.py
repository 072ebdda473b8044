"""Options and helpers shared by the commands."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ..config import Config, load_config
from ..errors import ConfigError, UsageError
from ..today import parse_day
from ..view import CustomerView
from ..yamlread import printable

F = TypeVar("F", bound=Callable[..., Any])


def _parse_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return parse_day(value, "the date")
    except ConfigError as exc:
        raise click.BadParameter(str(exc).removeprefix("the date ")) from None


def date_option(*names: str, help: str) -> Callable[[F], F]:  # noqa: A002 - click's name
    return click.option(*names, metavar="YYYY-MM-DD", callback=_parse_date, help=help)


as_of_option = date_option("--as-of", help="Compute as of this date (default: config as_of, else today).")


def config_option(func: F) -> F:
    return click.option("-f", "--config-file", type=click.Path(dir_okay=False, path_type=Path), default=None,
                        help="mkdocs.yml holding the successplans plugin options "
                             "(default: the nearest mkdocs.yml here or in a parent folder).")(func)


def customer_facing_view(config: Config, customer: str, as_of: dt.date | None) -> CustomerView:
    """The customer-facing view of one customer; refused (exit 1) while its files have errors."""
    from ..formats import text as text_format
    from ..portfolio import build_portfolio, resolve_as_of
    from ..view import customer_view

    portfolio = build_portfolio(config, resolve_as_of(config, as_of), (customer,))
    status = portfolio.customers[0] if portfolio.customers else None
    if status is None or status.has_errors:
        errors = [p for p in portfolio.problems if p.severity == "error"]
        raise UsageError(f"{customer} has errors; fix them before sending anything to the customer:\n"
                         + text_format(errors).rstrip())
    return customer_view(status, config, portfolio.roster)


def get_config(config_file: Path | None) -> Config:
    from ..resources import templates_for

    try:
        config = load_config(config_file)
        templates_for(config)  # a templates_dir that is not a folder stops every command
        return config
    except OSError as exc:  # pragma: no cover - unusual file system states
        raise ConfigError(str(exc)) from None


def table_text(text: str) -> str:
    """Text for a terminal table (yamlread.printable keeping line feeds, as a cell may wrap)."""
    return printable(text, line_feeds=True)


def checked_mkdocs_yml(mkdocs_yml: Path, config: Config, *, trust_code: bool = False) -> None:
    """Before `build` or `serve` hands mkdocs.yml to MkDocs: refuse what must not run (exit 2),
    refuse the repository's own code unless its runner trusts it (`--trust-code`, or the
    environment), and then say in one line what repository code will run."""
    from ..mkdocs_scan import check_mkdocs_yml, code_trusted, guard_repository_code

    chain = check_mkdocs_yml(mkdocs_yml)
    code = guard_repository_code(chain, config, trusted=trust_code or code_trusted())
    if code:
        click.echo(f"successplans: this runs code from the repository: {'; '.join(code)}. Review changes to "
                   "these files as code (see the Handbook's page on merge requests).", err=True)


trust_code_option = click.option(
    "--trust-code", is_flag=True,
    help="Run the repository's own code (hooks, theme overrides, trusted templates, local plugins) "
         "after you have read it; without it such a build stops (exit 2).")
