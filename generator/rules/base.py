"""What every rule receives, and the helper that turns a finding into a located Problem."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from ..compute import log_file
from ..config import Config
from ..model import Customer, ObjectiveStatus, Pos, SharedFacts, TeamRoster
from ..problems import Fix, Problem, Severity


@dataclass(frozen=True, kw_only=True)
class RuleContext:
    customer: Customer
    statuses: Mapping[str, ObjectiveStatus]  # by objective id, at the as-of date
    as_of: dt.date
    config: Config
    shared: SharedFacts = SharedFacts()  # the roster and every customer's CRM id

    @property
    def roster(self) -> TeamRoster | None:
        """team.yaml, when there is one (SP115)."""
        return self.shared.roster

    def problem(self, code: str, severity: Severity, path: str, pos: Pos, message: str, hint: str = "",
                fix: Fix | None = None) -> Problem:
        return Problem(code=code, severity=severity, customer=self.customer.id, file=path, line=pos[0],
                       column=pos[1], message=message, hint=hint, fix=fix)

    def revalidate(self, objective_id: str) -> Fix:
        """The command that records a revalidation of one of this customer's objectives."""
        return Fix(command="revalidate", arguments=(self.customer.id, objective_id, "--by", "<stakeholder>"))

    @property
    def log_path(self) -> str:
        """Where customer-level activity problems go (compute.log_file)."""
        return log_file(self.customer, self.as_of)

    def is_open(self, objective_id: str) -> bool:
        status = self.statuses.get(objective_id)
        return status is not None and status.is_open
