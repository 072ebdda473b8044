"""`successplans playbook apply|list`: the repository's playbooks (and objective templates) at work."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ..config import Config
from ..edit.commandline import dry_run_option, finish, parse_day, today
from ..edit.listedit import append_to_seq
from ..edit.session import EditRefused, EditSession, suggest
from ..edit.yamltext import Splice, Style
from ..errors import BadArgument, UsageError
from ..plantemplates import (FOLDER, OBJECTIVES, PLAYBOOKS, ROLES, FilledObjective, Filling, ObjectiveTemplate,
                             Playbook, PlanTemplates, TemplateRefused, fill_objective, fill_playbook, load_templates,
                             parse_roles, roles_of)
from ..schema import HANDLE_RE, OBJECTIVE
from ..yamlread import printable
from .completion import complete_customer, complete_objective, complete_playbook
from .common import config_option, get_config

F = TypeVar("F", bound=Callable[..., Any])
ORDER = list(OBJECTIVE.fields)


def role_option(func: F) -> F:
    return click.option("--role", "roles", multiple=True, metavar="ROLE=ID",
                        help=f"Who plays a role for this customer, e.g. adoption_champion=lee-chen (roles: "
                             f"{', '.join(ROLES)}); by default the customer's CSM, and the first stakeholder "
                             "of each persona.")(func)


def _templates(config: Config) -> PlanTemplates:
    return load_templates(config)


def _refused(templates: PlanTemplates, path: str) -> None:
    problems = [p for p in templates.problems if p.file == path]
    if problems:
        raise EditRefused(f"{path} has problems, so it was not used; fix it first (successplans check):", problems)


def objective_template(config: Config, name: str) -> ObjectiveTemplate:
    """An objective template by name; an unknown name could not run (exit 2), a broken one is refused."""
    templates = _templates(config)
    found = templates.objective(name)
    if found is None:
        path = f"{FOLDER}/{OBJECTIVES}/{name}.md"
        _refused(templates, path)
        known = [t.name for t in templates.objectives]
        raise BadArgument(f"unknown objective template '{printable(name)}'{suggest(name, known)}; templates are "
                          f"{FOLDER}/{OBJECTIVES}/<name>.md files beside mkdocs.yml")
    return found


def _playbook(config: Config, name: str) -> Playbook:
    templates = _templates(config)
    found = templates.playbook(name)
    if found is None:
        _refused(templates, f"{FOLDER}/{PLAYBOOKS}/{name}.yaml")
        known = [p.name for p in templates.playbooks]
        raise BadArgument(f"unknown playbook '{printable(name)}'{suggest(name, known)}; playbooks are "
                          f"{FOLDER}/{PLAYBOOKS}/<name>.yaml files beside mkdocs.yml")
    return found


def filling_for(session: EditSession, start: dt.date, given: tuple[str, ...]) -> Filling:
    """What the placeholders stand for in this customer's files (--role first)."""
    customer = session.customer
    assert customer is not None
    known = customer.known_stakeholder_ids

    def why_not(role: str, who: str) -> str | None:
        if role == "csm":
            return None if HANDLE_RE.match(who) else "a CSM is a team handle such as jane.doe"
        return None if who in known else f"'{printable(who)}' is not a stakeholder of '{customer.id}'" \
            f"{suggest(who, sorted(known))}"

    try:
        roles = parse_roles(given, why_not)
    except ValueError as exc:
        raise BadArgument(str(exc)) from None
    return Filling(customer=customer.name, start=start, roles=roles_of(customer, roles))


def fill_objective_for(session: EditSession, template: ObjectiveTemplate, filling: Filling) -> FilledObjective:
    try:
        return fill_objective(template, filling)
    except TemplateRefused as exc:
        raise EditRefused(str(exc), exc.problems) from None


@click.group()
def playbook() -> None:
    """Add a playbook's joint tasks to an objective, or list the repository's templates."""


@playbook.command("apply")
@click.argument("customer", shell_complete=complete_customer)
@click.argument("objective", shell_complete=complete_objective)
@click.argument("name", shell_complete=complete_playbook)
@click.option("--start", "start_text", metavar="YYYY-MM-DD",
              help="The day the playbook's days count from (default: today).")
@role_option
@dry_run_option
@config_option
def apply(customer: str, objective: str, name: str, start_text: str | None, roles: tuple[str, ...], dry_run: bool,
          config_file: Path | None) -> int:
    """Add the tasks of playbook NAME (templates/playbooks/NAME.yaml) to OBJECTIVE of CUSTOMER.

    Each task's owner is found by its role (the customer's CSM, or the customer's first
    stakeholder of that persona; --role says who otherwise) and its due date is counted from
    --start. A task whose title the objective already has is left out, so applying a playbook
    twice adds nothing twice.

    Exit status: 0 added (or nothing left to add; --dry-run: shown, nothing written), 1 refused
    (nothing written: a role has nobody, the playbook has problems, or the edit would make the
    files invalid), 2 could not run (an unknown customer, objective, playbook or role; an invalid
    --start).

    \b
    Examples:
      successplans playbook apply acme-logistics cut-cycle-time ebr-preparation
      successplans playbook apply acme-logistics cut-cycle-time ebr-preparation --start 2027-01-04 \\
          --role adoption_champion=lee-chen
    """
    config = get_config(config_file)
    book = _playbook(config, name)
    start = parse_day(start_text, "--start")
    session = EditSession(config, customer, today(), dry_run=dry_run)
    path = session.objective_path(objective)
    try:
        tasks = fill_playbook(book, filling_for(session, start, roles))
    except TemplateRefused as exc:
        raise EditRefused(str(exc), exc.problems) from None
    data = session.data(path, front_matter=True)
    present = data.get("tasks") if isinstance(data, dict) else None
    titles = {t.get("title", "").casefold() for t in present or [] if isinstance(t, dict)
              and isinstance(t.get("title"), str)}
    new = [t for t in tasks if t["title"].casefold() not in titles]
    skipped = len(tasks) - len(new)
    if not new:
        click.echo(f"{objective} already has every task of {name}: nothing to add")
        return 0
    if isinstance(present, list) and present:
        def change(text: str, style: Style, flow: bool) -> Splice:
            splice = None
            for item in new:
                step = append_to_seq(splice.text if splice else text, ["tasks"], item, style, flow)
                splice = step if splice is None else Splice(text=step.text, first=splice.first, last=splice.last)
            assert splice is not None
            return splice

        def expect(old: Any) -> Any:
            old["tasks"] = [*old["tasks"], *({k: v.isoformat() if isinstance(v, dt.date) else v
                                               for k, v in item.items()} for item in new)]
            return old

        session.edit_yaml(path, True, change, expect)
    else:
        session.set_fields(path, {"tasks": new}, ORDER)
    if skipped:
        click.echo(f"{skipped} task{'s' * (skipped != 1)} of {name} already there, left out", err=True)
    return finish(session, dry_run)


@playbook.command("list")
@config_option
def list_templates(config_file: Path | None) -> int:
    """List the repository's objective templates and playbooks, and any that have problems.

    Exit status: 0 listed (none included), 1 a template or playbook has problems (run
    successplans check), 2 could not run (no mkdocs.yml, a bad configuration).

    \b
    Examples:
      successplans playbook list
    """
    config = get_config(config_file)
    templates = _templates(config)
    if not (templates.objectives or templates.playbooks or templates.broken):
        click.echo(f"No templates: add {FOLDER}/{OBJECTIVES}/<name>.md or {FOLDER}/{PLAYBOOKS}/<name>.yaml beside "
                   "mkdocs.yml (see the Handbook's Templates and playbooks)")
        return 0
    for t in templates.objectives:
        click.echo(f"objective template {t.name}: {printable(t.title)} (due {printable(t.due)}; {t.tasks} "
                   f"task{'s' * (t.tasks != 1)})")
    for p in templates.playbooks:
        click.echo(f"playbook {p.name}: {printable(p.title or p.name)} ({len(p.tasks)} task"
                   f"{'s' * (len(p.tasks) != 1)})")
    for path in templates.broken:
        click.echo(f"{path} has problems: run successplans check", err=True)
    if templates.broken:
        raise UsageError(f"{len(templates.broken)} template{'s' * (len(templates.broken) != 1)} with problems")
    return 0
