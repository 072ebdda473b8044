"""The pipeline: load every customer, compute statuses, run the rules, compute health and figures.

This is the one place the model is built; every command and renderer starts from its result.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Sequence
from pathlib import Path

from . import rules
from .compute import health, last_activity, latest_scorecard, objective_statuses, portfolio_figures, quarter_start
from .config import Config
from .errors import UsageError
from .load import customer_folders, load_customer
from .model import Customer, CustomerStatus, Portfolio
from .problems import Problem, sort_problems
from .schema import ID_RE


def resolve_as_of(config: Config, as_of: dt.date | None = None) -> dt.date:
    """--as-of, else the configured as_of, else today's local date."""
    return as_of or config.as_of or dt.date.today()


def customer_status(customer: Customer, load_problems: Sequence[Problem], as_of: dt.date,
                    config: Config) -> CustomerStatus:
    statuses = objective_statuses(customer, as_of, config)
    ctx = rules.RuleContext(customer, {s.id: s for s in statuses}, as_of, config)
    problems = sort_problems([*load_problems, *rules.run(ctx)])
    has_errors = any(p.severity == "error" for p in problems)
    q_start = quarter_start(as_of)
    then = objective_statuses(customer, q_start, config) if q_start != as_of else statuses
    return CustomerStatus(
        customer=customer, as_of=as_of, objectives=statuses,
        health=health(customer, statuses, as_of, config, has_errors),
        health_at_quarter_start=health(customer, then, q_start, config, has_errors),
        last_activity=last_activity(customer, as_of), problems=tuple(problems),
        scorecard=latest_scorecard(customer, as_of),
    )


def build_portfolio(config: Config, as_of: dt.date, only: Sequence[str] = ()) -> Portfolio:
    """Load and compute every customer (or only the named ones) at the as-of date."""
    folders, stray = customer_folders(config)
    if only:
        by_name = {folder.name: folder for folder in folders}
        missing = [name for name in only if name not in by_name]
        if missing:
            close = [difflib.get_close_matches(name, list(by_name), n=1) for name in missing]
            guesses = [f"'{c[0]}'" for c in close if c]
            guess = f"; did you mean {' or '.join(guesses)}?" if guesses else ""
            raise UsageError(f"unknown customer: {', '.join(missing)} (customers are folders in "
                             f"{config.customers_dir}/){guess}")
        folders = [by_name[name] for name in dict.fromkeys(only)]
        stray = []
    customers: list[CustomerStatus] = []
    problems: list[Problem] = list(stray)
    for folder in folders:
        customer, load_problems = load_customer(Path(folder), config)
        status = customer_status(customer, load_problems, as_of, config)
        problems.extend(status.problems)
        if ID_RE.match(customer.id):  # an invalid folder name cannot become a page or a deck
            customers.append(status)
    customers.sort(key=lambda c: (c.customer.name.casefold(), c.id))
    return Portfolio(as_of=as_of, customers=tuple(customers), problems=tuple(sort_problems(problems)),
                     figures=portfolio_figures(customers, as_of, config))
