"""One edit of one customer: read, change in memory, verify, re-validate, then write atomically.

Every command that edits files goes through an EditSession, so each of them
- refuses a file that does not parse (SP001/SP002/SP003 in it): its problem is printed, nothing written;
- changes only the lines it means to: the new YAML is re-read and must equal the old data with
  exactly the intended change, and every line outside the edited key must be unchanged;
- re-validates the customer with the real loader and rules, reading the new contents from memory
  laid over the disk, and refuses when the edit would add an error, so `check` never rejects what
  an edit wrote (a dry run therefore writes nothing anywhere);
- holds the repository's edit lock from the first read to the last write, so concurrent edits
  serialize and each one re-reads what the previous one wrote (a dry run takes no lock);
- never reads or writes through a symbolic link, nor outside the repository;
- writes each file through a temporary file and a rename.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import gc
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from ..config import Config
from ..errors import BadArgument, UsageError
from ..formats import text as text_format
from ..files import DiskFiles, Kind
from ..load import LINK_MESSAGE, customers_root, load_customer, load_roster
from ..model import Customer, SharedFacts, TeamRoster
from ..portfolio import customer_problems
from ..problems import UNREADABLE_CODES, Problem
from ..schema import ACTIVITY_DIR, ENTRY_FILE_RE, HANDLE_RE, ID_RE, TEAM_FILE, to_python
from ..yamlread import DOCUMENT_MARKER, MEMO_MIN_CHARS, parse_yaml, printable
from .lock import RepositoryLock
from .roundtrip import append_to_list, roundtrip
from . import scaffold
from .scaffold import activity_header, entry_file_name
from .textfile import TextFile, changed_lines, split_lines
from ..output import write_files
from .yamltext import (EditError, Quoted, SpanNode, Splice, Style, append_items_to, detect_flow_lists, detect_quote,
                       detect_style, parse, plain_value, render, set_keys)

LIST_KEYS = ("objectives", "attendees", "stakeholders", "tags")


class EditRefused(UsageError):
    """The edit was not made (exit 1); the message says why and lists the problems."""

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        details = text_format(problems).rstrip("\n")
        super().__init__(message + ("\n" + details if details else ""))
        self.problems = tuple(problems)


LAYOUT_ITEMS = 50
"""How many items at each end of a long list show the layout a new item takes."""


def _layout_sample(text: str, line_offset: int) -> str:
    """The text whose structure shows how to write a new item of a list file: the text itself, or
    for a long list (a log of thousands of entries) its first and last LAYOUT_ITEMS items, cut at
    item boundaries so the sample is a list of the same layout. The items lay out the same way
    from one end of a file to the other; reading all of them would cost more than the edit."""
    if len(text) < MEMO_MIN_CHARS:
        return text
    root, issues = parse_yaml(text, line_offset=line_offset)  # remembered: _plain read it just before
    if root is None or root.kind != "seq" or root.column != 1 or len(root.value) <= 2 * LAYOUT_ITEMS \
            or any(i.fatal for i in issues):
        return text
    head_end, tail_start = (root.value[i].line - line_offset for i in (LAYOUT_ITEMS, -LAYOUT_ITEMS))
    lines = text.split("\n")
    list_start = sum(len(line) + 1 for line in lines[:root.line - line_offset - 1])
    if not (lines[head_end - 1].startswith("-") and lines[tail_start - 1].startswith("-")) \
            or DOCUMENT_MARKER.search(text, list_start):
        return text  # an item not starting on its dash line, or a second document: read it whole
    return "\n".join([*lines[:head_end - 1], *lines[tail_start - 1:]])


def suggest(name: str, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    if close:
        return f" (did you mean '{close[0]}'?)"
    return f" (known: {', '.join(sorted(known))})" if known and len(known) <= 12 else ""


class EditSession:
    """The files of one customer being edited, and the checks an edit must pass."""

    def __init__(self, config: Config, customer_id: str, today: dt.date, create: bool = False,
                 dry_run: bool = False) -> None:
        self.config = config
        self.today = today
        self.customer_id = customer_id
        self.dry_run = dry_run
        self.rel_folder = Path(config.customers_dir) / customer_id
        self.folder = config.root / self.rel_folder
        self.changes: dict[Path, tuple[bytes | None, bytes]] = {}
        self.removed: set[Path] = set()  # files the edit deletes (an objective renamed)
        self.customer: Customer | None = None
        self.problems: list[Problem] = []
        self._roster: tuple[TeamRoster | None] | None = None
        self.lock = RepositoryLock(config.root)
        _collector_paused_for_command()
        if DiskFiles().kind(config.customers_path) is Kind.LINK:
            customers_root(config, DiskFiles())  # refused: a configuration error
        if not dry_run:
            self.lock.acquire()
            _release_with_command(self.lock)
        if DiskFiles().kind(self.folder) is Kind.LINK:
            problem = Problem(code="SP001", severity="error", customer=None, file=self.rel_folder.as_posix(), line=1,
                              column=1, message=LINK_MESSAGE)
            raise EditRefused(f"{self.rel_folder.as_posix()} is a symbolic link, so it was not edited:", [problem])
        if create:
            if not ID_RE.match(customer_id):
                raise BadArgument(f"'{customer_id}' is not a valid customer id: use lowercase letters, digits and '-'")
            if self.folder.exists():
                raise UsageError(f"customer '{customer_id}' already exists ({self.rel_folder.as_posix()}/)")
            return
        if not ID_RE.match(customer_id) or not self.folder.is_dir():
            known = customer_ids(config)
            raise BadArgument(f"unknown customer '{customer_id}'{suggest(customer_id, known)}; "
                             f"customers are folders in {config.customers_dir}/")
        self.customer, self.problems = load_customer(self.folder, config)

    # --- lookups -------------------------------------------------------------------------------

    def rel(self, path: Path) -> str:
        return (self.rel_folder / path.relative_to(self.folder)).as_posix()

    def objective_path(self, objective_id: str) -> Path:
        path = self.folder / "objectives" / f"{objective_id}.md"
        if not ID_RE.match(objective_id) or not path.is_file():
            known = sorted(self.customer.known_objective_ids) if self.customer else []
            raise BadArgument(f"unknown objective '{objective_id}' for customer '{self.customer_id}'"
                             f"{suggest(objective_id, known)}")
        return path

    def require_objective(self, objective_id: str) -> None:
        self.objective_path(objective_id)

    def require_stakeholder(self, stakeholder_id: str) -> None:
        known = sorted(self.customer.known_stakeholder_ids) if self.customer else []
        if stakeholder_id not in known:
            raise BadArgument(f"unknown stakeholder '{stakeholder_id}' for customer '{self.customer_id}'"
                             f"{suggest(stakeholder_id, known)}; add them to stakeholders.yaml first")

    def activity_files(self) -> list[Path]:
        """The files of the activity log: activity.yaml, then activity/'s entry files by name (links
        included, so that an edit that must read them all refuses them; a FIFO is never opened)."""
        out = [self.folder / "activity.yaml"] if os.path.lexists(self.folder / "activity.yaml") else []
        folder = self.folder / ACTIVITY_DIR
        if DiskFiles().kind(folder) is Kind.DIR:
            out.extend(entry.path for entry in DiskFiles().listdir(folder)
                       if ENTRY_FILE_RE.match(entry.name) and entry.kind in (Kind.FILE, Kind.LINK))
        return out

    @property
    def roster(self) -> TeamRoster | None:
        """team.yaml as the checks read it (None: there is none, or it does not read)."""
        if self._roster is None:
            self._roster = (load_roster(self.config)[0],)
        return self._roster[0]

    def require_handle(self, handle: str, option: str, *, force: bool, stakeholders: bool = False) -> None:
        """Refuse (exit 1) a team handle that team.yaml does not list, naming the closest handles (and,
        with `stakeholders`, the customer's stakeholder ids: an owner may be either); `force`
        accepts it (check then warns, SP115). Without a roster, any handle is accepted."""
        if not HANDLE_RE.match(handle):
            raise BadArgument(f"{option} '{printable(handle)}' is not a handle (lowercase letters, digits, '.', "
                              "'_', '-')")
        roster = self.roster
        if roster is None or handle in roster.handles or force:
            return
        known = set(roster.handles)
        if stakeholders and self.customer is not None:
            known |= self.customer.known_stakeholder_ids
        close = difflib.get_close_matches(handle, sorted(known), n=3, cutoff=0.6)
        handles = sorted(roster.handles)
        hint = f"did you mean {' or '.join(repr(c) for c in close)}?" if close else \
            f"it lists {', '.join(handles)}" if len(handles) <= 8 else \
            f"successplans team list shows its {len(handles)} handles"
        raise UsageError(f"{option} '{handle}' is not in {roster.path} ({hint}); nothing was changed (--force records "
                         "it anyway, or add them with successplans team add)")

    def require_parses(self, path: Path) -> None:
        """Refuse to touch a file that does not read cleanly."""
        rel = self.rel(path)
        broken = [p for p in self.problems if p.file == rel and p.unreadable]
        if broken:
            raise EditRefused(f"{rel} does not parse, so it was not edited; fix it first:", broken)

    # --- edits ---------------------------------------------------------------------------------

    def _read(self, path: Path, front_matter: bool) -> TextFile:
        """The file as the session has it: on disk, or as an earlier edit of this session left it
        (several facts of one file may be set one after the other, and are written together)."""
        self.require_parses(path)
        if path in self.changes:
            textfile, issue = TextFile.parse(path, self.changes[path][1], front_matter)
        else:
            textfile, issue = TextFile.read(path, front_matter)
        if textfile is None:
            assert issue is not None
            problem = Problem(code=issue.code, severity="error", customer=self.customer_id, file=self.rel(path),
                              line=issue.line, column=issue.column, message=issue.message, hint=issue.hint)
            raise EditRefused(f"{self.rel(path)} does not parse, so it was not edited; fix it first:", [problem])
        return textfile

    def set_fields(self, path: Path, values: Mapping[str, Any], order: Sequence[str], *,
                   front_matter: bool = True) -> None:
        """Set keys of a front matter (or of a YAML file's mapping), keeping every other line."""
        textfile = self._read(path, front_matter=front_matter)
        text = textfile.text
        old = self._plain(text, textfile, path)
        root = self._structure(text, path)
        style = detect_style(text, root)
        expected = copy.deepcopy(old) if isinstance(old, dict) else {}
        expected.update({k: plain_value(v) for k, v in values.items()})
        try:
            flow = detect_flow_lists(root, LIST_KEYS) is not False
            splice = set_keys(text, values, order, style, flow)
        except EditError as exc:
            raise UsageError(f"{self.rel(path)}: {exc}; edit this file by hand") from None
        self._verify(path, textfile, text, splice, expected)

    def append_entry(self, path: Path, entry: Mapping[str, Any], header: str = "") -> None:
        """Append an item to a YAML list file, creating the file when it does not exist."""
        self.append_entries(path, [entry], header)

    def append_entries(self, path: Path, entries: Sequence[Mapping[str, Any]], header: str = "") -> None:
        """Append items to a YAML list file in one edit, creating the file when it does not exist."""
        if os.path.lexists(path):
            textfile = self._read(path, front_matter=False)
        else:
            textfile = TextFile.new(path)
            textfile.lines = split_lines(header)
        text = textfile.text
        old = self._plain(text, textfile, path)
        layout = _layout_sample(text, textfile.first_line - 1)
        root = self._structure(layout, path)
        style = detect_style(layout, root, self._house_style())
        if root is None or not root.items:
            style = Style(mapping=style.mapping, sequence=2,
                          offset=0)  # a new list starts at the left margin, like the demo files
        flow = detect_flow_lists(root, LIST_KEYS)
        flow = True if flow is None else flow
        expected = (list(old) if isinstance(old, list) else []) + [plain_value(entry) for entry in entries]
        quotes = {key: detect_quote(root, key) for entry in entries for key in entry}
        entries = [{key: _quoted(value, quotes[key]) for key, value in entry.items()} for entry in entries]
        try:
            splice = append_items_to(text, root, entries, style, flow)
        except EditError:  # not a block list (`[]`, say): written again around the new items
            new_text = text
            for entry in entries:
                try:
                    new_text = roundtrip(new_text, style, append_to_list(entry, flow))
                except EditError:
                    raise UsageError(f"{self.rel(path)} is not a list of entries; edit it by hand") from None
            splice = Splice(text=new_text, first=0, last=len(split_lines(text)))
        self._verify(path, textfile, text, splice, expected)

    def add_activities(self, entries: Sequence[Mapping[str, Any]]) -> None:
        """Add entries to the customer's activity log in the form it already keeps (SPEC §12): a new
        file each in activity/ when that folder exists, else at the end of activity.yaml when that
        exists, else in a new activity/ folder. A new file never conflicts with another branch's."""
        folder = self.folder / ACTIVITY_DIR
        log = self.folder / "activity.yaml"
        kind = DiskFiles().kind(folder)
        if kind is not None and kind is not Kind.DIR:
            problem = Problem(code="SP001", severity="error", customer=self.customer_id, file=self.rel(folder),
                              line=1, column=1, message=f"{ACTIVITY_DIR} is a {kind.value}, not a folder")
            raise EditRefused(f"{self.rel(folder)} is not a folder, so no entry was added:", [problem])
        if kind is None and os.path.lexists(log):
            name = self.customer.name if self.customer else self.customer_id
            self.append_entries(log, entries, header=activity_header(name))
            return
        style, flow = self._entry_style(folder, log)
        for entry in entries:
            self._create_entry(folder, entry, style, flow)

    def _create_entry(self, folder: Path, entry: Mapping[str, Any], style: Style, flow: bool) -> None:
        """One entry as a new file of activity/, under a name no other branch will choose."""
        text = "".join(render(entry, style, 0, flow))
        root, issues = parse_yaml(text)
        if any(i.fatal or i.code in UNREADABLE_CODES for i in issues) or to_python(root) != plain_value(entry):
            raise UsageError(f"the entry cannot be written as {ACTIVITY_DIR}/ file; edit it by hand")  # pragma: no cover
        day = entry["date"]
        while True:
            path = folder / entry_file_name(day, str(entry["title"]), str(entry["kind"]), scaffold.new_token())
            if path not in self.changes and not os.path.lexists(path):
                break
        self.changes[path] = (None, text.encode("utf-8"))

    def _entry_style(self, folder: Path, log: Path) -> tuple[Style, bool]:
        """Indentation and list style for a new entry file: those of the newest entry file, else of
        activity.yaml, else of customer.yaml, with lists such as attendees in brackets."""
        sample: Path | None = None
        if folder.is_dir():
            names = sorted(p for p in folder.iterdir() if ENTRY_FILE_RE.match(p.name) and p.is_file()
                           and not p.is_symlink())
            sample = names[-1] if names else None
        if sample is None and log.is_file() and not log.is_symlink():
            sample = log
        house = self._house_style()
        if sample is None:
            return house, True
        try:
            text = sample.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
            root = parse(text)
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            return house, True
        flow = detect_flow_lists(root, LIST_KEYS)
        if root is not None and root.kind == "map":
            return detect_style(text, root, house), flow is not False
        return house, flow is not False

    def data(self, path: Path, front_matter: bool) -> Any:
        """A file's YAML as plain data (refused when it does not parse)."""
        textfile = self._read(path, front_matter)
        return self._plain(textfile.text, textfile, path)

    def edit_yaml(self, path: Path, front_matter: bool, change: Callable[[str, Style, bool], Splice],
                  expect: Callable[[Any], Any]) -> None:
        """Apply a surgical edit to a file's YAML (see listedit); the new YAML must read as exactly
        expect(old data), with every line outside the splice unchanged."""
        textfile = self._read(path, front_matter)
        text = textfile.text
        old = self._plain(text, textfile, path)
        layout = _layout_sample(text, textfile.first_line - 1)
        root = self._structure(layout, path)
        style = detect_style(layout, root, self._house_style())
        flow = detect_flow_lists(root, LIST_KEYS) is not False
        try:
            splice = change(text, style, flow)
        except EditError as exc:
            raise UsageError(f"{self.rel(path)}: {exc}; edit this file by hand") from None
        self._verify(path, textfile, text, splice, expect(copy.deepcopy(old)))

    def append_body(self, path: Path, markdown: str) -> None:
        """Append Markdown lines at the end of a front-matter file's body, in the file's line ending."""
        if path in self.changes:
            original, data = self.changes[path]
        else:
            self.require_parses(path)
            original = data = path.read_bytes()
        textfile, issue = TextFile.read(path, front_matter=True) if original is not None else (TextFile.new(path), None)
        if textfile is None:
            raise EditRefused(f"{self.rel(path)} does not parse, so it was not edited; fix it first:")
        newline = textfile.newline.encode()
        if data and not data.endswith(b"\n"):
            data += newline
        self.changes[path] = (original, data + markdown.replace("\n", textfile.newline).encode("utf-8"))

    def move_file(self, source: Path, target: Path) -> None:
        """Move a file within the customer folder (written as a new file; the old one is removed)."""
        self.require_parses(source)
        if target.exists() or target in self.changes:
            raise UsageError(f"{self.rel(target)} already exists")
        self.changes[target] = (None, source.read_bytes())
        self.removed.add(source)

    def create_file(self, path: Path, content: str) -> None:
        if path.exists():
            raise UsageError(f"{self.rel(path)} already exists")
        self.changes[path] = (None, content.encode("utf-8"))

    def _house_style(self) -> Style:
        """Indentation of customer.yaml, for files that show none of their own."""
        customer_yaml = self.folder / "customer.yaml"
        if customer_yaml.is_file():
            try:
                text = customer_yaml.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
                return detect_style(text, parse(text))
            except (OSError, UnicodeDecodeError, yaml.YAMLError):
                pass
        return Style()

    def _structure(self, text: str, path: Path) -> SpanNode | None:
        try:
            return parse(text)
        except yaml.YAMLError:  # pragma: no cover - the reader accepted it; the position parser is stricter
            raise UsageError(f"{self.rel(path)}: this file cannot be edited safely; edit it by hand") from None

    def _plain(self, text: str, textfile: TextFile, path: Path) -> Any:
        root, issues = parse_yaml(text, line_offset=textfile.first_line - 1)
        fatal = [i for i in issues if i.code in UNREADABLE_CODES]
        if fatal:
            problems = [Problem(code=i.code, severity="error", customer=self.customer_id, file=self.rel(path),
                                line=i.line, column=i.column, message=i.message, hint=i.hint) for i in fatal]
            raise EditRefused(f"{self.rel(path)} does not parse, so it was not edited; fix it first:", problems)
        return to_python(root)

    def _verify(self, path: Path, textfile: TextFile, old_text: str, splice: Splice, expected: Any) -> None:
        """The new text must read as exactly the intended data, with every other line unchanged."""
        new_root, issues = parse_yaml(splice.text)
        old_lines, new_lines = split_lines(old_text), split_lines(splice.text)
        kept_after = len(old_lines) - splice.last
        same_outside = (old_lines[: splice.first] == new_lines[: splice.first]
                        and (kept_after == 0 or old_lines[splice.last:] == new_lines[len(new_lines) - kept_after:]))
        if any(i.fatal or i.code in UNREADABLE_CODES for i in issues) or to_python(new_root) != expected \
                or not same_outside:
            raise UsageError(f"{self.rel(path)}: the edit could not be made without changing other lines; "
                             "edit this file by hand")
        self.changes[path] = (self._original(path), textfile.render(splice.text))

    def _original(self, path: Path) -> bytes | None:
        """The bytes on disk before this session changed anything (None: a new file)."""
        if path in self.changes:
            return self.changes[path][0]
        return path.read_bytes() if path.exists() else None

    # --- validate and write --------------------------------------------------------------------

    def pending(self) -> tuple[Customer, list[Problem]]:
        """The customer as the changes would leave it, read from memory laid over the disk."""
        pending = DiskFiles({path: data for path, (_old, data) in self.changes.items()}, removed=self.removed)
        return load_customer(self.folder, self.config, pending)

    def validate(self, *, moved: bool = False) -> list[Problem]:
        """Re-validate the customer with the changes applied; refuse new errors, return new warnings.

        `moved`: the edit moves entries between files (migrate), so a problem is the same one when
        its code and message are, wherever it now points."""
        key = _moved_key if moved else _key
        customer, problems = self.pending()
        after = self._status_problems(customer, problems, self.config)
        if not after:  # nothing to compare with the files as they were
            return []
        before = {key(p) for p in self._status_problems(self.customer, self.problems, self.config)}
        new = [p for p in after if key(p) not in before]
        errors = [p for p in new if p.severity == "error"]
        if errors:
            raise EditRefused("the edit was refused: it would make the files invalid (nothing was changed):", errors)
        return [p for p in new if p.severity == "warning"]

    def _status_problems(self, customer: Customer | None, problems: list[Problem], config: Config) -> list[Problem]:
        if customer is None:
            return []
        return customer_problems(customer, problems, self.today, config, shared=SharedFacts(roster=self.roster))

    def diff(self) -> list[str]:
        """Unified diff lines of every change, for --dry-run."""
        out: list[str] = []
        for path, (old, new) in sorted(self.changes.items()):
            rel = self.rel(path)
            if old is None:
                out.append(f"new file {rel}")
                out.extend("+" + line for line in new.decode("utf-8").splitlines())
                continue
            out.append(f"--- {rel}")
            out.extend(line.rstrip("\r\n") for line in changed_lines(old, new))
        out.extend(f"deleted file {self.rel(path)}" for path in sorted(self.removed))
        return out

    def write(self) -> list[tuple[str, bool]]:
        """Write every change, all or nothing; returns (repo-relative path, created) of each file."""
        return write_sessions([self])[0]


def write_sessions(sessions: Sequence[EditSession]) -> list[list[tuple[str, bool]]]:
    """Write the changes of several sessions of one repository together, all or nothing (an import
    across customers): a write failing midway leaves every file of every session as it was.
    Returns, per session, (repo-relative path, created) of each file."""
    try:
        if not all(session.lock.held for session in sessions):  # pragma: no cover - a dry run never writes
            raise RuntimeError("writing needs the edit lock")
        changes = {path: data for session in sessions for path, (_old, data) in session.changes.items()}
        removed = [path for session in sessions for path in session.removed]
        if sessions:
            write_files(changes, removed, inside=sessions[0].config.root)
    finally:
        for session in sessions:
            session.lock.release()
    return [[(session.rel(path), old is None) for path, (old, _data) in sorted(session.changes.items())]
            for session in sessions]


def _release_with_command(lock: RepositoryLock) -> None:
    """Release the lock when the running command ends, however it ends (click closes its context)."""
    import click

    context = click.get_current_context(silent=True)
    if context is not None:
        context.call_on_close(lock.release)


def _collector_paused_for_command() -> None:
    """Hold Python's cyclic garbage collector off until the running command ends.

    An edit reads one customer (twice: as it is and as the edit leaves it) and keeps nearly
    everything it makes until it ends; the collector would walk those records again and again
    and find nothing (a fifth of an edit of a 10,000-entry log). Memory stays that of the
    customer's files; outside a command (a test calling a session directly) nothing changes."""
    import click

    context = click.get_current_context(silent=True)
    if context is None or not gc.isenabled():
        return
    gc.disable()
    context.call_on_close(gc.enable)


def _quoted(value: Any, quote: str | None) -> Any:
    """A one-line string in the quotes the file uses for that key."""
    if quote and isinstance(value, str) and "\n" not in value:
        return Quoted(text=value, quote=quote)
    return value


def _key(problem: Problem) -> tuple[str, str, str]:
    return (problem.code, problem.file, problem.message)


def _moved_key(problem: Problem) -> tuple[str, str]:
    return (problem.code, problem.message)


def customer_ids(config: Config) -> list[str]:
    base = config.customers_path
    if not base.is_dir():
        return []
    return sorted(p.name for p in base.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


class TeamSession(EditSession):
    """An edit of team.yaml, the roster beside mkdocs.yml: the same lock, minimal diff, check and
    atomic write as an edit of a customer, with the roster's own checks instead of a customer's."""

    def __init__(self, config: Config, today: dt.date, dry_run: bool = False) -> None:
        self.config = config
        self.today = today
        self.customer_id = ""
        self.dry_run = dry_run
        self.rel_folder = Path(".")
        self.folder = config.root
        self.changes = {}
        self.removed = set()
        self.customer = None
        self.lock = RepositoryLock(config.root)
        if not dry_run:
            self.lock.acquire()
            _release_with_command(self.lock)
        roster, problems = load_roster(config)
        self._roster = (roster,)
        self.problems = problems
        self.path = config.root / TEAM_FILE
        if os.path.lexists(self.path) and not self.path.is_file() or self.path.is_symlink():
            raise EditRefused(f"{TEAM_FILE} is not a regular file, so it was not edited:", problems)

    def rel(self, path: Path) -> str:
        return path.relative_to(self.folder).as_posix()

    def validate(self, *, moved: bool = False) -> list[Problem]:
        """The roster with the changes must read with no new error."""
        before = {_key(p) for p in self.problems}
        pending = DiskFiles({path: data for path, (_old, data) in self.changes.items()}, removed=self.removed)
        _roster, after = load_roster(self.config, pending)
        errors = [p for p in after if _key(p) not in before and p.severity == "error"]
        if errors:
            raise EditRefused("the edit was refused: it would make team.yaml invalid (nothing was changed):", errors)
        return []
