"""The pipeline: load every customer, compute statuses, run the rules, compute health and figures.

This is the one place the model is built; every command and renderer starts from its result.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import pickle
import subprocess
import sys
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from . import rules
from .agenda import customer_agenda
from .attention import customer_actions
from .compute import health, last_activity, latest_scorecard, objective_statuses, portfolio_figures, quarter_start
from .config import Config
from .files import DiskFiles, Files
from .errors import BadArgument
from .load import crm_ids, crm_owners, customer_folders, load_customer, load_roster
from .model import Customer, CustomerStatus, ObjectiveStatus, Portfolio, SharedFacts, TeamRoster, Waived
from .problems import Problem, sort_problems
from .schema import ID_RE, ID_RULE, id_detail
from .timeline import health_timeline
from .waivers import settle, unstale
from .today import today
from .yamlread import printable


NO_FACTS = SharedFacts()


def resolve_as_of(config: Config, as_of: dt.date | None = None) -> dt.date:
    """--as-of, else the configured as_of, else today's local date."""
    return as_of or config.as_of or today()


def customer_status(customer: Customer, load_problems: Sequence[Problem], as_of: dt.date, config: Config, *,
                    history: bool = False, shared: SharedFacts = NO_FACTS) -> CustomerStatus:
    """One customer computed at the as-of date: its objectives, problems and health, and beside them
    its agenda items, what needs a decision, and (with `history`, for the site) its health week by week.
    `shared`: the roster and the CRM ids of every customer, which the files are checked against."""
    statuses = objective_statuses(customer, as_of, config)
    problems, waived = _checked(customer, statuses, load_problems, as_of, config, shared)
    has_errors = any(p.severity == "error" for p in problems)
    now = health(customer, statuses, as_of, config, has_errors)
    q_start = quarter_start(as_of)
    then = objective_statuses(customer, q_start, config) if q_start != as_of else statuses
    kept = customer.settled()
    settled_objective = {id(old): new for old, new in zip(customer.objectives, kept.objectives)}
    objectives = tuple(replace(s, objective=settled_objective.get(id(s.objective), s.objective))
                       for s in unstale(statuses, customer, config, as_of))
    return CustomerStatus(
        customer=kept, as_of=as_of, objectives=objectives, health=now,
        health_at_quarter_start=health(customer, then, q_start, config, has_errors),
        last_activity=last_activity(customer, as_of), problems=tuple(problems), waived=tuple(waived),
        scorecard=latest_scorecard(customer, as_of),
        agenda=tuple(customer_agenda(kept, objectives, problems, as_of, config)),
        actions=tuple(customer_actions(kept, objectives, now, problems, as_of, config)),
        timeline=health_timeline(customer, now, as_of, config, has_errors) if history else None,
    )


def customer_problems(customer: Customer, load_problems: Sequence[Problem], as_of: dt.date, config: Config, *,
                      shared: SharedFacts = NO_FACTS) -> list[Problem]:
    """The problems customer_status() reports, without the rest of the status: what an edit compares
    before and after (health, agenda and the kept form of a long log are not needed for that)."""
    return _checked(customer, objective_statuses(customer, as_of, config), load_problems, as_of, config, shared)[0]


def _checked(customer: Customer, statuses: Sequence[ObjectiveStatus], load_problems: Sequence[Problem],
             as_of: dt.date, config: Config, shared: SharedFacts) -> tuple[list[Problem], list[Waived]]:
    """(problems, waived): the loading problems and the rules' findings, waivers applied."""
    ctx = rules.RuleContext(customer=customer, statuses={s.id: s for s in statuses}, as_of=as_of, config=config,
                            shared=shared)
    return settle(sort_problems([*load_problems, *rules.run(ctx)]), customer, config, as_of)


def iter_customers(config: Config, as_of: dt.date, only: Sequence[str] = (), files: Files | None = None, *,
                   history: bool = False) -> tuple[list[Problem], Iterator[CustomerStatus]]:
    """(folder-level problems, each customer computed in turn, never held together).

    `check` consumes this directly, so its memory stays that of one customer however large the
    portfolio; build_portfolio() collects it into the whole model.
    """
    stray, _shared, statuses = _streamed(config, as_of, only, files or DiskFiles(), history)
    return stray, statuses


def _streamed(config: Config, as_of: dt.date, only: Sequence[str], files: Files,
              history: bool) -> tuple[list[Problem], SharedFacts, Iterator[CustomerStatus]]:
    """iter_customers, with what the customers were checked against (the CRM ids of all of them,
    even when only some are checked)."""
    folders, stray = customer_folders(config, files)
    shared, shared_problems = shared_facts(config, folders, files)
    stray = [*stray, *shared_problems]
    if only:
        invalid = [name for name in only if not ID_RE.match(name)]
        if invalid:  # even when a folder has that name: it is no customer (SP007), only a mistake to fix
            raise BadArgument(f"'{printable(invalid[0])}' is not a valid customer id{id_detail(invalid[0])}: "
                              f"{ID_RULE}")
        by_name = {folder.name: folder for folder in folders}
        missing = [name for name in only if name not in by_name]
        if missing:
            close = [difflib.get_close_matches(name, list(by_name), n=1) for name in missing]
            guesses = [f"'{c[0]}'" for c in close if c]
            guess = f"; did you mean {' or '.join(guesses)}?" if guesses else ""
            raise BadArgument(f"unknown customer: {', '.join(repr(name) for name in missing)} (customers are "
                              f"folders in {config.customers_dir}/){guess}")
        folders = [by_name[name] for name in dict.fromkeys(only)]
        stray = []  # named customers: neither the folder's strays nor team.yaml's problems are theirs

    def statuses() -> Iterator[CustomerStatus]:
        for folder in folders:
            customer, load_problems = load_customer(Path(folder), config, files)
            yield customer_status(customer, load_problems, as_of, config, history=history, shared=shared)

    return stray, shared, statuses()


def build_portfolio(config: Config, as_of: dt.date, only: Sequence[str] = (), files: Files | None = None, *,
                    history: bool = False) -> Portfolio:
    """Load and compute every customer (or only the named ones) at the as-of date; `history` adds
    each customer's health week by week, which only the site shows."""
    files = files or DiskFiles()
    if only or not isinstance(files, DiskFiles):  # a git revision: read in one process
        stray, shared, statuses = _streamed(config, as_of, only, files, history)
        return assemble_portfolio(stray, statuses, as_of, config, shared.roster)
    folders, stray = customer_folders(config, files)
    shared, shared_problems = shared_facts(config, folders, files)
    stray = [*stray, *shared_problems]
    return assemble_portfolio(stray, computed_customers(config, as_of, folders, files, history=history,
                                                        shared=shared), as_of, config, shared.roster)


def shared_facts(config: Config, folders: Sequence[Path], files: Files) -> tuple[SharedFacts, list[Problem]]:
    """The roster (with its problems) and who holds each CRM id."""
    roster, problems = load_roster(config, files)
    return SharedFacts(roster=roster, crm_owners=crm_owners(crm_ids(config, folders, files))), problems


SHARE = 150
"""The fewest customers worth a processor of their own: below it, starting another interpreter
costs more than it saves."""


def compute_share(config: Config, as_of: dt.date, folders: Sequence[Path], files: Files, *,
                  history: bool = False, shared: SharedFacts = NO_FACTS) -> list[CustomerStatus]:
    """The given customer folders loaded and computed, in order (one process's share)."""
    out = []
    for folder in folders:
        customer, load_problems = load_customer(Path(folder), config, files)
        out.append(customer_status(customer, load_problems, as_of, config, history=history, shared=shared))
    return out


def _processors() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def computed_customers(config: Config, as_of: dt.date, folders: Sequence[Path], files: DiskFiles, *,
                       history: bool = False, shared: SharedFacts = NO_FACTS) -> list[CustomerStatus]:
    """Every folder loaded and computed, in the order given.

    Loading is most of the time `build` and `serve` take before their first page, and each customer
    is independent of the others: a large portfolio is split into one contiguous share per
    processor, this process computing the first while a fresh, isolated interpreter per other share
    runs generator.loadshare (never a fork of this process, which may run threads, and never the
    program that imported this package again, as multiprocessing would; see share_command). A share whose
    interpreter fails for any reason is computed here, so the result, and any error, is exactly
    what one process gives.
    """
    shares = min(_processors(), len(folders) // SHARE)
    if shares < 2 or not sys.executable:
        return compute_share(config, as_of, folders, files, history=history, shared=shared)
    size = -(-len(folders) // shares)
    parts = [list(folders[i:i + size]) for i in range(0, len(folders), size)]
    workers = [_start(config, as_of, part, files, history, shared) for part in parts[1:]]
    try:
        out = compute_share(config, as_of, parts[0], files, history=history, shared=shared)
        for part, worker in zip(parts[1:], workers):
            out.extend(_collect(worker) or compute_share(config, as_of, part, files, history=history, shared=shared))
    finally:
        for worker in workers:
            if worker is not None and worker.poll() is None:
                worker.kill()
                worker.wait()
    return out


PACKAGE_PARENT = Path(__file__).resolve().parent.parent
"""The folder this package was imported from: a share's interpreter imports the same package."""
_SHARE_MAIN = "import sys; sys.path.insert(0, sys.argv[1]); from {module} import main; main()"


def share_command(module: str = "generator.loadshare") -> list[str]:
    """How the interpreter running `module`'s main() for a share starts: isolated (`-I`), so neither
    the working folder (the plans repository, which may hold a folder named like this package or
    like MkDocs) nor PYTHON* variables decide what is imported; the package comes from where this
    process imported it."""
    return [sys.executable, "-I", "-c", _SHARE_MAIN.format(module=module), str(PACKAGE_PARENT)]


def _start(config: Config, as_of: dt.date, folders: Sequence[Path], files: DiskFiles, history: bool,
           shared: SharedFacts) -> subprocess.Popen[bytes] | None:
    """An interpreter computing a share, given its work on stdin; None when none can start."""
    worker = None
    try:
        worker = subprocess.Popen(share_command(), stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        assert worker.stdin is not None
        with worker.stdin:
            pickle.dump((config, as_of, list(folders), files, history, shared), worker.stdin,
                        protocol=pickle.HIGHEST_PROTOCOL)
    except OSError:  # no interpreter, or it ended before reading its work (a broken pipe)
        if worker is not None:
            worker.kill()
            worker.wait()
            assert worker.stdout is not None
            worker.stdout.close()  # nobody will read it: left open, it leaks a file
        return None
    return worker


def _collect(worker: subprocess.Popen[bytes] | None) -> list[CustomerStatus] | None:
    """A share's result from its interpreter, or None when it failed (killed, out of memory, ...)."""
    if worker is None:
        return None
    assert worker.stdout is not None
    with worker.stdout:
        data = worker.stdout.read()
    if worker.wait() != 0:
        return None
    try:
        result: list[CustomerStatus] = pickle.loads(data)
    except Exception:  # noqa: BLE001 - a truncated result is recomputed here
        return None
    return result


def assemble_portfolio(stray: Sequence[Problem], statuses: Iterable[CustomerStatus], as_of: dt.date,
                       config: Config, team: TeamRoster | None = None) -> Portfolio:
    """The portfolio of computed customers (in folder order), the folder-level problems (team.yaml's
    among them) and the roster."""
    customers: list[CustomerStatus] = []
    problems: list[Problem] = list(stray)
    for status in statuses:
        problems.extend(status.problems)
        if ID_RE.match(status.id):  # an invalid folder name cannot become a page or a deck
            customers.append(status)
    customers.sort(key=lambda c: (c.customer.name.casefold(), c.id))
    return Portfolio(as_of=as_of, customers=tuple(customers), problems=tuple(sort_problems(problems)),
                     figures=portfolio_figures(customers, as_of, config), team=team)


class LivePortfolio:
    """A portfolio kept in memory by a long-running process (the preview server).

    refresh() reloads only the customer folders named as changed (and any folder it has not seen),
    reuses every other customer as computed before, and assembles the portfolio exactly as
    build_portfolio() does: the result equals a fresh load of the same files. Each customer's health
    history is computed with it (the preview shows the site), so an unchanged customer keeps its own.
    """

    def __init__(self, config: Config, as_of: dt.date, files: Files | None = None, *, history: bool = True) -> None:
        self.config = config
        self.as_of = as_of
        self.files = files or DiskFiles()
        self.history = history
        self._statuses: dict[str, CustomerStatus] = {}
        self._shared = NO_FACTS
        self._crm_ids: dict[str, str] = {}  # customer id -> CRM id, as last read
        self._crm_read: set[str] = set()  # the folders whose customer.yaml that reading covered

    def refresh(self, changed: Collection[str] | None = None) -> tuple[Portfolio, set[str]]:
        """(the portfolio now, the folder names loaded again); `changed` None reloads every folder.
        Only the changed folders' CRM ids are read again: another folder's cannot have changed."""
        folders, stray = customer_folders(self.config, self.files)
        roster, shared_problems = load_roster(self.config, self.files)
        names = {folder.name for folder in folders}
        unread = [folder for folder in folders
                  if changed is None or folder.name in changed or folder.name not in self._crm_read]
        ids = {name: crm for name, crm in self._crm_ids.items()
               if changed is not None and name in names and name not in changed}
        ids.update(crm_ids(self.config, unread, self.files))
        self._crm_ids, self._crm_read = ids, names
        shared = SharedFacts(roster=roster, crm_owners=crm_owners(ids))
        if shared.roster != self._shared.roster:  # every customer's handles are judged against it
            changed = None
        elif changed is not None:  # a CRM id that changed hands changes another customer's problems
            moved = {crm for crm in {*shared.crm_owners, *self._shared.crm_owners}
                     if shared.crm_owners.get(crm) != self._shared.crm_owners.get(crm)}
            holders = {c.id for c in self._statuses.values() if c.customer.crm_id in moved}
            changed = {*changed, *holders, *(shared.crm_owners[crm] for crm in moved if crm in shared.crm_owners)}
        self._shared = shared
        stale = [folder for folder in folders
                 if changed is None or folder.name in changed or folder.name not in self._statuses]
        fresh = dict(zip((folder.name for folder in stale), self._load(stale)))
        statuses = {folder.name: fresh[folder.name] if folder.name in fresh else self._statuses[folder.name]
                    for folder in folders}
        loaded = set(fresh)
        self._statuses = statuses
        return assemble_portfolio([*stray, *shared_problems], statuses.values(), self.as_of, self.config,
                                  shared.roster), loaded

    def _load(self, folders: Sequence[Path]) -> list[CustomerStatus]:
        if isinstance(self.files, DiskFiles):
            return computed_customers(self.config, self.as_of, folders, self.files, history=self.history,
                                      shared=self._shared)
        return compute_share(self.config, self.as_of, folders, self.files, history=self.history, shared=self._shared)


def empty_portfolio(config: Config, as_of: dt.date) -> Portfolio:
    """A portfolio without customers (a revision before the plans existed)."""
    return Portfolio(as_of=as_of, customers=(), problems=(), figures=portfolio_figures([], as_of, config))
