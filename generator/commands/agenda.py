"""`successplans agenda`: what each CSM must do in the coming days, late items first in line."""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..agenda import DEFAULT_DAYS, MAX_DAYS, portfolio_agenda, sort_key
from ..config import find_config_file, read_mkdocs_yml
from ..deliver import MAIL_FROM, SMTP_HOST, Agenda, Settings, deliver, settings_from
from ..errors import ConfigError
from ..ics import calendar, feed_name, feed_uri, page_links
from ..model import AgendaItem, Portfolio
from ..people import People
from ..portfolio import build_portfolio, resolve_as_of
from ..secretvars import CHAT_WEBHOOK
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
@click.option("--format", "fmt", type=click.Choice(["text", "json", "ics"]), default="text", show_default=True,
              help="Tables per CSM, a JSON list (one object per action) for scripts, or an iCalendar file "
                   "(one all-day entry per action) to import into a calendar.")
@click.option("--send", is_flag=True,
              help="Send each CSM their own agenda instead of printing it: to the chat webhook and/or by e-mail, "
                   "as the SUCCESSPLANS_ environment variables set up (see the Handbook's Your week).")
@click.option("--dry-run", is_flag=True, help="With --send: print who would get what, and send nothing.")
@as_of_option
@config_option
def agenda(csm: str | None, days: int, fmt: str, send: bool, dry_run: bool, as_of: dt.date | None,
           config_file: Path | None) -> int:
    """List what each CSM must do between the as-of date and DAYS later, late items included.

    Revalidations, the vendor side's tasks, the customer's tasks to chase, risks to review,
    objective due dates, executive check-ins, EBRs ahead of renewals, customer contact and files
    to fix, ordered by due date, then ARR. Piped into a file or another program, each action is
    one line.

    With --send, each CSM with something to do gets their list: posted to a chat webhook (Slack,
    Microsoft Teams) when SUCCESSPLANS_CHAT_WEBHOOK is set, e-mailed when SUCCESSPLANS_SMTP_HOST
    is set. Secrets are never printed.

    Exit status: 0 listed or sent (nothing due included), 1 with --send, a message could not be
    delivered, 2 could not run (an --csm that team.yaml, or without a roster any customer, does
    not name; a bad --as-of or configuration; with --send, delivery settings missing or wrong, and
    nothing is sent).

    \b
    Examples:
      successplans agenda
      successplans agenda --csm jane.doe --days 30
      successplans agenda --format json --as-of 2026-11-16
      successplans agenda --csm jane.doe --format ics > jane.doe.ics
      successplans agenda --send --dry-run
    """
    config = get_config(config_file)
    if dry_run and not send:
        raise click.UsageError("--dry-run goes with --send")
    if send and fmt != "text":
        raise click.UsageError("--send sends the text of each agenda: leave out --format")
    settings = settings_from(os.environ) if send else None
    if settings is not None and not settings.channels:
        raise ConfigError(f"nothing to send with: set {CHAT_WEBHOOK} (a chat webhook) and/or {SMTP_HOST} with "
                          f"{MAIL_FROM} (e-mail); see the Handbook's Your week")
    portfolio = build_portfolio(config, resolve_as_of(config, as_of))
    if csm is not None:
        check_csm(csm, portfolio)
    items = portfolio_agenda(portfolio, days, csm)
    site = published_site(config_file)
    if settings is not None:
        return _send(settings, agendas(portfolio, items, days, site, config.company_name), dry_run)
    if fmt == "json":
        click.echo(json.dumps([item_record(i) for i in items], indent=2, ensure_ascii=False))
    elif fmt == "ics":
        people = People((c.customer for c in portfolio.customers), portfolio.roster)
        name = feed_name(people.name(csm), config.company_name) if csm else f"{config.company_name} agenda"
        sys.stdout.buffer.write(calendar(items, name=name, as_of=portfolio.as_of,
                                         link=page_links(site.url, site.directory_urls)))
        sys.stdout.flush()
    else:
        console = Console(highlight=False)
        if not console.is_terminal:  # a pipe or a file: one item per line, never wrapped
            for line in agenda_lines(items, portfolio.as_of, days):
                print(line)  # through sys.stdout, which escapes what its encoding cannot hold
            return 0
        for part in agenda_text(items, portfolio.as_of, days):
            console.print(part)
    return 0


@dataclass(frozen=True, kw_only=True)
class PublishedSite:
    """Where mkdocs.yml says the site is published (its site_url), and how its pages are named."""

    url: str | None
    directory_urls: bool


def published_site(config_file: Path | None) -> PublishedSite:
    settings = read_mkdocs_yml(find_config_file(config_file))
    url, directory_urls = settings.get("site_url"), settings.get("use_directory_urls", True)
    return PublishedSite(url=url if isinstance(url, str) and url.strip() else None,
                         directory_urls=directory_urls is not False)


def agendas(portfolio: Portfolio, items: tuple[AgendaItem, ...], days: int, site: PublishedSite,
            company: str) -> list[Agenda]:
    """Each CSM's agenda as it is sent, with the links to their feed and pages when the site's
    address is known."""
    people = People((c.customer for c in portfolio.customers), portfolio.roster)
    link = page_links(site.url, site.directory_urls)
    horizon = portfolio.as_of + dt.timedelta(days=days)
    out = []
    for handle, mine in itertools.groupby(sorted((i for i in items if i.csm), key=lambda i: i.csm or ""),
                                          key=lambda i: i.csm or ""):
        chosen = tuple(sorted(mine, key=sort_key))
        links = {n: url for n, item in enumerate(chosen) if link is not None and (url := link(item))}
        feed = f"{site.url.rstrip('/')}/{feed_uri(handle)}" if link is not None and site.url else None
        out.append(Agenda(csm=handle, name=people.name(handle), items=chosen, as_of=portfolio.as_of, horizon=horizon,
                          feed=feed, links=links))
    return out


def _send(settings: Settings, to_send: list[Agenda], dry_run: bool) -> int:
    recipients = dict(settings.mail_to)
    if dry_run:
        for agenda in to_send:
            where = [*(["the chat webhook"] if settings.webhook else []),
                     *([recipients.get(agenda.csm, "no e-mail address")] if settings.smtp else [])]
            print(f"--- to {agenda.csm} ({', '.join(where)}): {agenda.subject()}")
            print(agenda.text(), end="")
        sys.stdout.flush()
        print(f"dry run: nothing was sent ({len(to_send)} agenda{'s' * (len(to_send) != 1)})", file=sys.stderr)
        return 0
    if not to_send:
        click.echo("nobody has anything to do in this period: nothing was sent")
        return 0
    outcomes = deliver(to_send, settings, recipients)
    for outcome in outcomes:
        if outcome.sent:
            print(f"{outcome.csm}: {outcome.detail}")
    failed = [o for o in outcomes if not o.sent]
    for outcome in failed:
        print(f"successplans: {outcome.csm}'s agenda by {outcome.channel}: {outcome.detail}", file=sys.stderr)
    return 1 if failed else 0
