"""A waiver in `customer.yaml` ended: its `until` is before today (the as-of date). The warning it
set aside is reported again, and this one says why it came back. Reported at the waiver.

Why it matters: a waiver is a decision with an end date, so that a warning set aside for a good
reason (a sponsor on leave, an objective paused by the customer) is looked at again. An expired
waiver left in the file reads as if the decision still held.

How to fix: look at the warning again. If it still does not apply, agree a new `until` and say
why in `reason`; if it applies, remove the waiver and act on the warning.

No example: a waiver expires as the days pass, not by a change in the file; the Handbook's page
on problem codes shows a waiver and when one is right.
"""

from collections.abc import Iterator

from ..problems import Problem, Severity
from .base import RuleContext

CODE = "SP116"
TITLE = "Waiver expired"
SEVERITY: Severity = "warning"


def check(ctx: RuleContext) -> Iterator[Problem]:
    for c in ctx.customer.written_of("customer"):
        for i, waiver in enumerate(c.items("waivers")):
            until = waiver.get("until") if isinstance(waiver, dict) else None
            if until is not None and until < ctx.as_of:
                code = waiver.get("code")
                what = f"waiver of {code}" if isinstance(code, str) else "waiver"
                objective = waiver.get("objective")
                if isinstance(objective, str):
                    what += f" for objective {objective}"
                yield ctx.problem(CODE, SEVERITY, c.source.path, c.source.at(f"waivers[{i}]"),
                                  f"{what} expired on {until.isoformat()}",
                                  "look at the warning again: agree a new until and reason, or remove the waiver")
