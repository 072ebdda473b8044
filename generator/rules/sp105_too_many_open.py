"""More than `max_open_objectives` objectives of one customer are open (`new` or `in_progress`).
Reported at the first line of customer.yaml.

Why it matters: a customer who pursues everything achieves nothing; reviews work best around one
to three outcomes.

How to fix: agree with the customer which ones come first, close or park the rest
(`closed_no_action`), and rank the open ones with `priority`.

No example: the problem is the number of objective files, not a line in one of them.
"""

from collections.abc import Iterator

from ..problems import Problem, Severity
from .base import RuleContext

CODE = "SP105"
TITLE = "Too many open objectives"
SEVERITY: Severity = "warning"


def check(ctx: RuleContext) -> Iterator[Problem]:
    open_ids = sorted(s.objective.id for s in ctx.statuses.values() if s.is_open)
    limit = ctx.config.max_open_objectives
    if len(open_ids) > limit:
        yield ctx.problem(CODE, SEVERITY, ctx.customer.source.path, (1, 1),
                          f"{len(open_ids)} open objectives (at most {limit} keep the focus): " + ", ".join(open_ids),
                          "close or park the lowest priorities")
