"""`successplans risk open|update|close`: risks to the account, with their dated updates (internal)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from ..edit.commandline import (date_option, dry_run_option, finish, force_option, judge_date, parse_day,
                                require_id, today)
from ..edit.scaffold import risk_file, short_id
from ..edit.session import EditSession, suggest
from ..errors import BadArgument, UsageError
from ..model import Risk
from ..schema import ESCALATIONS, HANDLE_RE, ID_RE, RISK, RISK_KINDS, SEVERITIES
from .completion import complete_customer, complete_objective, complete_risk
from .common import config_option, get_config

ORDER = list(RISK.fields)


def _note(text: str | None) -> str | None:
    if text is None:
        return None
    if not text.strip():
        raise BadArgument("--note must not be empty")
    return " ".join(text.split())


def update_line(day: dt.date, note: str) -> str:
    """One dated update, as the body of a risk lists them."""
    return f"- {day.isoformat()}: {note}\n"


def _risk(session: EditSession, risk_id: str) -> tuple[Path, Risk | None]:
    path = session.folder / "risks" / f"{risk_id}.md"
    if not ID_RE.match(risk_id) or not path.is_file():
        folder = session.folder / "risks"
        known = sorted(p.stem for p in folder.glob("*.md")) if folder.is_dir() else []
        raise BadArgument(f"unknown risk '{risk_id}' for customer '{session.customer_id}'{suggest(risk_id, known)}")
    session.require_parses(path)
    record = next((r for r in session.customer.risks if r.id == risk_id), None) if session.customer else None
    return path, record


def _append_update(session: EditSession, path: Path, body: str, day: dt.date, note: str) -> None:
    last = body.rstrip("\n").rsplit("\n", 1)[-1] if body.strip() else ""
    separator = "" if last.startswith(("- ", "  ")) else "\n"  # a new update joins the list of updates
    session.append_body(path, separator + update_line(day, note))


@click.group()
def risk() -> None:
    """Open a risk, record how it develops, close it (risks stay internal)."""


@risk.command("open")
@click.argument("customer", shell_complete=complete_customer)
@click.argument("title")
@click.option("--kind", required=True, type=click.Choice(RISK_KINDS), help="What is at risk.")
@click.option("--severity", required=True, type=click.Choice(SEVERITIES))
@click.option("--escalation", type=click.Choice(ESCALATIONS), help="Who it is escalated to (default none).")
@click.option("--owner", metavar="HANDLE", help="Who on our side owns it, e.g. jane.doe.")
@click.option("--objective", "objectives", multiple=True, metavar="ID", shell_complete=complete_objective,
              help="An objective at risk (repeatable).")
@click.option("--id", "ident", metavar="ID", help="The file name (default: made from TITLE).")
@click.option("--note", metavar="TEXT", help="The first update, dated --date.")
@date_option
@force_option
@dry_run_option
@config_option
def open_risk(customer: str, title: str, kind: str, severity: str, escalation: str | None, owner: str | None,
              objectives: tuple[str, ...], ident: str | None, note: str | None, date_text: str | None,
              force: bool, dry_run: bool, config_file: Path | None) -> int:
    """Create risks/<id>.md for CUSTOMER with status open, opened on --date (default today).

    Exit status: 0 created (--dry-run: shown, nothing written), 1 refused (nothing written: the
    risk exists; a date in the future or an owner missing from team.yaml, unless --force; the
    edit would make the files invalid), 2 could not run (an unknown customer or objective, an id
    that is not one, an empty title or note, an owner that is not a handle, an invalid date).

    \b
    Examples:
      successplans risk open acme-logistics "Budget freeze may delay the rollout" --kind renewal \\
          --severity high --escalation manager --owner jane.doe --note "CFO mentioned a freeze"
      successplans risk open acme-logistics "Champion leaving" --kind sentiment --severity medium
    """
    config = get_config(config_file)
    day = parse_day(date_text, "--date")
    judge_date(day, "--date", force=force)
    session = EditSession(config, customer, today(), dry_run=dry_run)
    if not title.strip() or "\n" in title:
        raise BadArgument("TITLE must be one non-empty line")
    risk_id = require_id(ident, "risk") if ident is not None else require_id(short_id(title), "risk", made_from=title)
    path = session.folder / "risks" / f"{risk_id}.md"
    if path.exists():
        raise UsageError(f"risk '{risk_id}' already exists ({session.rel(path)}); give another --id")
    if owner is not None:
        if not HANDLE_RE.match(owner):
            raise BadArgument(f"--owner '{owner}' is not a handle (lowercase letters, digits, '.', '_', '-')")
        session.require_handle(owner, "--owner", force=force)
    for objective in dict.fromkeys(objectives):
        session.require_objective(objective)
    fields: dict[str, Any] = {"title": title.strip(), "kind": kind, "severity": severity, "status": "open",
                              "opened": day}
    if escalation:
        fields["escalation"] = escalation
    if owner:
        fields["owner"] = owner
    if objectives:
        fields["objectives"] = list(dict.fromkeys(objectives))
    text = _note(note)
    session.create_file(path, risk_file(fields, "\n" + update_line(day, text) if text else ""))
    return finish(session, dry_run)


@risk.command("update")
@click.argument("customer", shell_complete=complete_customer)
@click.argument("risk_id", metavar="RISK", shell_complete=complete_risk)
@click.option("--severity", type=click.Choice(SEVERITIES))
@click.option("--escalation", type=click.Choice(ESCALATIONS))
@click.option("--status", type=click.Choice(("open", "mitigated")), help="mitigated: under control, still watched.")
@click.option("--note", metavar="TEXT", help="This week's update, added to the body with --date.")
@date_option
@force_option
@dry_run_option
@config_option
def update(customer: str, risk_id: str, severity: str | None, escalation: str | None, status: str | None,
           note: str | None, date_text: str | None, force: bool, dry_run: bool, config_file: Path | None) -> int:
    """Re-rate, escalate or mitigate RISK, and/or add a dated update at the end of its body.

    Exit status: 0 changed (--dry-run: shown, nothing written), 1 refused (nothing written: the
    risk is closed; a date in the future or before it opened, unless --force; a file that does
    not parse), 2 could not run (an unknown customer or risk, nothing to change, an empty note,
    an invalid date).

    \b
    Examples:
      successplans risk update acme-logistics budget-freeze --note "Freeze confirmed until March"
      successplans risk update acme-logistics budget-freeze --severity high --escalation executive \\
          --note "Raised with our VP"
    """
    config = get_config(config_file)
    day = parse_day(date_text, "--date")
    session = EditSession(config, customer, today(), dry_run=dry_run)
    path, record = _risk(session, risk_id)
    values = {k: v for k, v in (("severity", severity), ("status", status), ("escalation", escalation)) if v}
    text = _note(note)
    if not values and text is None:
        raise BadArgument("nothing to change: give --severity, --escalation, --status or --note")
    if record is not None and record.status == "closed":
        raise UsageError(f"risk '{risk_id}' is closed; nothing was changed")
    if text is not None:
        judge_date(day, "--date", force=force, not_before=record.opened if record else None,
                   what="the risk was opened")
    if values:
        session.set_fields(path, values, ORDER)
    if text is not None:
        _append_update(session, path, record.body if record else "", day, text)
    return finish(session, dry_run)


@risk.command("close")
@click.argument("customer", shell_complete=complete_customer)
@click.argument("risk_id", metavar="RISK", shell_complete=complete_risk)
@click.option("--note", metavar="TEXT", help="How it ended, added to the body with --date.")
@date_option
@force_option
@dry_run_option
@config_option
def close_risk(customer: str, risk_id: str, note: str | None, date_text: str | None, force: bool, dry_run: bool,
               config_file: Path | None) -> int:
    """Close RISK (status closed), with a last dated update when --note is given.

    Exit status: 0 closed (--dry-run: shown, nothing written), 1 refused (nothing written: the
    risk is closed already; a date in the future or before it opened, unless --force; a file
    that does not parse), 2 could not run (an unknown customer or risk, an empty note, an
    invalid date).

    \b
    Examples:
      successplans risk close acme-logistics budget-freeze --note "Budget approved at the EBR"
    """
    config = get_config(config_file)
    day = parse_day(date_text, "--date")
    session = EditSession(config, customer, today(), dry_run=dry_run)
    path, record = _risk(session, risk_id)
    if record is not None and record.status == "closed":
        raise UsageError(f"risk '{risk_id}' is already closed; nothing was changed")
    text = _note(note)
    if text is not None:
        judge_date(day, "--date", force=force, not_before=record.opened if record else None,
                   what="the risk was opened")
    session.set_fields(path, {"status": "closed"}, ORDER)
    if text is not None:
        _append_update(session, path, record.body if record else "", day, text)
    return finish(session, dry_run)
