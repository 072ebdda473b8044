"""The CRM in step: `import accounts` from a CRM export and `export accounts` back (SPEC §12).

The export the tests import is written the way European CRMs write theirs: a byte order mark,
`;` between cells, `31/12/2026` dates and `1.200.000,50` amounts.
"""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
from pathlib import Path

import pytest

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-16"
MAPPING = """\
columns:
  Account ID: crm_id
  Account Name: name
  ARR (EUR): arr
  Renewal Date: renewal_date
  Customer Since: customer_since
  Segment: segment
  Account Owner: csm
dates: DD/MM/YYYY
decimal: ","
thousands: "."
delimiter: ";"
bom: true
values:
  segment: {Enterprise: enterprise, Mid-Market: mid-market, SMB: smb, Strategic: strategic}
  csm: {Daniel Reyes: daniel.reyes, Tom Becker: tom.becker, Maria Okafor: maria.okafor}
"""
HEADER = "Account ID;Account Name;ARR (EUR);Renewal Date;Customer Since;Segment;Account Owner;Industry"
CRM_IDS = {"tallyhq": "0018000010TLHQ", "helix-payments": "0018000010HLXP", "ironbridge-precision": "0018000010IRBP"}


@pytest.fixture
def plans(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo portfolio, three of its customers linked to their CRM accounts."""
    shutil.copytree(ROOT / "customers", tmp_path / "customers")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    for customer, crm_id in CRM_IDS.items():
        path = tmp_path / "customers" / customer / "customer.yaml"
        text = path.read_text(encoding="utf-8")
        if "crm_id:" not in text:
            path.write_text(text.replace("\nsegment:", f"\ncrm_id: {crm_id}\nsegment:", 1), encoding="utf-8")
    (tmp_path / "crm-mapping.yaml").write_text(MAPPING, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SUCCESSPLANS_TODAY", TODAY)
    return tmp_path


def export_file(path: Path, *rows: str) -> Path:
    path.write_bytes(("\ufeff" + "\r\n".join([HEADER, *rows]) + "\r\n").encode("utf-8"))
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((root / "customers").rglob("*")) if p.is_file()}


TALLY = "0018000010TLHQ;TallyHQ;1.200.000,50;31/12/2026;20/05/2025;SMB;Daniel Reyes;Software"
HELIX = "0018000010HLXP;Helix Payments;;;;Mid-Market;;Fintech"  # empty cells change nothing
UNKNOWN = "0018000099NOPE;Prospect Ltd;5.000;01/01/2027;;SMB;Tom Becker;Retail"


def test_an_export_in_the_crms_formats_updates_the_accounts(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    crm = export_file(plans / "crm.csv", TALLY, HELIX, UNKNOWN)
    before = snapshot(plans)
    code, out, err = run(capsys, "import", "accounts", str(crm), "--mapping", "crm-mapping.yaml")
    assert code == 0
    # the renewal moved into the window: the plan says what that now asks for, as any edit does
    assert err.splitlines() == [
        "note: the plan now has these warnings:",
        "customers/tallyhq/customer.yaml:6:1: warning SP108 renewal on 2026-12-31 (45 days away) and no EBR in the "
        "last 180 days [schedule an executive business review]",
    ]
    assert out.splitlines() == [
        "tallyhq (line 2): arr 18000 → 1200000.50; renewal_date 2027-01-10 → 2026-12-31",
        "1 customer already in step",
        "crm.csv line 4: skipped, no customer has the CRM id '0018000099NOPE'",
        "updated customers/tallyhq/customer.yaml",
    ]
    tally = (plans / "customers/tallyhq/customer.yaml").read_text(encoding="utf-8")
    assert "\narr: 1200000.50\n" in tally and "\nrenewal_date: 2026-12-31\n" in tally
    changed = {path for path, digest in snapshot(plans).items() if before[path] != digest}
    assert changed == {"customers/tallyhq/customer.yaml"}
    # the same export again: nothing to do, nothing written
    after = snapshot(plans)
    code, out, _ = run(capsys, "import", "accounts", str(crm), "--mapping", "crm-mapping.yaml")
    assert code == 0 and out.endswith("nothing to change\n") and snapshot(plans) == after


def test_the_export_round_trips_through_an_import(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    crm = export_file(plans / "crm.csv", TALLY, HELIX)
    assert run(capsys, "import", "accounts", str(crm), "--mapping", "crm-mapping.yaml")[0] == 0
    code, _, err = run(capsys, "export", "accounts", "--mapping", "crm-mapping.yaml", "-o", "to-crm.csv")
    assert (code, err) == (0, "")
    data = (plans / "to-crm.csv").read_bytes()
    assert data.startswith("\ufeffAccount ID;Account Name;ARR (EUR);Renewal Date;Customer Since;Segment;Account "
                           "Owner;customer;health;health_reason;open_objectives;objectives;last_activity;next_review;"
                           "next_ebr_due\r\n".encode("utf-8"))
    lines = data.decode("utf-8-sig").splitlines()
    tally = next(line for line in lines if line.startswith("0018000010TLHQ;"))
    assert tally.startswith("0018000010TLHQ;TallyHQ;1.200.000,50;31/12/2026;20/05/2025;SMB;Daniel Reyes;tallyhq;")
    assert len(lines) == 1 + 10  # one row per customer, linked or not
    assert sum(1 for line in lines if line.startswith(";")) == 7  # the customers without a CRM id
    # what the CRM gets back reads in here as it went out: nothing changes
    before = snapshot(plans)
    code, out, _ = run(capsys, "import", "accounts", "to-crm.csv", "--mapping", "crm-mapping.yaml")
    unlinked = [n for n, line in enumerate(lines, start=1) if line.startswith(";")]
    assert code == 0 and out == "3 customers already in step\n" + "".join(
        f"to-crm.csv line {n}: skipped, no CRM id\n" for n in unlinked) + "nothing to change\n"
    assert snapshot(plans) == before


def test_every_bad_row_is_named_and_nothing_is_written(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    crm = export_file(plans / "crm.csv",
                      TALLY,
                      "0018000010HLXP;Helix Payments;1,200.50;2026-12-31;;Gold;;x",
                      "0018000010IRBP;Ironbridge;;;;;Someone Else;x",
                      "0018000010TLHQ;TallyHQ again;;;;;;x",
                      ";No id;;;;;;x")
    before = snapshot(plans)
    code, out, err = run(capsys, "import", "accounts", str(crm), "--mapping", "crm-mapping.yaml")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "crm.csv line 3: ARR '1,200.50' is not a number written with ',' for decimals and '.' for thousands; "
        "renewal_date '2026-12-31' is not a date written DD/MM/YYYY (between 1900 and 2999); segment 'Gold' is not "
        "one of strategic, enterprise, mid-market, smb (map the CRM's word to ours under values: segment: in the "
        "mapping file)",
        "crm.csv line 4: csm 'Someone Else' is not a team handle (map the CRM's owner to a handle under values: csm: "
        "in the mapping file)",
        "crm.csv line 5: CRM id '0018000010TLHQ' is also in line 2: one row per account",
        "successplans: 3 bad rows in crm.csv; nothing was written",
    ]
    assert snapshot(plans) == before


def test_a_value_an_edit_would_refuse_needs_force(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    crm = export_file(plans / "crm.csv", "0018000010TLHQ;TallyHQ;;31/12/2036;;;;x")
    before = snapshot(plans)
    code, out, err = run(capsys, "import", "accounts", str(crm), "--mapping", "crm-mapping.yaml")
    assert (code, out) == (1, "") and err.startswith("crm.csv line 2: renewal_date: the renewal date 2036-12-31 is "
                                                     "more than 5 years after today")
    assert snapshot(plans) == before
    code, out, _ = run(capsys, "import", "accounts", str(crm), "--mapping", "crm-mapping.yaml", "--force")
    assert code == 0 and "renewal_date: 2036-12-31" in (plans / "customers/tallyhq/customer.yaml").read_text()


def test_a_csm_the_roster_does_not_list_and_a_future_start_need_force(plans: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(ROOT / "team.yaml", plans / "team.yaml")
    mapping = MAPPING.replace("Maria Okafor: maria.okafor", "Maria Okafor: maria.okafor, Kai Ito: kai.ito")
    (plans / "crm-mapping.yaml").write_text(mapping, encoding="utf-8")
    crm = export_file(plans / "crm.csv", "0018000010TLHQ;TallyHQ;;;;;Kai Ito;x",
                      "0018000010HLXP;Helix Payments;;;01/01/2027;;;x")
    before = snapshot(plans)
    code, out, err = run(capsys, "import", "accounts", str(crm), "--mapping", "crm-mapping.yaml")
    lines = err.splitlines()
    assert (code, out, len(lines)) == (1, "", 3)
    assert lines[0].startswith("crm.csv line 2: csm: ") and "kai.ito" in lines[0] and "team.yaml" in lines[0]
    assert lines[1].startswith("crm.csv line 3: customer_since: customer_since 2027-01-01 is in the future")
    assert lines[2] == "successplans: 2 bad rows in crm.csv; nothing was written"
    assert snapshot(plans) == before
    # the control: with --force both are written, through the same edits
    code, out, _ = run(capsys, "import", "accounts", str(crm), "--mapping", "crm-mapping.yaml", "--force")
    assert code == 0
    assert "\ncsm: kai.ito\n" in (plans / "customers/tallyhq/customer.yaml").read_text(encoding="utf-8")
    assert "\ncustomer_since: 2027-01-01\n" in (plans / "customers/helix-payments/customer.yaml").read_text(
        encoding="utf-8")


def test_a_crm_id_two_customers_hold_matches_neither(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = plans / "customers/northlight-media/customer.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("\nsegment:", "\ncrm_id: 0018000010TLHQ\nsegment:", 1),
                    encoding="utf-8")
    crm = export_file(plans / "crm.csv", TALLY)
    before = snapshot(plans)
    code, out, err = run(capsys, "import", "accounts", str(crm), "--mapping", "crm-mapping.yaml")
    assert (code, out) == (1, "") and snapshot(plans) == before
    assert err.splitlines()[0] == ("crm.csv line 2: CRM id '0018000010TLHQ' is in the files of northlight-media and "
                                   "tallyhq: fix SP008 first")


def test_the_export_says_what_only_the_plans_know(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "export", "accounts")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == ("crm_id,name,arr,renewal_date,customer_since,segment,csm,customer,health,health_reason,"
                        "open_objectives,objectives,last_activity,next_review,next_ebr_due")
    table = list(csv.DictReader(io.StringIO(out)))
    assert [row["customer"] for row in table] == sorted(row["customer"] for row in table) and len(table) == 10
    tally = next(row for row in table if row["customer"] == "tallyhq")
    assert tally == {
        "crm_id": "0018000010TLHQ", "name": "TallyHQ", "arr": "18000", "renewal_date": "2027-01-10",
        "customer_since": "2025-05-20", "segment": "smb", "csm": "daniel.reyes", "customer": "tallyhq",
        "health": "lime", "health_reason": "objective ticket-auto-triage has never been validated with the customer",
        "open_objectives": "2",
        "objectives": "Auto-triage 60% of inbound support tickets (on track); Recover 60% of failed card payments "
                      "instead of 35% (on track)",
        "last_activity": "2026-11-11", "next_review": "2027-02-17",
        "next_ebr_due": "2026-11-11",  # 60 days before the renewal, already late
    }
    iron = next(row for row in table if row["customer"] == "ironbridge-precision")
    assert (iron["health"], iron["health_reason"]) == ("red", "objective supplier-quality-escalations is overdue "
                                                              "(due 2026-10-30)")


def test_a_dry_run_shows_the_plan_diff_and_writes_nothing(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    crm = export_file(plans / "crm.csv", TALLY, "0018000010HLXP;Helix Payments;;;;;Tom Becker;x")
    before = snapshot(plans)
    code, out, err = run(capsys, "import", "accounts", str(crm), "--mapping", "crm-mapping.yaml", "--dry-run")
    assert code == 0 and err.startswith("dry run: nothing was written\n") and snapshot(plans) == before
    assert "### Success plan changes" in out
    assert "#### TallyHQ (`tallyhq`)\n\n- **Changed**:\n  - arr: 18000 → 1200000.5\n  - renewal_date: 2027-01-10 → " \
        "2026-12-31\n- **Problems introduced**: `customers/tallyhq/customer.yaml:6` warning SP108 renewal on " \
        "2026-12-31 (45 days away)" in out
    assert "#### Helix Payments (`helix-payments`)\n\n- **Changed**: csm: daniel.reyes → tom.becker" in out


def test_map_and_options_instead_of_a_mapping_file(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    crm = plans / "plain.csv"
    crm.write_text("id,revenue,renews\n0018000010TLHQ,\"20,000\",2027-02-01\n", encoding="utf-8")
    code, out, _ = run(capsys, "import", "accounts", str(crm), "--map", "id=crm_id,revenue=arr,renews=renewal_date",
                       "--thousands", ",")
    assert code == 0 and out.startswith("tallyhq (line 2): arr 18000 → 20000; renewal_date 2027-01-10 → 2027-02-01")


@pytest.mark.parametrize(("args", "message"), [
    ([], "say which column holds which fact"),
    (["--map", "id=arr"], "map the column holding the CRM's account id to crm_id"),
    (["--map", "id=crm_id,x=revenue"], "--map takes COLUMN=FACT pairs"),
    (["--map", "nope=crm_id"], "row 1 has no column 'nope'"),
    (["--map", "id=crm_id", "--dates", "DD/MM/YY"], "must hold YYYY, MM and DD once each"),
])
def test_what_could_not_run_exits_2(plans: Path, capsys: pytest.CaptureFixture[str], args: list[str],
                                    message: str) -> None:
    (plans / "plain.csv").write_text("id,revenue\n0018000010TLHQ,1\n", encoding="utf-8")
    code, out, err = run(capsys, "import", "accounts", "plain.csv", *args)
    assert (code, out) == (2, "") and message in err


def test_a_control_character_in_a_cell_is_a_bad_row(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    crm = export_file(plans / "crm.csv", "0018000010TLHQ;Tally\u202eHQ;;;;;;x", TALLY.replace("TallyHQ", "TallyHQ Ltd"))
    before = snapshot(plans)
    code, out, err = run(capsys, "import", "accounts", str(crm), "--mapping", "crm-mapping.yaml")
    assert (code, out) == (1, "") and snapshot(plans) == before
    assert err.splitlines()[0] == ("crm.csv line 2: name 'Tally\\u202eHQ' holds the control character U+202E, which "
                                   "the plans never take (it is invisible, and can hide or reorder text)")
