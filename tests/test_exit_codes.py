"""Every command's --help states its exit statuses, and each status it states is the one it really
exits with: a scenario per stated status, run against a small plans repository, must exit with it,
and no scenario may exit with a status the help does not state."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path

import click
import pytest

from generator.cli import cli, main
from generator.deliver import SETTINGS as DELIVERY_SETTINGS

TODAY = "2026-06-01"
C, O = "example-customer", "faster-order-processing"
Prepare = Callable[[Path], Mapping[str, str] | None] | None
"""Changes to make in the repository first; it may return environment variables to set too."""


def _write(rel: str, text: str) -> Callable[[Path], None]:
    def prepare(root: Path) -> None:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return prepare


BROKEN = _write(f"customers/{C}/stakeholders.yaml", "- id: [sam\n")  # an error in the files
READINGS = _write("ok.csv", f"customer,objective,date,value\n{C},{O},2026-05-31,4.2\n")
BAD_READINGS = _write("bad.csv", f"customer,objective,date,value\n{C},{O},2026-05-31,fast\n")
BAD_HEADER = _write("header.csv", "who,what\n")


def _crm_export(rows: str) -> Callable[[Path], None]:
    """A CRM export of the example customer's account, linked to it by crm_id."""
    def prepare(root: Path) -> None:
        with (root / "customers" / C / "customer.yaml").open("a", encoding="utf-8") as account:
            account.write("crm_id: \"001\"\n")
        (root / "crm.csv").write_text(f"Id;ARR\n{rows}", encoding="utf-8")
    return prepare


CRM_EXPORT = _crm_export("001;250000\n")
BAD_CRM_EXPORT = _crm_export("001;250.000,00\n")
OLD_LOG = _write(f"customers/{C}/activity.yaml", "- date: 2026-05-10\n  kind: call\n  title: Old call\n")
BAD_LOG = _write(f"customers/{C}/activity.yaml", "- date: 2026-13-10\n  kind: call\n  title: Bad date\n")
BAD_TEAM = _write("team.yaml", "- handle: jane.doe\n  name: Jane\n- handle: jane.doe\n  name: Jane again\n")
NO_CONFIG = ["-f", "missing.yml"]


def UNREACHABLE_WEBHOOK(root: Path) -> Mapping[str, str]:  # noqa: N802 - named like the other preparations
    """A chat webhook on a local port where nothing listens: the delivery fails at once."""
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    return {"SUCCESSPLANS_CHAT_WEBHOOK": f"http://127.0.0.1:{port}/hook"}


def _git(root: Path) -> None:
    for args in (["init", "--quiet"], ["add", "--all"],
                 ["-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "--quiet", "-m", "plans"]):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


# command → (argv, the status it must exit with, what to change in the repository first)
SCENARIOS: dict[str, list[tuple[list[str], int, Prepare]]] = {
    "init": [(["init", "new-plans", "--company", "B"], 0, None), (["init", ".", "--company", "B"], 2, None)],
    "check": [(["check"], 0, None), (["check"], 1, BROKEN), (["check", *NO_CONFIG], 2, None)],
    "status": [(["status"], 0, None), (["status", "nobody"], 2, None)],
    "agenda": [(["agenda"], 0, None), (["agenda", "--send"], 1, UNREACHABLE_WEBHOOK),
               (["agenda", "--csm", "nobody"], 2, None), (["agenda", "--send"], 2, None)],
    "build": [(["build"], 1, BROKEN), (["build", *NO_CONFIG], 2, None)],  # 0 builds a site: test_site does
    "serve": [(["serve", *NO_CONFIG], 2, None)],  # 0 when stopped: test_site_serve runs one
    "deck": [(["deck", C], 1, BROKEN), (["deck", "nobody"], 2, None)],  # 0 renders a deck: test_deck does
    "digest": [(["digest", C], 0, None), (["digest", C], 1, BROKEN), (["digest", "nobody"], 2, None)],
    "new customer": [(["new", "customer", "Acme", "--csm", "jane.doe"], 0, None),
                     (["new", "customer", "Example Customer", "--csm", "jane.doe"], 1, None),
                     (["new", "customer", "Acme", "--csm", "sam.lee"], 1, None),
                     (["new", "customer", "Acme", "--csm", "Jane Doe"], 2, None)],
    "new objective": [(["new", "objective", C, "Quicker refunds", "--due", "2026-12-31"], 0, None),
                      (["new", "objective", C, "Fewer returns", "--due", "2029-12-31"], 1, None),
                      (["new", "objective", C, "Fewer returns", "--due", "2026-02-30"], 2, None),
                      (["new", "objective", C, "Fewer returns", "--due", "2026-12-31", "--from", "nothing"], 2,
                       None)],
    "log": [(["log", C, "--kind", "call", "--title", "Sync"], 0, None),
            (["log", C, "--kind", "call", "--title", "Sync", "--date", "2025-06-01"], 1, None),
            (["log", C, "--kind", "call", "--title", "Sync", "--author", "jane.do"], 1, None),
            (["log", C, "--kind", "call", "--title", "Sync", "--date", "2026-02-30"], 2, None),
            (["log", C, "--kind", "call", "--title", "Sync", "--attendee", "nobody"], 2, None)],
    "revalidate": [(["revalidate", C, O, "--by", "sam-rivera"], 0, None),
                   (["revalidate", C, O, "--by", "sam-rivera", "--date", "2026-04-01"], 1, None),
                   (["revalidate", C, O, "--by", "nobody"], 2, None)],
    "close": [(["close", C, O, "--status", "closed_no_action"], 0, None),
              (["close", C, O, "--status", "closed_no_action", "--date", "2026-07-01"], 1, None),
              (["close", C, O, "--status", "closed_success"], 2, None)],
    "start": [(["start", C, "fewer-returns"], 0, None), (["start", C, O], 1, None), (["start", C, "nothing"], 2, None)],
    "set arr": [(["set", "arr", C, "150000"], 0, None), (["set", "arr", C, "150000"], 1, BROKEN_CUSTOMER := _write(
        f"customers/{C}/customer.yaml", "name: [x\n")), (["set", "arr", C, "$150,000"], 2, None)],
    "set name": [(["set", "name", C, "Example Customer GmbH"], 0, None),
                 (["set", "name", C, "Example Customer GmbH"], 1, BROKEN_CUSTOMER),
                 (["set", "name", C, " "], 2, None)],
    "set renewal-date": [(["set", "renewal-date", C, "2027-05-01"], 0, None),
                         (["set", "renewal-date", C, "2037-05-01"], 1, None),
                         (["set", "renewal-date", "nobody", "2027-05-01"], 2, None)],
    "set customer-since": [(["set", "customer-since", C, "2024-01-01"], 0, None),
                           (["set", "customer-since", C, "2027-01-01"], 1, None),
                           (["set", "customer-since", C, "2024"], 2, None)],
    "set segment": [(["set", "segment", C, "smb"], 0, None), (["set", "segment", C, "smb"], 1, BROKEN_CUSTOMER),
                    (["set", "segment", C, "huge"], 2, None)],
    "set lifecycle-stage": [(["set", "lifecycle-stage", C, "expansion"], 0, None),
                            (["set", "lifecycle-stage", C, "expansion"], 1, BROKEN_CUSTOMER),
                            (["set", "lifecycle-stage", C, " "], 2, None)],
    "set next-review": [(["set", "next-review", C, "2026-09-01"], 0, None),
                        (["set", "next-review", C, "2029-09-01"], 1, None),
                        (["set", "next-review", C, "soon"], 2, None)],
    "set crm-id": [(["set", "crm-id", C, "001A"], 0, None),
                   (["set", "crm-id", C, "001A"], 1, _write("customers/other/customer.yaml",
                                                           "name: Other\ncsm: jane.doe\ncrm_id: 001A\n")),
                   (["set", "crm-id", "nobody", "001A"], 2, None)],
    "reassign": [(["reassign", C, "sam.lee"], 0, _write("team.yaml", "- {handle: jane.doe, name: Jane Doe}\n"
                                                                     "- {handle: sam.lee, name: Sam Lee}\n")),
                 (["reassign", C, "sam.lee"], 1, None), (["reassign", C, "Sam Lee"], 2, None)],
    "objective due": [(["objective", "due", C, O, "2027-01-31", "--reason", "Moved"], 0, None),
                      (["objective", "due", C, O, "2026-04-01", "--reason", "Moved"], 1, None),
                      (["objective", "due", C, "nothing", "2027-01-31", "--reason", "Moved"], 2, None)],
    "objective target": [(["objective", "target", C, O, "1.5"], 0, None),
                         (["objective", "target", C, O, "5"], 1, None),  # = the baseline (SP011)
                         (["objective", "target", C, O, "1,5"], 2, None)],
    "objective title": [(["objective", "title", C, O, "Ship in 2 days"], 0, None),
                        (["objective", "title", C, O, "Ship in 2 days"], 1, _write(
                            f"customers/{C}/objectives/{O}.md", "no front matter\n")),
                        (["objective", "title", C, O, ""], 2, None)],
    "objective priority": [(["objective", "priority", C, O, "2"], 0, None),
                           (["objective", "priority", C, O, "2"], 1, _write(f"customers/{C}/objectives/{O}.md",
                                                                           "---\ntitle: [x\n---\n")),
                           (["objective", "priority", C, O, "first"], 2, None)],
    "objective recovery": [(["objective", "recovery", C, O, "Two more people"], 0, None),
                           (["objective", "recovery", C, O, "Two more people"], 1, _write(
                               f"customers/{C}/objectives/{O}.md", "---\ntitle: [x\n---\n")),
                           (["objective", "recovery", C, "nothing", "Two more people"], 2, None)],
    "objective value-statement": [(["objective", "value-statement", C, O, "Orders out faster"], 0, None),
                                  (["objective", "value-statement", C, O, "Orders out faster"], 1, _write(
                                      f"customers/{C}/objectives/{O}.md", "---\ntitle: [x\n---\n")),
                                  (["objective", "value-statement", C, O, "a\nb"], 2, None)],
    "objective asks": [(["objective", "asks", C, O, "Access"], 0, None),
                       (["objective", "asks", C, O, "Access"], 1, _write(f"customers/{C}/objectives/{O}.md",
                                                                         "---\ntitle: [x\n---\n")),
                       (["objective", "asks", C, O], 2, None)],
    "stakeholder add": [(["stakeholder", "add", C, "Tom Becker", "--persona", "admin"], 0, None),
                        (["stakeholder", "add", C, "Sam Rivera", "--persona", "admin"], 1, None),
                        (["stakeholder", "add", C, "Tom Becker", "--persona", "admin", "--title", " "], 2, None)],
    "stakeholder update": [(["stakeholder", "update", C, "lee-chen", "--title", "Analyst"], 0, None),
                           (["stakeholder", "update", C, "lee-chen", "--title", "Analyst"], 1, BROKEN),
                           (["stakeholder", "update", C, "lee-chen"], 2, None)],
    "stakeholder remove": [(["stakeholder", "remove", C, "tom-becker"], 0, _write(
                               f"customers/{C}/stakeholders.yaml", "- {id: sam-rivera, name: Sam, persona: "
                               "executive_sponsor}\n- {id: lee-chen, name: Lee, persona: admin}\n"
                               "- {id: tom-becker, name: Tom, persona: admin}\n")),
                           (["stakeholder", "remove", C, "sam-rivera"], 1, None),
                           (["stakeholder", "remove", C, "nobody"], 2, None)],
    "task add": [(["task", "add", C, O, "Check the report", "--owner", "lee-chen"], 0, None),
                 (["task", "add", C, O, "Check the report", "--owner", "kai.ito"], 1, None),
                 (["task", "add", C, O, "Check the report", "--owner", "Lee Chen"], 1, None),
                 (["task", "add", C, O, " ", "--owner", "lee-chen"], 2, None)],
    "task done": [(["task", "done", C, O, "1"], 0, None), (["task", "done", C, O, "1", "--date", "2027-01-01"], 1, None),
                  (["task", "done", C, O, "9"], 2, None)],
    "task due": [(["task", "due", C, O, "1", "2026-07-15"], 0, None), (["task", "due", C, O, "1", "2030-07-15"], 1, None),
                 (["task", "due", C, O, "Nothing", "2026-07-15"], 2, None)],
    "task owner": [(["task", "owner", C, O, "1", "sam-rivera"], 0, None),
                   (["task", "owner", C, O, "1", "kai.ito"], 1, None), (["task", "owner", C, O, "9", "sam-rivera"], 2, None)],
    "risk open": [(["risk", "open", C, "Budget freeze", "--kind", "renewal", "--severity", "low"], 0, None),
                  (["risk", "open", C, "Budget freeze", "--kind", "renewal", "--severity", "low", "--owner", "kai.ito"],
                   1, None),
                  (["risk", "open", C, " ", "--kind", "renewal", "--severity", "low"], 2, None)],
    "risk update": [(["risk", "update", C, "freeze", "--severity", "medium"], 0, _write(
                        f"customers/{C}/risks/freeze.md", "---\ntitle: Freeze\nkind: renewal\nseverity: low\n"
                        "status: open\nopened: 2026-05-20\n---\n")),
                    (["risk", "update", C, "freeze", "--severity", "medium"], 1, _write(
                        f"customers/{C}/risks/freeze.md", "---\ntitle: Freeze\nkind: renewal\nseverity: low\n"
                        "status: closed\nopened: 2026-05-20\n---\n")),
                    (["risk", "update", C, "nothing", "--severity", "medium"], 2, None)],
    "risk close": [(["risk", "close", C, "freeze"], 0, _write(
                       f"customers/{C}/risks/freeze.md", "---\ntitle: Freeze\nkind: renewal\nseverity: low\n"
                       "status: open\nopened: 2026-05-20\n---\n")),
                   (["risk", "close", C, "freeze"], 1, _write(
                       f"customers/{C}/risks/freeze.md", "---\ntitle: Freeze\nkind: renewal\nseverity: low\n"
                       "status: closed\nopened: 2026-05-20\n---\n")),
                   (["risk", "close", C, "nothing"], 2, None)],
    "rename objective": [(["rename", "objective", C, O, "faster-orders"], 0, None),
                         (["rename", "objective", C, O, O], 1, None),
                         (["rename", "objective", C, O, "Faster Orders"], 2, None)],
    "rename customer": [(["rename", "customer", C, "example"], 0, None), (["rename", "customer", C, C], 1, None),
                        (["rename", "customer", "nobody", "example"], 2, None)],
    "import readings": [(["import", "readings", "ok.csv"], 0, READINGS), (["import", "readings", "bad.csv"], 1, BAD_READINGS),
                        (["import", "readings", "header.csv"], 2, BAD_HEADER)],
    "import accounts": [(["import", "accounts", "crm.csv", "--map", "Id=crm_id,ARR=arr"], 0, CRM_EXPORT),
                        (["import", "accounts", "crm.csv", "--map", "Id=crm_id,ARR=arr"], 1, BAD_CRM_EXPORT),
                        (["import", "accounts", "crm.csv", "--map", "Account=crm_id"], 2, CRM_EXPORT)],
    "export accounts": [(["export", "accounts"], 0, None), (["export", "accounts", "--dates", "YY"], 2, None)],
    "migrate activity": [(["migrate", "activity"], 0, OLD_LOG), (["migrate", "activity"], 1, BAD_LOG),
                         (["migrate", "activity", "nobody"], 2, None)],
    "diff": [(["diff", "HEAD"], 0, _git), (["diff", "nothing-such"], 2, _git)],
    "team add": [(["team", "add", "kai.ito", "--name", "Kai Ito"], 0, None),
                 (["team", "add", "jane.doe", "--name", "Jane"], 1, None), (["team", "add", "Kai", "--name", "K"], 2, None)],
    "playbook apply": [(["playbook", "apply", C, O, "ebr-preparation"], 0, None),
                       (["playbook", "apply", C, O, "buyer"], 1, _write(
                           "templates/playbooks/buyer.yaml",
                           "title: Buyer\ntasks:\n  - title: Sign the order\n    owner: economic_buyer\n    due: 5\n")),
                       (["playbook", "apply", C, O, "nothing"], 2, None)],
    "playbook list": [(["playbook", "list"], 0, None),
                      (["playbook", "list"], 1, _write("templates/playbooks/bad.yaml", "tasks: [x\n")),
                      (["playbook", "list", *NO_CONFIG], 2, None)],
    "team list": [(["team", "list"], 0, None), (["team", "list"], 1, BAD_TEAM), (["team", "list", *NO_CONFIG], 2, None)],
    "codeowners": [(["codeowners"], 0, None), (["codeowners", *NO_CONFIG], 2, None)],
    "schema": [(["schema"], 0, None), (["schema", *NO_CONFIG], 2, None)],
}
NOT_RUN = {("build", 0), ("serve", 0), ("deck", 0)}
"""Statuses left to the tests that build a site, serve one or render a deck."""


def leaf_commands() -> dict[str, str]:
    """Every runnable command ("task add") and its --help."""
    out: dict[str, str] = {}

    def visit(command: click.Command, ctx: click.Context, name: str) -> None:
        if isinstance(command, click.Group):
            for sub in command.list_commands(ctx):
                found = command.get_command(ctx, sub)
                assert found is not None
                visit(found, click.Context(found, info_name=sub, parent=ctx), f"{name} {sub}".strip())
        else:
            out[name] = command.get_help(ctx)

    visit(cli, click.Context(cli, info_name="successplans"), "")
    return out


def stated(help_text: str) -> set[int]:
    """The statuses an `Exit status:` paragraph names: the digit that opens each of its parts."""
    found = re.search(r"Exit status: (.*?)(?:\n\n|\Z)", help_text, re.S)
    assert found is not None, "no 'Exit status:' paragraph"
    text = " ".join(found.group(1).split())
    parts, depth, current = [], 0, ""
    for ch in text:
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return {int(part.strip()[0]) for part in parts if part.strip()[:1].isdigit()}


HELP = leaf_commands()


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("exit") / "plans"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SUCCESSPLANS_TODAY", TODAY)
        assert main(["init", str(root), "--company", "Brightwell"]) == 0
        patch.chdir(root)
        assert main(["new", "objective", C, "Fewer returns", "--id", "fewer-returns", "--due", "2026-12-31",
                     "--success-criteria", "Returns handled in a day", "--stakeholder", "sam-rivera"]) == 0
    return root


def test_every_command_states_its_exit_statuses() -> None:
    assert set(SCENARIOS) == set(HELP), "a command without scenarios, or scenarios of no command"
    for name, help_text in HELP.items():
        codes = stated(help_text)
        assert 0 in codes and 2 in codes, name
        exercised = {code for _argv, code, _prepare in SCENARIOS[name]} | {c for n, c in NOT_RUN if n == name}
        assert exercised == codes, f"{name}: the help states {sorted(codes)}, the scenarios cover {sorted(exercised)}"


@pytest.mark.parametrize(("name", "argv", "code", "prepare"),
                         [(name, argv, code, prepare) for name, cases in SCENARIOS.items()
                          for argv, code, prepare in cases],
                         ids=[f"{name}-{code}-{i}" for name, cases in SCENARIOS.items()
                              for i, (_argv, code, _prepare) in enumerate(cases)])
def test_each_stated_status_is_the_real_one(base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str], name: str, argv: list[str], code: int,
                                            prepare: Prepare) -> None:
    root = tmp_path / "plans"
    shutil.copytree(base, root)
    for variable in DELIVERY_SETTINGS:  # none from the machine running the tests
        monkeypatch.delenv(variable, raising=False)
    if prepare is not None:
        for variable, value in (prepare(root) or {}).items():
            monkeypatch.setenv(variable, value)
    monkeypatch.chdir(root)
    monkeypatch.setenv("SUCCESSPLANS_TODAY", TODAY)
    assert code in stated(HELP[name])
    result = main(argv)
    assert result == code, (argv, capsys.readouterr())
