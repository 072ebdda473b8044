"""An objective is `closed_success` without `closed.confirmed_by` or `closed.evidence`. A success
counts when the customer agrees it happened: record who confirmed it or link the evidence.
Reported at `closed` (or `status` when `closed` is missing)."""

from collections.abc import Iterator

from ..problems import Problem
from .base import RuleContext

CODE = "SP106"
TITLE = "Unconfirmed success"


def check(ctx: RuleContext) -> Iterator[Problem]:
    for s in ctx.statuses.values():
        o = s.objective
        if s.status == "closed_success" and not (o.closed and (o.closed.confirmed_by or o.closed.evidence)):
            yield ctx.problem(CODE, o.source.path, o.source.at("closed", "status"),
                              f"objective {o.id} is closed as a success without the customer's confirmation",
                              "add closed.confirmed_by (a stakeholder id) or closed.evidence")
