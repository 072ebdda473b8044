"""An objective has a closed status (`closed_success`, `closed_no_action`, `closed_invalid`) but no
`closed.date`. Reported at `status`.

Why it matters: the date says when the outcome was reached or the objective dropped: the review's
"since our last review" and "value delivered" are chosen by it.

How to fix: add `closed:` with the `date` it ended (`successplans close` writes both for you).

Example: objectives/legacy-reports.md
Before:
    ---
    title: Retire the legacy order reports
    status: closed_no_action
    started: 2026-03-02
    due: 2026-05-29
    stakeholders: [lee-chen]
    success_criteria: The order desk no longer opens the legacy reports.
    ---
After:
    ---
    title: Retire the legacy order reports
    status: closed_no_action
    started: 2026-03-02
    due: 2026-05-29
    stakeholders: [lee-chen]
    success_criteria: The order desk no longer opens the legacy reports.
    closed:
      date: 2026-05-20
    ---
"""

from collections.abc import Iterator
from pathlib import PurePosixPath

from ..problems import Fix, Problem, Severity
from .base import RuleContext

CODE = "SP012"
TITLE = "Closed without a date"
SEVERITY: Severity = "error"


def check(ctx: RuleContext) -> Iterator[Problem]:
    for o in ctx.customer.written_of("objective"):
        status = o.get("status")
        if isinstance(status, str) and status.startswith("closed_") and o.get("closed.date") is None \
                and not o.source.has("closed.date"):
            yield ctx.problem(CODE, SEVERITY, o.source.path, o.source.at("status"),
                              f"status {status} needs closed.date",
                              "add closed: {date: YYYY-MM-DD}",
                              Fix(command="close", arguments=(ctx.customer.id, PurePosixPath(o.source.path).stem,
                                                              "--status", "closed_success", "--confirmed-by",
                                                              "<stakeholder>")))
