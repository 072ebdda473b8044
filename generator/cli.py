"""The command line: `successplans` (also `python -m generator`).

Each command lives in generator/commands/ and returns its exit status; this module lists them and
maps errors to exit statuses in one place: 0 fine, 1 problems in the data, 2 could not run.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click

from . import __version__
from .commands.check import check
from .commands import build, serve  # noqa: I001 - the site
from .commands import close, codeowners, diff, log, new, revalidate  # noqa: I001 - editing and git workflow
from .commands import deck, digest  # noqa: I001 - customer-facing output
from .commands.schema import schema
from .commands.status import status
from .errors import SuccessPlansError

COMMANDS: tuple[click.Command, ...] = (
    check,
    build.build,
    serve.serve,
    deck.deck,
    digest.digest,
    status,
    schema,
    new.new,
    log.log,
    revalidate.revalidate,
    close.close,
    diff.diff,
    codeowners.codeowners,
)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="successplans")
def cli() -> None:
    """Success plans as code: validate customer success plans, compute progress and health,
    build the team site and customer EBR decks."""


for _command in COMMANDS:
    cli.add_command(_command)


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; returns the exit status instead of exiting."""
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
