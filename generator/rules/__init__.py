"""The rules: one module per check, registered in the table below.

Each module has CODE, TITLE, a docstring that is the user documentation of the code, and
check(ctx) yielding Problems. Codes found while reading files are documented in reading.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import ModuleType

from ..problems import Problem, severity_of
from . import (sp005_semantics, sp008_duplicate_id, sp009_unknown_reference, sp010_inconsistent_dates,
               sp011_flat_metric, sp012_closed_without_date, sp101_stale, sp102_never_validated,
               sp103_activity_gap, sp104_overdue, sp105_too_many_open, sp106_unconfirmed_success,
               sp107_no_sponsor, sp108_renewal_without_ebr, sp109_no_exec_checkin, sp110_no_stakeholders,
               sp111_initiative_without_criteria, sp112_future_activity, sp114_unescalated_risk)
from .base import RuleContext
from .reading import READING_CODES

RULES: tuple[ModuleType, ...] = (
    sp005_semantics,
    sp008_duplicate_id,
    sp009_unknown_reference,
    sp010_inconsistent_dates,
    sp011_flat_metric,
    sp012_closed_without_date,
    sp101_stale,
    sp102_never_validated,
    sp103_activity_gap,
    sp104_overdue,
    sp105_too_many_open,
    sp106_unconfirmed_success,
    sp107_no_sponsor,
    sp108_renewal_without_ebr,
    sp109_no_exec_checkin,
    sp110_no_stakeholders,
    sp111_initiative_without_criteria,
    sp112_future_activity,
    sp114_unescalated_risk,
)


@dataclass(frozen=True)
class CodeDoc:
    code: str
    severity: str
    title: str
    doc: str


def run(ctx: RuleContext) -> list[Problem]:
    problems: list[Problem] = []
    for rule in RULES:
        check: Callable[[RuleContext], Iterable[Problem]] = rule.check
        problems.extend(check(ctx))
    return problems


def documentation() -> list[CodeDoc]:
    """Every problem code with its user documentation, sorted by code."""
    docs = {code: CodeDoc(code, severity_of(code), title, text) for code, (title, text) in READING_CODES.items()}
    for rule in RULES:
        text = " ".join((rule.__doc__ or "").split())
        previous = docs.get(rule.CODE)
        if previous is not None:  # SP005 is found both while reading and by a rule
            docs[rule.CODE] = CodeDoc(previous.code, previous.severity, previous.title, f"{previous.doc} {text}")
        else:
            docs[rule.CODE] = CodeDoc(rule.CODE, severity_of(rule.CODE), rule.TITLE, text)
    return [docs[code] for code in sorted(docs)]
