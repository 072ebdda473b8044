"""`successplans log`: append an entry to a customer's activity log."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import click

from ..edit.commandline import date_option, dry_run_option, finish, force_option, judge_date, parse_day, today
from ..edit.session import EditSession
from ..errors import BadArgument
from ..schema import ACTIVITY_KINDS
from ..yamlread import resolve_plain
from .completion import complete_customer, complete_objective, complete_stakeholder
from .common import config_option, get_config


def parse_reading(text: str) -> tuple[str, Any]:
    """`OBJECTIVE=VALUE` → (objective id, exact number)."""
    objective, sep, raw = text.partition("=")
    value = resolve_plain(raw.strip())
    number = not isinstance(value, bool) and (isinstance(value, int) or isinstance(value, Decimal) and value.is_finite())
    if not sep or not objective.strip() or not number:
        raise BadArgument(f"--reading '{text}' must be OBJECTIVE=NUMBER, e.g. cut-cycle-time=9.5")
    return objective.strip(), value


@click.command()
@click.argument("customer", shell_complete=complete_customer)
@click.option("--kind", required=True, type=click.Choice(ACTIVITY_KINDS), help="What kind of activity it was.")
@click.option("--title", required=True, help="One line saying what happened.")
@date_option
@click.option("--objective", "objectives", multiple=True, metavar="ID", shell_complete=complete_objective,
              help="An objective it was about (repeatable).")
@click.option("--reading", "readings", multiple=True, metavar="ID=VALUE",
              help="A measured value of an objective's metric on that date (repeatable).")
@click.option("--attendee", "attendees", multiple=True, metavar="ID", shell_complete=complete_stakeholder,
              help="A stakeholder who took part (repeatable).")
@click.option("--internal", is_flag=True, help="Keep the entry on the internal site; it never reaches the customer.")
@click.option("--notes", help="Free notes (Markdown; internal site only).")
@click.option("--author", metavar="HANDLE", help="Who logged it, e.g. jane.doe.")
@force_option
@dry_run_option
@config_option
def log(customer: str, kind: str, title: str, date_text: str | None, objectives: tuple[str, ...],
        readings: tuple[str, ...], attendees: tuple[str, ...], internal: bool, notes: str | None,
        author: str | None, force: bool, dry_run: bool, config_file: Path | None) -> int:
    """Add an entry to CUSTOMER's activity log, in the form the customer keeps it.

    With the folder activity/ (or no log yet), the entry is a new file of its own there, named
    after its date and title with six random digits, so that two branches never touch the same
    file; with only activity.yaml, its lines go at the end of that file in the file's own style.
    No other line changes. A reading's objective is added to the entry's objectives.

    Exit status: 0 logged (--dry-run: shown, nothing written), 1 refused (nothing written: the
    entry would make the files invalid, a file does not parse; a date in the future, before the
    customer's customer_since (else its first objective's start) or before an objective it names
    started, or an author missing from team.yaml, unless --force), 2 could not run (an unknown
    customer, objective or stakeholder, an invalid date or number, a malformed handle).

    \b
    Examples:
      successplans log acme-logistics --kind call --title "Weekly sync" --attendee dana-whitfield
      successplans log acme-logistics --kind update --title "October cycle time" \\
          --date 2026-11-02 --reading cut-cycle-time=9.5
      successplans log acme-logistics --kind note --title "Budget freeze rumour" --internal
    """
    config = get_config(config_file)
    day = parse_day(date_text, "--date")
    session = EditSession(config, customer, today(), dry_run=dry_run)
    if not title.strip() or "\n" in title:
        raise BadArgument("--title must be one non-empty line")
    if author is not None:
        session.require_handle(author, "--author", force=force)
    values = dict(parse_reading(r) for r in readings)
    about = list(dict.fromkeys([*objectives, *values]))
    for objective in about:
        session.require_objective(objective)
    judge_date(day, "--date", force=force)
    account = session.customer
    if account is not None:  # a year typo backwards: before the customer was one
        first = min((o.started for o in account.objectives), default=None)
        start, what = (account.customer_since, "the customer's customer_since") if account.customer_since \
            else (first, "its first objective started")
        judge_date(day, "--date", force=force, not_before=start, what=what)
    for objective in about:
        record = session.customer.objective(objective) if session.customer else None
        if record is not None:
            judge_date(day, "--date", force=force, not_before=record.started,
                       what=f"objective {objective} started")
    for person in dict.fromkeys(attendees):
        session.require_stakeholder(person)
    entry: dict[str, Any] = {"date": day, "kind": kind, "title": title.strip()}
    if about:
        entry["objectives"] = about
    if values:
        entry["readings"] = values
    if attendees:
        entry["attendees"] = list(dict.fromkeys(attendees))
    if author:
        entry["author"] = author
    if internal:
        entry["internal"] = True
    if notes:
        entry["notes"] = notes if "\n" not in notes or notes.endswith("\n") else notes + "\n"
    session.add_activities([entry])
    return finish(session, dry_run)
