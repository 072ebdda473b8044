"""`successplans rename objective|customer`: change an id and every place that uses it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

from ..edit.commandline import dry_run_option, finish, require_id, today
from ..edit.listedit import id_nodes, rename_scalars
from ..edit.session import EditSession
from ..edit.yamltext import parse
from ..errors import OutputError, UsageError
from .completion import complete_customer, complete_objective
from .common import config_option, get_config


@click.group()
def rename() -> None:
    """Rename an objective or a customer, keeping every reference to it."""


def _renamed(data: Any, old: str, new: str, list_keys: tuple[str, ...], map_keys: tuple[str, ...]) -> Any:
    """The data as it must read once `old` is renamed (the expectation an edit is verified against)."""
    mappings = [data] if isinstance(data, dict) else [i for i in data if isinstance(i, dict)] \
        if isinstance(data, list) else []
    for mapping in mappings:
        for key in list_keys:
            if isinstance(mapping.get(key), list):
                mapping[key] = [new if v == old else v for v in mapping[key]]
        for key in map_keys:
            if isinstance(mapping.get(key), dict):
                mapping[key] = {new if k == old else k: v for k, v in mapping[key].items()}
    return data


def _rename_in(session: EditSession, path: Path, front_matter: bool, old: str, new: str,
               list_keys: tuple[str, ...], map_keys: tuple[str, ...] = ()) -> None:
    def change(text: str, _style: Any, _flow: bool) -> Any:
        return rename_scalars(text, id_nodes(parse(text), old, list_keys, map_keys), new)

    session.edit_yaml(path, front_matter, change, lambda data: _renamed(data, old, new, list_keys, map_keys))


@rename.command("objective")
@click.argument("customer", shell_complete=complete_customer)
@click.argument("old", shell_complete=complete_objective)
@click.argument("new")
@dry_run_option
@config_option
def rename_objective(customer: str, old: str, new: str, dry_run: bool, config_file: Path | None) -> int:
    """Rename objective OLD to NEW: its file, and its id in the activity log (objectives and
    readings, in activity.yaml and in activity/) and in risks. Only the lines naming it change.

    Exit status: 0 renamed (--dry-run: shown, nothing written), 1 refused (nothing written: NEW
    exists, a file that may name it does not parse), 2 could not run (an unknown customer or
    objective, a NEW that is no id).

    \b
    Examples:
      successplans rename objective acme-logistics cut-cycle-time-from-12-to-8-days cut-cycle-time
    """
    config = get_config(config_file)
    session = EditSession(config, customer, today(), dry_run=dry_run)
    source = session.objective_path(old)
    require_id(new, "objective")
    target = session.folder / "objectives" / f"{new}.md"
    if target.exists():
        raise UsageError(f"objective '{new}' already exists ({session.rel(target)}); nothing was changed")
    session.move_file(source, target)
    # every file that may name it must read cleanly: a broken one would keep the old id unseen
    for activity in session.activity_files():
        entries = session.data(activity, front_matter=False)
        entries = entries if isinstance(entries, list) else [entries]
        entries = [e for e in entries if isinstance(e, dict)]
        if any(old in (e.get("objectives") or []) or old in (e.get("readings") or {}) for e in entries):
            _rename_in(session, activity, False, old, new, ("objectives",), ("readings",))
    risks = session.folder / "risks"
    for path in sorted(risks.glob("*.md")) if risks.is_dir() else []:
        data = session.data(path, front_matter=True)
        if isinstance(data, dict) and isinstance(data.get("objectives"), list) and old in data["objectives"]:
            _rename_in(session, path, True, old, new, ("objectives",))
    return finish(session, dry_run)


@rename.command("customer")
@click.argument("old", shell_complete=complete_customer)
@click.argument("new")
@dry_run_option
@config_option
def rename_customer(old: str, new: str, dry_run: bool, config_file: Path | None) -> int:
    """Rename customer OLD to NEW: its folder moves; nothing inside it names the customer's id.
    A CODEOWNERS file made by `successplans codeowners` names the folder: make it again.

    Exit status: 0 moved (--dry-run: shown, nothing moved), 1 refused (NEW exists; nothing
    moved), 2 could not run (an unknown customer, a NEW that is no id, a folder that cannot be
    moved).

    \b
    Examples:
      successplans rename customer acme-logistics-inc acme-logistics
    """
    config = get_config(config_file)
    session = EditSession(config, old, today(), dry_run=dry_run)
    require_id(new, "customer")
    target = session.folder.parent / new
    if target.exists():
        raise UsageError(f"customer '{new}' already exists ({session.rel_folder.parent.as_posix()}/{new}/); "
                         "nothing was changed")
    rel_target = f"{session.rel_folder.parent.as_posix()}/{new}/"
    if dry_run:
        click.echo(f"would move {session.rel_folder.as_posix()}/ to {rel_target}")
        click.echo("dry run: nothing was written", err=True)
        return 0
    try:
        os.rename(session.folder, target)  # one rename: the folder is under its old name or its new one
    except OSError as exc:
        raise OutputError(f"cannot move {session.rel_folder.as_posix()}/: {exc.strerror or exc}") from None
    finally:
        session.lock.release()
    click.echo(f"moved {session.rel_folder.as_posix()}/ to {rel_target}")
    return 0
