"""Who a vendor handle is: the one resolver of team handles (`csm`, task owners, risk owners,
activity authors) to people's names, for every output.

In the order SPEC §12 gives: the customer's own `account_team` (the member with that `handle`,
else the one whose e-mail's local part is the handle, compared without regard to case), then the
team roster (handle → name), if there is one. Customer-facing output (decks, digests) stops there
and says "Your <company> team"; it never looks at another customer's team. The internal site
then also looks at every other customer's account team (the first that names the handle), and
otherwise shows the handle itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from .model import Customer, TeamMember

Roster = Mapping[str, str]
"""The team roster: each vendor handle's name."""


def _local_part(email: str | None) -> str | None:
    return email.split("@", 1)[0].casefold() if email and "@" in email else None


def team_name(handle: str, team: Sequence[TeamMember]) -> str | None:
    """The name a customer's account team gives a handle: the member with that `handle`, else the
    member whose e-mail's local part equals it, compared without regard to case."""
    for member in team:
        if member.handle == handle:
            return member.name
    folded = handle.casefold()
    for member in team:
        if _local_part(member.email) == folded:
            return member.name
    return None


def name_for_customer(handle: str | None, customer: Customer, company: str, roster: Roster | None = None) -> str:
    """A vendor handle as a customer may read it: a name from their own account team or the roster,
    else "Your <company> team"; never the handle, never another customer's team."""
    if handle:
        found = team_name(handle, customer.account_team) or (roster or {}).get(handle)
        if found:
            return found
    return f"Your {company} team"


class People:
    """Names for team handles on the internal site: the customer's own account team, the roster,
    then any customer's account team (the first in the portfolio that names the handle); a handle
    nobody names stays a handle; no handle at all reads as `missing`."""

    def __init__(self, customers: Iterable[Customer], roster: Roster | None = None, *, missing: str = "") -> None:
        self._missing = missing
        self._roster = dict(roster or {})
        self._anywhere: dict[str, str] = {}  # by handle, and by e-mail local part (case folded)
        for customer in customers:
            keys = [m.handle for m in customer.account_team if m.handle]
            keys += [local for m in customer.account_team if (local := _local_part(m.email))]
            for key in keys:
                if key not in self._anywhere:
                    found = team_name(key, customer.account_team)
                    if found is not None:
                        self._anywhere[key] = found

    def name(self, handle: str | None, customer: Customer | None = None) -> str:
        if not handle:
            return self._missing
        if customer is not None:
            found = team_name(handle, customer.account_team)
            if found is not None:
                return found
        return self._roster.get(handle) or self._anywhere.get(handle) or self._anywhere.get(handle.casefold()) \
            or handle
