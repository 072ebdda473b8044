"""The small exception hierarchy; the command line maps each to an exit status in one place."""


class SuccessPlansError(Exception):
    """Base of the errors that stop a command with a clear message."""

    exit_code = 2


class ConfigError(SuccessPlansError):
    """Bad configuration or arguments: the tool could not run (exit 2)."""

    exit_code = 2


class BadArgument(SuccessPlansError):
    """A command-line argument names nothing that exists or is malformed: the command could not run (exit 2)."""

    exit_code = 2


class OutputError(SuccessPlansError):
    """An output cannot be written where asked (unwritable, not a regular file, outside the repository)."""

    exit_code = 2


class UsageError(SuccessPlansError):
    """The command refuses what was asked with this data (exit 1), e.g. an edit that would break the files."""

    exit_code = 1


class BuildError(SuccessPlansError):
    """A build stopped on errors in the data (exit 1)."""

    exit_code = 1
