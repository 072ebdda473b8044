"""A team handle is not in the team roster. With a `team.yaml` beside mkdocs.yml, every handle of
someone on our side must be one of its handles: the customer's `csm`, a `handle` in
`account_team`, a risk's `owner`, an activity's `author`, and a task's `owner` that is not one of
the customer's stakeholder ids. Reported at the handle. Without a roster, handles are not checked.

Why it matters: a misspelt handle sends the work to nobody: the task leaves every CSM's agenda,
the customer's review deck says "Your team" instead of a name, and the merge request asks nobody
to review. A stakeholder's id written with a dot where it has a dash turns the customer's task
into one of ours without a word.

How to fix: use the handle from team.yaml (the hint suggests the closest handle or stakeholder
id), or add the person to the roster with `successplans team add`.

No example: the roster is team.yaml beside mkdocs.yml, outside the customer's folder, so a change
of one customer file cannot show both sides; `successplans team list` shows the handles.
"""

import difflib
from collections.abc import Iterator

from ..model import Written
from ..problems import Fix, Problem, Severity
from ..schema import HANDLE_RE
from .base import RuleContext

CODE = "SP115"
TITLE = "Unknown team handle"
SEVERITY: Severity = "warning"


def check(ctx: RuleContext) -> Iterator[Problem]:
    roster = ctx.roster
    if roster is None:
        return
    known = roster.handles
    people = ctx.customer.known_stakeholder_ids
    suggestions = sorted(known | people)

    def judge(record: Written, key: str, handle: object) -> Iterator[Problem]:
        if not isinstance(handle, str) or handle in known or not HANDLE_RE.match(handle):
            return  # an invalid handle is SP005's
        close = difflib.get_close_matches(handle, suggestions, n=1, cutoff=0.75)
        if close:
            yield ctx.problem(CODE, SEVERITY, record.source.path, record.source.at(key),
                              f"unknown team handle '{handle}'", f"did you mean '{close[0]}'?")
        else:
            yield ctx.problem(CODE, SEVERITY, record.source.path, record.source.at(key),
                              f"unknown team handle '{handle}'", f"add {handle} to {roster.path}",
                              Fix(command="team add", arguments=(handle, "--name", '"..."')))

    for c in ctx.customer.written_of("customer"):
        yield from judge(c, "csm", c.get("csm"))
        for i, member in enumerate(c.items("account_team")):
            if isinstance(member, dict):
                yield from judge(c, f"account_team[{i}].handle", member.get("handle"))
    for o in ctx.customer.written_of("objective"):
        for i, task in enumerate(o.items("tasks")):
            owner = task.get("owner") if isinstance(task, dict) else None
            if owner not in people:
                yield from judge(o, f"tasks[{i}].owner", owner)
    for r in ctx.customer.written_of("risk"):
        yield from judge(r, "owner", r.get("owner"))
    for a in ctx.customer.written_of("activity"):
        yield from judge(a, "author", a.get("author"))
