"""Warnings the team has set aside (SPEC §12): codes the `rules` option turns off, and a customer's
waivers (for the customer or one objective, until a date). The one place that says whether a
warning is set aside on a given day, for the problems (left out of every report, kept as Waived
records) and for health (only the signal tied to the code is dropped: SP101 and SP102 the lime of
a stale objective, SP103 the yellow of silence). Tracks, risks and agenda items never change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from .config import Config
from .model import Customer, ObjectiveStatus, Waived, Waiver
from .problems import Problem

SIGNALS = {"SP101": "stale", "SP102": "never_validated", "SP103": "activity"}
"""The codes tied to a health signal (SPEC §3): what a waiver of them also drops."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SetAside:
    """What is set aside for one customer on one day."""

    off: frozenset[str]  # codes the rules option turns off
    waivers: tuple[Waiver, ...]  # the customer's waivers that hold that day

    def holds(self, code: str, objective: str | None = None) -> Waiver | bool:
        """The waiver that sets the code aside (for that objective), True when it is turned off."""
        if code in self.off:
            return True
        return next((w for w in self.waivers if w.code == code and (w.objective is None or w.objective == objective)),
                    False)


def set_aside(customer: Customer, config: Config, day: dt.date) -> SetAside:
    """The codes turned off, and the waivers holding on `day` (day ≤ until)."""
    off = frozenset(code for code, setting in config.rules.items() if setting == "off")
    return SetAside(off=off, waivers=tuple(w for w in customer.waivers if day <= w.until))


def objective_of(problem: Problem, customer: Customer) -> str | None:
    """The objective a problem is about: the one whose file it points into."""
    prefix = f"{customer.path}/objectives/"
    if problem.file.startswith(prefix) and problem.file.endswith(".md") and "/" not in problem.file[len(prefix):]:
        return problem.file[len(prefix):-3]
    return None


def settle(problems: Iterable[Problem], customer: Customer, config: Config,
           day: dt.date) -> tuple[list[Problem], list[Waived]]:
    """(the problems reported, the warnings set aside) at `day`. Errors are never set aside."""
    aside = set_aside(customer, config, day)
    kept: list[Problem] = []
    waived: list[Waived] = []
    for p in problems:
        found = aside.holds(p.code, objective_of(p, customer)) if p.severity == "warning" else False
        if found is False:
            kept.append(p)
        elif isinstance(found, Waiver):
            waived.append(Waived(problem=p, reason=found.reason, until=found.until))
        else:
            waived.append(Waived(problem=p, reason=None, until=None))
    return kept, waived


def unstale(statuses: Sequence[ObjectiveStatus], customer: Customer, config: Config,
            day: dt.date) -> tuple[ObjectiveStatus, ...]:
    """The statuses with `stale` false where SP101 or SP102 is set aside for the objective."""
    aside = set_aside(customer, config, day)
    return tuple(replace(s, stale=False, never_validated=False)
                 if s.stale and aside.holds("SP102" if s.never_validated else "SP101", s.id) else s
                 for s in statuses)


def raised(problems: Iterable[Problem], config: Config) -> list[Problem]:
    """The problems as `check` reports them: a warning the rules option raises to `error` is one
    (it fails check, and changes nothing else)."""
    up = {code for code, setting in config.rules.items() if setting == "error"}
    return [replace(p, severity="error") if p.code in up and p.severity == "warning" else p for p in problems]
