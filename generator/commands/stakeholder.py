"""`successplans stakeholder add|update|remove`: the people on the customer side."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..edit.commandline import dry_run_option, finish, require_id, today
from ..edit.listedit import remove_item, set_item_keys
from ..edit.scaffold import slugify
from ..edit.session import EditSession, suggest
from ..errors import BadArgument, UsageError
from ..schema import PERSONAS, STAKEHOLDER
from .completion import complete_customer, complete_stakeholder
from .common import config_option, get_config

ORDER = list(STAKEHOLDER.fields)


def _one_line(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    if not value.strip() or "\n" in value:
        raise BadArgument(f"{option} must be one non-empty line")
    return value.strip()


def _details(title: str | None, persona: str | None, email: str | None, location: str | None) -> dict[str, Any]:
    fields = {"title": _one_line(title, "--title"), "persona": persona, "email": _one_line(email, "--email"),
              "location": _one_line(location, "--location")}
    return {k: v for k, v in fields.items() if v is not None}


def stakeholder_index(session: EditSession, stakeholder_id: str) -> int:
    """Position of a stakeholder in stakeholders.yaml; an unknown id could not run (exit 2)."""
    path = session.folder / "stakeholders.yaml"
    items = session.data(path, front_matter=False) if path.is_file() else None
    items = items if isinstance(items, list) else []
    ids = [item.get("id") if isinstance(item, dict) else None for item in items]
    if stakeholder_id not in ids:
        known = sorted(i for i in ids if isinstance(i, str))
        raise BadArgument(f"unknown stakeholder '{stakeholder_id}' for customer '{session.customer_id}'"
                          f"{suggest(stakeholder_id, known)}")
    return ids.index(stakeholder_id)


@click.group()
def stakeholder() -> None:
    """Add, update or remove a person on the customer side (stakeholders.yaml)."""


persona_option = click.option("--persona", type=click.Choice(PERSONAS),
                              help="Their role in the deal and the plan (internal vocabulary).")


@stakeholder.command("add")
@click.argument("customer", shell_complete=complete_customer)
@click.argument("name")
@click.option("--persona", type=click.Choice(PERSONAS), required=True,
              help="Their role in the deal and the plan (internal vocabulary).")
@click.option("--id", "ident", metavar="ID", help="Their id (default: made from NAME).")
@click.option("--title", metavar="TEXT", help="Job title, e.g. Chief Operating Officer.")
@click.option("--email", metavar="ADDRESS")
@click.option("--location", metavar="TEXT")
@dry_run_option
@config_option
def add(customer: str, name: str, persona: str, ident: str | None, title: str | None, email: str | None,
        location: str | None, dry_run: bool, config_file: Path | None) -> int:
    """Add a person to CUSTOMER's stakeholders.yaml; the new lines go at its end.

    Exit status: 0 added (--dry-run: shown, nothing written), 1 refused (nothing written: the
    person is there already, the edit would make the files invalid, a file does not parse), 2
    could not run (an unknown customer, an id that is not one, an empty or multi-line value).

    \b
    Examples:
      successplans stakeholder add acme-logistics "Dana Whitfield" --persona executive_sponsor \\
          --title "Chief Operating Officer" --email dana.whitfield@example.com
      successplans stakeholder add acme-logistics "Sam O'Neil" --id sam --persona adoption_champion
    """
    config = get_config(config_file)
    session = EditSession(config, customer, today(), dry_run=dry_run)
    name = _one_line(name, "NAME") or ""
    stakeholder_id = require_id(ident, "stakeholder") if ident is not None \
        else require_id(slugify(name), "stakeholder", made_from=name)
    path = session.folder / "stakeholders.yaml"
    items = session.data(path, front_matter=False) if path.is_file() else None
    if isinstance(items, list) and any(isinstance(i, dict) and i.get("id") == stakeholder_id for i in items):
        raise UsageError(f"stakeholder '{stakeholder_id}' already exists for customer '{customer}'; "
                         "give another --id or use `stakeholder update`")
    entry: dict[str, Any] = {"id": stakeholder_id, "name": name}
    entry.update(_details(title, persona, email, location))
    entry = {key: entry[key] for key in ORDER if key in entry}
    session.append_entry(path, entry)
    return finish(session, dry_run)


@stakeholder.command("update")
@click.argument("customer", shell_complete=complete_customer)
@click.argument("stakeholder_id", metavar="STAKEHOLDER", shell_complete=complete_stakeholder)
@click.option("--name", metavar="TEXT")
@persona_option
@click.option("--title", metavar="TEXT")
@click.option("--email", metavar="ADDRESS")
@click.option("--location", metavar="TEXT")
@dry_run_option
@config_option
def update(customer: str, stakeholder_id: str, name: str | None, persona: str | None, title: str | None,
           email: str | None, location: str | None, dry_run: bool, config_file: Path | None) -> int:
    """Change a stakeholder's name, persona, title, email or location; only those lines change.

    Exit status: 0 changed (--dry-run: shown, nothing written), 1 refused (nothing written: the
    edit would make the files invalid, a file does not parse), 2 could not run (an unknown
    customer or stakeholder, nothing to change, an empty or multi-line value).

    \b
    Examples:
      successplans stakeholder update acme-logistics dana-whitfield --title "Chief Executive Officer"
      successplans stakeholder update acme-logistics dana-whitfield --persona economic_buyer
    """
    config = get_config(config_file)
    session = EditSession(config, customer, today(), dry_run=dry_run)
    values = _details(title, persona, email, location)
    if name is not None:
        values = {"name": _one_line(name, "--name"), **values}
    if not values:
        raise BadArgument("nothing to change: give --name, --persona, --title, --email or --location")
    index = stakeholder_index(session, stakeholder_id)

    def expect(data: Any) -> Any:
        data[index].update(values)
        return data

    session.edit_yaml(session.folder / "stakeholders.yaml", False,
                      lambda text, style, flow: set_item_keys(text, (), index, values, ORDER, style, flow), expect)
    return finish(session, dry_run)


def references(session: EditSession, stakeholder_id: str) -> list[str]:
    """Where the customer's files name a stakeholder, in words."""
    customer = session.customer
    found: list[str] = []
    if customer is None:
        return found
    for objective in customer.objectives:
        where = []
        if stakeholder_id in objective.stakeholders:
            where.append("stakeholders")
        if objective.validated_by == stakeholder_id:
            where.append("validated_by")
        if objective.closed is not None and objective.closed.confirmed_by == stakeholder_id:
            where.append("closed.confirmed_by")
        if any(task.owner == stakeholder_id for task in objective.tasks):
            where.append("a task's owner")
        if where:
            found.append(f"objective {objective.id} ({', '.join(where)})")
    entries = [a for a in customer.activities if stakeholder_id in a.attendees]
    if entries:
        found.append(f"{len(entries)} activit{'ies' if len(entries) != 1 else 'y'} as attendee "
                     f"(the latest on {max(a.date for a in entries)})")
    return found


@stakeholder.command("remove")
@click.argument("customer", shell_complete=complete_customer)
@click.argument("stakeholder_id", metavar="STAKEHOLDER", shell_complete=complete_stakeholder)
@dry_run_option
@config_option
def remove(customer: str, stakeholder_id: str, dry_run: bool, config_file: Path | None) -> int:
    """Remove a stakeholder who is no longer involved; refused while any file still names them.

    Exit status: 0 removed (--dry-run: shown, nothing written), 1 refused (nothing written: a
    file still names them, a file does not parse), 2 could not run (an unknown customer or
    stakeholder).

    \b
    Examples:
      successplans stakeholder remove acme-logistics temp-contractor
    """
    config = get_config(config_file)
    session = EditSession(config, customer, today(), dry_run=dry_run)
    index = stakeholder_index(session, stakeholder_id)
    used = references(session, stakeholder_id)
    if used:
        raise UsageError(f"stakeholder '{stakeholder_id}' is still named in: {'; '.join(used)}; "
                         "nothing was changed")

    def expect(data: Any) -> Any:
        del data[index]
        return data

    session.edit_yaml(session.folder / "stakeholders.yaml", False,
                      lambda text, style, flow: remove_item(text, (), index), expect)
    return finish(session, dry_run)

