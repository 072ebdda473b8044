"""The rules: one module per check, registered in the table below.

Each module has CODE, TITLE, a docstring that is the user documentation of the code (in the shape
site/reference.py reads: what it means, "Why it matters:", "How to fix:", and an "Example:" with
Before: and After: lines, or "No example:" saying why), and check(ctx) yielding Problems. Codes found while reading files are documented in reading.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import ModuleType

from ..problems import Problem, Severity
from . import (sp005_semantics, sp008_duplicate_id, sp009_unknown_reference, sp010_inconsistent_dates,
               sp011_flat_metric, sp012_closed_without_date, sp101_stale, sp102_never_validated,
               sp103_activity_gap, sp104_overdue, sp105_too_many_open, sp106_unconfirmed_success,
               sp107_no_sponsor, sp108_renewal_without_ebr, sp109_no_exec_checkin, sp110_no_stakeholders,
               sp111_initiative_without_criteria, sp112_future_activity, sp114_unescalated_risk,
               sp115_unknown_handle, sp116_expired_waiver)
from .base import RuleContext
from .reading import READING_CODES, READING_SEVERITY

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
    sp115_unknown_handle,
    sp116_expired_waiver,
)


@dataclass(frozen=True, kw_only=True)
class CodeDoc:
    code: str
    severity: str
    title: str
    doc: str  # what it means, why it matters and how to fix it, as one paragraph
    text: str  # the whole documentation in its shape, example included (see site/reference.py)


def _prose(text: str) -> str:
    return " ".join(re.split(r"^(?:Example|No example):", text.strip(), maxsplit=1, flags=re.M)[0].split())


def run(ctx: RuleContext) -> list[Problem]:
    problems: list[Problem] = []
    for rule in RULES:
        check: Callable[[RuleContext], Iterable[Problem]] = rule.check
        problems.extend(check(ctx))
    return problems


def documentation() -> list[CodeDoc]:
    """Every problem code with its user documentation, sorted by code.

    A code both found while reading and checked by a rule (SP005) is documented by the rule's docstring,
    which covers both."""
    texts = dict(READING_CODES)
    titles = {code: title for code, (title, _) in READING_CODES.items()}
    severities: dict[str, Severity] = dict(READING_SEVERITY)
    for rule in RULES:
        texts[rule.CODE] = (titles.get(rule.CODE, rule.TITLE), rule.__doc__ or "")
        severities[rule.CODE] = rule.SEVERITY
    return [CodeDoc(code=code, severity=severities[code], title=title, doc=_prose(text), text=text)
            for code, (title, text) in sorted(texts.items())]
