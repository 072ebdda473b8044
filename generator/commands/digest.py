"""`successplans digest`: the monthly "are these still your priorities?" message."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from .. import digest as render
from ..errors import UsageError
from ..formats import text as text_format
from ..portfolio import build_portfolio, resolve_as_of
from ..view import customer_view
from .common import as_of_option, config_option, get_config


@click.command()
@click.argument("customer")
@click.option("--format", "fmt", type=click.Choice(["md", "html", "eml"]), default="md", show_default=True,
              help="Markdown, HTML, or a complete e-mail with plain and HTML parts (no recipient: add it when sending).")
@as_of_option
@config_option
def digest(customer: str, fmt: str, as_of: dt.date | None, config_file: Path | None) -> int:
    """Print the monthly message asking a customer to confirm their priorities (customer-facing).

    \b
    Examples:
      successplans digest helix-payments
      successplans digest helix-payments --format eml > helix.eml
    """
    config = get_config(config_file)
    portfolio = build_portfolio(config, resolve_as_of(config, as_of), (customer,))
    status = portfolio.customers[0] if portfolio.customers else None
    if status is None or status.has_errors:
        errors = [p for p in portfolio.problems if p.severity == "error"]
        raise UsageError(f"{customer} has errors; fix them first:\n" + text_format(errors).rstrip())
    view = customer_view(status, config)
    if fmt == "eml":
        sys.stdout.buffer.write(render.eml(view))
    else:
        click.echo(render.markdown(view) if fmt == "md" else render.as_html(view), nl=False)
    return 0
