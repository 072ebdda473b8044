"""The command line: `successplans` (also `python -m generator`).

Each command lives in generator/commands/ and returns its exit status; this module lists them and
maps errors to exit statuses in one place: 0 fine, 1 problems in the data, 2 could not run.
"""

from __future__ import annotations

import difflib
import importlib
import io
import os
import sys
from collections.abc import Sequence

import click

from . import __version__
from .errors import SuccessPlansError
from .yamlread import CONTROL, printable

# name → "module:attribute"; a command's module is imported only when it runs (or for --help),
# so `check` does not pay for the site, deck and editing libraries.
COMMANDS: dict[str, str] = {
    "init": "generator.commands.init:init",
    "check": "generator.commands.check:check",
    "status": "generator.commands.status:status",
    "agenda": "generator.commands.agenda:agenda",
    "build": "generator.commands.build:build",
    "serve": "generator.commands.serve:serve",
    "deck": "generator.commands.deck:deck",
    "digest": "generator.commands.digest:digest",
    "new": "generator.commands.new:new",
    "log": "generator.commands.log:log",
    "revalidate": "generator.commands.revalidate:revalidate",
    "close": "generator.commands.close:close",
    "start": "generator.commands.start:start",
    "set": "generator.commands.change:set_group",
    "reassign": "generator.commands.change:reassign",
    "objective": "generator.commands.change:objective",
    "stakeholder": "generator.commands.stakeholder:stakeholder",
    "task": "generator.commands.task:task",
    "risk": "generator.commands.risk:risk",
    "rename": "generator.commands.rename:rename",
    "playbook": "generator.commands.playbook:playbook",
    "import": "generator.commands.imports:import_group",
    "export": "generator.commands.accounts:export_group",
    "migrate": "generator.commands.migrate:migrate",
    "diff": "generator.commands.diff:diff",
    "team": "generator.commands.team:team",
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


def _escape_what_the_terminal_cannot_show() -> None:
    """Text the output's encoding cannot hold (a name in Japanese on a terminal set to ASCII, as
    PYTHONIOENCODING=ascii or an old locale make it) is written as escapes, never a crash."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors="backslashreplace")


def _shown(message: str) -> str:
    """A message for the terminal: control characters from arguments or files escaped, line by line."""
    return "\n".join(printable(line) for line in message.split("\n"))


def _control_in_arguments(args: Sequence[str]) -> str | None:
    """The message refusing the first argument that holds a control character, naming it and where."""
    for index, arg in enumerate(args):
        found = CONTROL.search(arg)
        if found is None:
            continue
        before = args[index - 1] if index and args[index - 1].startswith("-") and "=" not in args[index - 1] else None
        name, _eq, value = arg.partition("=") if arg.startswith("--") and "=" in arg else ("", "", arg)
        what = name or before or f"argument {index + 1}"
        offset = found.start() - (len(arg) - len(value))
        return (f"{what} '{printable(value)}' holds the control character U+{ord(found.group()):04X} at character "
                f"{offset + 1}: remove it (control characters are invisible, and can hide or reorder text); "
                "nothing was changed")
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; returns the exit status instead of exiting."""
    _escape_what_the_terminal_cannot_show()
    args = list(argv) if argv is not None else sys.argv[1:]
    if "_SUCCESSPLANS_COMPLETE" in os.environ:  # the shell asks for completions (see README)
        from .commands.completion import register_shells

        register_shells()
    else:
        refused = _control_in_arguments(args)
        if refused is not None:
            click.echo(f"successplans: {refused}", err=True)
            return 2
    try:
        result = cli.main(args=args, prog_name="successplans", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        shown = io.StringIO()
        exc.show(file=shown)
        click.echo(_shown(shown.getvalue().rstrip("\n")), err=True)
        return 2
    except click.Abort:
        click.echo("aborted", err=True)
        return 2
    except SuccessPlansError as exc:
        click.echo(f"successplans: {_shown(str(exc))}", err=True)
        return exc.exit_code
    except BrokenPipeError:
        return 0
    except OSError as exc:  # the disk full, a folder gone meanwhile: one line, never a traceback
        where = f": {printable(os.fsdecode(exc.filename))}" if exc.filename else ""
        click.echo(f"successplans: {exc.strerror or exc}{where}", err=True)
        return 2
    return result if isinstance(result, int) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
