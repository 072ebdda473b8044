"""Each rule on its own, as yamllint tests its rules: a customer's files as text in, the exact
problems of that one rule out (code, severity, file, line, column, message), and the fix it sets.

Every case starts from BASE, a small customer none of the rules finds anything in (the first test
holds that), and changes one file, so each expectation shows what triggers the rule.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from types import ModuleType

import pytest

from generator import rules
from generator.compute import objective_statuses
from generator.config import Config
from generator.load import load_customer, load_roster
from generator.model import SharedFacts
from generator.schema import TEAM_FILE
from generator.problems import Fix, Problem

AS_OF = dt.date(2026, 6, 1)
OBJECTIVE = """\
---
title: Ship orders in two days instead of five
status: in_progress
priority: 1
started: 2026-03-02
due: 2026-12-18
stakeholders: [dana]
metric:
  name: Order cycle time
  unit: days
  baseline: 5
  target: 2
last_validated: 2026-05-04
validated_by: dana
---
Why it matters.
"""
BASE: dict[str, str] = {
    "customer.yaml": "name: Acme Logistics\ncsm: jane.doe\nrenewal_date: 2027-03-31\n",
    "stakeholders.yaml": "- id: dana\n  name: Dana Whitfield\n  persona: executive_sponsor\n",
    "activity.yaml": ("- date: 2026-05-27\n  kind: exec_checkin\n  title: Quarterly check-in\n  attendees: [dana]\n"
                      "  readings:\n    faster-orders: 4.1\n"),
    "objectives/faster-orders.md": OBJECTIVE,
}

Found = tuple[str, str, str, int, int | None, str]
WAIVERS = ("waivers:\n  - code: SP107\n    reason: Sponsor on leave\n    until: 2026-05-31\n"
           "  - code: SP101\n    objective: faster-orders\n    reason: Paused by the customer\n    until: 2026-06-01\n")
ROSTER = "- handle: jane.doe\n  name: Jane Doe\n  role: csm\n- handle: sam.rivera\n  name: Sam Rivera\n"


def problems_of(rule: ModuleType, files: Mapping[str, str | None] = {}, *, as_of: dt.date = AS_OF,
                config: Config | None = None) -> list[Problem]:
    """What `rule` finds in a customer made of BASE with `files` replacing its files (None: removed)."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = root / "customers" / "acme"
        for name, text in {**BASE, **files}.items():
            if text is not None:
                path = root / name if name == TEAM_FILE else folder / name  # the roster lies beside mkdocs.yml
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
        folder.mkdir(parents=True, exist_ok=True)
        config = replace(config or Config(), root=root)
        customer, _ = load_customer(folder, config)
        roster, _ = load_roster(config)
        statuses = objective_statuses(customer, as_of, config)
        ctx = rules.RuleContext(customer=customer, statuses={s.id: s for s in statuses}, as_of=as_of, config=config,
                                shared=SharedFacts(roster=roster))
        return sorted(rule.check(ctx), key=lambda p: p.sort_key)


def found(rule: ModuleType, files: Mapping[str, str | None] = {}, **kw: object) -> list[Found]:
    return [(p.code, p.severity, p.file.removeprefix("customers/acme/"), p.line, p.column, p.message)
            for p in problems_of(rule, files, **kw)]  # type: ignore[arg-type]


O = "objectives/faster-orders.md"
ACTIVITY = BASE["activity.yaml"]
METRIC = "metric:\n  name: Order cycle time\n  unit: days\n  baseline: 5\n  target: 2\n"
RULE = {rule.CODE: rule for rule in rules.RULES}


def objective(old: str, new: str) -> dict[str, str]:
    """BASE's objective with one change."""
    assert old in OBJECTIVE
    return {O: OBJECTIVE.replace(old, new)}


CASES: list[tuple[str, str, Mapping[str, str | None], list[Found]]] = [
    ("SP005", "task owner neither a stakeholder nor a handle",
     objective("validated_by: dana\n", "validated_by: dana\ntasks:\n  - title: Map the flow\n    owner: Dana W\n"),
     [("SP005", "error", O, 17, 5, "task owner 'Dana W' is neither a stakeholder id nor a handle")]),
    ("SP005", "closed on an open objective",
     objective("status: in_progress\n", "status: in_progress\nclosed:\n  date: 2026-05-01\n"),
     [("SP005", "error", O, 4, 1, "an objective with status in_progress cannot have 'closed'")]),
    ("SP005", "a reading for an initiative", objective(METRIC, "success_criteria: Orders ship faster.\n"),
     [("SP005", "error", "activity.yaml", 6, 5, "objective 'faster-orders' has no metric, so it cannot have readings")]),
    ("SP008", "a stakeholder id twice",
     {"stakeholders.yaml": BASE["stakeholders.yaml"] + "- id: dana\n  name: Dana Other\n  persona: admin\n"},
     [("SP008", "error", "stakeholders.yaml", 4, 3, "stakeholder id 'dana' is already used on line 1")]),
    ("SP009", "an unknown stakeholder", objective("stakeholders: [dana]\n", "stakeholders: [dana, dnaa]\n"),
     [("SP009", "error", O, 7, 22, "unknown stakeholder 'dnaa'")]),
    ("SP009", "a reading of an unknown objective",
     {"activity.yaml": ACTIVITY.replace("faster-orders: 4.1", "faster-order: 4.1")},
     [("SP009", "error", "activity.yaml", 6, 5, "unknown objective 'faster-order'")]),
    ("SP010", "due before started", objective("due: 2026-12-18\n", "due: 2026-02-27\n"),
     [("SP010", "error", O, 6, 1, "due 2026-02-27 is before started 2026-03-02")]),
    ("SP010", "closed before started",
     objective("status: in_progress\n", "status: closed_no_action\nclosed:\n  date: 2026-02-01\n"),
     [("SP010", "error", O, 5, 3, "closed.date 2026-02-01 is before started 2026-03-02")]),
    ("SP011", "target equals baseline", objective("target: 2\n", "target: 5\n"),
     [("SP011", "error", O, 12, 3, "metric target 5 equals the baseline")]),
    ("SP012", "closed without a date", objective("status: in_progress\n", "status: closed_no_action\n"),
     [("SP012", "error", O, 3, 1, "status closed_no_action needs closed.date")]),
    ("SP101", "validated too long ago", objective("last_validated: 2026-05-04\n", "last_validated: 2026-02-20\n"),
     [("SP101", "warning", O, 13, 1, "objective faster-orders was last validated 101 days ago (more than 90)")]),
    ("SP102", "never validated",
     {O: OBJECTIVE.replace("last_validated: 2026-05-04\nvalidated_by: dana\n", "")
      .replace("started: 2026-03-02", "started: 2026-01-05")},
     [("SP102", "warning", O, 5, 1, "objective faster-orders started 2026-01-05 and has never been validated")]),
    ("SP103", "no recent activity", {"activity.yaml": ACTIVITY.replace("2026-05-27", "2026-05-01")},
     [("SP103", "warning", "activity.yaml", 1, 1, "no activity for 31 days (last on 2026-05-01; expected within 14)")]),
    ("SP103", "no activity file", {"activity.yaml": None},
     [("SP103", "warning", "customer.yaml", 1, 1, "no activity has been logged")]),
    ("SP104", "past its due date", objective("due: 2026-12-18\n", "due: 2026-05-29\n"),
     [("SP104", "warning", O, 6, 1, "objective faster-orders was due 2026-05-29 and is still open")]),
    ("SP105", "four open objectives", {f"objectives/o{i}.md": OBJECTIVE for i in range(3)},
     [("SP105", "warning", "customer.yaml", 1, 1,
       "4 open objectives (at most 3 keep the focus): faster-orders, o0, o1, o2")]),
    ("SP106", "a success nobody confirmed",
     objective("status: in_progress\n", "status: closed_success\nclosed:\n  date: 2026-05-20\n"),
     [("SP106", "warning", O, 4, 1, "objective faster-orders is closed as a success without the customer's confirmation")]),
    ("SP107", "no executive sponsor",
     {"stakeholders.yaml": "- id: dana\n  name: Dana Whitfield\n  persona: admin\n"},
     [("SP107", "warning", "stakeholders.yaml", 1, 1, "no stakeholder is the executive sponsor")]),
    ("SP108", "a renewal without an EBR",
     {"customer.yaml": "name: Acme Logistics\ncsm: jane.doe\nrenewal_date: 2026-07-15\n"},
     [("SP108", "warning", "customer.yaml", 3, 1,
       "renewal on 2026-07-15 (44 days away) and no EBR in the last 180 days")]),
    ("SP109", "no executive check-in", {"activity.yaml": ACTIVITY.replace("exec_checkin", "call")},
     [("SP109", "warning", "activity.yaml", 1, 1, "no executive check-in or EBR in the last 90 days")]),
    ("SP110", "no stakeholders", objective("stakeholders: [dana]\n", ""),
     [("SP110", "warning", O, 3, 1, "objective faster-orders names no stakeholders")]),
    ("SP111", "an initiative without criteria",
     {O: OBJECTIVE.replace(METRIC, ""), "activity.yaml": ACTIVITY.replace("  readings:\n    faster-orders: 4.1\n", "")},
     [("SP111", "warning", O, 3, 1, "initiative faster-orders has neither a metric nor success_criteria")]),
    ("SP112", "dated after today", {"activity.yaml": ACTIVITY + "- date: 2026-06-10\n  kind: call\n  title: Planned call\n"},
     [("SP112", "warning", "activity.yaml", 7, 3, "'Planned call' is dated 2026-06-10, after 2026-06-01")]),
    ("SP114", "a high risk nobody escalated",
     {"risks/budget-freeze.md": "---\ntitle: Budget freeze\nkind: renewal\nseverity: high\nstatus: open\n"
                                "opened: 2026-05-02\n---\n"},
     [("SP114", "warning", "risks/budget-freeze.md", 4, 1, "high-severity risk budget-freeze is open and not escalated")]),
    ("SP115", "handles missing from the roster",
     {TEAM_FILE: ROSTER,
      "customer.yaml": BASE["customer.yaml"].replace("jane.doe", "jane.do") + "account_team:\n  - role: CSM\n"
                       "    name: Jane Doe\n    handle: jane.doe\n  - role: Engineer\n    name: Kai Ito\n"
                       "    handle: kai.ito\n",
      O: OBJECTIVE.replace("validated_by: dana\n", "validated_by: dana\ntasks:\n  - {title: Map, owner: dana}\n"
                           "  - {title: Train, owner: jane.doe}\n  - {title: Call, owner: dana.w}\n"),
      "activity.yaml": ACTIVITY + "  author: sam.lee\n",
      "risks/budget-freeze.md": "---\ntitle: Budget freeze\nkind: renewal\nseverity: low\nstatus: open\n"
                                "opened: 2026-05-02\nowner: jane_doe\n---\n"},
     [("SP115", "warning", "activity.yaml", 7, 3, "unknown team handle 'sam.lee'"),
      ("SP115", "warning", "customer.yaml", 2, 1, "unknown team handle 'jane.do'"),
      ("SP115", "warning", "customer.yaml", 10, 5, "unknown team handle 'kai.ito'"),
      ("SP115", "warning", O, 18, 19, "unknown team handle 'dana.w'"),
      ("SP115", "warning", "risks/budget-freeze.md", 7, 1, "unknown team handle 'jane_doe'")]),
    ("SP116", "a waiver past its last day",
     {"customer.yaml": BASE["customer.yaml"] + WAIVERS},
     [("SP116", "warning", "customer.yaml", 5, 5, "waiver of SP107 expired on 2026-05-31")]),
    ("SP005", "waivers of an error and of an unknown code",
     {"customer.yaml": BASE["customer.yaml"] + "waivers:\n  - {code: SP009, reason: r, until: 2026-12-31}\n"
                       "  - {code: SP170, reason: r, until: 2026-12-31}\n"},
     [("SP005", "error", "customer.yaml", 5, 6, "SP009 is an error and cannot be waived"),
      ("SP005", "error", "customer.yaml", 6, 6, "waiver of unknown code 'SP170'")]),
    ("SP009", "a waiver of an unknown objective",
     {"customer.yaml": BASE["customer.yaml"] + "waivers:\n  - {code: SP101, objective: faster-order, reason: r, "
                       "until: 2026-12-31}\n"},
     [("SP009", "error", "customer.yaml", 5, 19, "unknown objective 'faster-order'")]),
    ("SP115", "no roster: handles are not checked",
     {"customer.yaml": BASE["customer.yaml"].replace("jane.doe", "jane.do")}, []),
]


def test_the_base_customer_gives_no_rule_anything_to_report() -> None:
    assert {rule.CODE: found(rule) for rule in rules.RULES} == {rule.CODE: [] for rule in rules.RULES}


def test_every_rule_has_a_case() -> None:
    assert sorted({code for code, *_ in CASES}) == sorted(RULE)


@pytest.mark.parametrize(("code", "files", "expected"), [pytest.param(code, files, expected, id=f"{code} {what}")
                                                         for code, what, files, expected in CASES])
def test_rule(code: str, files: Mapping[str, str | None], expected: list[Found]) -> None:
    assert found(RULE[code], files) == expected
    assert all(severity == RULE[code].SEVERITY for _, severity, *_ in expected)  # declared beside the code


def test_the_rules_that_name_a_command_set_it_as_a_fix() -> None:
    stale = problems_of(RULE["SP101"], objective("last_validated: 2026-05-04\n", "last_validated: 2026-02-20\n"))
    assert [(p.hint, p.fix) for p in stale] == [
        ("confirm it with the customer",
         Fix(command="revalidate", arguments=("acme", "faster-orders", "--by", "<stakeholder>")))]
    quiet = problems_of(RULE["SP103"], {"activity.yaml": None})
    assert [(p.hint, p.fix) for p in quiet] == [
        ("log customer contact", Fix(command="log", arguments=("acme", "--kind", "call", "--title", '"..."')))]
    undated = problems_of(RULE["SP012"], objective("status: in_progress\n", "status: closed_no_action\n"))
    assert [p.fix.command_line if p.fix else None for p in undated] == [
        "successplans close acme faster-orders --status closed_success --confirmed-by <stakeholder>"]
    unknown = problems_of(RULE["SP115"], {TEAM_FILE: ROSTER, "activity.yaml": ACTIVITY + "  author: kai.ito\n",
                                           "customer.yaml": BASE["customer.yaml"].replace("jane.doe", "jane.do")})
    assert [(p.hint, p.fix) for p in unknown] == [
        ("add kai.ito to team.yaml", Fix(command="team add", arguments=("kai.ito", "--name", '"..."'))),
        ("did you mean 'jane.doe'?", None)]
    # reports word the hint and the command together, as they always have
    from generator.formats import hint_text

    assert [hint_text(p) for p in (*stale, *quiet, *undated)] == [
        "confirm it with the customer, then run: successplans revalidate",
        "log customer contact with: successplans log",
        "add closed: {date: YYYY-MM-DD} (successplans close does this)"]
