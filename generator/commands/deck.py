"""`successplans deck`: one customer's EBR deck as native, editable PowerPoint."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ..deck import git_commit, write_deck
from ..deck.template import template_path
from .completion import complete_customer
from .common import as_of_option, config_option, customer_facing_view, get_config


@click.command()
@click.argument("customer", shell_complete=complete_customer)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the deck (default: <customer>-ebr-<as-of>.pptx here).")
@as_of_option
@config_option
def deck(customer: str, output: Path | None, as_of: dt.date | None, config_file: Path | None) -> int:
    """Build one customer's Executive Business Review deck (customer-facing).

    The deck holds only what a customer may see: no ARR, health, risks, internal notes or
    internal objectives. A customer whose files have errors gets no deck.

    \b
    Examples:
      successplans deck northwind-freight
      successplans deck northwind-freight -o ebr.pptx --as-of 2026-11-16
    """
    config = get_config(config_file)
    view = customer_facing_view(config, customer, as_of)
    target = output or Path(f"{customer}-ebr-{view.as_of.isoformat()}.pptx")
    write_deck(view, template_path(config.deck_template, config.root), git_commit(config.root), target)
    click.echo(f"Deck: {target}")
    return 0
