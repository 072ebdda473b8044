"""The command line: `successplans` (also `python -m generator`).

Each command lives in generator/commands/ and returns its exit status; this module lists them and
maps errors to exit statuses in one place: 0 fine, 1 problems in the data, 2 could not run.
"""

from __future__ import annotations

import difflib
import importlib
import os
import sys
from collections.abc import Sequence

import click

from . import __version__
from .errors import SuccessPlansError

# name → "module:attribute"; a command's module is imported only when it runs (or for --help),
# so `check` does not pay for the site, deck and editing libraries.
COMMANDS: dict[str, str] = {
    "init": "generator.commands.init:init",
    "check": "generator.commands.check:check",
    "status": "generator.commands.status:status",
    "build": "generator.commands.build:build",
    "serve": "generator.commands.serve:serve",
    "deck": "generator.commands.deck:deck",
    "digest": "generator.commands.digest:digest",
    "new": "generator.commands.new:new",
    "log": "generator.commands.log:log",
    "revalidate": "generator.commands.revalidate:revalidate",
    "close": "generator.commands.close:close",
    "start": "generator.commands.start:start",
    "stakeholder": "generator.commands.stakeholder:stakeholder",
    "task": "generator.commands.task:task",
    "risk": "generator.commands.risk:risk",
    "rename": "generator.commands.rename:rename",
    "import": "generator.commands.imports:import_group",
    "diff": "generator.commands.diff:diff",
    "codeowners": "generator.commands.codeowners:codeowners",
    "schema": "generator.commands.schema:schema",
}


class _Commands(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None,
                                                                           list[str]]:
        name = args[0] if args else ""
        if name and not name.startswith("-") and name not in COMMANDS and not ctx.resilient_parsing:
            close = difflib.get_close_matches(name, list(COMMANDS), n=1)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            ctx.fail(f"No such command '{name}'.{hint}")
        return super().resolve_command(ctx, args)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, attribute = target.split(":")
        command: click.Command = getattr(importlib.import_module(module), attribute)
        return command


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="successplans")
def cli() -> None:
    """Success plans as code: validate customer success plans, compute progress and health,
    build the team site and customer EBR decks."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; returns the exit status instead of exiting."""
    if "_SUCCESSPLANS_COMPLETE" in os.environ:  # the shell asks for completions (see README)
        from .commands.completion import register_shells

        register_shells()
    try:
        result = cli.main(args=list(argv) if argv is not None else None, prog_name="successplans",
                          standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return 2
    except click.Abort:
        click.echo("aborted", err=True)
        return 2
    except SuccessPlansError as exc:
        click.echo(f"successplans: {exc}", err=True)
        return exc.exit_code
    except BrokenPipeError:
        return 0
    return result if isinstance(result, int) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
