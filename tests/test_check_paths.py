"""`check PATHS` as pre-commit runs it: only the customers the files belong to, errors only when
asked; and the CRM id, unique across customers however few are checked (SPEC §12)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.config import load_config
from generator.portfolio import LivePortfolio

C = "example-customer"


@pytest.fixture
def plans(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Path:
    """Three customers: the example, a copy with an error, a copy with a warning only."""
    monkeypatch.setenv("SUCCESSPLANS_TODAY", "2026-06-01")
    root = tmp_path / "plans"
    assert main(["init", str(root), "--company", "Brightwell"]) == 0
    customers = root / "customers"
    shutil.copytree(customers / C, customers / "broken-co")
    (customers / "broken-co/stakeholders.yaml").write_text("- id: [sam\n", encoding="utf-8")
    shutil.copytree(customers / C, customers / "quiet-co")
    for entry in (customers / "quiet-co/activity").iterdir():
        entry.unlink()
    (customers / "quiet-co/activity/.gitkeep").write_text("")
    monkeypatch.chdir(root)
    capsys.readouterr()
    return root


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, set[str], str]:
    code = main(["check", *args])
    out, err = capsys.readouterr()
    return code, {line.split("/")[1] for line in out.splitlines() if line.startswith("customers/")}, err.strip()


def test_paths_name_the_customers_they_belong_to(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check(capsys)[:2] == (1, {"broken-co", "quiet-co"})
    assert check(capsys, "customers/quiet-co/customer.yaml", "customers/quiet-co/objectives/faster-order-processing.md")\
        == (0, {"quiet-co"}, "0 errors, 2 warnings in 1 customer (as of 2026-06-01)")
    assert check(capsys, "customers/broken-co/stakeholders.yaml")[:2] == (1, {"broken-co"})
    assert check(capsys, f"customers/{C}/activity/2026-06-01-monthly-check-sam-5bdbde.yaml") == (
        0, set(), "0 errors, 0 warnings in 1 customer (as of 2026-06-01)")
    # what changes every customer's problems stands for all of them
    for everything in ("mkdocs.yml", "team.yaml", "customers", "."):
        assert check(capsys, everything)[:2] == (1, {"broken-co", "quiet-co"}), everything
    # files of no customer: nothing to check
    assert check(capsys, "README.md", "docs/.gitkeep") == (0, set(), "0 errors, 0 warnings in 0 customers "
                                                                    "(as of 2026-06-01)")
    # a customer removed by the commit has nothing left to check
    assert check(capsys, "customers/gone-co/customer.yaml")[:2] == (0, set())
    # customer ids still work, and from a subfolder the paths are the folder's
    assert check(capsys, "quiet-co")[:2] == (0, {"quiet-co"})
    (plans / "customers/quiet-co").rename(plans / "customers/moved")  # (a path, not an id)
    assert main(["check", "../outside.yaml"]) == 2
    assert "is outside the plans repository" in capsys.readouterr().err


def test_errors_only(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, customers, err = check(capsys, "--errors-only")
    assert (code, customers) == (1, {"broken-co"})
    assert err == "1 error (3 warnings not shown) in 3 customers (as of 2026-06-01)"  # broken-co has SP107 too
    assert check(capsys, "--errors-only", "customers/quiet-co/customer.yaml") == (
        0, set(), "0 errors (2 warnings not shown) in 1 customer (as of 2026-06-01)")


def set_crm(root: Path, customer: str, crm_id: str) -> None:
    path = root / "customers" / customer / "customer.yaml"
    text = path.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("crm_id:")]
    path.write_text("\n".join(lines) + f"\ncrm_id: '{crm_id}'\n", encoding="utf-8")


def test_a_crm_id_is_unique_across_customers(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.rmtree(plans / "customers/broken-co")
    set_crm(plans, C, "0042")
    set_crm(plans, "quiet-co", "0042")
    code = main(["check"])
    out = capsys.readouterr().out
    assert code == 1
    assert "customers/quiet-co/customer.yaml:13:1: error SP008 CRM id '0042' is already customer example-customer's" \
        in out
    assert f"customers/{C}/customer.yaml" not in out  # the first in id order keeps it
    # checking only the later customer still compares with every other
    assert check(capsys, "customers/quiet-co/customer.yaml")[0] == 1
    assert check(capsys, f"customers/{C}/customer.yaml")[0] == 0
    # and the edit refuses to make a second one
    set_crm(plans, "quiet-co", "0043")
    assert main(["set", "crm-id", "quiet-co", "0042"]) == 1
    assert "CRM id '0042' is already example-customer's" in capsys.readouterr().err


def test_the_preview_updates_the_other_holder_of_a_crm_id(plans: Path) -> None:
    shutil.rmtree(plans / "customers/broken-co")
    set_crm(plans, C, "0042")
    set_crm(plans, "quiet-co", "0042")
    live = LivePortfolio(load_config(plans / "mkdocs.yml"), dt.date(2026, 6, 1), history=False)
    portfolio, _ = live.refresh()
    assert [p.customer for p in portfolio.problems if p.code == "SP008"] == ["quiet-co"]
    set_crm(plans, C, "0041")  # only example-customer's folder changed...
    portfolio, loaded = live.refresh({C})
    assert loaded == {C, "quiet-co"}  # ...and quiet-co, whose CRM id is no longer taken, is checked again
    assert not [p for p in portfolio.problems if p.code == "SP008"]
