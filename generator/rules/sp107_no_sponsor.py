"""No stakeholder has the persona `executive_sponsor`. Reported at the first line of
stakeholders.yaml.

Why it matters: without a sponsor nobody on the customer side owns the outcomes at the executive
level, and nobody there will defend the renewal.

How to fix: find out who the sponsor is and add them (`successplans stakeholder add ... --persona
executive_sponsor`), or correct the persona of the person who already is.

Example: stakeholders.yaml
Before:
      persona: economic_buyer
After:
      persona: executive_sponsor
"""

from collections.abc import Iterator

from ..model import CustomerFile
from ..problems import Problem, Severity
from .base import RuleContext

CODE = "SP107"
TITLE = "No executive sponsor"
SEVERITY: Severity = "warning"


def check(ctx: RuleContext) -> Iterator[Problem]:
    path = ctx.customer.stakeholders_path
    if path is None or CustomerFile.STAKEHOLDERS in ctx.customer.unparsed:
        return  # a missing file is SP004, an unreadable one SP001/SP002, already
    if not any(p.persona == "executive_sponsor" for p in ctx.customer.stakeholders):
        yield ctx.problem(CODE, SEVERITY, path, (1, 1), "no stakeholder is the executive sponsor",
                          "add one with persona: executive_sponsor")
