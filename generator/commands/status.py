"""`successplans status`: health and objective tracks per customer, as a table or JSON."""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..compute import as_float, portfolio_figures
from ..model import HEALTH_COLORS, CustomerStatus, Number, PortfolioFigures
from ..portfolio import build_portfolio, resolve_as_of
from .common import as_of_option, config_option, get_config, table_text
from .completion import complete_customer
from ..styles import TERMINAL_HEALTH_STYLE, TERMINAL_TRACK_STYLE
from ..wording import NONE, health_reason, label, percent



def status_json(customer: CustomerStatus) -> dict[str, Any]:
    """The SPEC §7 record of one customer."""
    c = customer.customer
    return {
        "id": c.id,
        "name": c.name,
        "csm": c.csm,
        "health": customer.health.color,
        "health_reasons": [health_reason(signal, c) for signal in customer.health.signals],
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


_percent = percent


def status_table(customers: tuple[CustomerStatus, ...], as_of: dt.date) -> Table:
    """A block per customer: its row, the reasons for its health under it, then its open objectives.

    Reasons and objectives share the wide first column, so an objective id stays on one line.
    """
    table = Table(title=f"Success plans as of {as_of.isoformat()}", title_justify="left", expand=False)
    longest = max((len(s.id) for c in customers for s in c.open_objectives), default=10)
    table.add_column("Customer: why this health, open objectives", min_width=min(longest + 2, 66))
    table.add_column("Health", no_wrap=True)
    table.add_column("Progress", justify="right", no_wrap=True)
    table.add_column("CSM", no_wrap=True)
    table.add_column("Renewal", no_wrap=True)
    for c in customers:
        table.add_row(Text(table_text(c.customer.name), style="bold"),
                      Text(c.health.color, style=TERMINAL_HEALTH_STYLE[c.health.color]), "",
                      table_text(c.customer.csm or NONE),
                      c.customer.renewal_date.isoformat() if c.customer.renewal_date else NONE)
        for signal in c.health.signals:
            reason = Text("- ", style=TERMINAL_HEALTH_STYLE.get(signal.color, ""))
            reason.append(table_text(health_reason(signal, c.customer)))
            table.add_row(reason, Text(signal.color, style=TERMINAL_HEALTH_STYLE.get(signal.color, "")), "", "", "")
        if not c.open_objectives:
            table.add_row(Text("  no open objective", style="dim"), "", "", "", "")
        for s in c.open_objectives:
            table.add_row(Text(f"  {s.id}"), Text(label(s.track), style=TERMINAL_TRACK_STYLE.get(s.track, "")),
                          _percent(s.progress), "", "")
        table.rows[-1].end_section = True
    return table


def _share(part: int, whole: int) -> float | None:
    return None if not whole else round(part / whole, 4)


def _money(value: Number) -> int | float:
    return int(value) if value == int(value) else float(value)


def _days(median: Fraction | None) -> int | float | None:
    """A median of whole days: an integer, or half a day between two middle values."""
    return None if median is None else (int(median) if median.denominator == 1 else float(median))


def portfolio_json(f: PortfolioFigures, as_of: dt.date) -> dict[str, Any]:
    """The SPEC §10 record of the portfolio figures."""
    return {
        "as_of": as_of.isoformat(),
        "quarter_start": f.quarter_start.isoformat(),
        "customers": f.customers,
        "with_value_share": _share(f.customers_with_recent_success, f.customers),
        "achieved_per_quarter": dict(f.achieved_per_quarter),
        "median_days_to_value": _days(f.median_days_to_first_value),
        "value_usd_achieved": _money(f.value_achieved_usd),
        "value_usd_achieved_365": _money(f.value_achieved_365_usd),
        "median_days_to_value_recent": _days(f.median_days_to_first_value_recent),
        "recent_value_customers": f.recent_value_customers,
        "open_objectives": f.open_objectives,
        "open_validated": f.open_validated_in_window,
        "health": {color: {"customers": f.customers_by_health.get(color, 0),
                           "arr": _money(f.arr_by_health.get(color, 0))} for color in HEALTH_COLORS},
        "renewals": [{"customer": r.customer_id, "date": r.date.isoformat(), "health": r.health,
                      "arr": None if r.arr is None else _money(r.arr)}
                     for r in sorted(f.renewals, key=lambda r: (r.date, r.customer_id))],
        "movement": [{"customer": m.customer_id, "from": m.before, "to": m.after}
                     for m in sorted(f.health_moves, key=lambda m: m.customer_id) if m.before != m.after],
    }


def figures_summary(f: PortfolioFigures) -> Text:
    """The portfolio figures in a few lines under the table."""
    text = Text("Health: ")
    for i, color in enumerate(HEALTH_COLORS):
        count = f.customers_by_health.get(color, 0)
        if color == "unknown" and not count:
            continue
        text.append(", " if i else "")
        text.append(f"{count} {color}", style=TERMINAL_HEALTH_STYLE[color])
    text.append(f"\nSuccess in the last 365 days: {f.customers_with_recent_success} of {f.customers} customers; "
                f"open objectives validated within the window: {f.open_validated_in_window} of {f.open_objectives}")
    if f.renewals:
        text.append("\nRenewals ahead: ")
        for i, r in enumerate(f.renewals):
            text.append(", " if i else "")
            text.append(f"{r.name} {r.date.isoformat()} ")
            text.append(r.health, style=TERMINAL_HEALTH_STYLE[r.health])
    return text


@click.command()
@click.argument("customers", nargs=-1, metavar="[CUSTOMER]...", shell_complete=complete_customer)
@click.option("--csm", metavar="HANDLE", help="Only the customers of this CSM (the customer's csm).")
@click.option("--portfolio", "figures_only", is_flag=True,
              help="Only the portfolio figures (of every customer, or of --csm's).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="A readable table, or JSON for scripts (one record per customer; the figures with --portfolio).")
@as_of_option
@config_option
def status(customers: tuple[str, ...], csm: str | None, figures_only: bool, fmt: str, as_of: dt.date | None,
           config_file: Path | None) -> int:
    """Show each customer's health, the reasons for it, and where its objectives stand.

    Exit status: 0 shown (whatever the health), 2 could not run (an unknown customer or --csm,
    customers named with --csm or --portfolio, a bad --as-of or configuration).

    \b
    Examples:
      successplans status
      successplans status acme-logistics globex --format json --as-of 2026-11-16
      successplans status --csm jane.doe
      successplans status --portfolio --format json
    """
    if customers and (csm is not None or figures_only):
        raise click.UsageError("name customers, or use --csm / --portfolio, not both")
    config = get_config(config_file)
    portfolio = build_portfolio(config, resolve_as_of(config, as_of), customers)
    shown = portfolio.customers
    figures = portfolio.figures
    if csm is not None:
        shown = tuple(c for c in shown if c.customer.csm == csm)
        if not shown:
            known = sorted({c.customer.csm for c in portfolio.customers if c.customer.csm})
            raise click.BadParameter(f"no customer has the CSM '{table_text(csm)}' (CSMs: {', '.join(known) or 'none'})",
                                     param_hint="'--csm'")
        figures = portfolio_figures(shown, portfolio.as_of, config)
    if fmt == "json":
        data: Any = portfolio_json(figures, portfolio.as_of) if figures_only else [status_json(c) for c in shown]
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    console = Console(highlight=False)
    if not figures_only:
        console.print(status_table(shown, portfolio.as_of))
    if not customers:
        console.print(figures_summary(figures))
    return 0
