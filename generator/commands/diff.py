"""`successplans diff`: what a merge request changes, in the plan's terms."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from ..diff import compare_portfolios, diff_json, diff_markdown
from ..diff.gitsource import resolve_revision, revision_file, revision_files
from ..diff.settings import setting_changes, settings_effects
from ..output import atomic_write
from ..config import Config, find_config_file, parse_mkdocs_yml, plugin_options_of
from ..errors import ConfigError
from ..yamlread import printable
from ..model import Portfolio
from ..portfolio import build_portfolio, empty_portfolio, resolve_as_of
from .common import as_of_option, config_option, get_config


@click.command()
@click.argument("base")
@click.argument("head", required=False)
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown", show_default=True,
              help="Markdown for a merge request comment, or JSON for scripts.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of printing.")
@as_of_option
@config_option
def diff(base: str, head: str | None, fmt: str, output: Path | None, as_of: dt.date | None,
         config_file: Path | None) -> int:
    """Summarize what changed in the success plans between git revisions BASE and HEAD.

    Without HEAD, BASE is compared with the working tree. Both sides are computed at the same
    as-of date (--as-of, else the configured as_of, else today), so every difference comes from
    the files: objectives added, removed, re-prioritized or closed, progress moved, validations,
    new activity, health per customer, and problems introduced or fixed. Each side uses the
    plugin's options of its own mkdocs.yml: when they differ (a threshold, a tolerance, a rule),
    the diff lists them and every customer whose health, tracks or problems change because of
    them, and which option does it.

    Exit status: 0 compared (changes or none), 2 could not run (an unknown revision, not a git
    repository, a bad configuration).

    \b
    Examples:
      successplans diff main
      successplans diff origin/main HEAD --output plan-changes.md
      successplans diff "$CI_MERGE_REQUEST_DIFF_BASE_SHA" HEAD --format json
    """
    config = get_config(config_file)
    mkdocs_yml = find_config_file(config_file)
    day = resolve_as_of(config, as_of)
    base_commit = resolve_revision(config, base)
    head_commit = resolve_revision(config, head) if head is not None else None
    # each side computed with its own options (its mkdocs.yml), at the same as-of date
    base_config, unread = _revision_config(config, mkdocs_yml, base_commit, base)
    head_config = config
    if head_commit is not None:
        head_config, head_unread = _revision_config(config, mkdocs_yml, head_commit, head or "")
        unread = unread or head_unread
    before = _revision_portfolio(base_config, day, base_commit)

    def compute(options: Config) -> Portfolio:
        if head_commit is None:
            return build_portfolio(options, day)
        return _revision_portfolio(options, day, head_commit)

    after = compute(head_config)
    changes = setting_changes(base_config, head_config)
    effects = settings_effects(changes, base_config, head_config, after, compute)
    plan_diff = compare_portfolios(before, after, base, head, settings=changes, effects=effects,
                                   settings_unread=unread)
    text = diff_json(plan_diff) if fmt == "json" else diff_markdown(plan_diff)
    if output is not None:
        atomic_write(output, text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    return 0


def _revision_config(config: Config, mkdocs_yml: Path, commit: str, name: str) -> tuple[Config, str | None]:
    """The plugin's options as the revision's mkdocs.yml sets them, and why not when they cannot be
    read (then the working tree's options stand in for them). A revision without the file has
    the working tree's options."""
    shown = f"{printable(name)}:{mkdocs_yml.name}"
    try:
        data = revision_file(config, commit, mkdocs_yml)
        if data is None:
            return config, None
        return Config.from_mapping(plugin_options_of(parse_mkdocs_yml(data, shown), shown), config.root), None
    except ConfigError as exc:
        return config, str(exc)


def _revision_portfolio(config: Config, day: dt.date, commit: str) -> Portfolio:
    """A revision's portfolio; one without the customers folder has no customer (all are new)."""
    with revision_files(config, commit) as files:
        if files.kind(config.customers_path) is None:
            return empty_portfolio(config, day)
        return build_portfolio(config, day, files=files)
