"""An open risk of severity `high` has escalation `none` (or none written). Reported at `escalation`
(at `severity` when escalation is not written).

Why it matters: a high risk handled by the CSM alone is a renewal at stake with nobody senior
aware of it.

How to fix: bring in a manager or an executive and record it in `escalation`
(`successplans risk update --escalation manager`).

Example: risks/budget-freeze.md
Before:
    ---
    title: Budget freeze may delay the order desk rollout
    kind: renewal
    severity: high
    status: open
    opened: 2026-05-25
    ---
After:
    ---
    title: Budget freeze may delay the order desk rollout
    kind: renewal
    severity: high
    status: open
    opened: 2026-05-25
    escalation: manager
    ---
"""

from collections.abc import Iterator

from ..problems import Problem, Severity
from .base import RuleContext

CODE = "SP114"
TITLE = "High risk not escalated"
SEVERITY: Severity = "warning"


def check(ctx: RuleContext) -> Iterator[Problem]:
    for r in ctx.customer.written_of("risk"):
        opened = r.get("opened")
        escalation = r.get("escalation") or ("none" if not r.source.has("escalation") else None)
        if r.get("status") == "open" and r.get("severity") == "high" and escalation == "none" \
                and (opened is None or opened <= ctx.as_of):
            yield ctx.problem(CODE, SEVERITY, r.source.path, r.source.at("escalation", "severity"),
                              f"high-severity risk {r.id} is open and not escalated",
                              "set escalation: manager or executive")
