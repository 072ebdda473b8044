"""The commands that change one fact: `set FIELD CUSTOMER VALUE`, `reassign CUSTOMER HANDLE` and
`objective FIELD CUSTOMER OBJECTIVE VALUE` (the task's are `task due|owner`, beside `task add`).

One grammar for all of them: the words after `successplans` say what changes, then come the
customer, the objective and the task it belongs to, and the new value last. Each is a function of
edit/facts.py with its arguments parsed; every one edits through the session (the lock, a diff of
only the lines that change, the checks, one atomic write) and takes --dry-run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import click
from click.shell_completion import CompletionItem

from ..edit import facts
from ..edit.commandline import dry_run_option, finish, force_option, parse_day, today
from ..edit.session import EditSession
from ..errors import BadArgument
from ..yamlread import printable, resolve_plain
from .completion import complete_customer, complete_objective, complete_segment
from .common import config_option, get_config

def exit_text(what: str, forced: bool) -> str:
    """The exit statuses of a one-fact command, as its help states them."""
    slip = ", or the value looks like a slip of the year, which --force accepts" if forced else ""
    return (f"Exit status: 0 changed (--dry-run: shown, nothing written), 1 refused (nothing written: the "
            f"edit would make the files invalid or a file does not parse{slip}), 2 could not run (an unknown "
            f"{what}, a malformed value).")


def parse_number(text: str, what: str) -> int | Decimal:
    value = resolve_plain(text.strip())
    if isinstance(value, bool) or not (isinstance(value, int) or isinstance(value, Decimal) and value.is_finite()):
        hint = " (write it without thousands separators or a currency)" if any(c in text for c in ",$€£ ") else ""
        raise BadArgument(f"{what} '{printable(text)}' is not a number{hint}")
    return value


def _session(customer: str, dry_run: bool, config_file: Path | None) -> EditSession:
    return EditSession(get_config(config_file), customer, today(), dry_run=dry_run)


# --- set: the account's facts ---------------------------------------------------------------------


@click.group("set")
def set_group() -> None:
    """Change a fact of a customer's account (customer.yaml): name, ARR, renewal date, customer
    since, segment, lifecycle stage, next review, CRM id. The CSM: successplans reassign."""


def _fact(name: str, metavar: str, summary: str, examples: tuple[str, ...], apply: Callable[..., None], *,
          parse: Callable[[str], Any], forced: bool = False,
          complete: Callable[..., list[CompletionItem]] | None = None) -> click.Command:
    """One `set` subcommand: CUSTOMER VALUE, --dry-run, and --force where a value may look like a slip."""
    example_lines = "\n".join(f"  successplans set {name} {e}" for e in examples)
    help_text = f"{summary}\n\n{exit_text('customer', forced)}\n\n\b\nExamples:\n{example_lines}\n"

    def command(customer: str, value: str, dry_run: bool, config_file: Path | None, force: bool = False) -> int:
        session = _session(customer, dry_run, config_file)
        if forced:
            apply(session, parse(value), force=force)
        else:
            apply(session, parse(value))
        return finish(session, dry_run)

    decorated: Any = config_option(dry_run_option(command))
    if forced:
        decorated = force_option(decorated)
    decorated = click.argument("value", metavar=metavar, shell_complete=complete)(decorated)
    decorated = click.argument("customer", shell_complete=complete_customer)(decorated)
    return click.command(name, help=help_text)(decorated)


def _day(option: str) -> Callable[[str], dt.date]:
    return lambda text: parse_day(text, option)


for _cmd in (
    _fact("name", "NAME", "Set CUSTOMER's display name (name); the folder, and so the customer's id, stays the "
          "same (successplans rename customer changes that).", ('acme-logistics "Acme Logistics GmbH"',),
          facts.set_name, parse=str),
    _fact("arr", "AMOUNT", "Set CUSTOMER's annual recurring revenue (arr), a number without currency or separators.",
          ("acme-logistics 240000", "acme-logistics 1250000.50 --dry-run"), facts.set_arr,
          parse=lambda text: parse_number(text, "AMOUNT")),
    _fact("renewal-date", "YYYY-MM-DD", "Set CUSTOMER's next renewal (renewal_date). A date more than five years "
          "ahead is refused unless --force.", ("acme-logistics 2027-03-31",), facts.set_renewal_date,
          parse=_day("the renewal date"), forced=True),
    _fact("customer-since", "YYYY-MM-DD", "Set when CUSTOMER's contract started (customer_since). A date in the "
          "future is refused unless --force.", ("acme-logistics 2024-04-01",), facts.set_customer_since,
          parse=_day("customer_since"), forced=True),
    _fact("segment", "SEGMENT", "Set CUSTOMER's segment, one of the segments configured in mkdocs.yml.",
          ("acme-logistics enterprise",), facts.set_segment, parse=str, complete=complete_segment),
    _fact("lifecycle-stage", "STAGE", "Set CUSTOMER's lifecycle stage (onboarding, adoption, expansion, renewal, "
          "or your own words).", ("acme-logistics expansion",), facts.set_lifecycle_stage, parse=str),
    _fact("next-review", "YYYY-MM-DD", "Set the next business review agreed with CUSTOMER (next_review). A date "
          "more than 730 days ahead is refused unless --force.", ("acme-logistics 2027-01-20",),
          facts.set_next_review, parse=_day("the next review"), forced=True),
    _fact("crm-id", "ID", "Set the id of CUSTOMER's account in your CRM (crm_id). Another customer's id is "
          "refused: each account is one customer.", ("acme-logistics 0015g00000XyZ12",), facts.set_crm_id,
          parse=str),
):
    set_group.add_command(_cmd)


@click.command()
@click.argument("customer", shell_complete=complete_customer)
@click.argument("csm", metavar="HANDLE")
@force_option
@dry_run_option
@config_option
def reassign(customer: str, csm: str, force: bool, dry_run: bool, config_file: Path | None) -> int:
    """Give CUSTOMER to another CSM: its csm becomes HANDLE, a handle of team.yaml (another is
    refused unless --force). Only that line changes; when account_team still lists the previous
    CSM, the command says so (the deck shows that team to the customer).

    Exit status: 0 changed (--dry-run: shown, nothing written), 1 refused (nothing written: the
    same CSM, a handle missing from team.yaml, a file that does not parse), 2 could not run (an
    unknown customer, a malformed handle).

    \b
    Examples:
      successplans reassign acme-logistics maria.lopez
      successplans reassign acme-logistics maria.lopez --dry-run
    """
    session = _session(customer, dry_run, config_file)
    previous = facts.reassign(session, csm, force=force)
    code = finish(session, dry_run)
    if previous is not None:
        click.echo(f"note: account_team still lists {previous} (the previous CSM); the customer's deck shows that "
                   "team: edit it in customer.yaml", err=True)
    return code


# --- objective: one objective's facts --------------------------------------------------------------


@click.group()
def objective() -> None:
    """Change one field of an objective: its due date (the old date and the reason are logged),
    target, title, priority, recovery, value statement or asks."""


def _objective_command(name: str, metavar: str, summary: str, examples: tuple[str, ...],
                       apply: Callable[[EditSession, str, Any], None], parse: Callable[[str], Any]) -> click.Command:
    example_lines = "\n".join(f"  successplans objective {name} {e}" for e in examples)
    help_text = f"{summary}\n\n{exit_text('customer or objective', False)}\n\n\b\nExamples:\n{example_lines}\n"

    def command(customer: str, objective_id: str, value: str, dry_run: bool, config_file: Path | None) -> int:
        session = _session(customer, dry_run, config_file)
        apply(session, objective_id, parse(value))
        return finish(session, dry_run)

    decorated: Any = config_option(dry_run_option(command))
    decorated = click.argument("value", metavar=metavar)(decorated)
    decorated = click.argument("objective_id", metavar="OBJECTIVE", shell_complete=complete_objective)(decorated)
    decorated = click.argument("customer", shell_complete=complete_customer)(decorated)
    return click.command(name, help=help_text)(decorated)


def _priority(text: str) -> int:
    if not text.strip().isdigit():
        raise BadArgument(f"PRIORITY '{printable(text)}' is not a whole number (1 = first)")
    return int(text)


for _cmd in (
    _objective_command("target", "NUMBER", "Set OBJECTIVE's target (metric.target); an initiative has no metric.",
                       ("acme-logistics cut-cycle-time 7",), facts.set_objective_target,
                       lambda text: parse_number(text, "NUMBER")),
    _objective_command("title", "TEXT", "Set OBJECTIVE's title, the outcome in the customer's words (its id stays; "
                       "successplans rename objective changes that).",
                       ('acme-logistics cut-cycle-time "Cut cycle time from 12 to 7 days"',),
                       facts.set_objective_title, str),
    _objective_command("priority", "N", "Set OBJECTIVE's rank among the open objectives (1 = first).",
                       ("acme-logistics cut-cycle-time 1",), facts.set_objective_priority, _priority),
    _objective_command("recovery", "TEXT", "Set what changes to get OBJECTIVE back on plan, in the customer's words "
                       "(the deck shows it while the objective is behind plan or past due).",
                       ('acme-logistics cut-cycle-time "Two more analysts from March"',),
                       facts.set_objective_recovery, str),
    _objective_command("value-statement", "TEXT", "Set the value OBJECTIVE brings, in the customer's words.",
                       ('acme-logistics cut-cycle-time "Two analysts freed for planning"',),
                       facts.set_objective_value_statement, str),
):
    objective.add_command(_cmd)


@objective.command("due")
@click.argument("customer", shell_complete=complete_customer)
@click.argument("objective_id", metavar="OBJECTIVE", shell_complete=complete_objective)
@click.argument("due_text", metavar="YYYY-MM-DD")
@click.option("--reason", required=True, metavar="TEXT", help="Why the date moved, as agreed with the customer.")
@click.option("--author", metavar="HANDLE", help="Who agreed it, e.g. jane.doe.")
@force_option
@dry_run_option
@config_option
def objective_due(customer: str, objective_id: str, due_text: str, reason: str, author: str | None, force: bool,
                  dry_run: bool, config_file: Path | None) -> int:
    """Move OBJECTIVE's due date to a new date agreed with the customer.

    `due` changes, and an internal `update` entry dated today records the old date and the
    reason (in its notes), so the history says when and why the date moved. Only open
    objectives; a date more than 730 days ahead is refused unless --force, a date before the
    objective started is refused (SP010).

    Exit status: 0 changed (--dry-run: shown, nothing written), 1 refused (nothing written: a
    closed objective, the same date, a date before the start or far ahead, a file that does not
    parse), 2 could not run (an unknown customer or objective, a malformed date).

    \b
    Examples:
      successplans objective due acme-logistics cut-cycle-time 2027-06-30 \\
          --reason "Depot rollout moved to Q2 by Dana's team"
    """
    session = _session(customer, dry_run, config_file)
    facts.set_objective_due(session, objective_id, parse_day(due_text, "YYYY-MM-DD"), reason, author=author,
                            force=force)
    return finish(session, dry_run)


@objective.command("asks")
@click.argument("customer", shell_complete=complete_customer)
@click.argument("objective_id", metavar="OBJECTIVE", shell_complete=complete_objective)
@click.argument("asks", nargs=-1, metavar="[ASK]...")
@click.option("--clear", is_flag=True, help="Remove every ask (the list becomes empty).")
@dry_run_option
@config_option
def objective_asks(customer: str, objective_id: str, asks: tuple[str, ...], clear: bool, dry_run: bool,
                   config_file: Path | None) -> int:
    """Set what we need from the customer to move OBJECTIVE: the ASKs given replace the list
    (the review deck lists each once).

    Exit status: 0 changed (--dry-run: shown, nothing written), 1 refused (nothing written: the
    edit would make the files invalid, a file does not parse), 2 could not run (an unknown
    customer or objective, no ASK and no --clear, or both).

    \b
    Examples:
      successplans objective asks acme-logistics cut-cycle-time "A decision on the Leeds depot" \\
          "Access to the WMS export"
      successplans objective asks acme-logistics cut-cycle-time --clear
    """
    if bool(asks) == clear:
        raise BadArgument("give the asks, or --clear to remove them all (not both)")
    session = _session(customer, dry_run, config_file)
    facts.set_objective_asks(session, objective_id, list(asks))
    return finish(session, dry_run)
