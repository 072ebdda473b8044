"""Deterministic synthetic portfolio for benchmarks.

    python bench/synth.py OUT_DIR [--customers 1000] [--seed 7] [--activity file|folder]

Writes OUT_DIR/mkdocs.yml and OUT_DIR/customers/<id>/... : per customer 5 objectives, 5
stakeholders, 40 activity entries and 1 risk, valid data with a realistic share of warnings, the
plugin listed beside `search` with `as_of` set. The activity log is activity.yaml (`file`, the
default) or one file per entry in activity/ (`folder`). The same arguments always give the same
bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from pathlib import Path

AS_OF = dt.date(2026, 11, 16)
PERSONAS = ["executive_sponsor", "economic_buyer", "key_influencer", "adoption_champion", "admin", "end_user"]
RISK_KINDS = ["renewal", "adoption", "deployment", "sentiment", "support", "product"]
KINDS = ["meeting", "call", "email", "update", "strategy_session", "exec_checkin", "milestone", "note", "ebr"]
SEGMENTS = ["strategic", "enterprise", "mid-market", "smb"]
FIRST = ["Ana", "Ben", "Chen", "Dana", "Eli", "Fatima", "Gus", "Hana", "Ivan", "Jo", "Kai", "Lena", "Mo", "Nia"]
LAST = ["Okafor", "Berg", "Silva", "Novak", "Ito", "Moreau", "Kowalski", "Haddad", "Reyes", "Larsen"]
WORDS = ["Northwind", "Bluepeak", "Cobalt", "Harbor", "Juniper", "Keystone", "Lumen", "Meridian", "Orchard",
         "Pinnacle", "Quarry", "Redwood", "Summit", "Tidewater", "Vantage", "Willow"]
METRICS = [("cycle time", "days", 12, 6), ("adoption", "%", 20, 80), ("tickets per week", "tickets", 140, 60),
           ("automated workflows", "workflows", 5, 60), ("report latency", "hours", 24, 2)]
MKDOCS = """site_name: Synthetic portfolio
docs_dir: docs
theme:
  name: material
  font: false
plugins:
  - search
  - successplans:
      company_name: Brightwell Software
      as_of: {as_of}
"""


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def write_customer(root: Path, index: int, rng: random.Random, activity: str = "file") -> None:
    cid = f"customer-{index:05d}"
    folder = root / cid
    (folder / "objectives").mkdir(parents=True)
    name = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {index}"
    csm = f"csm.{index % 25:02d}"
    since = _day(rng, dt.date(2021, 1, 1), dt.date(2025, 12, 31))
    renewal = _day(rng, AS_OF - dt.timedelta(days=20), AS_OF + dt.timedelta(days=365))
    (folder / "customer.yaml").write_text(
        f"name: {name}\ncsm: {csm}\nsegment: {rng.choice(SEGMENTS)}\ncustomer_since: {since}\n"
        f"renewal_date: {renewal}\narr: {rng.randint(10, 1500) * 1000}\nlifecycle_stage: adoption\n"
        "account_team:\n  - role: CSM\n    name: Sam Rivera\n    email: sam.rivera@brightwell.example\n"
        f"crm_url: https://crm.brightwell.example/accounts/{index}\ntags: [synthetic, region-{index % 5}]\n"
        "scorecard:\n"
        f"  - date: {AS_OF - dt.timedelta(days=30)}\n    measure: habits\n    color: {rng.choice(['green', 'lime', 'yellow'])}\n",
        encoding="utf-8")
    people = []
    lines = []
    for p in range(5):
        pid = f"person-{p}"
        people.append(pid)
        lines.append(f"- id: {pid}\n  name: {rng.choice(FIRST)} {rng.choice(LAST)}\n  title: Director {p}\n"
                     f"  persona: {PERSONAS[p]}\n  email: {pid}@customer{index}.example\n")
    (folder / "stakeholders.yaml").write_text("".join(lines), encoding="utf-8")
    objectives = []
    for o in range(5):
        oid = f"objective-{o}"
        started = _day(rng, AS_OF - dt.timedelta(days=330), AS_OF - dt.timedelta(days=30))
        due = started + dt.timedelta(days=rng.randint(240, 540))
        metric_name, unit, baseline, target = METRICS[o % len(METRICS)]
        status = rng.choice(["in_progress", "in_progress", "new", "closed_success"])
        closed = ""
        if status == "closed_success":
            closed = f"closed:\n  date: {min(AS_OF, due)}\n  confirmed_by: person-0\n"
        validated = _day(rng, AS_OF - dt.timedelta(days=110), AS_OF)
        text = (f"---\ntitle: Improve {metric_name} from {baseline} to {target} {unit}\nstatus: {status}\n"
                f"priority: {o + 1}\nstarted: {started}\ndue: {due}\nstakeholders: [person-0, person-{1 + o % 4}]\n"
                f"metric:\n  name: {metric_name}\n  unit: \"{unit}\"\n  baseline: {baseline}\n  target: {target}\n"
                f"last_validated: {validated}\nvalidated_by: person-0\nvalue_usd: {rng.randint(1, 50) * 10000}\n"
                f"{closed}---\n\n## Why it matters\n\nSynthetic objective {o} of customer {index}.\n")
        (folder / "objectives" / f"{oid}.md").write_text(text, encoding="utf-8")
        objectives.append((oid, baseline, target))
    (folder / "risks").mkdir()
    severity = rng.choice(["low", "medium", "high"])
    opened = _day(rng, AS_OF - dt.timedelta(days=120), AS_OF - dt.timedelta(days=5))
    (folder / "risks" / "adoption-stalled.md").write_text(
        f"---\ntitle: Adoption stalled in the second region\nkind: {rng.choice(RISK_KINDS)}\nseverity: {severity}\n"
        f"status: {rng.choice(['open', 'open', 'mitigated'])}\nopened: {opened}\n"
        f"escalation: {'manager' if severity == 'high' else 'none'}\nowner: {csm}\n"
        f"objectives: [{objectives[0][0]}]\n---\n\n- {opened}: Usage flat for four weeks; champion on leave.\n"
        f"- {opened + dt.timedelta(days=4)}: Agreed a recovery call with the sponsor.\n", encoding="utf-8")
    entries = []
    for a in range(40):
        day = _day(rng, AS_OF - dt.timedelta(days=360), AS_OF)
        oid, baseline, target = rng.choice(objectives)
        value = baseline + (target - baseline) * rng.random()
        entries.append((day, a,
                        f"- date: {day}\n  kind: {rng.choice(KINDS)}\n  title: Working session {a} with the team\n"
                        f"  objectives: [{oid}]\n  readings:\n    {oid}: {value:.1f}\n"
                        f"  attendees: [{rng.choice(people)}, {rng.choice(people)}]\n  author: {csm}\n"
                        + ("  internal: true\n  notes: Internal remark.\n" if a % 7 == 0 else "")))
    entries.sort()
    if activity == "file":
        (folder / "activity.yaml").write_text("".join(e for _, _, e in entries), encoding="utf-8")
        return
    (folder / "activity").mkdir()
    for day, a, entry in entries:  # as `successplans log` names them; the digits from the seeded generator
        text = "".join(line[2:] + "\n" for line in entry.splitlines())
        name = f"{day}-working-session-{a}-team-{rng.getrandbits(24):06x}.yaml"
        (folder / "activity" / name).write_text(text, encoding="utf-8")


def generate(out: Path, customers: int, seed: int = 7, activity: str = "file") -> Path:
    if out.exists():
        shutil.rmtree(out)
    (out / "docs").mkdir(parents=True)
    (out / "mkdocs.yml").write_text(MKDOCS.format(as_of=AS_OF.isoformat()), encoding="utf-8")
    root = out / "customers"
    rng = random.Random(seed)
    for index in range(customers):
        write_customer(root, index, rng, activity)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--customers", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--activity", choices=["file", "folder"], default="file",
                        help="activity.yaml, or one file per entry in activity/")
    args = parser.parse_args()
    generate(args.out, args.customers, args.seed, args.activity)
    print(f"wrote {args.customers} customers to {args.out}/customers")


if __name__ == "__main__":
    main()
