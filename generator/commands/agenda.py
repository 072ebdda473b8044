"""`successplans agenda`: what each CSM must do in the coming days, late items first in line."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..agenda import DEFAULT_DAYS, MAX_DAYS, AgendaItem, portfolio_agenda
from ..portfolio import build_portfolio, resolve_as_of
from ..yamlread import printable
from .common import as_of_option, config_option, get_config


def agenda_text(items: tuple[AgendaItem, ...], as_of: dt.date, days: int) -> list[Text | Table]:
    """Per CSM, one row per item: due date (and late), then customer, what, where in the files."""
    horizon = (as_of + dt.timedelta(days=days)).isoformat()
    if not items:
        return [Text(f"Nothing due by {horizon} (as of {as_of.isoformat()}).")]
    by_csm: dict[str, list[AgendaItem]] = {}
    for item in items:
        by_csm.setdefault(item.csm or "(no CSM)", []).append(item)
    out: list[Text | Table] = []
    for n, csm in enumerate(sorted(by_csm)):
        mine = by_csm[csm]
        late = sum(1 for i in mine if i.late)
        head = Text("\n" if n else "")
        head.append(f"{printable(csm)}: {len(mine)} to do by {horizon}", style="bold")
        head.append(f", {late} late" if late else "", style="bold red")
        head.append(f" (as of {as_of.isoformat()})")
        out.append(head)
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        for i in mine:
            what = Text(printable(i.customer_name), style="bold")
            what.append(f": {printable(i.title)}\n", style="")
            what.append(f"{printable(i.file)}:{i.line}", style="dim")
            grid.add_row(i.due.isoformat(), Text("late", style="bold red") if i.late else "", what)
        out.append(grid)
    return out


@click.command()
@click.option("--csm", metavar="HANDLE", help="Only this CSM's customers (the customer's csm).")
@click.option("--days", type=click.IntRange(0, MAX_DAYS), default=DEFAULT_DAYS, show_default=True,
              help="Look this many days ahead of the as-of date; late items are always listed.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Tables per CSM, or a JSON list (one object per action) for scripts.")
@as_of_option
@config_option
def agenda(csm: str | None, days: int, fmt: str, as_of: dt.date | None, config_file: Path | None) -> int:
    """List what each CSM must do between the as-of date and DAYS later, late items included.

    Revalidations, the vendor side's tasks, objective due dates, executive check-ins, EBRs before
    renewals, customer contact and files to fix, ordered by due date, then ARR.

    \b
    Examples:
      successplans agenda
      successplans agenda --csm jane.doe --days 30
      successplans agenda --format json --as-of 2026-11-16
    """
    config = get_config(config_file)
    portfolio = build_portfolio(config, resolve_as_of(config, as_of))
    if csm is not None and not any(c.customer.csm == csm for c in portfolio.customers):
        known = sorted({c.customer.csm for c in portfolio.customers if c.customer.csm})
        raise click.BadParameter(f"no customer has the CSM '{printable(csm)}' (CSMs: {', '.join(known) or 'none'})",
                                 param_hint="'--csm'")
    items = portfolio_agenda(portfolio, config, days, csm)
    if fmt == "json":
        click.echo(json.dumps([i.as_dict() for i in items], indent=2, ensure_ascii=False))
    else:
        console = Console(highlight=False)
        for part in agenda_text(items, portfolio.as_of, days):
            console.print(part)
    return 0
