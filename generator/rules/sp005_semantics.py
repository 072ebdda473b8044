"""Invalid values that depend on other fields (the rest of SP005 is found while reading):
`closed` on an open objective, readings for an objective without a metric, and a task owner that
is neither a stakeholder id nor a valid vendor handle."""

from collections.abc import Iterator

from ..model import OPEN
from ..schema import HANDLE_RE
from ..problems import Problem
from .base import RuleContext

CODE = "SP005"
TITLE = "Invalid value"


def check(ctx: RuleContext) -> Iterator[Problem]:
    initiatives = set()
    people = ctx.customer.known_stakeholder_ids
    for o in ctx.customer.objectives:
        for i, task in enumerate(o.tasks):
            if task.owner not in people and not HANDLE_RE.match(task.owner):
                yield ctx.problem(CODE, o.source.path, o.source.at(f"tasks[{i}].owner", f"tasks[{i}]"),
                                  f"task owner '{task.owner}' is neither a stakeholder id nor a handle",
                                  "use a stakeholder id from stakeholders.yaml or a team handle such as jane.doe")
        if o.metric is None:
            initiatives.add(o.id)
        if o.status in OPEN and o.source.has("closed"):
            yield ctx.problem(CODE, o.source.path, o.source.at("closed"),
                              f"an objective with status {o.status} cannot have 'closed'",
                              "remove 'closed' or set a closed_* status")
    for a in ctx.customer.activities:
        for name, _value in a.readings:
            if name in initiatives:
                yield ctx.problem(CODE, a.source.path, a.source.at(f"readings.{name}"),
                                  f"objective '{name}' has no metric, so it cannot have readings",
                                  "add a metric to the objective or log the news without a reading")
