"""Plans from templates: objective templates and playbooks of the plans repository (templates/),
`new objective --template`, `playbook apply|list`, and `check` reading the templates."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from generator.cli import main
from generator.config import Config, load_config
from generator.site import handbook
from generator.starter import plan_templates

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date.today()
EXAMPLE = "customers/example-customer"


@pytest.fixture
def plans(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Path:
    """A repository as `init` writes it (its example customer dated from today)."""
    monkeypatch.setenv("SUCCESSPLANS_TODAY", TODAY.isoformat())
    assert main(["init", str(tmp_path), "--company", "Brightwell Software"]) == 0
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def strict_check(capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict[str, object]]]:
    code, out, _ = run(capsys, "check", "--strict", "--format", "json")
    return code, json.loads(out)


def day(offset: int, start: dt.date = TODAY) -> str:
    return (start + dt.timedelta(days=offset)).isoformat()


def test_init_ships_the_two_examples_and_the_demo_keeps_the_same(plans: Path) -> None:
    shipped = plan_templates()
    assert sorted(shipped) == ["templates/objectives/onboarding.md", "templates/playbooks/ebr-preparation.yaml"]
    for rel, text in shipped.items():
        assert (plans / rel).read_text(encoding="utf-8") == text
        assert (ROOT / rel).read_text(encoding="utf-8") == text  # the demo repository uses the same


def test_an_objective_from_the_template_passes_check_strict(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    start = TODAY - dt.timedelta(days=3)
    code, out, err = run(capsys, "new", "objective", "example-customer", "--template", "onboarding",
                         "--started", start.isoformat())
    assert (code, err) == (0, "")
    path = plans / EXAMPLE / "objectives/example-customer-works-live.md"
    assert out == f"created {EXAMPLE}/objectives/example-customer-works-live.md\n"
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"---\ntitle: Example Customer works live in the product within 90 days\nstatus: new\n"
                           f"started: {start}\ndue: {day(90, start)}\nstakeholders: [sam-rivera, lee-chen]\n")
    # roles: our CSM, and the customer's people by persona; dates counted from the start
    assert f"  - title: Kick-off with the project team\n    owner: jane.doe\n    due: {day(7, start)}\n" in text
    assert f"  - title: Connect the data the first team needs\n    owner: lee-chen\n    due: {day(30, start)}\n" in text
    assert "Until a team works in the product every day, Example Customer pays" in text  # the body, filled in
    assert "${" not in text
    assert strict_check(capsys) == (0, [])


def test_title_due_and_priority_given_replace_the_templates(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "new", "objective", "example-customer", "Pilot team live by spring", "--template",
                       "onboarding", "--due", day(120), "--priority", "2", "--id", "pilot", "--dry-run")
    assert code == 0 and out.startswith(f"new file {EXAMPLE}/objectives/pilot.md\n+---\n+title: Pilot team live by "
                                        f"spring\n+status: new\n+priority: 2\n+started: {TODAY}\n+due: {day(120)}\n")
    assert not (plans / EXAMPLE / "objectives/pilot.md").exists()


@pytest.mark.parametrize("args", [["--metric", "Speed", "--baseline", "1", "--target", "2"], ["--internal"],
                                  ["--stakeholder", "sam-rivera"]])
def test_what_the_template_says_cannot_be_given_too(plans: Path, capsys: pytest.CaptureFixture[str],
                                                    args: list[str]) -> None:
    code, out, err = run(capsys, "new", "objective", "example-customer", "--template", "onboarding", *args)
    assert (code, out) == (2, "") and "cannot go with --template" in err


def test_without_a_template_title_and_due_are_required(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "new", "objective", "example-customer", "--due", day(30))
    assert code == 2 and "missing argument TITLE" in err
    code, _, err = run(capsys, "new", "objective", "example-customer", "Something")
    assert code == 2 and "missing option --due" in err


def test_a_playbook_adds_its_tasks_once(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    objective = plans / EXAMPLE / "objectives/faster-order-processing.md"
    before = objective.read_text(encoding="utf-8")
    start = TODAY + dt.timedelta(days=2)
    code, out, err = run(capsys, "playbook", "apply", "example-customer", "faster-order-processing",
                         "ebr-preparation", "--start", start.isoformat())
    assert (code, err, out) == (0, "", f"updated {EXAMPLE}/objectives/faster-order-processing.md\n")
    after = objective.read_text(encoding="utf-8")
    # appended after the existing tasks; every other line as it was
    head, tail = before.split("---\n\n## Why it matters", 1)
    assert after.startswith(head) and after.endswith("---\n\n## Why it matters" + tail)
    added = after[len(head):].split("---\n", 1)[0]
    assert added == "".join(
        f"  - title: {title}\n    owner: {owner}\n    due: {day(offset, start)}\n" for title, owner, offset in (
            ("Agree the date and who attends the review with Example Customer", "jane.doe", 3),
            ("Confirm the objectives are still the priorities", "sam-rivera", 7),
            ("Send the latest figures for each objective", "lee-chen", 10),
            ("Share a draft of the review for comments", "jane.doe", 17),
            ("Agree the decisions to ask for at the review", "sam-rivera", 24),
            ("Hold the review and log it", "jane.doe", 28)))
    assert strict_check(capsys) == (0, [])
    # again: every task is there already, nothing changes
    code, out, _ = run(capsys, "playbook", "apply", "example-customer", "faster-order-processing", "ebr-preparation")
    assert code == 0 and out == "faster-order-processing already has every task of ebr-preparation: nothing to add\n"
    assert objective.read_text(encoding="utf-8") == after


def test_a_playbook_on_an_objective_without_tasks(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "objective", "example-customer", "Roll out SSO", "--due", day(60), "--stakeholder",
                 "sam-rivera", "--success-criteria", "Everyone signs in with SSO"]) == 0
    code, _, _ = run(capsys, "playbook", "apply", "example-customer", "roll-out-sso", "ebr-preparation")
    text = (plans / EXAMPLE / "objectives/roll-out-sso.md").read_text(encoding="utf-8")
    assert code == 0 and text.count("  - title: ") == 6 and "tasks:\n  - title: Agree the date" in text
    assert strict_check(capsys) == (0, [])


def test_a_role_nobody_has_is_refused_until_someone_is_named(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    people = plans / EXAMPLE / "stakeholders.yaml"
    people.write_text(people.read_text(encoding="utf-8").replace("persona: adoption_champion", "persona: end_user"),
                      encoding="utf-8")
    objective = plans / EXAMPLE / "objectives/faster-order-processing.md"
    before = objective.read_text(encoding="utf-8")
    code, out, err = run(capsys, "playbook", "apply", "example-customer", "faster-order-processing", "ebr-preparation")
    assert (code, out) == (1, "")
    assert "templates/playbooks/ebr-preparation.yaml names the role adoption_champion, and this customer has " \
        "nobody in that role" in err and "--role ROLE=ID" in err
    assert objective.read_text(encoding="utf-8") == before
    code, _, err = run(capsys, "playbook", "apply", "example-customer", "faster-order-processing", "ebr-preparation",
                       "--role", "adoption_champion=lee-chen")
    assert (code, err) == (0, "") and "    owner: lee-chen\n" in objective.read_text(encoding="utf-8")


@pytest.mark.parametrize(("role", "message"), [
    ("adoption_champion=nobody", "'nobody' is not a stakeholder of 'example-customer'"),
    ("champion=lee-chen", "did you mean 'adoption_champion'?"),
    ("csm=Jane Doe", "a CSM is a team handle"),
])
def test_a_bad_role_could_not_run(plans: Path, capsys: pytest.CaptureFixture[str], role: str, message: str) -> None:
    code, out, err = run(capsys, "playbook", "apply", "example-customer", "faster-order-processing",
                         "ebr-preparation", "--role", role)
    assert (code, out) == (2, "") and message in err


def test_unknown_names_could_not_run(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "playbook", "apply", "example-customer", "faster-order-processing", "ebr-prep")
    assert code == 2 and "unknown playbook 'ebr-prep' (did you mean 'ebr-preparation'?)" in err
    code, _, err = run(capsys, "new", "objective", "example-customer", "--template", "onbording")
    assert code == 2 and "unknown objective template 'onbording' (did you mean 'onboarding'?)" in err


def _write(plans: Path, rel: str, text: str) -> None:
    (plans / rel).parent.mkdir(parents=True, exist_ok=True)
    (plans / rel).write_text(text, encoding="utf-8")


BROKEN_TEMPLATE = """\
---
title: ${customer} renews for ${years} years
status: new
started: ${start}
due: ${start+90
stakeholders: ["${sponsor}"]
---
Body for ${custmer}.
"""

BROKEN_PLAYBOOK = """\
title: Renewal
tasks:
  - title: Confirm who signs
    owner: buyer
    due: 7
  - title: Send the summary
    owner: csm
    due: soon
  - owner: csm
"""


def test_check_locates_every_problem_of_a_template(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(plans, "templates/objectives/renewal.md", BROKEN_TEMPLATE)
    _write(plans, "templates/playbooks/renewal.yaml", BROKEN_PLAYBOOK)
    _write(plans, "templates/playbooks/notes.txt", "not a playbook\n")
    _write(plans, "templates/playbooks/Bad Name.yaml", "tasks: []\n")
    code, problems = strict_check(capsys)
    assert code == 1
    found = [(p["file"], p["line"], p["column"], p["code"], p["message"]) for p in problems]
    t, b = "templates/objectives/renewal.md", "templates/playbooks/renewal.yaml"
    assert found == [
        (t, 2, 31, "SP005", "unknown placeholder '${years}'"),
        (t, 5, 6, "SP005", "placeholder '${' is not closed with '}'"),
        (t, 6, 17, "SP005", "unknown placeholder '${sponsor}'"),
        (t, 8, 10, "SP005", "unknown placeholder '${custmer}'"),
        ("templates/playbooks/Bad Name.yaml", 1, 1, "SP007", "'Bad Name' is not a valid id for a template name"),
        ("templates/playbooks/notes.txt", 1, 1, "SP113", "unexpected file in templates/playbooks/"),
        (b, 4, 12, "SP005", "owner must be one of csm, executive_sponsor, economic_buyer, key_influencer, "
                            "adoption_champion, admin, end_user, big_boss, not 'buyer'"),
        (b, 8, 10, "SP005", "due must be a whole number, not 'soon'"),
        (b, 9, 5, "SP004", "required field 'title' of item 3 in tasks is missing"),
    ]
    hints = {p["line"]: p["hint"] for p in problems if p["file"] == t}
    assert hints[6].startswith("did you mean '${executive_sponsor}'?") and hints[8].startswith(
        "did you mean '${customer}'?")
    # a broken template is never used
    code, _, err = run(capsys, "new", "objective", "example-customer", "--template", "renewal")
    assert code == 1 and "templates/objectives/renewal.md has problems, so it was not used" in err
    assert "templates/objectives/renewal.md:2:31: error SP005 unknown placeholder '${years}'" in err
    code, _, err = run(capsys, "playbook", "list")
    assert code == 1 and "templates/playbooks/renewal.yaml has problems: run successplans check" in err
    # naming customers checks only them
    code, out, _ = run(capsys, "check", "example-customer", "--format", "json")
    assert (code, json.loads(out)) == (0, [])


def test_a_template_is_checked_as_an_objective(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(plans, "templates/objectives/thin.md", "---\ntitle: ${customer} thin\nstatus: started\n"
                                                   "due: ${start+30} days\nowner: ${csm}\n---\n")
    _, problems = strict_check(capsys)
    assert [(p["line"], p["code"], p["message"]) for p in problems] == [
        (2, "SP004", "required field 'started' is missing"),
        (3, "SP005", "status must be one of new, in_progress, closed_success, closed_no_action, closed_invalid, "
                     "not 'started'"),
        (4, "SP005", "due must be a date (YYYY-MM-DD), not '2026-02-04 days'".replace(
            "2026-02-04", (dt.date(2026, 1, 5) + dt.timedelta(days=30)).isoformat())),
        (5, "SP006", "unknown field 'owner'"),
    ]


def test_a_link_in_templates_is_not_followed(plans: Path, tmp_path_factory: pytest.TempPathFactory,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path_factory.mktemp("outside") / "secret.yaml"
    outside.write_text("tasks: []\n", encoding="utf-8")
    (plans / "templates/playbooks/linked.yaml").symlink_to(outside)
    _, problems = strict_check(capsys)
    assert [(p["file"], p["code"], p["message"]) for p in problems] == [
        ("templates/playbooks/linked.yaml", "SP001", "symbolic link not followed")]


def test_the_handbook_lists_the_repositorys_templates(plans: Path) -> None:
    page = {p.src_uri: p.markdown for p in handbook.pages(load_config(plans / "mkdocs.yml"))}["handbook/templates.md"]
    assert "| <code>onboarding</code> | $&#123;customer&#125; works live in the product within 90 days | " \
        "90 days after the start | 5 |" in page
    assert "### Playbook <code>ebr-preparation</code>: Executive business review preparation" in page
    assert "| Agree the decisions to ask for at the review | <code>executive_sponsor</code> | 24 days after the " \
        "start |" in page
    # the control: a repository without templates says so instead
    empty = {p.src_uri: p.markdown for p in handbook.pages(Config(root=plans / "customers"))}["handbook/templates.md"]
    assert "This repository has no templates yet" in empty and "### Playbook" not in empty
