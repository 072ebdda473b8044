"""Shell completion of ids: customers, objectives, stakeholders and risks, read from the files.

Completion must never fail loudly: a missing or broken file simply offers nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from click.shell_completion import (BashComplete, CompletionItem, FishComplete, ShellComplete, ZshComplete,
                                     _resolve_context, add_completion_class)

from ..config import Config, load_config
from ..schema import ID_RE, to_python
from ..yamlread import decode, parse_yaml


def _config(ctx: click.Context) -> Config | None:
    try:
        return load_config(ctx.params.get("config_file"))
    except Exception:  # noqa: BLE001 - no configuration, no completion
        return None


def _folder(ctx: click.Context) -> Path | None:
    config = _config(ctx)
    customer = ctx.params.get("customer")
    if config is None or not isinstance(customer, str) or not ID_RE.match(customer):
        return None
    folder = config.customers_path / customer
    return folder if folder.is_dir() else None


def _items(names: list[str], incomplete: str) -> list[CompletionItem]:
    return [CompletionItem(name) for name in sorted(names) if name.startswith(incomplete)]


def complete_customer(ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    config = _config(ctx)
    base = config.customers_path if config is not None else None
    if base is None or not base.is_dir():
        return []
    return _items([p.name for p in base.iterdir() if p.is_dir() and ID_RE.match(p.name)], incomplete)


def complete_segment(ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    config = _config(ctx)
    return _items(list(config.segments) if config is not None else [], incomplete)


def complete_handle(ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """The handles of team.yaml."""
    from ..load import load_roster

    config = _config(ctx)
    try:
        roster = load_roster(config)[0] if config is not None else None
    except Exception:  # noqa: BLE001 - a broken roster offers nothing
        return []
    return _items(sorted(roster.handles) if roster is not None else [], incomplete)


def complete_owner(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """A task's owner: the customer's stakeholder ids and the team's handles."""
    return sorted(complete_stakeholder(ctx, param, incomplete) + complete_handle(ctx, param, incomplete),
                  key=lambda item: item.value)


def _stems(ctx: click.Context, kind: str, incomplete: str) -> list[CompletionItem]:
    folder = _folder(ctx)
    if folder is None or not (folder / kind).is_dir():
        return []
    return _items([p.stem for p in (folder / kind).glob("*.md") if ID_RE.match(p.stem)], incomplete)


def complete_objective(ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    return _stems(ctx, "objectives", incomplete)


def complete_risk(ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    return _stems(ctx, "risks", incomplete)


def complete_stakeholder(ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    folder = _folder(ctx)
    path = folder / "stakeholders.yaml" if folder is not None else None
    if path is None or not path.is_file():
        return []
    try:
        text, _issue = decode(path.read_bytes())
        root, _issues = parse_yaml(text) if text is not None else (None, [])
        data: Any = to_python(root)
    except Exception:  # noqa: BLE001 - a broken file offers nothing
        return []
    ids = [item.get("id") for item in data if isinstance(item, dict)] if isinstance(data, list) else []
    return _items([i for i in ids if isinstance(i, str)], incomplete)


class _OptionValueFirst(ShellComplete):
    """Complete `--by <TAB>` with the command's arguments already read.

    click reads the words before the cursor with a lenient parser that stops at an option still
    waiting for its value, so the customer named before `--by` would be unknown to the completion
    of stakeholder ids. Reading the words before that option first, then completing the option's
    value, gives the completion what the user has typed.
    """

    def get_completions(self, args: list[str], incomplete: str) -> list[CompletionItem]:
        if args and args[-1].startswith("-") and "=" not in args[-1]:
            ctx = _resolve_context(self.cli, self.ctx_args, self.prog_name, args[:-1])
            option = next((p for p in ctx.command.get_params(ctx) if isinstance(p, click.Option)
                           and args[-1] in p.opts and not p.is_flag and not p.count), None)
            if option is not None:
                return option.shell_complete(ctx, incomplete)
        return super().get_completions(args, incomplete)


def register_shells() -> None:
    """Use _OptionValueFirst for every shell click supports."""
    for base in (BashComplete, ZshComplete, FishComplete):
        add_completion_class(type(base.__name__, (_OptionValueFirst, base), {}), base.name)


def _template_names(ctx: click.Context, folder: str, suffix: str, incomplete: str) -> list[CompletionItem]:
    from ..plantemplates import FOLDER

    config = _config(ctx)
    base = config.root / FOLDER / folder if config is not None else None
    if base is None or not base.is_dir():
        return []
    return _items([p.name[: -len(suffix)] for p in base.glob(f"*{suffix}") if ID_RE.match(p.name[: -len(suffix)])],
                  incomplete)


def complete_template(ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Objective templates (templates/objectives/*.md)."""
    return _template_names(ctx, "objectives", ".md", incomplete)


def complete_playbook(ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Playbooks (templates/playbooks/*.yaml)."""
    return _template_names(ctx, "playbooks", ".yaml", incomplete)
