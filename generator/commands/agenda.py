"""`successplans agenda`: what each CSM must do in the coming days, late items first in line."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..agenda import DEFAULT_DAYS, MAX_DAYS, portfolio_agenda
from ..model import AgendaItem
from ..portfolio import build_portfolio, resolve_as_of
from ..wording import NO_CSM, agenda_title
from ..yamlread import printable
from .common import as_of_option, config_option, get_config, table_text


def item_record(item: AgendaItem) -> dict[str, object]:
    """The JSON record of SPEC §10."""
    return {
        "csm": item.csm, "customer": item.customer, "kind": item.kind, "due": item.due.isoformat(),
        "late": item.late, "objective": item.objective, "title": agenda_title(item), "file": item.file,
        "line": item.line,
    }


def _by_csm(items: tuple[AgendaItem, ...]) -> dict[str, list[AgendaItem]]:
    by_csm: dict[str, list[AgendaItem]] = {}
    for item in items:
        by_csm.setdefault(item.csm or NO_CSM, []).append(item)
    return dict(sorted(by_csm.items()))


def _heading(csm: str, mine: list[AgendaItem], as_of: dt.date, horizon: str) -> tuple[str, str, str]:
    """A CSM's heading in three parts: how many, how many late, as of when."""
    late = sum(1 for i in mine if i.late)
    return (f"{table_text(csm)}: {len(mine)} to do by {horizon}", f", {late} late" if late else "",
            f" (as of {as_of.isoformat()})")


def _nothing(as_of: dt.date, horizon: str) -> str:
    return f"Nothing due by {horizon} (as of {as_of.isoformat()})."


def agenda_lines(items: tuple[AgendaItem, ...], as_of: dt.date, days: int) -> list[str]:
    """Per CSM, one line per item however long (for a pipe, a file or a message, where wrapping at
    the terminal's width would split names and paths): due date, late, customer, what, where."""
    horizon = (as_of + dt.timedelta(days=days)).isoformat()
    if not items:
        return [_nothing(as_of, horizon)]
    out: list[str] = []
    for n, (csm, mine) in enumerate(_by_csm(items).items()):
        out.extend([""] if n else [])
        out.append("".join(_heading(csm, mine, as_of, horizon)))
        out.extend(f"{i.due.isoformat()} {'late' if i.late else '    '} {printable(i.customer_name)}: "
                   f"{printable(agenda_title(i))} ({printable(i.file)}:{i.line})" for i in mine)
    return out


def agenda_text(items: tuple[AgendaItem, ...], as_of: dt.date, days: int) -> list[Text | Table]:
    """Per CSM, one row per item: due date (and late), then customer, what, where in the files."""
    horizon = (as_of + dt.timedelta(days=days)).isoformat()
    if not items:
        return [Text(_nothing(as_of, horizon))]
    out: list[Text | Table] = []
    for n, (csm, mine) in enumerate(_by_csm(items).items()):
        count, late, when = _heading(csm, mine, as_of, horizon)
        head = Text("\n" if n else "")
        head.append(count, style="bold")
        head.append(late, style="bold red")
        head.append(when)
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
        raise click.BadParameter(f"no customer has the CSM '{table_text(csm)}' (CSMs: {', '.join(known) or 'none'})",
                                 param_hint="'--csm'")
    items = portfolio_agenda(portfolio, days, csm)
    if fmt == "json":
        click.echo(json.dumps([item_record(i) for i in items], indent=2, ensure_ascii=False))
    else:
        console = Console(highlight=False)
        if not console.is_terminal:  # a pipe or a file: one item per line, never wrapped
            for line in agenda_lines(items, portfolio.as_of, days):
                click.echo(line)
            return 0
        for part in agenda_text(items, portfolio.as_of, days):
            console.print(part)
    return 0
