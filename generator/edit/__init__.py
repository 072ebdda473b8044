"""Editing customer files the way a careful person would.

- textfile: the raw lines of a file, BOM, line endings and Markdown body kept byte for byte
- yamltext: surgical edits (set a key, append a list item) rendered in the file's own style
- roundtrip: the ruamel.yaml round trip for shapes a surgical edit does not handle
- write: atomic writes
- session: one edit of one customer, verified and re-validated before anything is written
- scaffold: the files of a new customer or objective
"""

from .session import EditRefused, EditSession
from ..output import atomic_write

__all__ = ["EditRefused", "EditSession", "atomic_write"]
