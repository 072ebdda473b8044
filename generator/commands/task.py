"""`successplans task add|done`: the joint plan of an objective (its `tasks`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..edit.commandline import date_option, dry_run_option, finish, force_option, judge_date, parse_day, today
from ..edit.listedit import append_to_seq, set_item_keys
from ..edit.session import EditSession
from ..errors import BadArgument, UsageError
from ..schema import HANDLE_RE, OBJECTIVE
from .completion import complete_customer, complete_objective
from .common import config_option, get_config

ORDER = list(OBJECTIVE.fields)
TASK_ORDER = ["title", "owner", "due", "done"]


@click.group()
def task() -> None:
    """Add a task to an objective's joint plan, or mark one done."""


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

    \b
    Examples:
      successplans task add acme-logistics cut-cycle-time "Share the depot schedule" --owner dana-whitfield
      successplans task add acme-logistics cut-cycle-time "Configure alerts" --owner jane.doe --due 2026-12-15
    """
    config = get_config(config_file)
    session = EditSession(config, customer, today(), dry_run=dry_run)
    path = session.objective_path(objective)
    if not title.strip() or "\n" in title:
        raise UsageError("TITLE must be one non-empty line")
    require_owner(session, owner, force=force)
    item: dict[str, Any] = {"title": title.strip(), "owner": owner}
    if due_text is not None:
        item["due"] = parse_day(due_text, "--due")
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


def require_owner(session: EditSession, owner: str, *, force: bool) -> None:
    """A task's owner: one of the customer's stakeholders (the customer does it), else a team handle
    that team.yaml lists (we do; --force accepts another)."""
    known = session.customer.known_stakeholder_ids if session.customer else frozenset()
    if owner in known:
        return
    if not HANDLE_RE.match(owner):
        raise UsageError(f"--owner '{owner}' is neither a stakeholder of '{session.customer_id}' nor a handle "
                         "(lowercase letters, digits, '.', '_', '-')")
    session.require_handle(owner, "--owner", force=force, stakeholders=True)


def task_index(tasks: list[Any], which: str, objective: str) -> int:
    """A task by its number (1 = first) or its title; unknown: could not run (exit 2)."""
    titles = [t.get("title") if isinstance(t, dict) else None for t in tasks]
    if which.isdigit() and 1 <= int(which) <= len(tasks):
        return int(which) - 1
    matches = [i for i, t in enumerate(titles) if isinstance(t, str) and t.casefold() == which.strip().casefold()]
    if len(matches) == 1:
        return matches[0]
    listing = "; ".join(f"{i + 1}. {t}" for i, t in enumerate(titles) if isinstance(t, str))
    raise BadArgument(f"no task '{which}' in objective '{objective}'"
                      + (f": give its number or title ({listing})" if listing else " (it has no tasks)"))


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
