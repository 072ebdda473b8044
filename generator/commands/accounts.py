"""`successplans import accounts` and `successplans export accounts`: the CRM in step (SPEC §12).

An import reads the CRM's account export (generator/crm.py) and stages each changed fact through
the edit function that sets it by hand (edit/facts.py), one session per customer: every value an
edit would refuse is a bad row, and every customer is written together, or none. An export writes
what the CRM should hold in return, in the same columns and formats.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ..agenda import ebr_due
from ..config import Config
from ..crm import (COMPUTED, FIELDS, AccountsPlan, BadRow, CrmFormat, plan_accounts, read_mapping, read_rows,
                   safe_cell, with_options, write_csv)
from ..diff import compare_portfolios, diff_markdown
from ..edit import facts
from ..edit.commandline import dry_run_option, report_warnings, today
from ..edit.lock import RepositoryLock
from ..edit.session import EditRefused, EditSession, write_sessions
from ..errors import BadArgument, SuccessPlansError, UsageError
from ..files import MAX_CSV_BYTES, DiskFiles, read_regular
from ..formats import text as text_format
from ..load import customer_folders, load_customer
from ..model import CustomerStatus, Portfolio
from ..output import atomic_write
from ..portfolio import build_portfolio, resolve_as_of
from ..wording import health_reason, label
from ..yamlread import MAX_BYTES, printable
from .common import as_of_option, config_option, get_config

F = TypeVar("F", bound=Callable[..., Any])

SETTERS: dict[str, Callable[[EditSession, Any, bool], Any]] = {
    "name": lambda session, value, force: facts.set_name(session, value),
    "arr": lambda session, value, force: facts.set_arr(session, value),
    "renewal_date": lambda session, value, force: facts.set_renewal_date(session, value, force=force),
    "customer_since": lambda session, value, force: facts.set_customer_since(session, value, force=force),
    "segment": lambda session, value, force: facts.set_segment(session, value),
    "csm": lambda session, value, force: facts.reassign(session, value, force=force),
}
"""Each fact an import sets, through the same function as the command that sets it by hand."""


def format_options(func: F) -> F:
    """How a CRM's file is laid out: a mapping file and/or options that override it."""
    for option in reversed((
        click.option("--mapping", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
                     help="A YAML file saying which column holds which fact and how the CRM writes dates and "
                          "numbers (see the Handbook's CRM page)."),
        click.option("--map", "map_text", metavar="COLUMN=FACT,...",
                     help=f"The columns instead of a mapping file, e.g. \"Account ID=crm_id,ARR=arr\" (facts: "
                          f"{', '.join(FIELDS)})."),
        click.option("--dates", metavar="FORMAT", help="How dates are written, e.g. DD/MM/YYYY (default YYYY-MM-DD)."),
        click.option("--decimal", type=click.Choice([".", ","]), help="The decimal separator (default '.')."),
        click.option("--thousands", type=click.Choice(["", ",", ".", " ", "'"]),
                     help="The thousands separator (default none)."),
        click.option("--delimiter", type=click.Choice([",", ";", "tab"]),
                     help="Between cells (default: found from row 1 on import, ',' on export)."),
    )):
        func = option(func)
    return func


def crm_format(mapping: Path | None, map_text: str | None, dates: str | None, decimal: str | None,
               thousands: str | None, delimiter: str | None) -> CrmFormat:
    from ..crm import parse_map

    options: dict[str, Any] = {"dates": dates, "decimal": decimal, "thousands": thousands, "delimiter": delimiter}
    if mapping is not None:
        text = _read_text(mapping, MAX_BYTES)
        fmt = read_mapping(text, printable(mapping.name))
        return with_options(fmt, columns=parse_map(map_text) if map_text else None, **options,
                            source=printable(mapping.name))
    if map_text is None:
        raise BadArgument("say which column holds which fact: --mapping FILE, or --map \"Account ID=crm_id,...\"")
    return with_options(CrmFormat(), columns=parse_map(map_text), **options, source="--map")


def _read_text(path: Path, limit: int) -> str:
    shown = printable(str(path))
    try:
        data = read_regular(path, limit)
    except OSError as exc:
        raise BadArgument(f"cannot read {shown}: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise BadArgument(f"{shown} is over {limit // (1 << 20)} MiB")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadArgument(f"{shown} is not UTF-8 text; export it as UTF-8 (with or without a byte order mark)") \
            from None


# --- import ---------------------------------------------------------------------------------------


@click.command("accounts")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@format_options
@click.option("--force", is_flag=True, help="Accept values an edit would refuse as likely slips (a renewal years "
                                            "ahead, a customer_since in the future, a CSM team.yaml does not list).")
@dry_run_option
@config_option
def import_accounts(file: Path, mapping: Path | None, map_text: str | None, dates: str | None, decimal: str | None,
                    thousands: str | None, delimiter: str | None, force: bool, dry_run: bool,
                    config_file: Path | None) -> int:
    """Update account facts (name, ARR, renewal date, customer since, segment, CSM) from a CRM
    export (CSV), matching each row to a customer by crm_id.

    Only the mapped columns are read; dates and numbers are read in the declared formats, a byte
    order mark and ';' or tab delimiters are accepted. A row whose CRM id no customer has is
    listed as skipped; a value that is unchanged changes nothing, so importing the same export
    twice writes nothing the second time. Every bad row is listed with its line (a value that
    does not read, a segment not configured, a value an edit would refuse unless --force), and
    then nothing at all is written. --dry-run prints the change as the plan diff shows it.

    Exit status: 0 imported (or nothing to change; --dry-run: shown, nothing written), 1 refused
    (nothing written for any customer: bad rows, listed by line; a renewal years ahead, a future
    customer_since or a CSM team.yaml does not list, unless --force), 2 could not run (a file or
    mapping that cannot be read, a column it names missing from row 1, a bad format option).

    \b
    Examples:
      successplans import accounts crm-export.csv --mapping crm-mapping.yaml --dry-run
      successplans import accounts accounts.csv --map "Account ID=crm_id,ARR=arr,Renewal=renewal_date" \\
          --dates DD/MM/YYYY --decimal , --thousands .
    """
    config = get_config(config_file)
    fmt = crm_format(mapping, map_text, dates, decimal, thousands, delimiter)
    name = printable(file.name)
    rows = read_rows(_read_text(file, MAX_CSV_BYTES), fmt, name)
    lock = RepositoryLock(config.root)
    if not dry_run:  # the plan is made from the files as they are while nobody else edits them
        lock.acquire()
    try:
        return _import(config, rows, fmt, name, force=force, dry_run=dry_run)
    finally:
        lock.release()


def _import(config: Config, rows: list[Any], fmt: CrmFormat, name: str, *, force: bool, dry_run: bool) -> int:
    folders, _stray = customer_folders(config)
    customers = [load_customer(folder, config)[0] for folder in folders]
    plan = plan_accounts(rows, customers, fmt, config.segments)
    bad = list(plan.bad)
    sessions: dict[str, EditSession] = {}
    day = today()
    for change in plan.changes:
        session = sessions[change.customer] = EditSession(config, change.customer, day, dry_run=dry_run)
        for fact, value in change.values.items():
            try:
                SETTERS[fact](session, value, force)
            except SuccessPlansError as exc:
                bad.append(BadRow(number=change.line, message=f"{fact}: {exc}"))
    warnings: dict[str, list[Any]] = {}
    if not bad:
        for change in plan.changes:
            try:
                warnings[change.customer] = sessions[change.customer].validate()
            except EditRefused as exc:
                details = "; ".join(f"{p.file}:{p.line}: {p.code} {p.message}" for p in exc.problems)
                bad.append(BadRow(number=change.line, message=f"the change would make the files invalid: {details}"))
    if bad:
        for row in sorted(bad, key=lambda b: b.number):
            click.echo(f"{name} line {row.number}: {row.message}", err=True)
        count = len(bad)
        raise UsageError(f"{count} bad row{'s' * (count != 1)} in {name}; nothing was written")
    _report(plan, name)
    if not plan.changes:
        click.echo("nothing to change")
        return 0
    ordered = [sessions[c.customer] for c in plan.changes]
    if dry_run:
        sys.stdout.write(_plan_diff(config, ordered))
        click.echo("dry run: nothing was written", err=True)
    else:
        for written in write_sessions(ordered):
            for path, _created in written:
                click.echo(f"updated {path}")
    for change in plan.changes:
        report_warnings(warnings.get(change.customer, []))
    return 0


def _shown(value: Any) -> str:
    return "—" if value is None else value.isoformat() if isinstance(value, dt.date) else printable(str(value))


def _report(plan: AccountsPlan, name: str) -> None:
    for change in plan.changes:
        facts_changed = "; ".join(f"{fact} {_shown(change.before[fact])} → {_shown(value)}"
                                  for fact, value in change.values.items())
        click.echo(f"{change.customer} (line {change.line}): {facts_changed}")
    unchanged = len(plan.unchanged)
    if unchanged:
        click.echo(f"{unchanged} customer{'s' * (unchanged != 1)} already in step")
    for skipped in plan.skipped:
        why = f"no customer has the CRM id '{printable(skipped.crm_id)}'" if skipped.crm_id else "no CRM id"
        click.echo(f"{name} line {skipped.line}: skipped, {why}")


def _plan_diff(config: Config, sessions: list[EditSession]) -> str:
    """The change as `successplans diff` would show it: both sides computed as of the same day."""
    day = resolve_as_of(config)
    ids = [s.customer_id for s in sessions]
    pending = DiskFiles({path: data for s in sessions for path, (_old, data) in s.changes.items()})
    before = build_portfolio(config, day, ids)
    after = build_portfolio(config, day, ids, files=pending)
    return diff_markdown(compare_portfolios(before, after, "the files", "the import"))


# --- export ---------------------------------------------------------------------------------------


@click.group("export")
def export_group() -> None:
    """Write what other systems should hold, from the plans."""


@export_group.command("accounts")
@format_options
@click.option("--format", "fmt_name", type=click.Choice(["csv"]), default="csv", show_default=True,
              help="The file's format.")
@click.option("--bom", is_flag=True, default=None, help="Start the file with a byte order mark (as Excel likes).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file.")
@as_of_option
@config_option
def export_accounts(mapping: Path | None, map_text: str | None, dates: str | None, decimal: str | None,
                    thousands: str | None, delimiter: str | None, fmt_name: str, bom: bool | None,
                    output: Path | None, as_of: dt.date | None, config_file: Path | None) -> int:
    """Write one row per customer with what the CRM should hold: its crm_id and account facts,
    then its health and main reason, open objectives and their tracks, last activity, next
    review and when the next EBR is due.

    With a mapping (--mapping or --map) the account facts go under the CRM's column names and
    every date and number is written in its formats, so the file imports into the CRM as it was
    exported from it; re-importing it here changes nothing. Without one, the columns have the
    facts' names and dates are YYYY-MM-DD. The file is internal (ARR, health, reasons): it is
    for the CRM, never for a customer.

    Exit status: 0 written (customers whose files have errors included, with health unknown), 2
    could not run (a mapping that cannot be read, a bad format option or --as-of, an output
    that cannot be written).

    \b
    Examples:
      successplans export accounts --mapping crm-mapping.yaml -o to-crm.csv
      successplans export accounts > accounts.csv
    """
    config = get_config(config_file)
    if mapping is None and map_text is None:
        fmt = with_options(CrmFormat(delimiter=","), columns={f: f for f in FIELDS}, dates=dates, decimal=decimal,
                           thousands=thousands, delimiter=delimiter)
    else:
        fmt = crm_format(mapping, map_text, dates, decimal, thousands, delimiter)
    if bom is not None:
        from dataclasses import replace

        fmt = replace(fmt, bom=bom)
    portfolio = build_portfolio(config, resolve_as_of(config, as_of))
    data = accounts_csv(portfolio, config, fmt)
    if output is not None:
        atomic_write(output, data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0


def accounts_csv(portfolio: Portfolio, config: Config, fmt: CrmFormat) -> bytes:
    columns = list(fmt.columns.items())  # (CRM column, fact), crm_id first
    columns.sort(key=lambda cf: cf[1] != "crm_id")
    header = [column for column, _fact in columns] + [c for c in COMPUTED]
    rows = [[_fact_cell(status, fact, fmt) for _column, fact in columns] + _computed(status, portfolio, config, fmt)
            for status in sorted(portfolio.customers, key=lambda s: s.id)]
    return write_csv(header, rows, fmt)


def _fact_cell(status: CustomerStatus, fact: str, fmt: CrmFormat) -> str:
    value = getattr(status.customer, fact)
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return fmt.dates.write(value)
    if fact == "arr":
        return fmt.write_number(value)
    return fmt.theirs(fact, str(value)) if fact in ("segment", "csm") else str(value)


def _computed(status: CustomerStatus, portfolio: Portfolio, config: Config, fmt: CrmFormat) -> list[str]:
    signals = status.health.signals
    reason = health_reason(signals[0], status.customer) if signals else ""
    open_objectives = status.open_objectives
    tracks = "; ".join(f"{s.objective.title} ({label(s.track)})" for s in open_objectives)
    due = ebr_due(status.customer, portfolio.as_of, config)
    return [status.id, status.health.color, safe_cell(reason), str(len(open_objectives)), safe_cell(tracks),
            fmt.dates.write(status.last_activity) if status.last_activity else "",
            fmt.dates.write(status.customer.next_review) if status.customer.next_review else "",
            fmt.dates.write(due) if due else ""]
