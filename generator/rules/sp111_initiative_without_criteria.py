"""An open initiative (an objective without a `metric`) has no `success_criteria`. Reported at
`status`.

Why it matters: without a number, only the customer's own words can say when it is done; without
them, it can never be closed as a success with confidence.

How to fix: write in `success_criteria` how the customer will judge it, in their words.

Example: objectives/single-sign-on.md
Before:
    ---
    title: Everyone signs in with the company account
    status: new
    started: 2026-05-20
    due: 2026-08-31
    stakeholders: [lee-chen]
    ---
After:
    ---
    title: Everyone signs in with the company account
    status: new
    started: 2026-05-20
    due: 2026-08-31
    stakeholders: [lee-chen]
    success_criteria: Nobody at the order desk has a separate password for us.
    ---
"""

from collections.abc import Iterator

from ..problems import Problem, Severity
from .base import RuleContext

CODE = "SP111"
TITLE = "Initiative without success criteria"
SEVERITY: Severity = "warning"


def check(ctx: RuleContext) -> Iterator[Problem]:
    for s in ctx.statuses.values():
        o = s.objective
        if s.is_open and o.metric is None and not o.success_criteria:
            yield ctx.problem(CODE, SEVERITY, o.source.path, o.source.at("status"),
                              f"initiative {o.id} has neither a metric nor success_criteria",
                              "add success_criteria: how the customer will judge it")
