"""The team roster (SPEC §12): team.yaml checked like a customer's files, SP115 for a handle it
does not list, edits that refuse one, `team add|list`, and the names it gives customers and the site."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import pytest

from generator.cli import main
from generator.config import Config
from generator.load import load_roster
from generator.portfolio import build_portfolio
from generator.view import customer_view
from tests.test_edit import snapshot

TODAY = "2026-06-01"


@pytest.fixture
def plans(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
          entry_tokens: None) -> Path:
    """A repository as `init` writes it (its roster lists jane.doe), as the current folder."""
    monkeypatch.setenv("SUCCESSPLANS_TODAY", TODAY)
    assert main(["init", str(tmp_path / "plans"), "--company", "Brightwell"]) == 0
    monkeypatch.chdir(tmp_path / "plans")
    capsys.readouterr()
    return tmp_path / "plans"


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["check", "--as-of", TODAY, *args])
    return code, capsys.readouterr().out


def roster_of(root: Path, text: str):  # type: ignore[no-untyped-def]
    (root / "team.yaml").write_text(text, encoding="utf-8")
    return load_roster(replace(Config(), root=root))


def test_the_roster_is_checked_like_a_customer_file(tmp_path: Path) -> None:
    assert load_roster(replace(Config(), root=tmp_path)) == (None, [])
    roster, problems = roster_of(tmp_path, "- handle: jane.doe\n  name: Jane Doe\n  role: csm\n  usernme: jd\n"
                                           "- handle: Jane Doe\n  name: Jane\n- name: Nobody\n"
                                           "- handle: jane.doe\n  name: Jane Again\n- handle: sam.lee\n  name: Sam Lee\n"
                                           "  role: boss\n  username: '@sam'\n")
    assert sorted((p.code, p.file, p.line) for p in problems) == [
        ("SP004", "team.yaml", 7), ("SP005", "team.yaml", 5), ("SP005", "team.yaml", 12), ("SP005", "team.yaml", 13),
        ("SP006", "team.yaml", 4), ("SP008", "team.yaml", 8)]
    assert [p.message for p in problems if p.code == "SP008"] == ["team handle 'jane.doe' is already used on line 1"]
    assert roster is not None and roster.names() == {"jane.doe": "Jane Doe", "sam.lee": "Sam Lee"}
    # a roster that does not read judges nobody
    assert roster_of(tmp_path, "- handle: [jane\n")[0] is None
    (tmp_path / "team.yaml").unlink()
    (tmp_path / "elsewhere.yaml").write_text("- {handle: x, name: X}\n")
    (tmp_path / "team.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    roster, problems = load_roster(replace(Config(), root=tmp_path))
    assert roster is None and [(p.code, p.message) for p in problems] == [("SP001", "symbolic link not followed")]


def test_check_reports_the_roster_and_unknown_handles(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check(capsys, "--strict") == (0, "")
    assert main(["task", "add", "example-customer", "faster-order-processing", "Ship the report",
                 "--owner", "maria.lopz", "--force"]) == 0
    capsys.readouterr()
    code, out = check(capsys)
    assert code == 0
    assert "warning SP115 unknown team handle 'maria.lopz' [add maria.lopz to team.yaml: successplans team add]" in out
    (plans / "team.yaml").write_text((plans / "team.yaml").read_text() + "- handle: jane.doe\n  name: Again\n")
    code, out = check(capsys)
    assert code == 1 and "team.yaml:11:3: error SP008 team handle 'jane.doe' is already used on line 6" in out
    code, out = check(capsys, "example-customer")  # a named customer: team.yaml's problems are not its own
    assert code == 0 and "SP008" not in out and "SP115" in out


def test_edits_refuse_an_unknown_handle_with_suggestions(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stakeholder", "add", "example-customer", "Tom Becker", "--persona", "admin"]) == 0
    capsys.readouterr()
    before = snapshot(plans)
    refusals = {
        ("task", "add", "example-customer", "faster-order-processing", "Export", "--owner", "tom.becker"):
            "--owner 'tom.becker' is not in team.yaml (did you mean 'tom-becker'?)",
        ("log", "example-customer", "--kind", "call", "--title", "Sync", "--author", "jane.do"):
            "--author 'jane.do' is not in team.yaml (did you mean 'jane.doe'?)",
        ("new", "customer", "Acme", "--csm", "sam.lee"): "--csm 'sam.lee' is not in team.yaml (it lists jane.doe)",
        ("risk", "open", "example-customer", "Budget freeze", "--kind", "renewal", "--severity", "low",
         "--owner", "jdoe"): "--owner 'jdoe' is not in team.yaml (did you mean 'jane.doe'?)",
    }
    for argv, message in refusals.items():
        assert main(list(argv)) == 1, argv
        assert message in capsys.readouterr().err
    assert snapshot(plans) == before
    assert main(["new", "customer", "Acme", "--csm", "sam.lee", "--force"]) == 0
    assert "SP115 unknown team handle 'sam.lee'" in capsys.readouterr().err  # accepted, and said
    assert main(["team", "add", "sam.lee", "--name", "Sam Lee"]) == 0
    capsys.readouterr()
    assert main(["log", "acme", "--kind", "call", "--title", "Kickoff", "--author", "sam.lee"]) == 0


def test_import_readings_checks_authors_against_the_roster(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (plans / "readings.csv").write_text("customer,objective,date,value,author\n"
                                        "example-customer,faster-order-processing,2026-05-30,4.3,jane.do\n")
    assert main(["import", "readings", "readings.csv"]) == 1
    assert "row 2: author 'jane.do' is not in team.yaml (did you mean 'jane.doe'?); --force accepts it" in \
        capsys.readouterr().err
    assert main(["import", "readings", "readings.csv", "--force"]) == 0


def test_team_add_and_list(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(plans)
    assert main(["team", "add", "maria.lopez", "--name", "María López", "--role", "csm", "--username", "@mlopez",
                 "--dry-run"]) == 0
    assert snapshot(plans) == before
    assert "+- handle: maria.lopez" in capsys.readouterr().out
    assert main(["team", "add", "maria.lopez", "--name", "María López", "--role", "csm", "--username", "@mlopez"]) == 0
    assert (plans / "team.yaml").read_text(encoding="utf-8").endswith(
        "  role: csm\n- handle: maria.lopez\n  name: María López\n  username: mlopez\n  role: csm\n")
    assert main(["team", "add", "maria.lopez", "--name", "Another"]) == 1
    assert "maria.lopez is already in team.yaml (María López); nothing was changed" in capsys.readouterr().err
    assert main(["team", "add", "Maria", "--name", "X"]) == 2
    capsys.readouterr()
    assert main(["team", "list", "--format", "json"]) == 0
    assert [m["handle"] for m in json.loads(capsys.readouterr().out)] == ["jane.doe", "maria.lopez"]
    assert main(["team", "list"]) == 0
    assert "maria.lopez  María López" in capsys.readouterr().out
    (plans / "team.yaml").unlink()
    assert main(["team", "list"]) == 0
    assert "no one in team.yaml yet" in capsys.readouterr().out
    assert main(["team", "add", "jane.doe", "--name", "Jane Doe"]) == 0  # a new roster
    assert (plans / "team.yaml").read_text(encoding="utf-8").startswith("# The team:")


def test_agenda_csm_takes_any_roster_handle(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["team", "add", "maria.lopez", "--name", "María López"]) == 0
    capsys.readouterr()
    assert main(["agenda", "--csm", "maria.lopez"]) == 0  # on the team, no customer yet: nothing to do
    assert capsys.readouterr().out.startswith("Nothing due by")
    assert main(["agenda", "--csm", "maria.lopz"]) == 2
    assert "'maria.lopz' is not in team.yaml (did you mean 'maria.lopez'?)" in capsys.readouterr().err
    (plans / "team.yaml").unlink()
    assert main(["agenda", "--csm", "maria.lopez"]) == 2  # without a roster, the customers' CSMs
    assert "'maria.lopez' is not in any customer's csm (handles: jane.doe)" in capsys.readouterr().err


def test_names_come_from_the_roster_where_the_account_team_is_silent(plans: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["team", "add", "kai.ito", "--name", "Kai Ito"]) == 0
    assert main(["task", "add", "example-customer", "faster-order-processing", "Tune the alerts",
                 "--owner", "kai.ito"]) == 0
    config = Config.from_mapping({}, plans)
    portfolio = build_portfolio(config, dt.date.fromisoformat(TODAY))
    [status] = portfolio.customers
    owners = {t.title: t.owner for o in customer_view(status, config, portfolio.roster).objectives for t in o.tasks}
    assert owners["Tune the alerts"] == "Kai Ito"  # from the roster
    assert owners["Train the order desk"] == "Jane Doe"  # the account team's own name comes first
    # control: without the roster the customer reads the company's team, never the handle
    bare = {t.title: t.owner for o in customer_view(status, config).objectives for t in o.tasks}
    assert bare["Tune the alerts"] == "Your Our company team"
    from generator.site.work import portfolio_people

    assert portfolio_people(portfolio).name("kai.ito") == "Kai Ito"


def test_a_roster_change_changes_the_deck_cache_key(plans: Path) -> None:
    from generator.deck import input_key

    folder = plans / "customers/example-customer"
    assert input_key(folder, b"t", TODAY, "o", None, "kai.ito=Kai Ito") != input_key(folder, b"t", TODAY, "o", None,
                                                                                   "kai.ito=Kai Itō")


def test_the_demo_roster_names_everyone(repo_root: Path, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo_root)
    code, out = main(["check"]), capsys.readouterr().out
    assert code == 0 and "SP115" not in out
    assert (repo_root / "team.yaml").is_file()  # the demo keeps a roster: every handle is checked