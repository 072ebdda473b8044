"""`successplans digest`: the monthly "are these still your priorities?" message."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from .completion import complete_customer
from .common import as_of_option, config_option, customer_facing_view, get_config


@click.command()
@click.argument("customer", shell_complete=complete_customer)
@click.option("--format", "fmt", type=click.Choice(["md", "html", "eml"]), default="md", show_default=True,
              help="Markdown, HTML, or a complete e-mail with plain and HTML parts (no recipient: add it when sending).")
@as_of_option
@config_option
def digest(customer: str, fmt: str, as_of: dt.date | None, config_file: Path | None) -> int:
    """Print the monthly message asking a customer to confirm their priorities (customer-facing).

    Exit status: 0 printed, 1 the customer's files have errors (listed), 2 could not run (an
    unknown customer, a bad configuration).

    \b
    Examples:
      successplans digest helix-payments
      successplans digest helix-payments --format eml > helix.eml
    """
    from ..digest import as_html, eml, markdown  # its wording lives beside the deck's: imported when used

    view = customer_facing_view(get_config(config_file), customer, as_of)
    if fmt == "eml":
        sys.stdout.buffer.write(eml(view))
    else:
        click.echo(markdown(view) if fmt == "md" else as_html(view), nl=False)
    return 0
