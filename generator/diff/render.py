"""PlanDiff as Markdown (a short merge request comment, grouped by customer) and as JSON.

The Markdown is posted into merge requests, so text from the files is escaped: it can show
`<img onerror=...>` or `[x](javascript:...)`, never run or link it, and `@all` or `/close`, never
notify anyone or act on the merge request.
"""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any

from .. import wording
from ..formats import record
from ..problems import Problem
from .compare import ActivityRef, CustomerDiff, ItemChange, PlanDiff, ProgressChange, TaskChange
from .settings import SettingChange, SettingsEffect

MAX_ITEMS = 10  # per list in Markdown; JSON has everything
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_MARKDOWN = re.compile(r"([\\`*_\[\]#|~])")  # what makes emphasis, code, links, headings, tables


_ZWJ = "\u200d"
_MENTION = re.compile(r"(?<!\w)(@)(?=\w)|(?<![\w/:.])(/)(?=\w)")
"""`@name` (a mention: `@all` notifies everyone) and `/word` (a GitLab quick action such as `/close`)
where a word starts: in a comment the CI posts with its token they would act in its name."""


def md(value: Any) -> str:
    """Text from the files, safe in Markdown: HTML and Markdown syntax show as typed, and a mention
    or a quick action shows as typed but does nothing (a zero-width joiner after its `@` or `/`)."""
    text = _CONTROL.sub("", " ".join(str(value).split()))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MENTION.sub(lambda m: m.group() + _ZWJ, _MARKDOWN.sub(r"\\\1", text))


def code(value: Any) -> str:
    """An id or a path as inline code; escaped text when it holds a backtick (no code span can)."""
    text = _CONTROL.sub("", " ".join(str(value).split()))
    return f"`{text}`" if "`" not in text else md(text)


_percent = wording.percent
_number = wording.number


def _words(token: str) -> str:
    return token.replace("_", " ")


def _problem(p: Problem) -> str:
    return f"{code(f'{p.file}:{p.line}')} {p.severity} {p.code} {md(p.message)}"


def _activity(a: ActivityRef) -> str:
    return f"{a.date} {_words(a.kind)} “{md(a.title)}”" + (" (internal)" if a.internal else "")


def _shown(value: Any) -> str:
    return wording.NONE if value is None else md(_words(value) if isinstance(value, str) and "_" in value else value)


def _item_change(c: ItemChange) -> str:
    return f"{code(c.id)} {c.field}: {_shown(c.before)} → {_shown(c.after)}"


def _task(t: TaskChange) -> str:
    title = f"“{md(t.title)}”"
    if t.change == "added":
        return f"{code(t.objective)} added {title} ({md(t.owner)}" + (f", due {t.due})" if t.due else ")")
    if t.change == "done":
        return f"{code(t.objective)} done {title} on {t.done}"
    if t.change == "late":
        return f"{code(t.objective)} now late {title} (due {t.due}, {md(t.owner)})"
    return f"{code(t.objective)} removed {title}"


def _capped(items: list[str]) -> list[str]:
    if len(items) <= MAX_ITEMS:
        return items
    return [*items[:MAX_ITEMS], f"… and {len(items) - MAX_ITEMS} more"]


def _progress(p: ProgressChange) -> str:
    text = f"{code(p.objective)} {_percent(p.progress_before)} → {_percent(p.progress_after)}"
    if p.current_before != p.current_after and (p.current_before is not None or p.current_after is not None):
        text += f" ({_number(p.current_before, p.unit)} → {_number(p.current_after, p.unit)})"
    if p.track_before != p.track_after:
        text += f", {_words(p.track_before)} → {_words(p.track_after)}"
    return text


def _option_value(value: Any) -> str:
    if value is None:
        return wording.NONE
    if isinstance(value, list):
        return "[" + ", ".join(_option_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{md(k)}: {_option_value(v)}" for k, v in value.items()) + "}"
    return md(value)


def _setting(c: SettingChange) -> str:
    return f"{code(c.option)} {_option_value(c.before)} → {_option_value(c.after)}"


def _effect(e: SettingsEffect) -> list[str]:
    """What the options alone do to a customer, each part with the options behind it: health with
    its new reasons, tracks, problems."""
    def by(options: list[str]) -> str:
        return f"{', '.join(code(o) for o in options)}: "

    parts = []
    if e.health_changed:
        reasons = f" ({'; '.join(md(r) for r in e.new_reasons[:2])})" if e.new_reasons else ""
        parts.append(f"{by(e.health_options)}health {e.health_before} → {e.health_after}{reasons}")
    parts += [f"{by(t.options)}{code(t.objective)} {_words(t.before)} → {_words(t.after)}"
              + (f" ({_percent(t.progress)} done against {_percent(t.expected)} expected)"
                 if t.progress is not None and t.after in ("on_track", "at_risk", "off_track") else "")
              for t in e.tracks]
    parts += [f"{by(s.options)}now {s.problem.severity} {s.problem.code} {md(s.problem.message)}"
              for s in e.problems_introduced]
    parts += [f"{by(s.options)}no longer {s.problem.code} {md(s.problem.message)}" for s in e.problems_fixed]
    return parts


def _customer_lines(d: CustomerDiff) -> list[str]:
    lines: list[str] = []

    def bullet(label: str, items: list[str]) -> None:
        items = _capped(items)
        if len(items) == 1:
            lines.append(f"- **{label}**: {items[0]}")
        elif items:
            lines.append(f"- **{label}**:")
            lines.extend(f"  - {item}" for item in items)

    if d.change == "added":
        lines.append(f"- **New customer**, health {d.health_after}")
    elif d.change == "removed":
        lines.append(f"- **Customer removed** (health was {d.health_before})")
    elif d.health_before != d.health_after:
        reasons = f": {'; '.join(md(r) for r in d.new_health_reasons[:2])}" if d.new_health_reasons else ""
        lines.append(f"- **Health** {d.health_before} → {d.health_after}{reasons}")
    if d.settings_effect is not None:
        bullet("Because of the settings", _effect(d.settings_effect))
    bullet("Files", [f"{code(u.file)} now {'unreadable' if u.unparsed else 'invalid'} "
                     f"({u.code} at line {u.line})" for u in d.unreadable])
    bullet("Objectives added", [f"{code(o.id)} {md(o.title)} ({_words(o.status)}, due {o.due})"
                                for o in d.objectives_added])
    if d.change != "removed":
        bullet("Objectives removed", [f"{code(o.id)} {md(o.title)}" for o in d.objectives_removed])
    bullet("Status", [
        f"{code(s.objective)} {_words(s.before)} → {_words(s.after)}"
        + (f" on {s.closed_date}" if s.closed_date else "")
        + (f", confirmed by {md(s.confirmed_by)}" if s.confirmed_by else "")
        for s in d.status_changes])
    bullet("Priority", [f"{code(c.objective)} {c.before or '—'} → {c.after or '—'}" for c in d.priority_changes])
    bullet("Progress", [_progress(p) for p in d.progress_changes])
    bullet("Revalidated", [
        f"{code(v.objective)} on {v.last_validated or '—'}" + (f" by {md(v.validated_by)}" if v.validated_by else "")
        + (f" (was {v.before})" if v.before else "")
        for v in d.validations])
    bullet("Changed", [
        (f"{code(c.objective)} " if c.objective else "") + f"{c.field}: {_shown(c.before)} → {_shown(c.after)}"
        for c in d.field_changes])
    bullet("Tasks", [_task(t) for t in d.task_changes])
    bullet("Stakeholders", [
        *(f"added {code(s.id)} {md(s.name)} ({_words(s.persona)})" for s in d.stakeholders_added),
        *(f"removed {code(s.id)} {md(s.name)}" for s in d.stakeholders_removed),
        *(_item_change(c) for c in d.stakeholder_changes)])
    bullet("Risks", [
        *(f"opened {code(r.id)} {md(r.title)} ({r.severity}, {r.kind}"
          + (f", escalated to {r.escalation}" if r.escalation != "none" else "") + ")" for r in d.risks_opened),
        *(f"removed {code(r.id)} {md(r.title)}" for r in d.risks_removed),
        *(_item_change(c) for c in d.risk_changes)])
    if d.change == "added" and d.activity_added:
        # a new customer's whole history is not news; the JSON still lists every entry
        count = len(d.activity_added)
        lines.append(f"- **Activity**: {count} entr{'ies' if count != 1 else 'y'}, the latest on "
                     f"{max(a.date for a in d.activity_added)}")
    else:
        bullet(f"New activity ({len(d.activity_added)})" if len(d.activity_added) > 1 else "New activity",
               [_activity(a) for a in d.activity_added])
    bullet("Activity removed", [_activity(a) for a in d.activity_removed])
    bullet("Problems introduced", [_problem(p) for p in d.problems_introduced])
    bullet("Problems fixed", [_problem(p) for p in d.problems_fixed])
    return lines


def diff_markdown(diff: PlanDiff) -> str:
    """A short Markdown summary for a merge request comment."""
    head = code(diff.head) if diff.head else "the working tree"
    out = ["### Success plan changes", ""]
    if diff.settings_unread:
        out.extend([f"The settings of {code(diff.base)} could not be read ({md(diff.settings_unread)}): both sides "
                    "are computed with the new ones.", ""])
    if diff.settings:
        moved = sum(1 for d in diff.customers if d.settings_effect is not None)
        model = [c for c in diff.settings if c.model]
        effect = (f"{moved} customer{'s' * (moved != 1)} change{'s' * (moved == 1)} because of them (below, "
                  "under Because of the settings)" if moved else "no customer's health, tracks or problems change because of them"
                  ) if model else "they change no computed value"
        out.extend([f"**Settings changed** in mkdocs.yml: {'; '.join(_setting(c) for c in diff.settings)}. "
                    f"At {diff.as_of.isoformat()}, {effect}.", ""])
    if not diff.customers:
        out.append(f"No changes to success plans between {code(diff.base)} and {head} "
                   f"(as of {diff.as_of.isoformat()}).")
        return "\n".join(out) + "\n"
    introduced = sum(len(d.problems_introduced) for d in diff.customers)
    fixed = sum(len(d.problems_fixed) for d in diff.customers)
    count = sum(1 for d in diff.customers if d.id)
    summary = (f"{code(diff.base)} → {head}, as of {diff.as_of.isoformat()}: "
               f"{count} customer{'s' * (count != 1)} changed")
    if introduced or fixed:
        summary += f"; problems: {introduced} introduced, {fixed} fixed"
    out.extend([summary + ".", ""])
    for d in diff.customers:
        title = f"#### {md(d.name)} ({code(d.id)})" if d.id else "#### Other files"
        out.extend([title, "", *_customer_lines(d), ""])
    return "\n".join(out).rstrip("\n") + "\n"


def _jsonable(value: Any) -> Any:
    if isinstance(value, Problem):
        return record(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def diff_json(diff: PlanDiff) -> str:
    """The diff as JSON: base, head (null for the working tree), as_of, the plugin options that
    changed (and why the base's could not be read, if so) and one object per customer."""
    data = {
        "base": diff.base,
        "head": diff.head,
        "as_of": diff.as_of.isoformat(),
        "settings": _jsonable(diff.settings),
        "settings_unread": diff.settings_unread,
        "customers": [{**_jsonable(d), "id": d.id or None} for d in diff.customers],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
