"""`successplans import readings`: metric readings from a CSV export, appended to the activity logs."""

from __future__ import annotations

from pathlib import Path

import click

from ..edit.commandline import dry_run_option, force_option, report_warnings, today
from ..edit.readings import CustomerPlan, plan_import, read_rows
from ..edit.session import EditSession, customer_ids, write_sessions
from ..errors import BadArgument, UsageError
from ..files import MAX_CSV_BYTES, read_regular
from ..schema import ID_RE
from ..yamlread import printable
from .accounts import import_accounts
from .common import config_option, get_config


@click.group("import")
def import_group() -> None:
    """Bring data from other systems into the plans."""


import_group.add_command(import_accounts)


@import_group.command("readings")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@force_option
@dry_run_option
@config_option
def import_readings(file: Path, force: bool, dry_run: bool, config_file: Path | None) -> int:
    """Append the metric readings in FILE (CSV) to the customers' activity logs.

    Row 1 names the columns: customer, objective, date, value, and optionally title, kind
    (default update) and author. Each customer gets one entry per date holding that day's
    readings. A reading already logged with the same objective, date and value is skipped, so
    importing the same export again changes nothing. Every bad row is listed by its row number
    (unknown customer or objective, an initiative, a value that is not a number, a bad or future
    date, another value for a reading already logged) and then nothing at all is written.

    Exit status: 0 imported (or nothing new; --dry-run: shown, nothing written), 1 refused
    (nothing written for any customer: bad rows, listed by number; an author missing from
    team.yaml or a date before the customer started, unless --force), 2 could not run (a file
    that cannot be read, a wrong header).

    \b
    Examples:
      successplans import readings cycle-times.csv --dry-run
      successplans import readings exports/2026-11.csv

    \b
    A file such as:
      customer,objective,date,value
      acme-logistics,cut-cycle-time,2026-11-02,9.5
    """
    config = get_config(config_file)
    shown = printable(str(file))
    try:
        data = read_regular(file, MAX_CSV_BYTES)  # a FIFO or device is refused by type: no hang, no flood
    except OSError as exc:
        raise BadArgument(f"cannot read {shown}: {exc.strerror or exc}") from None
    if len(data) > MAX_CSV_BYTES:
        raise BadArgument(f"{shown} is over {MAX_CSV_BYTES // (1 << 20)} MiB; import it in smaller files")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadArgument(f"{shown} is not UTF-8 text; export the CSV as UTF-8") from None
    rows = read_rows(text, printable(file.name))
    day = today()
    known = customer_ids(config)
    sessions = {cid: EditSession(config, cid, day, dry_run=dry_run) for cid in sorted({r.customer for r in rows})
                if ID_RE.match(cid) and cid in known}
    roster = next(iter(sessions.values())).roster if sessions else None
    plans, bad = plan_import(rows, {cid: s.customer for cid, s in sessions.items()}, known, day,
                             roster.handles if roster is not None else None, force)
    if bad:
        for row in sorted(bad, key=lambda b: b.number):
            click.echo(f"{printable(file.name)} row {row.number}: {row.message}", err=True)
        count = len(bad)
        raise UsageError(f"{count} bad row{'s' * (count != 1)} in {printable(file.name)}; nothing was written")
    if not rows:
        click.echo(f"{printable(file.name)} holds no readings; nothing to do")
        return 0
    changed = {cid: plan for cid, plan in plans.items() if plan.entries}
    for cid, plan in changed.items():
        sessions[cid].add_activities([e.as_entry() for e in plan.entries])
    warnings = {cid: sessions[cid].validate() for cid in changed}  # every customer passes before any write
    # every customer's log is written together, all or nothing, before anything is reported as done
    written = {} if dry_run else dict(zip(sorted(changed), write_sessions([sessions[cid] for cid in sorted(changed)])))
    for cid, plan in sorted(plans.items()):
        _summary(cid, plan)
        if cid not in changed:
            continue
        if dry_run:
            for line in sessions[cid].diff():
                click.echo(line)
        else:
            for path, created in written[cid]:
                click.echo(f"{'created' if created else 'updated'} {path}")
    if dry_run:
        click.echo("dry run: nothing was written", err=True)
    for cid in sorted(changed):
        report_warnings(warnings[cid])
    return 0


def _summary(customer_id: str, plan: CustomerPlan) -> None:
    skipped = len(plan.skipped)
    present = f"{skipped} already present" if skipped else ""
    if not plan.entries:
        click.echo(f"{customer_id}: nothing new ({present})")
    else:
        count, entries = plan.readings, len(plan.entries)
        click.echo(f"{customer_id}: {count} reading{'s' * (count != 1)} added in {entries} "
                   f"entr{'ies' if entries != 1 else 'y'}" + (f", {present}" if present else ""))
    for entry in plan.entries:
        for objective, value in entry.readings.items():
            click.echo(f"  + {entry.date} {objective} {value} (row {entry.rows[objective]})")
    for item in plan.skipped:
        where = f"row {item.earlier_row}" if item.earlier_row is not None else "the activity log"
        click.echo(f"  = {item.date} {item.objective} (row {item.number}) already in {where}")
