"""The health model as code: what a change to the plugin's options does to each customer.

A merge request may change a threshold, a tolerance or a rule setting in mkdocs.yml instead of a
customer file. The plan diff then computes the new files twice at the same as-of date, once with
the old options and once with the new: every difference between the two comes from the options
alone. Each changed option is also tried on its own, so each customer's change names the option
(or options) behind it; a change that no single option makes is put down to them together.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from functools import partial
from fractions import Fraction
from typing import Any

from ..config import LOOK_OPTIONS, PLACE_OPTIONS, Config
from ..model import CustomerStatus, HealthSignal, Portfolio
from ..problems import Problem
from ..wording import health_reason


@dataclass(frozen=True, kw_only=True)
class SettingChange:
    """One plugin option whose value differs between the two revisions."""

    option: str
    before: Any
    after: Any
    model: bool  # it can change what is computed (not a look, place or review option)


@dataclass(frozen=True, kw_only=True)
class TrackShift:
    """An open objective whose track the options moved."""

    objective: str
    before: str
    after: str
    progress: float | None
    expected: float
    options: list[str]  # the changed options that move it


@dataclass(frozen=True, kw_only=True)
class ProblemShift:
    """A problem the options raise (or no longer raise)."""

    problem: Problem
    options: list[str]


@dataclass(kw_only=True)
class SettingsEffect:
    """What the changed options alone do to one customer, and which options do each part of it."""

    options: list[str]  # every option behind any part
    health_before: str
    health_after: str
    health_options: list[str] = field(default_factory=list)
    new_reasons: list[str] = field(default_factory=list)  # reasons for the new health not there before
    tracks: list[TrackShift] = field(default_factory=list)
    problems_introduced: list[ProblemShift] = field(default_factory=list)
    problems_fixed: list[ProblemShift] = field(default_factory=list)

    @property
    def health_changed(self) -> bool:
        return self.health_before != self.health_after


def _shown(value: Any) -> Any:
    """An option's value for a report: JSON-friendly and as it was written."""
    if isinstance(value, Fraction):
        return float(value)
    if isinstance(value, tuple):
        return [_shown(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _shown(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def setting_changes(before: Config, after: Config) -> list[SettingChange]:
    """Every option whose value differs, in the order Config declares them."""
    out = []
    for f in fields(Config):
        if f.name == "root":
            continue
        old, new = getattr(before, f.name), getattr(after, f.name)
        if old != new:
            out.append(SettingChange(option=f.name, before=_shown(old), after=_shown(new),
                                     model=f.name not in LOOK_OPTIONS | PLACE_OPTIONS))
    return out


def computed_with(base: Config, head: Config, options: tuple[str, ...] = ()) -> Config:
    """The head's place (root, customers folder, as-of date) with the base's options, except the
    `options` named, which take the head's values."""
    values = {name: getattr(head, name) for name in ("root", *PLACE_OPTIONS, *options)}
    return replace(base, **values)


def _problem_key(p: Problem) -> tuple[str, str, int, int | None]:
    """A problem by where it is: one that stays, worded with the new threshold, is not news."""
    return (p.code, p.file, p.line, p.column)


def _tracks(status: CustomerStatus) -> dict[str, str]:
    return {s.id: s.track for s in status.objectives}


def _problems(status: CustomerStatus) -> set[tuple[str, str, int, int | None]]:
    return {_problem_key(p) for p in status.problems}


def _health(status: CustomerStatus) -> object:
    return status.health.color


def _track(objective: str, status: CustomerStatus) -> object:
    return _tracks(status).get(objective)


def _has(key: tuple[str, str, int, int | None], status: CustomerStatus) -> object:
    return key in _problems(status)


def signal_key(signal: HealthSignal) -> tuple[object, ...]:
    """A health signal by what it is about: a threshold that only rewords it does not make it new."""
    return (signal.kind, signal.color, signal.objective, signal.risk, signal.measure)


Causes = Callable[[Callable[[CustomerStatus], object]], list[str]]
"""Which options move a part of a customer (a function of the part: health, a track, a problem)."""


def customer_effect(old: CustomerStatus, new: CustomerStatus, causes: Causes,
                    order: list[str]) -> SettingsEffect | None:
    """What the options change for one customer whose files are the same on both sides; `causes`
    names the options that, each on its own, change a given part; `order` lists the changed options
    in the order they are reported."""
    effect = SettingsEffect(options=[], health_before=old.health.color, health_after=new.health.color)
    if effect.health_changed:
        effect.health_options = causes(_health)
        before = {signal_key(signal) for signal in old.health.signals}
        effect.new_reasons = [health_reason(s, new.customer) for s in new.health.signals
                              if signal_key(s) not in before]
    then = {s.id: s for s in old.objectives}
    for status in new.objectives:
        was = then.get(status.id)
        if was is not None and was.track != status.track:
            effect.tracks.append(TrackShift(
                objective=status.id, before=was.track, after=status.track,
                progress=float(status.progress) if status.progress is not None else None,
                expected=float(status.expected), options=causes(partial(_track, status.id))))
    old_keys, new_keys = _problems(old), _problems(new)
    effect.problems_introduced = [
        ProblemShift(problem=p, options=causes(partial(_has, _problem_key(p))))
        for p in new.problems if _problem_key(p) not in old_keys]
    effect.problems_fixed = [
        ProblemShift(problem=p, options=causes(partial(_has, _problem_key(p))))
        for p in old.problems if _problem_key(p) not in new_keys]
    if not (effect.health_changed or effect.tracks or effect.problems_introduced or effect.problems_fixed):
        return None
    parts = [effect.health_options, *(t.options for t in effect.tracks),
             *(p.options for p in effect.problems_introduced), *(p.options for p in effect.problems_fixed)]
    effect.options = [option for option in order if any(option in part for part in parts)]
    return effect


MAX_SINGLES = 8
"""Options tried one at a time to say which one moved a customer; beyond that many changed at
once, their effects are put down to them together (each try computes the portfolio again)."""


def settings_effects(changes: list[SettingChange], base: Config, head: Config, after: Portfolio,
                     compute: Callable[[Config], Portfolio]) -> dict[str, SettingsEffect]:
    """Each customer's change due to the options alone: the head's files computed with the base's
    options (`compute`), against `after` (the same files with the head's options)."""
    model = [c.option for c in changes if c.model]
    if not model:
        return {}
    bridge = {c.id: c for c in compute(computed_with(base, head)).customers}
    alone: dict[str, dict[str, CustomerStatus]] = {}
    if 1 < len(model) <= MAX_SINGLES:
        alone = {option: {c.id: c for c in compute(computed_with(base, head, (option,))).customers}
                 for option in model}
    out: dict[str, SettingsEffect] = {}
    for status in after.customers:
        old = bridge.get(status.id)
        if old is None:
            continue

        def causes(part: Callable[[CustomerStatus], object], cid: str = status.id,
                   was: CustomerStatus = old) -> list[str]:
            if len(model) == 1 or not alone:
                return model
            moved = [option for option, statuses in alone.items()
                     if cid in statuses and part(statuses[cid]) != part(was)]
            return moved or model  # no option alone does it: they do it together

        effect = customer_effect(old, status, causes, model)
        if effect is not None:
            out[status.id] = effect
    return out
