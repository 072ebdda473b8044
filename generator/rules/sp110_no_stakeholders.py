"""An open objective names no `stakeholders`: nobody on the customer side is invested in it.
Reported at `stakeholders` when present, else at `status`.

Why it matters: an outcome only the vendor wants is not the customer's objective; it will not be
defended, measured or confirmed on their side.

How to fix: list, by id, the people on the customer side who care about the outcome.

Example: objectives/faster-order-processing.md
Before:
    stakeholders: []
After:
    stakeholders: [sam-rivera, lee-chen]
"""

from collections.abc import Iterator

from ..problems import Problem, Severity
from .base import RuleContext

CODE = "SP110"
TITLE = "Objective without stakeholders"
SEVERITY: Severity = "warning"


def check(ctx: RuleContext) -> Iterator[Problem]:
    for s in ctx.statuses.values():
        o = s.objective
        if s.is_open and not o.stakeholders:
            yield ctx.problem(CODE, SEVERITY, o.source.path, o.source.at("stakeholders", "status"),
                              f"objective {o.id} names no stakeholders", "list who on the customer side owns it")
