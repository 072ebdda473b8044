"""Problems are values: one record, sortable, printed by interchangeable formatters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]

UNREADABLE_CODES = frozenset({"SP001", "SP002", "SP003"})


PROGRAM = "successplans"


@dataclass(frozen=True, slots=True, kw_only=True)
class Fix:
    """The command that does what a problem's hint says, set by the rule that found the problem:
    `successplans <command> <arguments>`. An argument in angle brackets (`<stakeholder>`) is for the
    reader to fill in."""

    command: str  # the subcommand: "revalidate"
    arguments: tuple[str, ...] = ()

    @property
    def command_line(self) -> str:
        return " ".join((PROGRAM, self.command, *self.arguments))


@dataclass(frozen=True, slots=True, kw_only=True)
class Problem:
    """One located problem in a customer's files (SPEC §4)."""

    code: str
    severity: Severity
    customer: str | None
    file: str  # repo-relative, forward slashes
    line: int  # 1-based
    column: int | None  # 1-based, None when unknown
    message: str
    hint: str = ""  # what to do, in words; the command that does it is `fix`
    fix: Fix | None = None

    @property
    def unreadable(self) -> bool:
        """The file could not be read as data at all (unreadable, broken YAML, duplicate keys): an edit
        refuses it and a comparison cannot say what it holds."""
        return self.code in UNREADABLE_CODES

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line, self.column or 1, self.code, self.message)


def sort_problems(problems: list[Problem] | tuple[Problem, ...]) -> list[Problem]:
    return sorted(problems, key=lambda p: p.sort_key)
