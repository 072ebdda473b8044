"""`successplans close`: close an objective, with the customer's confirmation for a success."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..edit.commandline import date_option, dry_run_option, finish, force_option, judge_date, parse_day, today
from ..edit.session import EditSession
from ..errors import BadArgument, UsageError
from ..model import OPEN
from ..schema import OBJECTIVE
from .completion import complete_customer, complete_objective, complete_stakeholder
from .common import config_option, get_config

CLOSED = ("closed_success", "closed_no_action", "closed_invalid")


@click.command()
@click.argument("customer", shell_complete=complete_customer)
@click.argument("objective", shell_complete=complete_objective)
@click.option("--status", required=True, type=click.Choice(CLOSED),
              help="closed_success: achieved; closed_no_action: dropped; closed_invalid: not a real objective.")
@date_option
@click.option("--confirmed-by", metavar="STAKEHOLDER", shell_complete=complete_stakeholder,
              help="Id of the stakeholder who confirmed the outcome.")
@click.option("--evidence", metavar="TEXT", help="Evidence of the outcome: a sentence or a URL (internal only).")
@click.option("--unconfirmed", is_flag=True, help="Allow closed_success without --confirmed-by or --evidence.")
@force_option
@dry_run_option
@config_option
def close(customer: str, objective: str, status: str, date_text: str | None, confirmed_by: str | None,
          evidence: str | None, unconfirmed: bool, force: bool, dry_run: bool, config_file: Path | None) -> int:
    """Close OBJECTIVE: set its status and `closed` (date, confirmed_by, evidence).

    A success counts only when the customer confirms it: closed_success needs --confirmed-by or
    --evidence, unless --unconfirmed is given (check then warns with SP106). Only the status line
    and the `closed` lines change.

    Exit status: 0 closed (--dry-run: shown, nothing written), 1 refused (nothing written: an
    objective already closed; a date in the future or before the objective started, unless
    --force; a file that does not parse), 2 could not run (an unknown customer, objective or
    stakeholder, an invalid date, closed_success without --confirmed-by, --evidence or
    --unconfirmed).

    \b
    Examples:
      successplans close acme-logistics cut-cycle-time --status closed_success \\
          --confirmed-by dana-whitfield --evidence "Cycle time 7.8 days in the October report"
      successplans close acme-logistics legacy-migration --status closed_no_action --date 2026-11-20
    """
    config = get_config(config_file)
    day = parse_day(date_text, "--date")
    session = EditSession(config, customer, today(), dry_run=dry_run)
    path = session.objective_path(objective)
    session.require_parses(path)
    if confirmed_by is not None:
        session.require_stakeholder(confirmed_by)
    if evidence is not None and (not evidence.strip() or "\n" in evidence):
        raise BadArgument("--evidence must be one non-empty line")
    if status == "closed_success" and not (confirmed_by or evidence) and not unconfirmed:
        raise BadArgument("closed_success needs the customer's confirmation: give --confirmed-by and/or --evidence "
                         "(or --unconfirmed to record it without); nothing was changed")
    record = session.customer.objective(objective) if session.customer else None
    if record is not None and record.status not in OPEN:
        raise UsageError(f"objective '{objective}' is already {record.status}; nothing was changed")
    judge_date(day, "--date", force=force, not_before=record.started if record else None,
               what="the objective started")
    closure: dict[str, Any] = {"date": day}
    if confirmed_by:
        closure["confirmed_by"] = confirmed_by
    if evidence:
        closure["evidence"] = evidence.strip()
    session.set_fields(path, {"status": status, "closed": closure}, list(OBJECTIVE.fields))
    return finish(session, dry_run)
