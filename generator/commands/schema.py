"""`successplans schema`: JSON Schema per file kind, from the objects that validate."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..output import write_files
from ..schema import json_schemas
from .common import config_option, get_config


@click.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write <kind>.schema.json files into this folder instead of printing.")
@config_option
def schema(out_dir: Path | None, config_file: Path | None) -> int:
    """Print (or write) the JSON Schema of each file kind, for editors and other tools.

    Exit status: 0 printed or written, 2 could not run (a bad configuration, a folder that
    cannot be written).

    \b
    Examples:
      successplans schema --out .schemas
    """
    config = get_config(config_file)
    schemas = json_schemas(config.segments)
    if out_dir is None:
        click.echo(json.dumps(schemas, indent=2, ensure_ascii=False))
        return 0
    write_files({out_dir / f"{kind}.schema.json": (json.dumps(body, indent=2, ensure_ascii=False) + "\n").encode()
                 for kind, body in schemas.items()})  # all or nothing
    click.echo(f"wrote {len(schemas)} schemas to {out_dir}/", err=True)
    return 0
