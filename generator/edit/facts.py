"""One edit function per fact a CSM changes: an account's facts, its CSM, an objective's due date,
target, title, priority and customer words, a task's due date and owner.

Each function takes an EditSession of the customer and a typed value, refuses what it must
(BadArgument: could not run, exit 2; UsageError: refused, exit 1, `force` accepting what only looks
wrong), and stages the change in the session; nothing is written until the caller validates and
writes the session (commandline.finish). Several facts of one customer may be set in one session
(an import of account facts), and are written together. The commands of `set`, `reassign`,
`objective` and `task` are these functions with their arguments parsed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import BadArgument, UsageError
from ..load import customer_folders, load_customer
from ..model import OPEN, Number, Objective
from ..schema import HANDLE_RE, OBJECTIVE, customer_schema, number_problem
from ..today import today
from ..yamlread import printable
from .listedit import set_item_keys, set_nested_keys
from .session import EditSession

DUE_HORIZON_DAYS = 730
"""A due date or next review further ahead than this is most likely a slip of the year."""
RENEWAL_HORIZON_YEARS = 5
"""A renewal further ahead than this many years is most likely a slip of the year."""
METRIC_ORDER = ["name", "unit", "baseline", "target"]
TASK_ORDER = ["title", "owner", "due", "done"]


# --- judging values ---------------------------------------------------------------------------


def judge_horizon(day: dt.date, option: str, *, force: bool, years: int | None = None) -> None:
    """Refuse (exit 1) a date further ahead of the real today than anyone plans, unless forced:
    DUE_HORIZON_DAYS, or `years` years (a renewal)."""
    if force:
        return
    now = today()
    if years is not None:
        limit = _years_after(now, years)
        span = f"{years} years"
    else:
        limit = now + dt.timedelta(days=DUE_HORIZON_DAYS)
        span = f"{DUE_HORIZON_DAYS} days"
    if day > limit:
        raise UsageError(f"{option} {day} is more than {span} after today ({now}): a slip of the year? Nothing "
                         "was changed (--force records it anyway)")


def _years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def one_line(value: str, option: str) -> str:
    """Text for a one-line field; empty or several lines could not run (exit 2)."""
    if not value.strip() or "\n" in value or "\r" in value:
        raise BadArgument(f"{option} must be one non-empty line")
    return value.strip()


def number(value: Number, option: str, *, minimum: int | None = None) -> Number:
    problem = number_problem(value)
    if problem is not None or minimum is not None and value < minimum:
        what = problem or f"a number ≥ {minimum}"
        raise BadArgument(f"{option} {value} must be {what}")
    return value


# --- account facts (customer.yaml) ----------------------------------------------------------------


def _set_account(session: EditSession, values: Mapping[str, Any]) -> None:
    path = session.folder / "customer.yaml"
    session.require_parses(path)
    session.set_fields(path, values, list(customer_schema(session.config.segments).fields), front_matter=False)


def set_name(session: EditSession, name: str) -> None:
    """The customer's display name (one line); the folder, and so the id, stays as it is."""
    _set_account(session, {"name": one_line(name, "the name")})


def set_arr(session: EditSession, arr: Number) -> None:
    """The customer's annual recurring revenue (a number ≥ 0)."""
    _set_account(session, {"arr": number(arr, "ARR", minimum=0)})


def set_renewal_date(session: EditSession, day: dt.date, *, force: bool = False) -> None:
    """The next renewal; more than five years ahead is refused unless forced."""
    judge_horizon(day, "the renewal date", force=force, years=RENEWAL_HORIZON_YEARS)
    _set_account(session, {"renewal_date": day})


def set_customer_since(session: EditSession, day: dt.date, *, force: bool = False) -> None:
    """When the contract started; a date in the future is refused unless forced."""
    now = today()
    if day > now and not force:
        raise UsageError(f"customer_since {day} is in the future (today is {now}); nothing was changed (--force "
                         "records it anyway)")
    _set_account(session, {"customer_since": day})


def set_segment(session: EditSession, segment: str) -> None:
    """One of the configured segments."""
    if segment not in session.config.segments:
        raise BadArgument(f"segment '{printable(segment)}' is not one of: {', '.join(session.config.segments)}")
    _set_account(session, {"segment": segment})


def set_lifecycle_stage(session: EditSession, stage: str) -> None:
    """Where the account stands: onboarding, adoption, expansion, renewal (free text)."""
    _set_account(session, {"lifecycle_stage": one_line(stage, "the lifecycle stage")})


def set_next_review(session: EditSession, day: dt.date, *, force: bool = False) -> None:
    """The next business review agreed with the customer; more than 730 days ahead is refused unless forced."""
    judge_horizon(day, "the next review", force=force)
    _set_account(session, {"next_review": day})


def set_crm_id(session: EditSession, crm_id: str) -> None:
    """The account's id in the CRM; one another customer already has is refused (SPEC §12: unique)."""
    crm_id = one_line(crm_id, "the CRM id")
    for folder in customer_folders(session.config)[0]:
        if folder.name == session.customer_id:
            continue
        other, _problems = load_customer(folder, session.config)
        if other.crm_id == crm_id:
            raise UsageError(f"CRM id '{printable(crm_id)}' is already {other.id}'s; nothing was changed")
    _set_account(session, {"crm_id": crm_id})


def reassign(session: EditSession, csm: str, *, force: bool = False) -> str | None:
    """Give the customer to another CSM (its `csm`); a handle team.yaml does not list is refused
    unless forced. Returns the name of an account_team member that still names the previous CSM
    (the deck shows that team), for the caller to mention."""
    session.require_handle(csm, "CSM", force=force)
    customer = session.customer
    previous = customer.csm if customer else None
    if previous == csm:
        raise UsageError(f"{session.customer_id}'s CSM is {csm} already; nothing was changed")
    _set_account(session, {"csm": csm})
    if customer is None or previous is None:
        return None
    for member in customer.account_team:
        local = member.email.split("@", 1)[0].casefold() if member.email and "@" in member.email else None
        if member.handle == previous or local == previous.casefold():
            return member.name
    return None


# --- objectives -----------------------------------------------------------------------------------


def _objective(session: EditSession, objective_id: str, *, open_only: bool = False) -> tuple[Path, Objective | None]:
    path = session.objective_path(objective_id)
    session.require_parses(path)
    record = session.customer.objective(objective_id) if session.customer else None
    if open_only and record is not None and record.status not in OPEN:
        raise UsageError(f"objective '{objective_id}' is {record.status}; a closed objective keeps its dates "
                         "(nothing was changed)")
    return path, record


def _set_objective(session: EditSession, objective_id: str, values: Mapping[str, Any], *,
                   open_only: bool = False) -> None:
    path, _record = _objective(session, objective_id, open_only=open_only)
    session.set_fields(path, values, list(OBJECTIVE.fields))


def set_objective_due(session: EditSession, objective_id: str, day: dt.date, reason: str, *,
                      author: str | None = None, force: bool = False) -> None:
    """A new due date agreed with the customer (SPEC §12): `due` changes, and an internal `update`
    entry of today records the old date and, in its notes, the reason. Open objectives only; more
    than 730 days ahead is refused unless forced; before `started` is refused (SP010)."""
    reason = one_line(reason, "--reason")
    path, record = _objective(session, objective_id, open_only=True)
    judge_horizon(day, "the due date", force=force)
    if author is not None:
        session.require_handle(author, "--author", force=force)
    old = record.due if record is not None else None
    if old == day:
        raise UsageError(f"objective '{objective_id}' is due {day} already; nothing was changed")
    session.set_fields(path, {"due": day}, list(OBJECTIVE.fields))
    entry: dict[str, Any] = {"date": today(), "kind": "update",
                             "title": f"New due date for {objective_id}: {day}" + (f" (was {old})" if old else ""),
                             "objectives": [objective_id], "internal": True}
    if author:
        entry["author"] = author
    entry["notes"] = reason
    session.add_activities([entry])


def set_objective_target(session: EditSession, objective_id: str, target: Number) -> None:
    """The metric's target; an initiative (no metric) has none to change."""
    path, record = _objective(session, objective_id)
    if record is not None and record.metric is None:
        raise UsageError(f"objective '{objective_id}' is an initiative (no metric): it has no target")
    value = number(target, "the target")

    def expect(data: Any) -> Any:
        data["metric"]["target"] = value
        return data

    session.edit_yaml(path, True, lambda text, style, flow: set_nested_keys(text, "metric", {"target": value},
                                                                            METRIC_ORDER, style, flow), expect)


def set_objective_title(session: EditSession, objective_id: str, title: str) -> None:
    """The outcome in the customer's words (its id, the file name, stays: `rename objective` changes that)."""
    _set_objective(session, objective_id, {"title": one_line(title, "the title")})


def set_objective_priority(session: EditSession, objective_id: str, priority: int) -> None:
    """Its rank among the open objectives, 1 = first."""
    if priority < 1:
        raise BadArgument(f"the priority must be 1 or more, not {priority}")
    _set_objective(session, objective_id, {"priority": priority})


def set_objective_recovery(session: EditSession, objective_id: str, text: str) -> None:
    """What changes to get it back on plan, in the customer's words (the deck shows it while behind)."""
    _set_objective(session, objective_id, {"recovery": one_line(text, "the recovery")})


def set_objective_value_statement(session: EditSession, objective_id: str, text: str) -> None:
    """The value in the customer's words."""
    _set_objective(session, objective_id, {"value_statement": one_line(text, "the value statement")})


def set_objective_asks(session: EditSession, objective_id: str, asks: Sequence[str]) -> None:
    """What we need from the customer to move it, replacing the list (empty: no asks)."""
    _set_objective(session, objective_id, {"asks": [one_line(ask, "an ask") for ask in asks]})


# --- tasks ------------------------------------------------------------------------------------------


def task_index(tasks: list[Any], which: str, objective: str) -> int:
    """A task by its number (1 = first) or its title; unknown: could not run (exit 2)."""
    titles = [t.get("title") if isinstance(t, dict) else None for t in tasks]
    if which.isdigit() and 1 <= int(which) <= len(tasks):
        return int(which) - 1
    matches = [i for i, t in enumerate(titles) if isinstance(t, str) and t.casefold() == which.strip().casefold()]
    if len(matches) == 1:
        return matches[0]
    listing = "; ".join(f"{i + 1}. {t}" for i, t in enumerate(titles) if isinstance(t, str))
    raise BadArgument(f"no task '{which}' in objective '{objective}'"
                      + (f": give its number or title ({listing})" if listing else " (it has no tasks)"))


def set_task_fields(session: EditSession, objective_id: str, which: str, values: Mapping[str, Any]) -> int:
    """Set keys of one task (by number or title) of an objective; returns its index."""
    path = session.objective_path(objective_id)
    data = session.data(path, front_matter=True)
    tasks = data.get("tasks") if isinstance(data, dict) else None
    tasks = tasks if isinstance(tasks, list) else []
    index = task_index(tasks, which, objective_id)

    def expect(old: Any) -> Any:
        old["tasks"][index].update({k: v.isoformat() if isinstance(v, dt.date) else v for k, v in values.items()})
        return old

    session.edit_yaml(path, True,
                      lambda text, style, flow: set_item_keys(text, ["tasks"], index, values, TASK_ORDER, style, flow),
                      expect)
    return index


def set_task_due(session: EditSession, objective_id: str, which: str, day: dt.date, *, force: bool = False) -> None:
    """When the task should be done; more than 730 days ahead is refused unless forced."""
    judge_horizon(day, "the due date", force=force)
    set_task_fields(session, objective_id, which, {"due": day})


def require_owner(session: EditSession, owner: str, option: str = "the owner", *, force: bool) -> None:
    """A task's owner: one of the customer's stakeholders (the customer does it), else a team handle
    that team.yaml lists (we do; `force` accepts another). Neither a stakeholder nor a handle is
    refused (exit 1)."""
    known = session.customer.known_stakeholder_ids if session.customer else frozenset()
    if owner in known:
        return
    if not HANDLE_RE.match(owner):
        raise UsageError(f"{option} '{printable(owner)}' is neither a stakeholder of '{session.customer_id}' nor a "
                         "handle (lowercase letters, digits, '.', '_', '-')")
    session.require_handle(owner, option, force=force, stakeholders=True)


def set_task_owner(session: EditSession, objective_id: str, which: str, owner: str, *, force: bool = False) -> None:
    """Who does the task: a stakeholder id or a team handle."""
    require_owner(session, owner, force=force)
    set_task_fields(session, objective_id, which, {"owner": owner})
