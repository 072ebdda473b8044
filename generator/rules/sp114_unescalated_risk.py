"""An open high-severity risk has escalation `none`. High risks need a manager or executive
engaged. Reported at `escalation` (or `severity` when escalation is not set)."""

from collections.abc import Iterator

from ..problems import Problem
from .base import RuleContext

CODE = "SP114"
TITLE = "High risk not escalated"


def check(ctx: RuleContext) -> Iterator[Problem]:
    for r in ctx.customer.written_of("risk"):
        opened = r.get("opened")
        escalation = r.get("escalation") or ("none" if not r.source.has("escalation") else None)
        if r.get("status") == "open" and r.get("severity") == "high" and escalation == "none" \
                and (opened is None or opened <= ctx.as_of):
            yield ctx.problem(CODE, r.source.path, r.source.at("escalation", "severity"),
                              f"high-severity risk {r.id} is open and not escalated",
                              "set escalation: manager or executive")
