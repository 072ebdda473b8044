"""What the editing commands share: dates that default to today, --dry-run, and the report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

import click

from ..errors import BadArgument, UsageError
from ..formats import text as text_format
from ..problems import Problem
from ..schema import ID_RE, ID_RULE, date_in_range, id_detail
from ..today import today
from ..yamlread import printable
from .session import EditSession

F = TypeVar("F", bound=Callable[..., Any])


def parse_day(value: str | None, option: str) -> dt.date:
    """An edit's date: the given YYYY-MM-DD, else today's real date (never the configured as_of)."""
    if value is None:
        return today()
    try:
        day = dt.date.fromisoformat(value) if len(value) == 10 else _invalid(value, option)
    except ValueError:
        return _invalid(value, option)
    if not date_in_range(day):
        raise BadArgument(f"{option} {value} must lie between 1900-01-01 and 2999-12-31; nothing was changed")
    return day


def _invalid(value: str, option: str) -> dt.date:
    raise BadArgument(f"{option} '{value}' is not a valid date (YYYY-MM-DD); nothing was changed")


def require_id(ident: str, what: str, made_from: str | None = None) -> str:
    """An id given on the command line (or made from a name), refused (exit 2) unless it is a valid
    id: a look-alike (Cyrillic "а" for "a") is as unknown as any other wrong name."""
    if not ID_RE.match(ident):
        source = f"the id '{printable(ident)}' made from '{printable(made_from)}'" if made_from is not None \
            else f"'{printable(ident)}'"
        give = "; give one with --id" if made_from is not None else ""
        raise BadArgument(f"{source} is not a valid {what} id{id_detail(ident)}: {ID_RULE}{give}")
    return ident


def date_option(func: F) -> F:
    return click.option("--date", "date_text", metavar="YYYY-MM-DD",
                        help="The date to record (default: today).")(func)


def force_option(func: F) -> F:
    return click.option("--force", is_flag=True,
                        help="Record what looks like a slip anyway: a date in the future, far ahead, before the "
                             "start or moving a validation back; a handle missing from team.yaml.")(func)


def judge_date(day: dt.date, option: str, *, force: bool, not_before: dt.date | None = None,
               what: str = "") -> None:
    """Refuse (exit 1) a date after the real today or before `not_before` (`what` names it), unless forced.

    A bound still in the future does not count: an objective planned to start next month may be
    revalidated or discussed today.
    """
    if force:
        return
    now = today()
    if day > now:
        raise UsageError(f"{option} {day} is in the future (today is {now}); nothing was changed "
                         "(--force records it anyway)")
    if not_before is not None and not_before <= now and day < not_before:
        raise UsageError(f"{option} {day} is before {what} ({not_before}); nothing was changed "
                         "(--force records it anyway)")


def dry_run_option(func: F) -> F:
    return click.option("--dry-run", is_flag=True, help="Show the change as a diff and write nothing.")(func)


def finish(session: EditSession, dry_run: bool) -> int:
    """Validate, then show (dry run) or write the changes; new warnings are printed as notes."""
    warnings = session.validate()
    if dry_run:
        for line in session.diff():
            click.echo(line)
        click.echo("dry run: nothing was written", err=True)
    else:
        removed = [session.rel(path) for path in sorted(session.removed)]
        for path, created in session.write():
            click.echo(f"{'created' if created else 'updated'} {path}")
        for path in removed:
            click.echo(f"removed {path}")
    report_warnings(warnings)
    return 0


def report_warnings(warnings: list[Problem]) -> None:
    """The warnings an edit adds, as of today, printed as a note."""
    if warnings:
        click.echo("note: the plan now has these warnings:", err=True)
        click.echo(text_format(warnings).rstrip("\n"), err=True)
