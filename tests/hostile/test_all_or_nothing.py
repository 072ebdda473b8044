"""A command writing several files completes, or leaves every file (and folder) as it was.

The third write is made to fail (the disk full), at each step a write takes: while the new
contents are written beside their targets, and while they are renamed over them.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator import output
from generator.cli import main

from .conftest import CUSTOMER, no_traceback, tree_digest

FULL = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _fail_third(monkeypatch: pytest.MonkeyPatch, where: str) -> list[Any]:
    """Make the third call of a write step fail as a full disk would; returns the calls seen."""
    calls: list[Any] = []
    if where == "rename":
        real: Callable[..., Any] = os.replace

        def replace(source: Any, target: Any) -> None:
            if str(source).endswith(".tmp"):  # a new content renamed over its target (not an undo)
                calls.append(target)
                if len(calls) == 3:
                    raise FULL
            real(source, target)

        monkeypatch.setattr(output.os, "replace", replace)
    else:
        real_mkstemp = tempfile.mkstemp

        def mkstemp(*args: Any, **kwargs: Any) -> Any:
            calls.append(kwargs.get("prefix"))
            if len(calls) == 3:
                raise FULL
            return real_mkstemp(*args, **kwargs)

        monkeypatch.setattr(output.tempfile, "mkstemp", mkstemp)
    return calls


def _one_line(capsys: pytest.CaptureFixture[str], expected: str) -> None:
    err = capsys.readouterr().err
    assert no_traceback(err)
    assert [line for line in err.splitlines() if line.startswith("successplans:")] == [expected], err


def _name_objective_in_risk(plans: Path) -> None:
    risk = plans / CUSTOMER / "risks" / "champion-leaving.md"
    risk.write_text(risk.read_text(encoding="utf-8").replace("escalation: none\n",
                                                             "escalation: none\nobjectives: [cut-dwell-time]\n"),
                    encoding="utf-8")


@pytest.mark.parametrize("where", ["staging", "rename"])
def test_rename_objective_failing_at_its_third_file_changes_nothing(plans: Path, where: str,
                                                                    monkeypatch: pytest.MonkeyPatch,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    _name_objective_in_risk(plans)
    before = tree_digest(plans)
    with monkeypatch.context() as patch:
        calls = _fail_third(patch, where)
        assert main(["rename", "objective", "harbor-labs", "cut-dwell-time", "dwell-time"]) == 2
    assert len(calls) == 3  # activity.yaml, the objective's new file, then the risk
    _one_line(capsys, f"successplans: cannot write {Path(CUSTOMER) / 'risks' / 'champion-leaving.md'}: "
                      "No space left on device; nothing was changed")
    assert tree_digest(plans) == before  # no file changed, none added (temporary or kept copies included)
    # the same rename runs once the disk has room: nothing half-done stands in its way
    assert main(["rename", "objective", "harbor-labs", "cut-dwell-time", "dwell-time"]) == 0
    assert main(["check"]) == 0
    risk = (plans / CUSTOMER / "risks" / "champion-leaving.md").read_text(encoding="utf-8")
    assert "objectives: [dwell-time]" in risk and not (plans / CUSTOMER / "objectives" / "cut-dwell-time.md").exists()


def test_without_the_protection_the_same_failure_leaves_half_an_edit(plans: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The control: written one file after the other, the third failing leaves the first two changed."""
    _name_objective_in_risk(plans)
    before = tree_digest(plans)
    _fail_third(monkeypatch, "rename")
    folder = plans / CUSTOMER
    new = {folder / "activity.yaml": b"- date: 2026-11-02\n", folder / "objectives" / "x.md": b"---\n",
           folder / "risks" / "champion-leaving.md": b"---\n"}
    with pytest.raises(output.OutputError):
        for path, data in sorted(new.items()):
            output.write_files({path: data})
    assert tree_digest(plans) != before


def _three_customers(plans: Path) -> list[str]:
    ids = ["harbor-labs", "harbor-labs-east", "harbor-labs-west"]
    for cid in ids[1:]:
        shutil.copytree(plans / CUSTOMER, plans / "customers" / cid)
    return ids


@pytest.mark.parametrize("where", ["staging", "rename"])
def test_import_accounts_failing_at_the_third_customer_changes_nothing(plans: Path, where: str,
                                                                       monkeypatch: pytest.MonkeyPatch,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    ids = _three_customers(plans)
    for n, cid in enumerate(ids):
        account = plans / "customers" / cid / "customer.yaml"
        account.write_text(account.read_text(encoding="utf-8").rstrip("\n") + f"\ncrm_id: CRM-{n}\n", encoding="utf-8")
    csv = plans.parent / "accounts.csv"
    csv.write_text("Id;ARR\n" + "".join(f"CRM-{n};1.234.567,50\n" for n in range(len(ids))), encoding="utf-8")
    args = ["import", "accounts", str(csv), "--map", "Id=crm_id,ARR=arr", "--decimal", ",", "--thousands", "."]
    before = tree_digest(plans)
    with monkeypatch.context() as patch:
        calls = _fail_third(patch, where)
        assert main(args) == 2
    assert len(calls) == 3
    _one_line(capsys, f"successplans: cannot write {Path('customers') / ids[2] / 'customer.yaml'}: "
                      "No space left on device; nothing was changed")
    assert tree_digest(plans) == before
    assert main(args) == 0
    for cid in ids:
        assert "\narr: 1234567.50\n" in (plans / "customers" / cid / "customer.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("where", ["staging", "rename"])
def test_import_across_customers_failing_at_the_third_changes_nothing(plans: Path, where: str,
                                                                      monkeypatch: pytest.MonkeyPatch,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    ids = _three_customers(plans)
    csv = plans.parent / "readings.csv"
    csv.write_text("customer,objective,date,value\n"
                   + "".join(f"{cid},cut-dwell-time,2026-11-09,6.5\n" for cid in ids), encoding="utf-8")
    before = tree_digest(plans)
    with monkeypatch.context() as patch:
        calls = _fail_third(patch, where)
        assert main(["import", "readings", str(csv)]) == 2
    assert len(calls) == 3
    _one_line(capsys, f"successplans: cannot write {Path('customers') / ids[2] / 'activity.yaml'}: "
                      "No space left on device; nothing was changed")
    assert tree_digest(plans) == before
    assert main(["import", "readings", str(csv)]) == 0
    for cid in ids:
        assert "cut-dwell-time: 6.5" in (plans / "customers" / cid / "activity.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("where", ["staging", "rename"])
def test_a_new_customer_failing_midway_leaves_no_folder(plans: Path, where: str, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    before = tree_digest(plans)
    with monkeypatch.context() as patch:
        calls = _fail_third(patch, where)
        assert main(["new", "customer", "Acme Logistics", "--csm", "jane.doe"]) == 2
    assert len(calls) == 3  # of its four files
    assert tree_digest(plans) == before
    assert not (plans / "customers" / "acme-logistics").exists()  # nor the folders it made
    assert "nothing was changed" in capsys.readouterr().err
    assert main(["new", "customer", "Acme Logistics", "--csm", "jane.doe"]) == 0


def test_schemas_are_written_all_or_nothing(plans: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    _fail_third(monkeypatch, "rename")
    assert main(["schema", "--out", "schemas"]) == 2
    assert not (plans / "schemas").exists()
    assert "nothing was changed" in capsys.readouterr().err
