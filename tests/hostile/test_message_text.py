"""Messages name what is wrong and where, never print a raw control character, and text from the
files never acts in a merge request comment; an unknown or look-alike id is exit 2 everywhere."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from generator.cli import main
from generator.diff.render import md

from .conftest import CUSTOMER, no_traceback, tree_digest

RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.mark.parametrize("argv, expected", [
    (["log", "harbor-labs", "--kind", "call", "--title", "Weekly\x07sync"],
     "--title 'Weekly\\u0007sync' holds the control character U+0007 at character 7"),
    (["log", "harbor-labs", "--kind", "call", "--title=Weekly\x1b[31msync"],
     "--title 'Weekly\\u001b[31msync' holds the control character U+001B at character 7"),
    (["new", "objective", "harbor-labs", "Grow \u202eevenue", "--due", "2027-01-01"],
     "argument 4 'Grow \\u202eevenue' holds the control character U+202E at character 6"),
    (["revalidate", "harbor-labs", "cut-dwell-time", "--by", "tom\x9b"],
     "--by 'tom\\u009b' holds the control character U+009B at character 4"),
    (["diff", "ma\x1bin"], "argument 2 'ma\\u001bin' holds the control character U+001B at character 3"),
])
def test_a_control_character_in_an_argument_is_named_with_its_position(plans: Path, argv: list[str], expected: str,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    before = tree_digest(plans)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert expected in err and "without changing other lines" not in err
    assert not RAW.search(err) and no_traceback(err)
    assert tree_digest(plans) == before


def test_a_line_break_in_a_multi_line_note_is_no_control_character(plans: Path) -> None:
    assert main(["risk", "open", "harbor-labs", "Budget freeze", "--kind", "renewal", "--severity", "low",
                 "--note", "The CFO mentioned it.\nWe follow up next week."]) == 0


def test_messages_escape_what_comes_from_files_and_arguments(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv = plans.parent / "readings.csv"
    csv.write_text("customer,objective,date,value,note\x1b]0;pwned\x07\n", encoding="utf-8")
    assert main(["import", "readings", str(csv)]) == 2
    err = capsys.readouterr().err
    assert "unknown note\\u001b]0;pwned\\u0007" in err and not RAW.search(err)
    # the error path every command shares escapes too, whatever module wrote the message
    from generator.errors import BadArgument
    from generator.commands import status

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise BadArgument("unknown thing 'x\x1b[2Jy'\nsecond line")

    original = status.build_portfolio
    status.build_portfolio = refuse  # type: ignore[assignment]
    try:
        assert main(["status"]) == 2
    finally:
        status.build_portfolio = original
    assert capsys.readouterr().err == "successplans: unknown thing 'x\\u001b[2Jy'\nsecond line\n"


def test_an_unknown_revision_is_shown_escaped(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    subprocess.run(["git", "init", "-q", str(plans)], check=True)
    assert main(["diff", "no-such-branch"]) == 2
    assert "unknown git revision 'no-such-branch'" in capsys.readouterr().err


# --- merge request comments -----------------------------------------------------------------------

@pytest.mark.parametrize("text, plain", [("@all please review", "@all"), ("ping @jane.doe now", "@jane.doe"),
                                         ("/close", "/close"), ("then /merge it", "/merge"),
                                         ("(@security-team)", "@security-team")])
def test_mentions_and_quick_actions_never_act_in_a_comment(text: str, plain: str) -> None:
    shown = md(text)
    assert plain not in shown  # the control: the plain text holds the live mention or action
    assert plain in text
    assert shown.replace("\u200d", "") == text.replace("_", "\\_")


@pytest.mark.parametrize("text", ["jane.doe@example.com", "https://example.com/a/b", "a/b and 5/7", "user@host"])
def test_addresses_and_paths_stay_as_they_are(text: str) -> None:
    assert "\u200d" not in md(text)


def test_the_diff_comment_defuses_a_title_from_the_files(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e.x", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@e.x"}
    import os

    subprocess.run(["git", "init", "-q"], cwd=plans, check=True)
    subprocess.run(["git", "add", "."], cwd=plans, check=True)
    subprocess.run(["git", "commit", "-qm", "start"], cwd=plans, check=True, env={**os.environ, **env})
    assert main(["log", "harbor-labs", "--kind", "call", "--title", "@all /approve this", "--date",
                 "2026-11-16"]) == 0
    capsys.readouterr()
    assert main(["diff", "HEAD"]) == 0
    out = capsys.readouterr().out
    assert "@\u200dall /\u200dapprove this" in out and "@all" not in out and "/approve" not in out


# --- look-alike ids -----------------------------------------------------------------------------

LOOK_ALIKE = "h\u0430rbor-labs"  # a Cyrillic "а"


@pytest.mark.parametrize("argv", [
    ["status", LOOK_ALIKE], ["deck", LOOK_ALIKE], ["digest", LOOK_ALIKE],
    ["log", LOOK_ALIKE, "--kind", "call", "--title", "x"],
    ["rename", "objective", "harbor-labs", "cut-dwell-time", "dw\u0435ll-time"],
    ["rename", "customer", "harbor-labs", LOOK_ALIKE],
    ["risk", "open", "harbor-labs", "Budget", "--id", "budg\u0435t", "--kind", "renewal", "--severity", "low"],
    ["stakeholder", "add", "harbor-labs", "Ann Lee", "--id", "\u0430nn-lee", "--persona", "admin"],
    ["new", "objective", "harbor-labs", "Grow", "--id", "gr\u043ew", "--due", "2027-01-01"],
    ["new", "customer", "Acme", "--id", "\u0430cme", "--csm", "jane.doe"],
    ["revalidate", "harbor-labs", "cut-dw\u0435ll-time", "--by", "tom-ruiz"],
])
def test_a_look_alike_id_is_exit_2_everywhere(plans: Path, argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    (plans / "customers" / LOOK_ALIKE).mkdir()  # even a folder of that name: it is no customer (SP007)
    before = tree_digest(plans)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert no_traceback(err)
    assert "U+04" in err or "unknown" in err, err
    assert tree_digest(plans) == before


def test_the_real_id_still_works_beside_a_look_alike_folder(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (plans / "customers" / LOOK_ALIKE).mkdir()
    assert main(["status", "harbor-labs", "--format", "json"]) == 0
    assert '"id": "harbor-labs"' in capsys.readouterr().out
    assert (plans / CUSTOMER).is_dir()
