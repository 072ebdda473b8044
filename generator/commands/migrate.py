"""`successplans migrate activity`: a customer's activity.yaml as one file per entry (SPEC §12)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import click

from ..compute import readings_by_objective
from ..edit.commandline import dry_run_option, report_warnings, today
from ..edit.migrate import split_log
from ..edit.scaffold import entry_file_name
from ..edit import scaffold
from ..edit.session import EditSession, customer_ids, write_sessions
from ..edit.textfile import TextFile
from ..edit.yamltext import detect_flow_lists, detect_style, parse
from ..errors import UsageError
from ..model import Activity
from ..schema import ACTIVITY_DIR
from .completion import complete_customer
from .common import config_option, get_config

LIST_KEYS = ("objectives", "attendees")


@click.group()
def migrate() -> None:
    """Move plans to a newer form of the files."""


@migrate.command("activity")
@click.argument("customers", nargs=-1, metavar="[CUSTOMER]...", shell_complete=complete_customer)
@dry_run_option
@config_option
def migrate_activity(customers: tuple[str, ...], dry_run: bool, config_file: Path | None) -> int:
    """Move each entry of activity.yaml into a file of its own in activity/, then remove
    activity.yaml (default: every customer that has one).

    Two branches that each log an entry then add two different files, and merge without a
    conflict; edits keep adding to the form a customer uses, so a customer not migrated keeps
    activity.yaml. Each entry keeps its own lines (comments inside it included), without the
    dash and the list's indentation: the change reads as lines moved. Comments above the first
    entry (the file's header) are left out. Everything is checked before anything is written:
    the log must read exactly as before, and all customers are written together or not at all.

    Exit status: 0 migrated (or nothing to do; --dry-run: shown), 1 refused (a log that does not
    parse or that the move would change; nothing written), 2 could not run (an unknown customer).

    \b
    Examples:
      successplans migrate activity --dry-run
      successplans migrate activity acme-logistics
    """
    config = get_config(config_file)
    day = today()
    names = list(dict.fromkeys(customers)) or [cid for cid in customer_ids(config)
                                                 if (config.customers_path / cid / "activity.yaml").exists()]
    sessions = [EditSession(config, cid, day, dry_run=dry_run) for cid in names]
    moved: dict[str, int] = {}
    for session in sessions:
        log = session.folder / "activity.yaml"
        if not log.exists() and not log.is_symlink():
            click.echo(f"{session.customer_id}: no activity.yaml (its log is already in {ACTIVITY_DIR}/)")
            continue
        moved[session.customer_id] = _plan(session, log)
    changed = [s for s in sessions if s.customer_id in moved]
    warnings = [s.validate(moved=True) for s in changed]
    written = [] if dry_run else write_sessions(changed)
    for index, session in enumerate(changed):
        count = moved[session.customer_id]
        click.echo(f"{session.customer_id}: {count} entr{'ies' if count != 1 else 'y'} moved to "
                   f"{session.rel(session.folder / ACTIVITY_DIR)}/")
        if dry_run:
            for line in session.diff():
                click.echo(line)
        else:
            for path, created in written[index]:
                click.echo(f"{'created' if created else 'updated'} {path}")
            click.echo(f"removed {session.rel(session.folder / 'activity.yaml')}")
    if dry_run:
        click.echo("dry run: nothing was written", err=True)
    for found in warnings:
        report_warnings(found)
    return 0


def _plan(session: EditSession, log: Path) -> int:
    """Stage one customer's move; refused when the log would not read exactly as before."""
    session.data(log, front_matter=False)  # refuses a log that does not parse
    textfile, _issue = TextFile.read(log)
    assert textfile is not None  # it parsed
    source = textfile.text
    root = parse(source)
    style = detect_style(source, root)
    flow = detect_flow_lists(root, LIST_KEYS) is not False
    entries = split_log(source, style, flow)
    if entries is None:
        raise UsageError(f"{session.rel(log)} is not a list of entries; nothing was changed")
    folder = session.folder / ACTIVITY_DIR
    taken: set[str] = set()
    for entry in entries:
        day = entry.data.get("date")
        try:
            date = dt.date.fromisoformat(day) if isinstance(day, str) else None
        except ValueError:
            date = None
        if date is None:
            raise UsageError(f"{session.rel(log)}:{entry.line}: the entry has no valid date, so it cannot be named; "
                             "fix it, then migrate (nothing was changed)")
        while True:
            name = entry_file_name(date, str(entry.data.get("title") or ""), str(entry.data.get("kind") or "entry"),
                                   scaffold.new_token())
            if name not in taken and not (folder / name).exists():
                break
        taken.add(name)
        session.create_file(folder / name, entry.text.replace("\n", textfile.newline))
    session.removed.add(log)
    before = session.customer.activities if session.customer else ()
    after, _problems = session.pending()
    _same_log(session, log, before, after.activities)
    return len(entries)


def _same_log(session: EditSession, log: Path, before: Sequence[Activity], after: Sequence[Activity]) -> None:
    """The moved log must hold the same entries and give every objective the same readings in the
    same order (on one date, the later entry's reading wins: entries of one date may now sort
    differently)."""
    def plain(activities: Sequence[Activity]) -> list[tuple[object, ...]]:
        return sorted((a.date, a.kind, a.title, a.objectives, a.readings, a.attendees, a.author, a.internal, a.notes,
                       tuple(sorted(a.extensions.items(), key=str))) for a in activities)

    if plain(before) != plain(after):  # pragma: no cover - each entry's text is verified as it is cut
        raise UsageError(f"{session.rel(log)}: the entries would not read as before; nothing was changed")
    last = dt.date.max
    if readings_by_objective(before, last) != readings_by_objective(after, last):
        raise UsageError(f"{session.rel(log)}: two entries of one date give one objective different readings, and "
                         "the files of activity/ would order them differently; keep one of the two readings, then "
                         "migrate (nothing was changed)")
