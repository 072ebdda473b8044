"""`successplans serve`: live preview of the site, updated page by page when a file changes."""

from __future__ import annotations

import datetime as dt
import logging
import os
import signal
from pathlib import Path

import click

from ..config import find_config_file
from ..errors import ConfigError
from ..site.build import docs_dir_overrides
from .common import as_of_option, checked_mkdocs_yml, config_option, get_config, trust_code_option


@click.command()
@click.option("-a", "--dev-addr", metavar="IP:PORT", default="127.0.0.1:8000", show_default=True,
              help="Address to serve the preview on.")
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in the default browser.")
@trust_code_option
@as_of_option
@config_option
def serve(dev_addr: str, open_browser: bool, trust_code: bool, as_of: dt.date | None,
          config_file: Path | None) -> int:
    """Preview the site with live reload: a change under customers/ updates the pages it changes.

    Pages are rendered when first opened, so the preview starts quickly however many customers
    there are; after an edit, only the changed customers are loaded again and only pages whose
    content changed are rendered again, exactly as `successplans build` would write them.

    A file with errors does not stop the server: its problems show on the customer's page and on
    "Needs attention" until it is fixed. Live reload is always on here (plain `mkdocs serve` with
    click newer than 8.2.1 needs --livereload).

    Exit status: 0 stopped (Ctrl+C), 2 could not run (a bad configuration, a refused mkdocs.yml,
    an address in use).

    \b
    Examples:
      successplans serve
      successplans serve --dev-addr 127.0.0.1:8001 --as-of 2026-11-16
    """
    from mkdocs.exceptions import MkDocsException

    from ..mkdocs_scan import TRUST_ENV
    from ..site.preview import cross_page_features, run_preview, serve_whole_site

    config = get_config(config_file)  # bad options stop here, with exit 2
    mkdocs_yml = find_config_file(config_file)
    checked_mkdocs_yml(mkdocs_yml, config, trust_code=trust_code)
    if trust_code:  # a rebuild while serving checks mkdocs.yml again, and asks the environment
        os.environ[TRUST_ENV] = "1"
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logger = logging.getLogger("mkdocs")
    handler: logging.Handler | None = None
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    # a terminated server cleans up its temporary site folder like an interrupted one
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        with docs_dir_overrides(mkdocs_yml) as overrides:
            crossing = cross_page_features(mkdocs_yml, overrides)
            if crossing:
                logger.info(f"Pages depend on each other through {', '.join(crossing)}: each change rebuilds the "
                            "whole site")
                serve_whole_site(mkdocs_yml, dev_addr, as_of=as_of, open_in_browser=open_browser, overrides=overrides)
            else:
                run_preview(mkdocs_yml, dev_addr, as_of=as_of, open_in_browser=open_browser, overrides=overrides)
    except MkDocsException as exc:
        raise ConfigError(str(exc)) from None
    except OSError as exc:  # the address is taken, or not ours to bind
        raise ConfigError(f"cannot serve on {dev_addr}: {exc.strerror or exc}") from None
    finally:
        signal.signal(signal.SIGTERM, previous)
        if handler is not None:  # the process may run other commands after this one (tests do)
            logger.removeHandler(handler)
            logger.propagate = True
    return 0


def _interrupt(_signum: int, _frame: object) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second signal must not cut the clean-up short
    raise KeyboardInterrupt
