"""The files of a new plans repository (`successplans init`): each works as written.

One example customer passes `check` without a warning on the day it is written (its dates are
counted from that day), so a team sees a green site and a deck before writing its own plans.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping

from . import __version__
from .resources import CI_TEMPLATES
from .edit.scaffold import entry_file_name
from .schema import ACTIVITY_DIR, DEFAULT_SEGMENTS, TEAM_FILE, json_schemas

EXAMPLE_ID = "example-customer"
CI_FILES = {"gitlab": (".gitlab-ci.yml", "gitlab-ci.yml"),
            "github": (".github/workflows/plans.yml", "github-workflow.yml")}
"""--ci choice → (where it goes in the plans repository, the shipped template)."""


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def mkdocs_yml(company: str, code_owners: tuple[str, ...] = ()) -> str:
    owners = f"      code_owners: {json.dumps(list(code_owners))}  # review every change to mkdocs.yml, CI, " \
        "templates and hooks\n" if code_owners else ""
    return f"""\
# The team site of {company}'s success plans: `successplans build` (or `serve` to preview).
site_name: {_q(f"{company} Customer Success")}
site_description: {_q(f"Success plans of every {company} customer, computed from the files in customers/.")}
theme:
  name: material
  font: false  # no web fonts: the site makes no request outside your network
  features:
    - navigation.tabs
    - search.highlight
plugins:
  - search
  - tags
  - successplans:
      company_name: {_q(company)}
      # customers_dir: customers       one folder per customer
      # stale_after_days: 90           revalidate objectives with the customer at least this often
      # activity_gap_days: 14          warn when a customer has had no activity for longer
      # deck_template: brand.pptx      your company's PowerPoint template (.pptx)
      # templates_dir: site_templates  files replacing the shipped page templates, CSS or deck template
{owners}"""


def gitignore() -> str:
    return """\
# Built by successplans: never commit them
/site/
/public/
/decks/
.cache/
# Python
__pycache__/
.venv/
"""


def pre_commit_config() -> str:
    return """\
# Checks the plans before each commit. Once per clone: `pre-commit install`.
# The hook runs the successplans installed on your machine (see README.md), so it needs no
# published package and checks with the same version you build with. It checks only the
# customers whose files the commit changes (all of them when mkdocs.yml or team.yaml changes)
# and stops the commit on errors; warnings are for the merge request to show.
repos:
  - repo: local
    hooks:
      - id: successplans-check
        name: successplans check
        entry: successplans check --errors-only
        language: system
        pass_filenames: true
        files: ^(customers/|mkdocs\\.yml$|team\\.yaml$)
"""


def vscode_settings() -> str:
    settings = {
        "yaml.schemas": {
            "./schemas/customer.schema.json": "customers/*/customer.yaml",
            "./schemas/stakeholders.schema.json": "customers/*/stakeholders.yaml",
            "./schemas/activity.schema.json": "customers/*/activity.yaml",
            "./schemas/activity-entry.schema.json": "customers/*/activity/*.yaml",
            "./schemas/team.schema.json": "team.yaml",
        },
        "yaml.yamlVersion": "1.2",
    }
    return json.dumps(settings, indent=2) + "\n"


def schema_files() -> dict[str, str]:
    """schemas/<kind>.schema.json, as `successplans schema --out schemas` writes them."""
    return {f"schemas/{kind}.schema.json": json.dumps(body, indent=2, ensure_ascii=False) + "\n"
            for kind, body in json_schemas(DEFAULT_SEGMENTS).items()}


PINNED = f"successplans=={__version__}"
"""What the CI files install until the team says where the tool comes from (SUCCESSPLANS_PIP)."""


def _commented(command: str, comment: str) -> str:
    return f"{command.ljust(36)}# {comment}"


def readme(company: str, ci: str | None, today: dt.date) -> str:
    ci_line = {
        "gitlab": "`.gitlab-ci.yml` checks every merge request (problems show inline), adds a summary of\n"
                  "what it changes, and publishes the site with Pages from the default branch.",
        "github": "`.github/workflows/plans.yml` checks every pull request (problems show as annotations),\n"
                  "writes what it changes to the job summary, and publishes the site with Pages.",
        None: "Add CI with `successplans init --ci gitlab --force` (or `--ci github`): existing files are\n"
              "kept.",
    }[ci]
    due = (today + dt.timedelta(days=180)).isoformat()
    return f"""\
# {company} success plans

One folder per customer under `customers/`: why they bought (their objectives, in their words),
who is invested on their side, what happened, and what was measured. `successplans` checks the
files, computes progress and health, and builds the team site and each customer's EBR deck.

## Set up once

`successplans` is installed from wherever your team keeps it: a wheel built from its checkout
(`python -m pip wheel --no-deps -w dist .` there), your package index, or a git tag of its
repository. Everyone installs the same version:

```sh
{_commented(f"pipx install successplans-{__version__}-py3-none-any.whl", f"or {PINNED} from your index, or a git tag")}
{_commented("pre-commit install", "optional: check the plans before each commit")}
```

CI installs the version `SUCCESSPLANS_PIP` names in the CI file ({PINNED} until you change it).
No public index serves that name: set it to the same place, a wheel's URL or
`git+https://<host>/<group>/successplans@<tag>`, before the first push.

## Edit

Edit the files in your editor (VS Code completes and checks them with the schemas in `schemas/`),
or let the commands write them for you, changing only the lines they must:

```sh
successplans log {EXAMPLE_ID} --kind call --title "Weekly sync" --reading faster-order-processing=4.2
successplans revalidate {EXAMPLE_ID} faster-order-processing --by sam-rivera
successplans new customer "Acme Logistics" --csm jane.doe --segment enterprise
successplans new objective acme-logistics "Cut cycle time from 12 to 8 days" --due {due} \\
    --metric "Cycle time" --baseline 12 --target 8 --unit days
```

`customers/{EXAMPLE_ID}/` shows every file at work; delete it once your first customer is in.
Every command works from any folder of this repository. Each activity entry is a file of its own
in the customer's `activity/` folder, so two people logging on two branches never conflict.

Changes to a fact have a command each, named after what changes, then the customer, objective
and task, the new value last: `successplans set arr {EXAMPLE_ID} 150000`,
`successplans reassign {EXAMPLE_ID} maria.lopez`, `successplans objective due {EXAMPLE_ID}
faster-order-processing {due} --reason "..."`, `successplans task owner ...`.

`templates/` holds the team's starting points: an objective template
(`successplans new objective acme-logistics --template onboarding`) and a playbook of joint tasks
(`successplans playbook apply acme-logistics cut-cycle-time ebr-preparation`). Rewrite them, or add
your own, for the way your team works.

## The team

`team.yaml` lists the people on our side by handle (`successplans team add maria.lopez --name
"María López" --role csm --username mlopez`). `check` warns about a handle in the customers'
files that it does not list (SP115), and the commands refuse one unless `--force`.

## Review

Open a merge request for each change. `successplans check` lists every problem with its file and
line; `successplans diff origin/main` says what the change does to the plans (objectives added or
closed, progress, health).

{ci_line}

## Build

```sh
{_commented("successplans status", "health and tracks in the terminal")}
{_commented("successplans serve", "the team site at http://127.0.0.1:8000, rebuilt on every save")}
{_commented("successplans build", "the site and every deck into site/")}
{_commented(f"successplans deck {EXAMPLE_ID}", "one EBR deck into decks/")}
```

The site is internal (it shows ARR, health and risks): publish it only where your team alone can
read it. Decks and digests hold only what the customer may see.
"""


def example_customer(today: dt.date) -> dict[str, str]:
    """A customer in good shape on `today`: on track, validated, recently in touch."""
    def day(offset: int) -> str:
        return (today + dt.timedelta(days=offset)).isoformat()

    folder = f"customers/{EXAMPLE_ID}"
    return {
        f"{folder}/customer.yaml": f"""\
# Account facts. Replace this example with a real customer (or `successplans new customer`).
name: Example Customer
csm: jane.doe
segment: enterprise
customer_since: {day(-200)}
renewal_date: {day(300)}
arr: 120000
lifecycle_stage: adoption
account_team:
  - role: Customer Success Manager
    name: Jane Doe
    email: jane.doe@example.com
""",
        f"{folder}/stakeholders.yaml": """\
# People on the customer side; objectives and activity refer to them by id.
- id: sam-rivera
  name: Sam Rivera
  title: VP Operations
  persona: executive_sponsor
- id: lee-chen
  name: Lee Chen
  title: Operations Analyst
  persona: adoption_champion
""",
        **_entries(folder, [
            (day(-30), f"""\
date: {day(-30)}
kind: strategy_session
title: Agreed the first objective with Sam
objectives: [faster-order-processing]
readings:
  faster-order-processing: 5
attendees: [sam-rivera, lee-chen]
author: jane.doe
"""),
            (day(0), f"""\
date: {day(0)}
kind: exec_checkin
title: Monthly check-in with Sam
objectives: [faster-order-processing]
readings:
  faster-order-processing: 4.5
attendees: [sam-rivera]
author: jane.doe
"""),
        ]),
        f"{folder}/objectives/faster-order-processing.md": f"""\
---
title: Process an order in 2 days instead of 5
status: in_progress
priority: 1
started: {day(-30)}
due: {day(150)}
stakeholders: [sam-rivera, lee-chen]
metric:
  name: Order processing time
  unit: days
  baseline: 5
  target: 2
success_criteria: Orders received by noon ship within two working days for a whole month.
last_validated: {day(-30)}
validated_by: sam-rivera
tasks:
  - title: Connect the order system
    owner: lee-chen
    due: {day(30)}
  - title: Train the order desk
    owner: jane.doe
    due: {day(60)}
---

## Why it matters

Slow orders cost the customer repeat business; Sam reports the processing time to the board.

## Plan

Connect the order system first, then train the order desk and measure every month.
""",
    }


def _entries(folder: str, entries: list[tuple[str, str]]) -> dict[str, str]:
    """The example's activity entries as files of activity/, each named as `successplans log` names
    them; the six digits that keep two branches' new files apart come from the entry itself here,
    so that the example reads the same each time it is written for a day."""
    out = {}
    for day, text in entries:
        title = text.split("title: ", 1)[1].split("\n", 1)[0]
        token = hashlib.sha256(text.encode("utf-8")).hexdigest()[:6]
        out[f"{folder}/{ACTIVITY_DIR}/{entry_file_name(dt.date.fromisoformat(day), title, 'note', token)}"] = text
    return out


def team_yaml() -> str:
    """The roster of a new repository: the example's CSM; the team adds itself with `team add`."""
    return f"""\
# The team: one entry per person on our side (`successplans team add` adds one). The customers'
# files name people by handle (csm, task owners, authors): `successplans check` warns about a
# handle missing here (SP115), and the editing commands refuse one. A customer's deck shows the
# name when the customer's own account_team does not. username is the person's user on GitLab or
# GitHub: CODEOWNERS asks them to review their customers' changes.
{EXAMPLE_MEMBER}"""


EXAMPLE_MEMBER = """\
- handle: jane.doe
  name: Jane Doe
  email: jane.doe@example.com
  username: jane.doe
  role: csm
"""


def plan_templates() -> dict[str, str]:
    """The example objective template and playbook: starting points a team rewrites for its own
    way of working (templates/, see plantemplates.py)."""
    return {
        "templates/objectives/onboarding.md": """\
---
# An objective template: `successplans new objective CUSTOMER --template onboarding` fills in
# its placeholders for the customer (see the Handbook's "Templates and playbooks").
title: ${customer} works live in the product within 90 days
status: new
started: ${start}
due: ${start+90}
stakeholders: ["${executive_sponsor}", "${adoption_champion}"]
success_criteria: The first team does its daily work in the product, and the sponsor confirms it.
tasks:
  - title: Kick-off with the project team
    owner: ${csm}
    due: ${start+7}
  - title: Choose the first team and the work it moves first
    owner: ${executive_sponsor}
    due: ${start+14}
  - title: Connect the data the first team needs
    owner: ${adoption_champion}
    due: ${start+30}
  - title: Train the first team
    owner: ${csm}
    due: ${start+45}
  - title: Review the first month of live use with the sponsor
    owner: ${csm}
    due: ${start+75}
---

## Why it matters

Until a team works in the product every day, ${customer} pays for software it does not use yet;
the sooner the first team is live, the sooner the value the sponsor bought shows.

## Plan

Start with one team and one piece of work that matters to the sponsor, connect only the data that
team needs, train it, and look at the first month together before widening.

## Notes
""",
        "templates/playbooks/ebr-preparation.yaml": """\
# A playbook: `successplans playbook apply CUSTOMER OBJECTIVE ebr-preparation --start DATE` adds
# these tasks to the objective, each owner found by role and each due date counted in days from
# --start (see the Handbook's "Templates and playbooks").
title: Executive business review preparation
description: >-
  Four weeks of joint preparation for a business review with the customer's executives. Apply it
  to the objective the review is mostly about, starting the day the preparation begins.
tasks:
  - title: Agree the date and who attends the review with ${customer}
    owner: csm
    due: 3
  - title: Confirm the objectives are still the priorities
    owner: executive_sponsor
    due: 7
  - title: Send the latest figures for each objective
    owner: adoption_champion
    due: 10
  - title: Share a draft of the review for comments
    owner: csm
    due: 17
  - title: Agree the decisions to ask for at the review
    owner: executive_sponsor
    due: 24
  - title: Hold the review and log it
    owner: csm
    due: 28
""",
    }


def codeowners(code_owners: tuple[str, ...]) -> str:
    """CODEOWNERS as `successplans codeowners` writes it for the new repository."""
    from .commands.codeowners import repository_lines
    from .config import Config
    from .model import RosterMember, TeamRoster

    config = Config(code_owners=code_owners)
    roster = TeamRoster(path=TEAM_FILE, members=(RosterMember(handle="jane.doe", name="Jane Doe",
                                                              email="jane.doe@example.com", username="jane.doe"),))
    return "\n".join(repository_lines(config, {}, [(EXAMPLE_ID, "jane.doe")], roster=roster)) + "\n"


def repository_files(company: str, ci: str | None, today: dt.date,
                     code_owners: tuple[str, ...] = ()) -> Mapping[str, str]:
    """Relative path → content of a new plans repository (CODEOWNERS when code owners are given)."""
    files: dict[str, str] = {
        "mkdocs.yml": mkdocs_yml(company, code_owners),
        ".gitignore": gitignore(),
        ".pre-commit-config.yaml": pre_commit_config(),
        ".vscode/settings.json": vscode_settings(),
        "README.md": readme(company, ci, today),
        TEAM_FILE: team_yaml(),
        "docs/.gitkeep": "",
        **schema_files(),
        **example_customer(today),
        **plan_templates(),
    }
    if code_owners:
        files["CODEOWNERS"] = codeowners(code_owners)
    if ci is not None:
        target, template = CI_FILES[ci]
        files[target] = (CI_TEMPLATES / template).read_text(encoding="utf-8")
    return dict(sorted(files.items()))
