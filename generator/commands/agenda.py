"""`successplans agenda`: what each CSM must do in the coming days, late items first in line."""

from __future__ import annotations

import datetime as dt
import difflib
import json
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..agenda import DEFAULT_DAYS, MAX_DAYS, portfolio_agenda
from ..model import AgendaItem, Portfolio
from ..portfolio import build_portfolio, resolve_as_of
from ..wording import NO_CSM, agenda_title
from .common import as_of_option, config_option, get_config, table_text


def item_record(item: AgendaItem) -> dict[str, object]:
    """The JSON record of SPEC §10."""
    return {
        "csm": item.csm, "customer": item.customer, "kind": item.kind, "due": item.due.isoformat(),
        "late": item.late, "objective": item.objective, "title": agenda_title(item), "file": item.file,
        "line": item.line,
    }


def agenda_text(items: tuple[AgendaItem, ...], as_of: dt.date, days: int) -> list[Text | Table]:
    """Per CSM, one row per item: due date (and late), then customer, what, where in the files."""
    horizon = (as_of + dt.timedelta(days=days)).isoformat()
    if not items:
        return [Text(f"Nothing due by {horizon} (as of {as_of.isoformat()}).")]
    by_csm: dict[str, list[AgendaItem]] = {}
    for item in items:
        by_csm.setdefault(item.csm or NO_CSM, []).append(item)
    out: list[Text | Table] = []
    for n, csm in enumerate(sorted(by_csm)):
        mine = by_csm[csm]
        late = sum(1 for i in mine if i.late)
        head = Text("\n" if n else "")
        head.append(f"{table_text(csm)}: {len(mine)} to do by {horizon}", style="bold")
        head.append(f", {late} late" if late else "", style="bold red")
        head.append(f" (as of {as_of.isoformat()})")
        out.append(head)
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        for i in mine:
            what = Text(table_text(i.customer_name), style="bold")
            what.append(f": {table_text(agenda_title(i))}\n", style="")
            what.append(f"{table_text(i.file)}:{i.line}", style="dim")
            grid.add_row(i.due.isoformat(), Text("late", style="bold red") if i.late else "", what)
        out.append(grid)
    return out


def check_csm(csm: str, portfolio: Portfolio) -> None:
    """--csm names someone: a handle of team.yaml when there is a roster (who may have no customer
    yet), else the csm of some customer; anything else could not run (exit 2), with the closest."""
    if portfolio.team is not None:
        known = sorted(portfolio.team.handles)
        if csm in known:
            return
        where = "team.yaml"
    else:
        known = sorted({c.customer.csm for c in portfolio.customers if c.customer.csm})
        if csm in known:
            return
        where = "any customer's csm"
    close = difflib.get_close_matches(csm, known, n=1)
    listing = f"did you mean '{close[0]}'?" if close else f"handles: {', '.join(known) or 'none'}"
    raise click.BadParameter(f"'{table_text(csm)}' is not in {where} ({listing})", param_hint="'--csm'")


@click.command()
@click.option("--csm", metavar="HANDLE", help="Only this CSM's customers (a handle of team.yaml, or any "
                                                  "customer's csm without a roster).")
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

    Exit status: 0 listed (nothing due included), 2 could not run (an --csm that team.yaml, or
    without a roster any customer, does not name; a bad --as-of or configuration).

    \b
    Examples:
      successplans agenda
      successplans agenda --csm jane.doe --days 30
      successplans agenda --format json --as-of 2026-11-16
    """
    config = get_config(config_file)
    portfolio = build_portfolio(config, resolve_as_of(config, as_of))
    if csm is not None:
        check_csm(csm, portfolio)
    items = portfolio_agenda(portfolio, days, csm)
    if fmt == "json":
        click.echo(json.dumps([item_record(i) for i in items], indent=2, ensure_ascii=False))
    else:
        console = Console(highlight=False)
        for part in agenda_text(items, portfolio.as_of, days):
            console.print(part)
    return 0
