"""`successplans revalidate`: record that the customer confirmed an objective is still a priority."""

from __future__ import annotations

from pathlib import Path

import click

from ..edit.commandline import date_option, dry_run_option, finish, force_option, judge_date, parse_day, today
from ..edit.session import EditSession
from ..errors import UsageError
from ..model import OPEN
from ..schema import OBJECTIVE
from .completion import complete_customer, complete_objective, complete_stakeholder
from .common import config_option, get_config


@click.command()
@click.argument("customer", shell_complete=complete_customer)
@click.argument("objective", shell_complete=complete_objective)
@click.option("--by", "by", required=True, metavar="STAKEHOLDER", shell_complete=complete_stakeholder,
              help="Id of the stakeholder who confirmed it.")
@date_option
@force_option
@dry_run_option
@config_option
def revalidate(customer: str, objective: str, by: str, date_text: str | None, force: bool, dry_run: bool,
               config_file: Path | None) -> int:
    """Set OBJECTIVE's last_validated (default: today) and validated_by.

    Only those two lines of the front matter change (they are added after the tasks, in the
    schema's order, when missing).

    Exit status: 0 changed (--dry-run: shown, nothing written), 1 refused (nothing written: a
    closed objective; a date in the future, before the objective started or before its last
    validation, unless --force; a file that does not parse), 2 could not run (an unknown
    customer, objective or stakeholder, an invalid date).

    \b
    Examples:
      successplans revalidate acme-logistics cut-cycle-time --by dana-whitfield
      successplans revalidate acme-logistics cut-cycle-time --by dana-whitfield --date 2026-11-20
    """
    config = get_config(config_file)
    day = parse_day(date_text, "--date")
    session = EditSession(config, customer, today(), dry_run=dry_run)
    path = session.objective_path(objective)
    session.require_parses(path)
    session.require_stakeholder(by)
    record = session.customer.objective(objective) if session.customer else None
    if record is not None and record.status not in OPEN:
        raise UsageError(f"objective '{objective}' is {record.status}; only open objectives are revalidated")
    if record is not None:
        judge_date(day, "--date", force=force, not_before=record.started, what="the objective started")
        if record.last_validated is not None:
            judge_date(day, "--date", force=force, not_before=record.last_validated,
                       what="its last validation, which a revalidation cannot move back")
    session.set_fields(path, {"last_validated": day, "validated_by": by}, list(OBJECTIVE.fields))
    return finish(session, dry_run)
