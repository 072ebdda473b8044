"""`successplans start`: an objective the customer and we now work on (new → in_progress)."""

from __future__ import annotations

from pathlib import Path

import click

from ..edit.commandline import dry_run_option, finish, today
from ..edit.session import EditSession
from ..errors import UsageError
from ..schema import OBJECTIVE
from .completion import complete_customer, complete_objective
from .common import config_option, get_config


@click.command()
@click.argument("customer", shell_complete=complete_customer)
@click.argument("objective", shell_complete=complete_objective)
@dry_run_option
@config_option
def start(customer: str, objective: str, dry_run: bool, config_file: Path | None) -> int:
    """Move OBJECTIVE from new to in_progress; only its status line changes.

    Exit status: 0 changed (--dry-run: shown, nothing written), 1 refused (nothing written: the
    objective is not new, a file does not parse), 2 could not run (an unknown customer or
    objective).

    \b
    Examples:
      successplans start acme-logistics cut-cycle-time
    """
    config = get_config(config_file)
    session = EditSession(config, customer, today(), dry_run=dry_run)
    path = session.objective_path(objective)
    session.require_parses(path)
    record = session.customer.objective(objective) if session.customer else None
    if record is not None and record.status != "new":
        raise UsageError(f"objective '{objective}' is {record.status}, not new; nothing was changed")
    session.set_fields(path, {"status": "in_progress"}, list(OBJECTIVE.fields))
    return finish(session, dry_run)
