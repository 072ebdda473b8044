"""`successplans new customer|objective`: scaffold files that `check` accepts as written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import click

from ..edit.commandline import dry_run_option, finish, force_option, parse_day, require_id
from ..edit.facts import judge_horizon
from ..edit.scaffold import customer_files, objective_file, short_id, slugify
from ..edit.session import EditSession, suggest
from ..model import Customer
from ..edit.yamltext import Style, detect_style, parse
from ..config import Config
from ..errors import BadArgument, UsageError
from ..schema import HANDLE_RE
from ..yamlread import resolve_plain, split_front_matter
from .completion import complete_customer, complete_objective, complete_stakeholder, complete_template
from .playbook import fill_objective_for, filling_for, objective_template, role_option
from .common import config_option, get_config


@click.group()
def new() -> None:
    """Scaffold a new customer folder or objective file."""


def _id(given: str | None, text: str, what: str) -> str:
    if given is not None:
        return require_id(given, what)
    return require_id(short_id(text) if what == "objective" else slugify(text), what, made_from=text)


def _number(value: str, option: str) -> Any:
    number = resolve_plain(value.strip())
    if isinstance(number, bool) or not (isinstance(number, int) or isinstance(number, Decimal) and number.is_finite()):
        raise BadArgument(f"{option} '{value}' is not a number")
    return number


def _one_line(value: str, option: str) -> str:
    if not value.strip() or "\n" in value:
        raise BadArgument(f"{option} must be one non-empty line")
    return value.strip()


@new.command("customer")
@click.argument("name")
@click.option("--csm", required=True, metavar="HANDLE", help="The owning CSM's handle, e.g. jane.doe.")
@click.option("--id", "ident", metavar="ID", help="The folder name (default: made from NAME).")
@click.option("--segment", metavar="SEGMENT", help="One of the configured segments, e.g. enterprise.")
@force_option
@dry_run_option
@config_option
def new_customer(name: str, csm: str, ident: str | None, segment: str | None, force: bool, dry_run: bool,
                 config_file: Path | None) -> int:
    """Create customers/<id>/ with customer.yaml, stakeholders.yaml, objectives/ and activity/.

    The files are valid as written; stakeholders.yaml starts as an empty list with comments
    showing the format. The activity log starts as the folder activity/, where every entry
    `successplans log` adds is a file of its own, so that two branches never conflict.

    Exit status: 0 created (--dry-run: shown, nothing written), 1 refused (nothing written: the
    customer exists; a CSM missing from team.yaml, unless --force), 2 could not run (an empty or
    multi-line NAME, a CSM that is not a handle, an unknown segment, an id that cannot be made).

    \b
    Examples:
      successplans new customer "Acme Logistics" --csm jane.doe --segment enterprise
      successplans new customer "Ümlaut GmbH" --csm jane.doe --id umlaut
    """
    config = get_config(config_file)
    name = _one_line(name, "NAME")
    if not HANDLE_RE.match(csm):
        raise BadArgument(f"--csm '{csm}' is not a handle (lowercase letters, digits, '.', '_', '-')")
    if segment is not None and segment not in config.segments:
        raise BadArgument(f"--segment '{segment}' is not one of: {', '.join(config.segments)}")
    customer_id = _id(ident, name, "customer")
    session = EditSession(config, customer_id, parse_day(None, "--date"), create=True, dry_run=dry_run)
    session.require_handle(csm, "--csm", force=force)
    fields: dict[str, Any] = {"name": name, "csm": csm}
    if segment:
        fields["segment"] = segment
    for rel, content in customer_files(name, fields).items():
        session.create_file(session.folder / rel, content)
    return finish(session, dry_run)


@new.command("objective")
@click.argument("customer", shell_complete=complete_customer)
@click.argument("title", required=False)
@click.option("--due", "due_text", metavar="YYYY-MM-DD", help="When it must be reached (required without --template).")
@click.option("--started", "started_text", metavar="YYYY-MM-DD", help="When work began (default: today).")
@click.option("--id", "ident", metavar="ID", help="The file name (default: made from TITLE).")
@click.option("--priority", type=click.IntRange(min=1), help="Rank among open objectives, 1 = first.")
@click.option("--stakeholder", "stakeholders", multiple=True, metavar="ID", shell_complete=complete_stakeholder,
              help="A stakeholder invested in it (repeatable).")
@click.option("--metric", metavar="NAME", help="Name of the measured metric; needs --baseline and --target.")
@click.option("--baseline", metavar="N", help="The metric's value when work began.")
@click.option("--target", metavar="N", help="The metric's value that means success.")
@click.option("--unit", metavar="UNIT", help="The metric's unit, e.g. days or %.")
@click.option("--success-criteria", metavar="TEXT", help="How the customer will judge it (for an initiative).")
@click.option("--internal", is_flag=True, help="An internal account-plan objective (audience: internal).")
@click.option("--from", "source", metavar="[CUSTOMER/]OBJECTIVE", shell_complete=complete_objective,
              help="Copy the shape of another objective (this customer's, or CUSTOMER/OBJECTIVE): metric, success "
                   "criteria, stakeholders, audience and tasks, without any date or validation.")
@click.option("--template", "template_name", metavar="NAME", shell_complete=complete_template,
              help="Start from templates/objectives/NAME.md, filled in for CUSTOMER from --started (TITLE and "
                   "--due, when given, replace the template's).")
@role_option
@force_option
@dry_run_option
@config_option
def new_objective(customer: str, title: str | None, due_text: str | None, started_text: str | None,
                  ident: str | None, priority: int | None, stakeholders: tuple[str, ...], metric: str | None,
                  baseline: str | None, target: str | None, unit: str | None, success_criteria: str | None,
                  internal: bool, source: str | None, template_name: str | None, roles: tuple[str, ...],
                  force: bool, dry_run: bool, config_file: Path | None) -> int:
    """Create objectives/<id>.md for CUSTOMER with status new; the id is TITLE's first few
    significant words (cut-cycle-time), or --id.

    With --metric (and --baseline, --target) it is a measured goal; without, an initiative,
    which should say its --success-criteria. With --from, the new objective starts as a copy of
    another one's shape: its metric, success criteria, audience, stakeholders and tasks (titles
    and owners; from another customer, only the tasks our team owns), never its dates, its
    validation or its closure, which belong to the old objective; the options given replace what
    is copied. A due date more than 730 days ahead is refused unless --force.

    With --template NAME, the objective is templates/objectives/NAME.md with its placeholders
    filled in: the customer's name, dates counted from --started (default today), the CSM and
    the customer's people by persona (--role PERSONA=ID says who, when the customer has several
    or none).

    Exit status: 0 created (--dry-run: shown, nothing written), 1 refused (nothing written: the
    objective exists, due before started, a due date far ahead, a source or template that cannot
    be read or has problems), 2 could not run (an unknown customer, stakeholder, source objective,
    template or role; a missing TITLE or --due without --template; an invalid date or number).

    \b
    Examples:
      successplans new objective acme-logistics "Cut cycle time from 12 to 8 days" --due 2027-03-31 \\
          --metric "Cycle time" --baseline 12 --target 8 --unit days --stakeholder dana-whitfield
      successplans new objective acme-logistics "Roll out SSO" --due 2027-01-31 \\
          --success-criteria "Every employee signs in with SSO"
      successplans new objective acme-logistics --template onboarding --started 2026-12-01
    """
    config = get_config(config_file)
    if template_name is not None:
        given = {"--stakeholder": stakeholders or None, "--metric": metric, "--baseline": baseline,
                 "--target": target, "--unit": unit, "--success-criteria": success_criteria,
                 "--internal": internal or None, "--from": source}
        clash = [name for name, value in given.items() if value is not None]
        if clash:
            raise BadArgument(f"{', '.join(clash)} cannot go with --template: the template says it (edit the new "
                              "file afterwards)")
        return objective_from_template(config, customer, template_name, title=title, due_text=due_text,
                                       started_text=started_text, ident=ident, priority=priority, roles=roles,
                                       force=force, dry_run=dry_run)
    if title is None:
        raise BadArgument("missing argument TITLE (or give --template NAME)")
    if due_text is None:
        raise BadArgument("missing option --due (or give --template NAME)")
    started = parse_day(started_text, "--started")
    due = parse_day(due_text, "--due")
    session = EditSession(config, customer, parse_day(None, "--date"), dry_run=dry_run)
    judge_horizon(due, "--due", force=force)
    shape = copied_shape(session, source) if source is not None else {}
    title = _one_line(title, "TITLE")
    objective_id = _id(ident, title, "objective")
    path = session.folder / "objectives" / f"{objective_id}.md"
    if path.exists():
        raise UsageError(f"objective '{objective_id}' already exists ({session.rel(path)}); give another --id")
    for person in dict.fromkeys(stakeholders):
        session.require_stakeholder(person)
    metric_options = {"--metric": metric, "--baseline": baseline, "--target": target}
    if any(v is not None for v in metric_options.values()) or unit is not None:
        missing = [k for k, v in metric_options.items() if v is None]
        if missing:
            raise BadArgument(f"a metric needs --metric, --baseline and --target (missing: {', '.join(missing)})")
    fields: dict[str, Any] = {"title": title, "status": "new"}
    if priority is not None:
        fields["priority"] = priority
    fields["started"] = started
    fields["due"] = due
    if stakeholders:
        fields["stakeholders"] = list(dict.fromkeys(stakeholders))
    elif "stakeholders" in shape:
        fields["stakeholders"] = shape["stakeholders"]
    if metric is None and "metric" in shape:
        fields["metric"] = shape["metric"]
    if success_criteria is None and "success_criteria" in shape:
        fields["success_criteria"] = shape["success_criteria"]
    if metric is not None:
        assert baseline is not None and target is not None
        measure: dict[str, Any] = {"name": _one_line(metric, "--metric")}
        if unit:
            measure["unit"] = _one_line(unit, "--unit")
        measure["baseline"] = _number(baseline, "--baseline")
        measure["target"] = _number(target, "--target")
        fields["metric"] = measure
    if success_criteria:
        fields["success_criteria"] = _one_line(success_criteria, "--success-criteria")
    if internal or shape.get("audience") == "internal":
        fields["audience"] = "internal"
    if "tasks" in shape:
        fields["tasks"] = shape["tasks"]
    session.create_file(path, objective_file(fields, _objective_style(session.folder / "objectives")))
    return finish(session, dry_run)


def objective_from_template(config: Config, customer: str, name: str, *, title: str | None, due_text: str | None,
                            started_text: str | None, ident: str | None, priority: int | None,
                            roles: tuple[str, ...], force: bool, dry_run: bool) -> int:
    """`new objective --template`: the template filled in for the customer, through the session."""
    template = objective_template(config, name)
    start = parse_day(started_text, "--started")
    session = EditSession(config, customer, parse_day(None, "--date"), dry_run=dry_run)
    filled = fill_objective_for(session, template, filling_for(session, start, roles))
    fields = dict(filled.fields)
    if title is not None:
        fields["title"] = _one_line(title, "TITLE")
    if due_text is not None:
        fields["due"] = parse_day(due_text, "--due")
    if isinstance(fields.get("due"), dt.date):
        judge_horizon(fields["due"], "--due" if due_text is not None else "due", force=force)
    if priority is not None:
        fields = {**{k: v for k, v in fields.items() if k in ("title", "status")}, "priority": priority,
                  **{k: v for k, v in fields.items() if k not in ("title", "status", "priority")}}
    objective_id = _id(ident, str(fields["title"]), "objective")
    path = session.folder / "objectives" / f"{objective_id}.md"
    if path.exists():
        raise UsageError(f"objective '{objective_id}' already exists ({session.rel(path)}); give another --id")
    session.create_file(path, objective_file(fields, _objective_style(session.folder / "objectives"), filled.body))
    return finish(session, dry_run)


def _objective_style(folder: Path) -> Style:
    """The indentation of the customer's other objectives, so a new one looks like its siblings."""
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        try:
            front, _issue = split_front_matter(path.read_text(encoding="utf-8-sig").replace("\r\n", "\n"))
            if front is not None:
                return detect_style(front.yaml_text, parse(front.yaml_text))
        except Exception:  # noqa: BLE001 - a broken sibling only means no style to copy
            continue
    return Style()


def copied_shape(session: EditSession, source: str) -> dict[str, Any]:
    """What `new objective --from` copies of another objective: its metric, success criteria,
    audience, stakeholders (of the same customer) and tasks without dates (from another customer,
    only those owned by our team: the others' owners are that customer's people). Never a date,
    a validation or a closure: they belong to the old objective."""
    other_customer, _slash, objective_id = source.rpartition("/")
    if other_customer and other_customer != session.customer_id:
        require_id(other_customer, "customer")
        from ..load import load_customer

        folder = session.config.customers_path / other_customer
        if not folder.is_dir():
            raise BadArgument(f"unknown customer '{other_customer}' in --from {source}")
        loaded, _problems = load_customer(folder, session.config)
        customer: Customer | None = loaded
        same = False
    else:
        customer, same = session.customer, True
    require_id(objective_id, "objective")
    record = customer.objective(objective_id) if customer is not None else None
    if record is None:
        known = sorted(customer.known_objective_ids) if customer is not None else []
        if objective_id in known:
            raise UsageError(f"objective '{source}' has errors, so nothing can be copied from it; fix it first")
        raise BadArgument(f"unknown objective '{objective_id}' in --from {source}{suggest(objective_id, known)}")
    people = customer.known_stakeholder_ids if customer is not None else frozenset()
    shape: dict[str, Any] = {}
    if same and record.stakeholders:
        shape["stakeholders"] = list(record.stakeholders)
    if record.metric is not None:
        m = record.metric
        shape["metric"] = {"name": m.name, **({"unit": m.unit} if m.unit else {}), "baseline": m.baseline,
                           "target": m.target}
    if record.success_criteria:
        shape["success_criteria"] = record.success_criteria
    if record.audience == "internal":
        shape["audience"] = "internal"
    tasks = [{"title": t.title, "owner": t.owner} for t in record.tasks if same or t.owner not in people]
    if tasks:
        shape["tasks"] = tasks
    return shape
