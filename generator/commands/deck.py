"""`successplans deck`: one customer's EBR deck as native, editable PowerPoint."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ..output import ensure_folder
from ..resources import templates_for
from .completion import complete_customer
from .common import as_of_option, config_option, customer_facing_view, get_config

DECKS_DIR = "decks"
"""Where `deck` writes without -o, beside mkdocs.yml: kept out of git by the .gitignore of `init`."""


@click.command()
@click.argument("customer", shell_complete=complete_customer)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the deck (default: decks/<customer>-ebr-<as-of>.pptx in the plans repository).")
@click.option("--pdf", is_flag=True, help="Also write a PDF copy beside the deck (needs LibreOffice).")
@as_of_option
@config_option
def deck(customer: str, output: Path | None, pdf: bool, as_of: dt.date | None, config_file: Path | None) -> int:
    """Build one customer's Executive Business Review deck (customer-facing).

    The deck holds only what a customer may see: no ARR, health, risks, internal notes or
    internal objectives. A customer whose files have errors gets no deck. Without -o the deck
    goes to the repository's decks/ folder (which `successplans init` lists in .gitignore),
    wherever the command runs from.

    Exit status: 0 written, 1 the customer's files have errors (listed; nothing sent to the
    customer is built from them), 2 could not run (an unknown customer, a bad configuration or
    template, an output that cannot be written, LibreOffice missing for --pdf).

    \b
    Examples:
      successplans deck northwind-freight
      successplans deck northwind-freight -o ebr.pptx --as-of 2026-11-16
      successplans deck northwind-freight --pdf
    """
    from ..deck import git_commit, write_deck  # python-pptx is slow to import: only when a deck is made
    from ..deck.template import template_path

    config = get_config(config_file)
    view = customer_facing_view(config, customer, as_of)
    template = template_path(config.deck_template, config.root, templates_for(config))
    if output is None:  # the repository's decks/ folder: a link there never leads the deck elsewhere
        target = config.root / DECKS_DIR / f"{customer}-ebr-{view.as_of.isoformat()}.pptx"
        ensure_folder(target.parent, config.root)
        write_deck(view, template, git_commit(config.root), target, config.status_colors, inside=config.root)
    else:  # where the user asked, as a regular file
        target = output
        write_deck(view, template, git_commit(config.root), target, config.status_colors)
    click.echo(f"Deck: {target}")
    if pdf:
        from ..deck.pdf import to_pdf

        (made,) = to_pdf([target])
        click.echo(f"PDF: {made}")
    return 0
