"""Byte-identical .pptx files: fixed core properties, zip entry times and chart workbooks.

python-pptx stamps every zip entry with the current time, each embedded chart workbook carries its
creation time, and core properties default to now. All three are replaced by one instant: the
SOURCE_DATE_EPOCH environment variable when set, else the start of 1980 (the zip format's first day).
The workbooks' numbers are written as the shortest decimal that reads back the same (the workbook
writer's 16 significant digits turn 8.8 into 8.800000000000001).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from pptx.presentation import Presentation as PresentationType

from ..output import atomic_write
from ..today import source_date_epoch

CORE_TEXT_LIMIT = 255  # python-pptx refuses longer core properties (Office's own limit)
_NUMBER = re.compile(rb"<v>(-?\d+\.\d+(?:[eE][-+]?\d+)?)</v>")
_CREATED = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")


def fixed_instant() -> dt.datetime:
    stamp = source_date_epoch() or dt.datetime(1980, 1, 1)
    return max(stamp, dt.datetime(1980, 1, 1))


def _rezip(data: bytes, when: dt.datetime, nested: bool = True) -> bytes:
    out = io.BytesIO()
    date_time = when.timetuple()[:6]
    iso = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if nested and info.filename.endswith(".xlsx"):
                body = _rezip(body, when, nested=False)
            if not nested and info.filename.startswith("xl/worksheets/"):
                body = _NUMBER.sub(lambda m: b"<v>" + repr(float(m.group(1))).encode() + b"</v>", body)
            if info.filename.endswith("core.xml"):
                body = _CREATED.sub(lambda m: m.group(1) + iso + m.group(2), body)
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, body)
    return out.getvalue()


def core_text(text: str) -> str:
    """A core property within its length limit (cut with "…"; the slides keep the whole text)."""
    return text if len(text) <= CORE_TEXT_LIMIT else text[:CORE_TEXT_LIMIT - 1] + "…"


def deterministic_bytes(prs: PresentationType, author: str) -> bytes:
    when = fixed_instant()
    props = prs.core_properties
    props.author = core_text(author)
    props.last_modified_by = core_text(author)
    props.created = when
    props.modified = when
    props.last_printed = when
    props.revision = 1
    buffer = io.BytesIO()
    prs.save(buffer)
    return _rezip(buffer.getvalue(), when)


def save_deterministic(prs: PresentationType, path: Path, author: str) -> None:
    """Save atomically (temp file and rename) with every time fixed."""
    atomic_write(path, deterministic_bytes(prs, author))
