"""`successplans status`: health and objective tracks per customer, as a table or JSON."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..compute import as_float
from ..model import HEALTH_ORDER, CustomerStatus, PortfolioFigures
from ..portfolio import build_portfolio, resolve_as_of
from .completion import complete_customer
from .common import as_of_option, config_option, get_config

HEALTH_STYLE = {"green": "bold green", "lime": "green", "yellow": "yellow", "orange": "dark_orange",
                "red": "bold red", "unknown": "dim"}
TRACK_STYLE = {"on_track": "green", "planned": "cyan", "unmeasured": "dim", "at_risk": "yellow",
               "off_track": "dark_orange", "overdue": "red", "achieved": "green", "closed": "dim"}


def status_json(customer: CustomerStatus) -> dict[str, Any]:
    """The SPEC §7 record of one customer."""
    c = customer.customer
    return {
        "id": c.id,
        "name": c.name,
        "csm": c.csm,
        "health": customer.health.color,
        "health_reasons": list(customer.health.reasons),
        "objectives": [
            {
                "id": s.id,
                "status": s.status,
                "track": s.track,
                "progress": as_float(s.progress),
                "expected": as_float(s.expected),
                "current": as_float(s.current),
                "last_validated": s.objective.last_validated.isoformat() if s.objective.last_validated else None,
                "stale": s.stale,
            }
            for s in customer.objectives
        ],
    }


def _percent(value: Any) -> str:
    return "—" if value is None else f"{round(float(value) * 100)}%"


def status_table(customers: tuple[CustomerStatus, ...], as_of: dt.date) -> Table:
    table = Table(title=f"Success plans as of {as_of.isoformat()}", title_justify="left", expand=False)
    table.add_column("Customer", overflow="fold")
    table.add_column("CSM")
    table.add_column("Health")
    table.add_column("Open objectives (track, progress)", overflow="fold")
    table.add_column("Stale", justify="right")
    table.add_column("Renewal")
    for c in customers:
        objectives = Text()
        for i, s in enumerate(c.open_objectives):
            if i:
                objectives.append("\n")
            objectives.append(f"{s.id} ")
            objectives.append(s.track.replace("_", " "), style=TRACK_STYLE.get(s.track, ""))
            objectives.append(f" {_percent(s.progress)}")
        renewal = c.customer.renewal_date.isoformat() if c.customer.renewal_date else "—"
        table.add_row(c.customer.name, c.customer.csm or "—", Text(c.health.color, style=HEALTH_STYLE[c.health.color]),
                      objectives if c.open_objectives else Text("none", style="dim"), str(c.stale_count), renewal)
    return table


def figures_summary(f: PortfolioFigures) -> Text:
    """The portfolio figures in a few lines under the table."""
    text = Text("Health: ")
    for i, color in enumerate((*HEALTH_ORDER, "unknown")):
        count = f.customers_by_health.get(color, 0)
        if color == "unknown" and not count:
            continue
        text.append(", " if i else "")
        text.append(f"{count} {color}", style=HEALTH_STYLE[color])
    text.append(f"\nSuccess in the last 365 days: {f.customers_with_recent_success} of {f.customers} customers; "
                f"open objectives validated within the window: {f.open_validated_in_window} of {f.open_objectives}")
    if f.renewals:
        text.append("\nRenewals ahead: ")
        for i, r in enumerate(f.renewals):
            text.append(", " if i else "")
            text.append(f"{r.name} {r.date.isoformat()} ")
            text.append(r.health, style=HEALTH_STYLE[r.health])
    return text


@click.command()
@click.argument("customer", required=False, shell_complete=complete_customer)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="A readable table, or the JSON contract of SPEC §7 for scripts.")
@as_of_option
@config_option
def status(customer: str | None, fmt: str, as_of: dt.date | None, config_file: Path | None) -> int:
    """Show each customer's health and where its objectives stand.

    \b
    Examples:
      successplans status
      successplans status acme-logistics --format json --as-of 2026-11-16
    """
    config = get_config(config_file)
    portfolio = build_portfolio(config, resolve_as_of(config, as_of), (customer,) if customer is not None else ())
    if fmt == "json":
        click.echo(json.dumps([status_json(c) for c in portfolio.customers], indent=2, ensure_ascii=False))
    else:
        console = Console(highlight=False)
        console.print(status_table(portfolio.customers, portfolio.as_of))
        if not customer:
            console.print(figures_summary(portfolio.figures))
    return 0
