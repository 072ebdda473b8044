"""`successplans team add|list`: the team roster, team.yaml beside mkdocs.yml (SPEC §12)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from ..edit.commandline import dry_run_option, finish, today
from ..edit.session import TeamSession
from ..errors import BadArgument, UsageError
from ..load import load_roster
from ..model import TeamRoster
from ..schema import HANDLE_RE, ROLES, TEAM_FILE, USERNAME_RE
from ..yamlread import printable
from .common import config_option, get_config, table_text

HEADER = ("# The team: one entry per person on our side. Customers' files name people by handle (csm,\n"
          "# task owners, authors); `successplans check` warns about a handle missing here (SP115).\n")


def _line(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    if not value.strip() or "\n" in value or "\r" in value:
        raise BadArgument(f"{option} must be one non-empty line")
    return value.strip()


def add_member(session: TeamSession, handle: str, name: str, *, email: str | None = None,
               username: str | None = None, role: str | None = None) -> None:
    """Stage one person at the end of team.yaml (created when missing); a handle already there is
    refused (exit 1), a malformed value could not run (exit 2)."""
    if not HANDLE_RE.match(handle):
        raise BadArgument(f"HANDLE '{printable(handle)}' is not a handle (lowercase letters, digits, '.', '_', '-')")
    if username is not None and not USERNAME_RE.match(username.removeprefix("@")):
        raise BadArgument(f"--username '{printable(username)}' is not a user name (letters, digits, '.', '_', '-')")
    if role is not None and role not in ROLES:
        raise BadArgument(f"--role '{printable(role)}' is not one of {', '.join(ROLES)}")
    roster = session.roster
    if roster is not None and handle in roster.handles:
        member = roster.member(handle)
        raise UsageError(f"{handle} is already in {TEAM_FILE}" + (f" ({member.name})" if member else "")
                         + "; nothing was changed")
    entry: dict[str, Any] = {"handle": handle, "name": _line(name, "--name")}
    for key, value in (("email", _line(email, "--email")), ("username", username.removeprefix("@") if username else None),
                       ("role", role)):
        if value is not None:
            entry[key] = value
    session.append_entries(session.path, [entry], header=HEADER)


@click.group()
def team() -> None:
    """Add people to the team roster (team.yaml) or list them."""


@team.command("add")
@click.argument("handle")
@click.option("--name", required=True, help="Their full name, as customers and the site show it.")
@click.option("--email", metavar="ADDRESS", help="Their e-mail address.")
@click.option("--username", metavar="USER", help="Their user name on GitLab or GitHub (for CODEOWNERS).")
@click.option("--role", type=click.Choice(ROLES), help="What they do in the team.")
@dry_run_option
@config_option
def add(handle: str, name: str, email: str | None, username: str | None, role: str | None, dry_run: bool,
        config_file: Path | None) -> int:
    """Add a person to team.yaml (created beside mkdocs.yml when missing); no other line changes.

    Once the roster exists, every handle in the customers' files must be in it: check warns
    about one that is not (SP115), and the editing commands refuse it unless --force.

    Exit status: 0 added (--dry-run: shown), 1 refused (the handle is there already, or
    team.yaml does not parse; nothing written), 2 could not run (a malformed handle or value).

    \b
    Examples:
      successplans team add jane.doe --name "Jane Doe" --role csm --username jdoe
      successplans team add maria.lopez --name "María López" --email maria.lopez@brightwell.example
    """
    session = TeamSession(get_config(config_file), today(), dry_run=dry_run)
    add_member(session, handle, name, email=email, username=username, role=role)
    return finish(session, dry_run)


def member_record(roster: TeamRoster) -> list[dict[str, str | None]]:
    return [{"handle": m.handle, "name": m.name, "role": m.role, "username": m.username, "email": m.email}
            for m in roster.members]


@team.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="A table, or a JSON list of people for scripts.")
@config_option
def list_team(fmt: str, config_file: Path | None) -> int:
    """List the people of team.yaml: handle, name, role, forge user name and e-mail.

    Exit status: 0 listed (an empty list without team.yaml), 1 team.yaml has errors (they are
    printed), 2 could not run.

    \b
    Examples:
      successplans team list
      successplans team list --format json
    """
    config = get_config(config_file)
    roster, problems = load_roster(config)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        from ..formats import text

        click.echo(text(errors).rstrip("\n"), err=True)
    if fmt == "json":
        click.echo(json.dumps(member_record(roster) if roster else [], indent=2, ensure_ascii=False))
    elif roster is None or not roster.members:
        click.echo(f"no one in {TEAM_FILE} yet: add people with successplans team add" if not errors else "")
    else:
        table = Table(box=None, pad_edge=False, show_edge=False)
        for column in ("handle", "name", "role", "username", "email"):
            table.add_column(column, overflow="fold")
        for m in roster.members:
            table.add_row(*(table_text(v or "") for v in (m.handle, m.name, m.role, m.username, m.email)))
        Console(highlight=False).print(table)
    return 1 if errors else 0
