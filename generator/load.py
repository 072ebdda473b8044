"""Load customer folders into the model, collecting every reading and schema problem.

Nothing here raises on bad data: each file yields records plus located problems, and a broken
file never stops the others from loading.
"""

from __future__ import annotations

import errno
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .config import Config
from .errors import ConfigError
from .files import DiskFiles, Entry, Files, Kind
from .model import (Activity, Closure, Customer, CustomerFile, Metric, Objective, Risk, RosterMember,
                    ScorecardReading, Source, Stakeholder, Task, TeamMember, TeamRoster, Waiver, Written)
from .problems import Problem
from .rules.reading import READING_SEVERITY
from .schema import (ACTIVITY, ACTIVITY_DIR, ACTIVITY_LOG, ENTRY_FILE_RE, ENTRY_FILE_RULE, ID_RE, INVALID, OBJECTIVE,
                     RISK, STAKEHOLDERS, TEAM, TEAM_FILE, Findings, Record, Type, customer_schema)
from .yamlread import MAX_BYTES, Issue, DataNode, collection_paused, decode, mask_controls, parse_yaml, split_front_matter

CUSTOMER_FILES = tuple(f.value for f in CustomerFile)
CUSTOMER_DIRS = ("objectives", "risks", ACTIVITY_DIR)


def _ignored(name: str) -> bool:
    return name.startswith((".", "_")) or name == "README.md"


@dataclass(kw_only=True)
class _Collector:
    customer: str | None
    problems: list[Problem] = field(default_factory=list)

    def add(self, path: str, issues: Iterable[Issue]) -> None:
        for issue in issues:
            self.at(path, issue.code, issue.message, issue.hint, issue.line, issue.column)

    def at(self, path: str, code: str, message: str, hint: str = "", line: int = 1, column: int | None = 1) -> None:
        self.problems.append(Problem(code=code, severity=READING_SEVERITY[code], customer=self.customer, file=path,
                                     line=line, column=column, message=message, hint=hint))


@dataclass(kw_only=True)
class _Parsed:
    data: Any  # clean value, INVALID, or None when the file could not be parsed
    marks: dict[str, tuple[int, int]]
    body: str = ""
    ok: bool = True  # parsed (even with schema problems)
    root: DataNode | None = None


LINK_MESSAGE = "symbolic link not followed"
LINK_HINT = "replace the link with the file or folder itself; links may point outside the repository"


def _read_text(files: Files, file: Path, rel: str, out: _Collector) -> str | None:
    try:
        data = files.read(file)  # one open per file: a file over the limit is refused unread (EFBIG)
        if len(data) > MAX_BYTES:
            raise OSError(errno.EFBIG, "over the limit")
    except OSError as exc:
        if exc.errno == errno.EFBIG:
            try:
                size = files.size(file)
            except OSError:
                size = MAX_BYTES + 1
            out.at(rel, "SP001", f"the file is {max(size, MAX_BYTES + 1):,} bytes; files over 1 MiB are refused",
                   "split it or remove bulk content")
            return None
        out.at(rel, "SP001", f"the file cannot be read: {exc.strerror or exc}")
        return None
    text, issue = decode(data)
    if issue is not None:
        out.add(rel, [issue])
    if text is None:
        return None
    text, controls = mask_controls(text)
    out.add(rel, controls)
    return text


def _validate(root: DataNode | None, schema: Type, findings: Findings, empty: Any) -> Any:
    if root is None:
        if isinstance(schema, Record):
            # an empty document: report each missing required field at line 1
            return schema.check(DataNode("scalar", None, 1, 1), findings, "")
        return empty
    return schema.check(root, findings, "")


def read_yaml_file(files: Files, file: Path, rel: str, schema: Type, out: _Collector, empty: Any = None) -> _Parsed:
    text = _read_text(files, file, rel, out)
    if text is None:
        return _Parsed(data=None, marks={}, ok=False)
    root, issues = parse_yaml(text)
    out.add(rel, issues)
    if any(i.fatal for i in issues):
        return _Parsed(data=None, marks={}, ok=False)
    findings = Findings()
    data = _validate(root, schema, findings, empty)
    out.add(rel, findings.issues)
    return _Parsed(data=data, marks=findings.marks, root=root)


def read_front_matter_file(files: Files, file: Path, rel: str, schema: Record, out: _Collector) -> _Parsed:
    text = _read_text(files, file, rel, out)
    if text is None:
        return _Parsed(data=None, marks={}, ok=False)
    front, issue = split_front_matter(text)
    if front is None:
        out.add(rel, [issue] if issue else [])
        return _Parsed(data=None, marks={}, ok=False)
    root, issues = parse_yaml(front.yaml_text, line_offset=front.yaml_first_line - 1)
    out.add(rel, issues)
    if any(i.fatal for i in issues):
        return _Parsed(data=None, marks={}, ok=False)
    findings = Findings()
    data = _validate(root, schema, findings, None)
    out.add(rel, findings.issues)
    return _Parsed(data=data, marks=findings.marks, body=front.body, root=root)


# --- records ----------------------------------------------------------------------------------


def _get(data: dict[str, Any], key: str, default: Any = None) -> Any:
    value = data.get(key, default)
    return default if value is INVALID else value


def _clean_list(values: Any) -> tuple[Any, ...]:
    if not isinstance(values, list):
        return ()
    return tuple(v for v in values if v is not INVALID)


def _extensions(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k.startswith("x-")}


def _valid_only(value: Any) -> Any:
    """A validated value without its invalid parts: keys dropped, list items kept as None."""
    if isinstance(value, dict):
        return {k: _valid_only(v) for k, v in value.items() if v is not INVALID}
    if isinstance(value, list):
        return [None if v is INVALID else _valid_only(v) for v in value]
    return None if value is INVALID else value


def _written(kind: Any, rid: str | None, data: Any, source: Source) -> Written:
    values = _valid_only(data) if isinstance(data, dict) else {}
    return Written(kind=kind, id=rid, values=values, source=source)


def _complete(data: Any, *required: str) -> bool:
    return isinstance(data, dict) and all(data.get(k) not in (None, INVALID) for k in required)


def _build_customer(cid: str, rel_dir: str, parsed: _Parsed | None, files: Files, folder: Path,
                    out: _Collector) -> Customer:
    """The account facts of customer.yaml, as a Customer without its records yet (load_customer adds them)."""
    if parsed is None or not isinstance(parsed.data, dict):
        return Customer(id=cid, name=cid, csm=None, path=rel_dir, source=Source(path=f"{rel_dir}/customer.yaml"))
    data = parsed.data
    source = Source(path=f"{rel_dir}/customer.yaml", line=1, column=1, marks=parsed.marks)
    team = tuple(TeamMember(role=m["role"], name=m["name"], email=_get(m, "email"), handle=_get(m, "handle"))
                 for m in _clean_list(_get(data, "account_team")) if _complete(m, "role", "name"))
    scorecard = tuple(
        ScorecardReading(date=r["date"], measure=r["measure"], color=r["color"], note=_get(r, "note"), index=index)
        for index, r in enumerate(_clean_list(_get(data, "scorecard")))
        if _complete(r, "date", "measure", "color")
    )
    logo = _get(data, "logo")
    waivers = tuple(Waiver(code=w["code"], reason=w["reason"], until=w["until"], objective=_get(w, "objective"))
                    for w in _clean_list(_get(data, "waivers")) if _complete(w, "code", "reason", "until"))
    return Customer(
        id=cid, path=rel_dir, name=_get(data, "name") or cid, csm=_get(data, "csm"), segment=_get(data, "segment"),
        customer_since=_get(data, "customer_since"), renewal_date=_get(data, "renewal_date"), arr=_get(data, "arr"),
        lifecycle_stage=_get(data, "lifecycle_stage"), account_team=team, crm_url=_get(data, "crm_url"),
        crm_id=_get(data, "crm_id"),
        tags=_clean_list(_get(data, "tags")), scorecard=scorecard, next_review=_get(data, "next_review"),
        logo=logo, logo_data=_check_logo(files, folder, logo, source, out) if logo is not None else None,
        waivers=waivers, extensions=_extensions(data), source=source,
    )


def _build_stakeholders(parsed: _Parsed, rel: str,
                        written: list[Written]) -> tuple[tuple[Stakeholder, ...], set[str]]:
    items = parsed.data if isinstance(parsed.data, list) else []
    known: set[str] = set()
    out: list[Stakeholder] = []
    root = parsed.root
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        item_line, item_column = parsed.marks.get(f"[{index}]", (1, 1))
        item_source = Source(path=rel, line=item_line, column=item_column, marks=parsed.marks, prefix=f"[{index}].")
        written.append(_written("stakeholder", _get(item, "id"), item, item_source))
        sid = item.get("id")
        if isinstance(sid, str):
            known.add(sid)
        elif root is not None and root.kind == "seq" and index < len(root.value):
            # an id that failed validation still names the person for reference checks
            node = root.value[index]
            if node.kind == "map" and "id" in node.value and isinstance(node.value["id"].node.value, str):
                known.add(node.value["id"].node.value)
        if not _complete(item, "id", "name", "persona"):
            continue
        line, column = parsed.marks.get(f"[{index}]", (1, 1))
        out.append(Stakeholder(
            id=item["id"], name=item["name"], persona=item["persona"], title=_get(item, "title"),
            email=_get(item, "email"), location=_get(item, "location"), extensions=_extensions(item),
            source=Source(path=rel, line=line, column=column, marks=parsed.marks, prefix=f"[{index}]."),
        ))
    return tuple(out), known


def _build_activities(parsed: _Parsed, rel: str, written: list[Written], first: int) -> tuple[Activity, ...]:
    """The entries of activity.yaml; `first` is the index the first of them takes in the log."""
    items = parsed.data if isinstance(parsed.data, list) else []
    out: list[Activity] = []
    for position, item in enumerate(items):
        line, column = parsed.marks.get(f"[{position}]", (1, 1))
        source = Source(path=rel, line=line, column=column, marks=parsed.marks, prefix=f"[{position}].")
        activity = _build_activity(item, source, first + position, written)
        if activity is not None:
            out.append(activity)
    return tuple(out)


def _build_activity(item: Any, source: Source, index: int, written: list[Written]) -> Activity | None:
    """One entry of the log (an item of activity.yaml or a file in activity/), when complete."""
    if isinstance(item, dict):
        written.append(_written("activity", None, item, source))
    if not _complete(item, "date", "kind", "title"):
        return None
    readings = _get(item, "readings") or {}
    return Activity(
        date=item["date"], kind=item["kind"], title=item["title"],
        objectives=_clean_list(_get(item, "objectives")),
        readings=tuple(readings.items()),
        attendees=_clean_list(_get(item, "attendees")),
        author=_get(item, "author"), internal=bool(_get(item, "internal", False)),
        notes=_get(item, "notes"), extensions=_extensions(item), index=index, source=source,
    )


def _load_entries(files: Files, folder: Path, root: Path, out: _Collector, written: list[Written],
                  first: int) -> tuple[list[Activity], bool]:
    """The entries of the activity/ folder, one file each, in file name order (code-point order,
    as the log's order needs); `first` is the index the first takes. (entries, every file read)."""
    entries: list[Activity] = []
    complete = True
    index = first
    rel_folder = _rel(folder, root)
    listing = _listdir(files, folder, rel_folder, out)
    for entry in listing or []:
        rel = f"{rel_folder}/{entry.name}"  # forty files a customer: no path arithmetic per file
        if _ignored(entry.name) or _link(entry, rel, out):
            continue
        if entry.kind is not Kind.FILE or not ENTRY_FILE_RE.match(entry.name):
            out.at(rel, "SP113", f"unexpected {entry.kind.value} in {ACTIVITY_DIR}/", ENTRY_FILE_RULE)
            continue
        parsed = read_yaml_file(files, entry.path, rel, ACTIVITY, out)
        if not parsed.ok:
            complete = False
            continue
        activity = _build_activity(parsed.data, Source(path=rel, line=1, column=1, marks=parsed.marks), index,
                                   written)
        index += 1
        if activity is not None:
            entries.append(activity)
    return entries, complete and listing is not None


def _build_objective(oid: str, parsed: _Parsed, rel: str) -> Objective | None:
    data = parsed.data
    if not _complete(data, "title", "status", "started", "due"):
        return None
    metric = None
    raw_metric = data.get("metric")
    if raw_metric is not None:
        if not _complete(raw_metric, "name", "baseline", "target"):
            return None  # a broken metric would turn it into an initiative: do not guess
        metric = Metric(name=raw_metric["name"], baseline=raw_metric["baseline"], target=raw_metric["target"],
                        unit=_get(raw_metric, "unit"))
    closed = None
    raw_closed = _get(data, "closed")
    if isinstance(raw_closed, dict):
        closed = Closure(date=_get(raw_closed, "date"), confirmed_by=_get(raw_closed, "confirmed_by"),
                         evidence=_get(raw_closed, "evidence"),
                         summary=_get(raw_closed, "summary"))
    tasks = tuple(Task(title=t["title"], owner=t["owner"], due=_get(t, "due"), done=_get(t, "done"))
                  for t in _clean_list(_get(data, "tasks")) if _complete(t, "title", "owner"))
    return Objective(
        id=oid, title=data["title"], status=data["status"], started=data["started"], due=data["due"],
        priority=_get(data, "priority"), stakeholders=_clean_list(_get(data, "stakeholders")), metric=metric,
        success_criteria=_get(data, "success_criteria"), tasks=tasks, last_validated=_get(data, "last_validated"),
        validated_by=_get(data, "validated_by"), closed=closed, value_usd=_get(data, "value_usd"),
        audience=_get(data, "audience") or "customer", value_statement=_get(data, "value_statement"),
        asks=_clean_list(_get(data, "asks")), recovery=_get(data, "recovery"),
        body=parsed.body, extensions=_extensions(data),
        source=Source(path=rel, line=1, column=1, marks=parsed.marks),
    )


def _build_risk(rid: str, parsed: _Parsed, rel: str) -> Risk | None:
    data = parsed.data
    if not _complete(data, "title", "kind", "severity", "status", "opened"):
        return None
    return Risk(
        id=rid, title=data["title"], kind=data["kind"], severity=data["severity"], status=data["status"],
        opened=data["opened"], escalation=_get(data, "escalation") or "none", owner=_get(data, "owner"),
        objectives=_clean_list(_get(data, "objectives")), body=parsed.body, extensions=_extensions(data),
        source=Source(path=rel, line=1, column=1, marks=parsed.marks),
    )


# --- folders ----------------------------------------------------------------------------------


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _listdir(files: Files, folder: Path, rel: str, out: _Collector) -> list[Entry] | None:
    """A folder's entries, or None (reported as SP001) when it cannot be listed."""
    try:
        return files.listdir(folder)
    except OSError as exc:
        out.at(rel, "SP001", f"the folder cannot be read: {exc.strerror or exc}",
               "check the folder's permissions")
        return None


def _link(entry: Entry, rel: str, out: _Collector) -> bool:
    """Report a symbolic link (never followed); True when the entry is one."""
    if entry.kind is Kind.LINK:
        out.at(rel, "SP001", LINK_MESSAGE, LINK_HINT)
        return True
    return False


def _load_docs(files: Files, folder: Path, root: Path, schema: Record, out: _Collector, build: Any,
               kind: str, written: list[Written]) -> tuple[list[Any], set[str]]:
    records: list[Any] = []
    known: set[str] = set()
    for entry in _listdir(files, folder, _rel(folder, root), out) or []:
        rel = _rel(entry.path, root)
        if _ignored(entry.name) or _link(entry, rel, out):
            continue
        if entry.kind is not Kind.FILE or not entry.name.endswith(".md"):
            out.at(rel, "SP113", f"unexpected {entry.kind.value} in {folder.name}/",
                   f"{folder.name}/ holds only .md files")
            continue
        stem = entry.name[:-3]
        if not ID_RE.match(stem):
            out.at(rel, "SP007", f"'{stem}' is not a valid id for a file name",
                   "use lowercase letters, digits and '-', e.g. cut-cycle-time.md")
            continue
        known.add(stem)
        parsed = read_front_matter_file(files, entry.path, rel, schema, out)
        if parsed.ok:
            written.append(_written(kind, stem, parsed.data, Source(path=rel, line=1, column=1, marks=parsed.marks)))
            record = build(stem, parsed, rel)
            if record is not None:
                records.append(record)
    return records, known


def load_customer(folder: Path, config: Config, files: Files | None = None) -> tuple[Customer, list[Problem]]:
    """Load one customer folder: its records and every reading and schema problem."""
    with collection_paused():  # every record made here is kept: nothing for the collector to find
        return _load_customer(folder, config, files or DiskFiles())


def _load_customer(folder: Path, config: Config, files: Files) -> tuple[Customer, list[Problem]]:
    root = config.root
    cid = folder.name
    rel_dir = _rel(folder, root)
    out = _Collector(customer=cid)
    if not ID_RE.match(cid):
        out.at(rel_dir, "SP007", f"'{cid}' is not a valid customer id",
               "rename the folder: lowercase letters, digits and '-'")
    listing = _listdir(files, folder, rel_dir, out)
    names, unreadable = _customer_entries(listing or [], root, out)

    def present(name: str) -> bool:
        return name in names

    written: list[Written] = []
    # a file there but not readable (a link, a FIFO) is reported once, not also as missing
    unparsed: set[CustomerFile] = {CustomerFile(name) for name in unreadable}
    customer_parsed = None
    if present("customer.yaml"):
        customer_parsed = read_yaml_file(files, folder / "customer.yaml", f"{rel_dir}/customer.yaml",
                                         customer_schema(config.segments), out)
        if not customer_parsed.ok:
            unparsed.add(CustomerFile.CUSTOMER)
        else:
            written.append(_written("customer", cid, customer_parsed.data,
                                    Source(path=f"{rel_dir}/customer.yaml", marks=customer_parsed.marks)))
    elif listing is not None and "customer.yaml" not in unreadable:
        out.at(rel_dir, "SP004", "required file customer.yaml is missing", "add customer.yaml with name and csm")

    stakeholders: tuple[Stakeholder, ...] = ()
    known_people: set[str] = set()
    stakeholders_path = None
    if present("stakeholders.yaml"):
        stakeholders_path = f"{rel_dir}/stakeholders.yaml"
        parsed = read_yaml_file(files, folder / "stakeholders.yaml", stakeholders_path, STAKEHOLDERS, out, empty=[])
        stakeholders, known_people = _build_stakeholders(parsed, stakeholders_path, written)
        if not parsed.ok:
            unparsed.add(CustomerFile.STAKEHOLDERS)
    elif listing is not None and "stakeholders.yaml" not in unreadable:
        out.at(rel_dir, "SP004", "required file stakeholders.yaml is missing",
               "add stakeholders.yaml (an empty file is an empty list)")

    # the log is activity.yaml and the files of activity/ together, in the order of SPEC §12: by
    # path (activity.yaml before activity/...), then by position; `index` numbers them in that order
    activities: tuple[Activity, ...] = ()
    activity_path = None
    log_items = 0
    if present("activity.yaml"):
        activity_path = f"{rel_dir}/activity.yaml"
        log = read_yaml_file(files, folder / "activity.yaml", activity_path, ACTIVITY_LOG, out, empty=[])
        activities = _build_activities(log, activity_path, written, 0)
        log_items = len(log.data) if isinstance(log.data, list) else 0
        if not log.ok:
            unparsed.add(CustomerFile.ACTIVITY)
    activity_dir = None
    if present(ACTIVITY_DIR):
        activity_dir = f"{rel_dir}/{ACTIVITY_DIR}"
        entries, complete = _load_entries(files, folder / ACTIVITY_DIR, root, out, written, log_items)
        activities = (*activities, *entries)
        if not complete:
            unparsed.add(CustomerFile.ACTIVITY)

    objectives: list[Objective] = []
    known_objectives: set[str] = set()
    if present("objectives"):
        objectives, known_objectives = _load_docs(files, folder / "objectives", root, OBJECTIVE, out,
                                                  _build_objective, "objective", written)
    risks: list[Risk] = []
    if present("risks"):
        risks, _ = _load_docs(files, folder / "risks", root, RISK, out, _build_risk, "risk", written)

    customer = replace(
        _build_customer(cid, rel_dir, customer_parsed, files, folder, out), stakeholders=stakeholders,
        objectives=tuple(objectives), activities=activities, risks=tuple(risks), activity_path=activity_path,
        activity_dir=activity_dir,
        stakeholders_path=stakeholders_path, known_stakeholder_ids=frozenset(known_people),
        known_objective_ids=frozenset(known_objectives), written=tuple(written), unparsed=frozenset(unparsed),
    )
    return customer, out.problems


LOGO_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")
LOGO_MAX_BYTES = 1024 * 1024


def _check_logo(files: Files, folder: Path, name: str, source: Source, out: _Collector) -> bytes | None:
    """The logo's bytes when `logo` names a PNG or JPEG file directly in the customer folder (SPEC §9).

    The named file is part of the customer's data, so it is not an unexpected file (SP113); a link
    is already reported where it lies (SP001) and is never read through."""
    line, column = source.at("logo")
    if "/" in name or "\\" in name or name in (".", ".."):
        out.at(source.path, "SP005", f"logo '{name}' must be a file name in the customer folder, not a "
               "path", "put the image beside customer.yaml and give its name, e.g. logo.png", line, column)
        return None
    path = folder / name
    rel = f"{source.path.rsplit('/', 1)[0]}/{name}"
    out.problems[:] = [p for p in out.problems if not (p.code == "SP113" and p.file == rel)]
    kind = files.kind(path)
    if kind is None:
        out.at(source.path, "SP009", f"logo '{name}' does not exist in the customer folder",
               "add the image beside customer.yaml or correct the name", line, column)
        return None
    if kind is Kind.LINK:
        return None
    if kind is not Kind.FILE:
        out.at(source.path, "SP001", f"logo '{name}' is a {kind.value}, not a regular file", "", line, column)
        return None
    try:
        data = files.read(path) if files.size(path) <= LOGO_MAX_BYTES else None
    except OSError as exc:
        out.at(source.path, "SP001", f"logo '{name}' cannot be read: {exc.strerror or exc}", "", line,
               column)
        return None
    if data is None:
        out.at(source.path, "SP001", f"logo '{name}' is over 1 MiB", "export a smaller image", line, column)
        return None
    size = image_size(data)
    if size is not None and (max(size) > LOGO_MAX_SIDE or size[0] * size[1] > LOGO_MAX_PIXELS):
        out.at(source.path, "SP001", f"logo '{name}' is {size[0]:,} × {size[1]:,} pixels; a logo may have at most "
               f"{LOGO_MAX_SIDE:,} pixels on a side and {LOGO_MAX_PIXELS // 1_000_000} million in all",
               "export it smaller (a few hundred pixels wide is plenty)", line, column)
        return None
    if size is None or not _decodes(data):
        out.at(source.path, "SP001", f"logo '{name}' is not a PNG or JPEG image", "save it as .png or .jpg",
               line, column)
        return None
    return data


LOGO_MAX_SIDE = 10_000
LOGO_MAX_PIXELS = 25_000_000
"""A logo's dimensions are read from its header before any decoding: a small file may declare an
image of billions of pixels, which decoding would try to allocate."""


def image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) from a PNG's IHDR or a JPEG's frame header; None when neither is found."""
    if data.startswith(LOGO_MAGIC[0]):
        if len(data) < 24 or data[12:16] != b"IHDR":
            return None
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if not data.startswith(LOGO_MAGIC[1]):
        return None
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # markers without a length
            at += 2
            continue
        length = int.from_bytes(data[at + 2:at + 4], "big")
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):  # a frame header (SOFn)
            if at + 9 > len(data):
                return None
            return int.from_bytes(data[at + 7:at + 9], "big"), int.from_bytes(data[at + 5:at + 7], "big")
        if marker == 0xDA or length < 2:  # the image data starts before any frame header
            return None
        at += 2 + length
    return None


def _decodes(data: bytes) -> bool:
    import io
    import warnings

    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                image.verify()
                return image.format in ("PNG", "JPEG")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):
        return False


def _customer_entries(listing: list[Entry], root: Path, out: _Collector) -> tuple[set[str], set[str]]:
    """(names the loader reads, expected names present but unreadable); links, special files and
    strays are reported."""
    usable: set[str] = set()
    unreadable: set[str] = set()
    hint = "a customer folder holds customer.yaml, stakeholders.yaml, activity.yaml or activity/, objectives/ and risks/"
    for entry in listing:
        rel = _rel(entry.path, root)
        if _ignored(entry.name):
            continue
        expected_dir = entry.name in CUSTOMER_DIRS
        expected_file = entry.name in CUSTOMER_FILES
        if _link(entry, rel, out):
            if expected_file:
                unreadable.add(entry.name)
        elif (expected_dir and entry.kind is Kind.DIR) or (expected_file and entry.kind is Kind.FILE):
            usable.add(entry.name)
        elif expected_file and entry.kind is Kind.OTHER:
            unreadable.add(entry.name)
            out.at(rel, "SP001", f"{entry.name} is a {entry.kind.value}, not a regular file",
                   "replace it with a regular file")
        else:
            out.at(rel, "SP113", f"unexpected {entry.kind.value} '{entry.name}' in the customer folder", hint)
    return usable, unreadable


def customers_root(config: Config, files: Files) -> Path:
    """customers_dir, refused (configuration error) when it is missing or a symbolic link."""
    base = config.customers_path
    rel_base = _rel(base, config.root)
    kind = files.kind(base)
    if kind is Kind.LINK:
        raise ConfigError(f"customers folder '{rel_base}' is a symbolic link; links are never followed")
    if kind is not Kind.DIR:
        raise ConfigError(f"customers folder '{rel_base}' does not exist")
    return base


def customer_folders(config: Config, files: Files | None = None) -> tuple[list[Path], list[Problem]]:
    """The customer folders under customers_dir, and problems with stray top-level entries."""
    files = files or DiskFiles()
    base = customers_root(config, files)
    rel_base = _rel(base, config.root)
    try:
        listing = files.listdir(base)
    except OSError as exc:
        raise ConfigError(f"customers folder '{rel_base}' cannot be read: {exc.strerror or exc}") from None
    folders: list[Path] = []
    problems: list[Problem] = []
    for entry in listing:
        if _ignored(entry.name):
            continue
        if entry.kind is Kind.DIR:
            folders.append(entry.path)
            continue
        rel = _rel(entry.path, config.root)  # named only when stray: the preview lists every folder per change
        if entry.kind is Kind.LINK:
            problems.append(Problem(code="SP001", severity="error", customer=None, file=rel, line=1, column=1,
                                    message=LINK_MESSAGE, hint=LINK_HINT))
        else:
            problems.append(Problem(code="SP113", severity="warning", customer=None, file=rel, line=1, column=1,
                                    message=f"unexpected {entry.kind.value} '{entry.name}' in {rel_base}/",
                                    hint=f"{rel_base}/ holds one folder per customer"))
    return folders, problems


def load_roster(config: Config, files: Files | None = None) -> tuple[TeamRoster | None, list[Problem]]:
    """team.yaml beside mkdocs.yml (SPEC §12), checked like a customer's files, with its problems.

    None when there is none, and when it cannot be read as a list: a roster that cannot be read
    judges no handle (its own problem says why), as when there is no roster at all."""
    files = files or DiskFiles()
    path = config.root / TEAM_FILE
    out = _Collector(customer=None)
    kind = files.kind(path)
    if kind is None:
        return None, []
    if kind is Kind.LINK:
        out.at(TEAM_FILE, "SP001", LINK_MESSAGE, LINK_HINT)
        return None, out.problems
    if kind is not Kind.FILE:
        out.at(TEAM_FILE, "SP001", f"{TEAM_FILE} is a {kind.value}, not a regular file", "replace it with a regular file")
        return None, out.problems
    parsed = read_yaml_file(files, path, TEAM_FILE, TEAM, out, empty=[])
    if not parsed.ok or not isinstance(parsed.data, list):
        return None, out.problems
    members: list[RosterMember] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(parsed.data):
        if not isinstance(item, dict):
            continue
        handle = _get(item, "handle")
        if isinstance(handle, str):
            line, column = parsed.marks.get(f"[{index}].handle", (1, 1))
            if handle in seen:
                out.problems.append(Problem(
                    code="SP008", severity="error", customer=None, file=TEAM_FILE, line=line, column=column,
                    message=f"team handle '{handle}' is already used on line {seen[handle]}",
                    hint="give each person one entry; a handle names one person"))
                continue
            seen[handle] = line
        if _complete(item, "handle", "name"):
            members.append(RosterMember(handle=item["handle"], name=item["name"], email=_get(item, "email"),
                                        username=_get(item, "username"), role=_get(item, "role")))
    return TeamRoster(path=TEAM_FILE, members=tuple(members)), out.problems


CRM_KEY = b"crm_id"


def crm_ids(config: Config, folders: Iterable[Path], files: Files | None = None) -> dict[str, str]:
    """Each customer's CRM id (customer id → crm_id), read from customer.yaml alone: whoever is
    checked, a CRM id is compared with every customer's (SPEC §12). A file that does not mention
    the key is not parsed, so a portfolio without CRM ids costs one read per customer."""
    files = files or DiskFiles()
    out: dict[str, str] = {}
    for folder in folders:
        path = Path(folder) / "customer.yaml"
        try:
            if files.kind(path) is not Kind.FILE:
                continue
            data = files.read(path)
        except OSError:
            continue  # the customer's own load reports it
        if CRM_KEY not in data:
            continue
        text, _issue = decode(data)
        if text is None:
            continue
        root, issues = parse_yaml(text)
        value = root.value.get("crm_id") if root is not None and root.kind == "map" and not any(
            i.fatal for i in issues) else None
        if value is not None and value.node.kind == "scalar" and isinstance(value.node.value, str) \
                and value.node.value.strip():
            out[Path(folder).name] = value.node.value
    return out


def crm_owners(ids: dict[str, str]) -> dict[str, str]:
    """crm_id → the customer holding it: the first in id order (a later one repeating it is SP008)."""
    owners: dict[str, str] = {}
    for customer_id in sorted(ids):
        owners.setdefault(ids[customer_id], customer_id)
    return owners
