"""`successplans task add|done`: the joint plan of an objective (its `tasks`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..edit.commandline import date_option, dry_run_option, finish, force_option, judge_date, parse_day, today
from ..edit.listedit import append_to_seq, set_item_keys
from ..edit.facts import judge_horizon, require_owner, set_task_due, set_task_owner, task_index
from ..edit.session import EditSession
from ..errors import BadArgument, UsageError
from ..schema import HANDLE_RE, OBJECTIVE
from .completion import complete_customer, complete_objective, complete_owner
from .common import config_option, get_config

ORDER = list(OBJECTIVE.fields)
TASK_ORDER = ["title", "owner", "due", "done"]


@click.group()
def task() -> None:
    """Add a task to an objective's joint plan, mark one done, change its due date or owner."""


@task.command("add")
@click.argument("customer", shell_complete=complete_customer)
@click.argument("objective", shell_complete=complete_objective)
@click.argument("title")
@click.option("--owner", required=True, metavar="ID|HANDLE",
              help="A stakeholder id (the customer does it) or a team handle such as jane.doe (we do).")
@click.option("--due", "due_text", metavar="YYYY-MM-DD", help="When it should be done.")
@force_option
@dry_run_option
@config_option
def add(customer: str, objective: str, title: str, owner: str, due_text: str | None, force: bool, dry_run: bool,
        config_file: Path | None) -> int:
    """Add a task at the end of OBJECTIVE's tasks; no other line changes.

    Exit status: 0 added (--dry-run: shown, nothing written), 1 refused (nothing written: an
    owner that is neither a stakeholder nor a handle, a handle missing from team.yaml unless
    --force, a due date far ahead unless --force, the edit would make the files invalid, a file
    does not parse), 2 could not run (an unknown customer or objective, an empty title, an
    invalid date).

    \b
    Examples:
      successplans task add acme-logistics cut-cycle-time "Share the depot schedule" --owner dana-whitfield
      successplans task add acme-logistics cut-cycle-time "Configure alerts" --owner jane.doe --due 2026-12-15
    """
    config = get_config(config_file)
    session = EditSession(config, customer, today(), dry_run=dry_run)
    path = session.objective_path(objective)
    if not title.strip() or "\n" in title:
        raise BadArgument("TITLE must be one non-empty line")
    require_owner(session, owner, "--owner", force=force)
    item: dict[str, Any] = {"title": title.strip(), "owner": owner}
    if due_text is not None:
        item["due"] = parse_day(due_text, "--due")
        judge_horizon(item["due"], "--due", force=force)
    data = session.data(path, front_matter=True)
    tasks = data.get("tasks") if isinstance(data, dict) else None

    def expect(old: Any) -> Any:
        old["tasks"] = [*(old.get("tasks") or []), {k: str(v) if k == "due" else v for k, v in item.items()}]
        return old

    if isinstance(tasks, list) and tasks:
        session.edit_yaml(path, True, lambda text, style, flow: append_to_seq(text, ["tasks"], item, style, flow),
                          expect)
    else:
        session.set_fields(path, {"tasks": [item]}, ORDER)
    return finish(session, dry_run)


@task.command("done")
@click.argument("customer", shell_complete=complete_customer)
@click.argument("objective", shell_complete=complete_objective)
@click.argument("which", metavar="TASK")
@date_option
@force_option
@dry_run_option
@config_option
def done(customer: str, objective: str, which: str, date_text: str | None, force: bool, dry_run: bool,
         config_file: Path | None) -> int:
    """Mark TASK (its number, 1 = first, or its exact title) of OBJECTIVE done on --date (default today).

    Exit status: 0 changed (--dry-run: shown, nothing written), 1 refused (nothing written: the
    task is done already; a date in the future or before the objective started, unless --force;
    a file that does not parse), 2 could not run (an unknown customer, objective or task, an
    invalid date).

    \b
    Examples:
      successplans task done acme-logistics cut-cycle-time 2
      successplans task done acme-logistics cut-cycle-time "Share the depot schedule" --date 2026-11-20
    """
    config = get_config(config_file)
    day = parse_day(date_text, "--date")
    session = EditSession(config, customer, today(), dry_run=dry_run)
    path = session.objective_path(objective)
    data = session.data(path, front_matter=True)
    tasks = data.get("tasks") if isinstance(data, dict) else None
    tasks = tasks if isinstance(tasks, list) else []
    index = task_index(tasks, which, objective)
    current = tasks[index] if isinstance(tasks[index], dict) else {}
    if current.get("done"):
        raise UsageError(f"task {index + 1} of '{objective}' was already done on {current['done']}; "
                         "nothing was changed")
    record = session.customer.objective(objective) if session.customer else None
    judge_date(day, "--date", force=force, not_before=record.started if record else None,
               what="the objective started")

    def expect(old: Any) -> Any:
        old["tasks"][index]["done"] = day.isoformat()
        return old

    session.edit_yaml(path, True,
                      lambda text, style, flow: set_item_keys(text, ["tasks"], index, {"done": day}, TASK_ORDER,
                                                              style, flow), expect)
    return finish(session, dry_run)


@task.command("due")
@click.argument("customer", shell_complete=complete_customer)
@click.argument("objective", shell_complete=complete_objective)
@click.argument("which", metavar="TASK")
@click.argument("due_text", metavar="YYYY-MM-DD")
@force_option
@dry_run_option
@config_option
def task_due(customer: str, objective: str, which: str, due_text: str, force: bool, dry_run: bool,
             config_file: Path | None) -> int:
    """Set when TASK (its number, 1 = first, or its exact title) of OBJECTIVE should be done; only
    that task's due line changes. A date more than 730 days ahead is refused unless --force.

    Exit status: 0 changed (--dry-run: shown, nothing written), 1 refused (nothing written: the
    date looks like a slip, a file does not parse), 2 could not run (an unknown customer,
    objective or task, a malformed date).

    \b
    Examples:
      successplans task due acme-logistics cut-cycle-time 2 2027-01-15
      successplans task due acme-logistics cut-cycle-time "Share the depot schedule" 2026-12-01
    """
    session = EditSession(get_config(config_file), customer, today(), dry_run=dry_run)
    set_task_due(session, objective, which, parse_day(due_text, "YYYY-MM-DD"), force=force)
    return finish(session, dry_run)


@task.command("owner")
@click.argument("customer", shell_complete=complete_customer)
@click.argument("objective", shell_complete=complete_objective)
@click.argument("which", metavar="TASK")
@click.argument("owner", metavar="ID|HANDLE", shell_complete=complete_owner)
@force_option
@dry_run_option
@config_option
def task_owner(customer: str, objective: str, which: str, owner: str, force: bool, dry_run: bool,
               config_file: Path | None) -> int:
    """Give TASK (its number, 1 = first, or its exact title) of OBJECTIVE to another owner: a
    stakeholder id (the customer does it) or a handle of team.yaml (we do; another is refused
    unless --force). Only that task's owner line changes.

    Exit status: 0 changed (--dry-run: shown, nothing written), 1 refused (nothing written: an
    owner that is neither a stakeholder nor in team.yaml, a file that does not parse), 2 could
    not run (an unknown customer, objective or task).

    \b
    Examples:
      successplans task owner acme-logistics cut-cycle-time 2 maria.lopez
      successplans task owner acme-logistics cut-cycle-time "Share the depot schedule" dana-whitfield
    """
    session = EditSession(get_config(config_file), customer, today(), dry_run=dry_run)
    set_task_owner(session, objective, which, owner, force=force)
    return finish(session, dry_run)
