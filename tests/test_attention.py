"""Needs attention: what puts an account on it, and the ranking by exposure (SPEC §12)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from generator.attention import (ATTENTION_CODES, DATA_TO_FIX_CODES, accounts_at_risk, data_to_fix, exposure,
                                 leadership_decisions, renewal_weight)
from generator.config import Config
from generator.model import Activity, Customer, Objective, Risk, Stakeholder, Task
from generator.model import Portfolio
from generator.portfolio import assemble_portfolio, customer_status

A = dt.date(2026, 11, 16)
CONFIG = Config()
SPONSOR = (Stakeholder(id="sam", name="Sam", persona="executive_sponsor"),)
CHECKIN = (Activity(date=A - dt.timedelta(days=3), kind="exec_checkin", title="Check-in", index=0),
           Activity(date=A - dt.timedelta(days=20), kind="ebr", title="EBR", index=1))


def off_track(oid: str = "grow") -> Objective:
    """Orange: 0% done when half the time has gone."""
    return Objective(id=oid, title="Grow", status="in_progress", started=A - dt.timedelta(days=100),
                     due=A + dt.timedelta(days=100), stakeholders=("sam",), last_validated=A,
                     tasks=(Task(title="t", owner="sam"),))


def account(cid: str, *, arr: int | None, renewal_in: int | None, objectives: tuple[Objective, ...] = (),
            risks: tuple[Risk, ...] = (), stakeholders: tuple[Stakeholder, ...] = SPONSOR,
            activities: tuple[Activity, ...] = CHECKIN, segment: str | None = None) -> Customer:
    return Customer(id=cid, name=cid.title(), csm="jane.doe", path=f"customers/{cid}", arr=arr, segment=segment,
                    stakeholders_path=f"customers/{cid}/stakeholders.yaml",
                    renewal_date=None if renewal_in is None else A + dt.timedelta(days=renewal_in),
                    objectives=objectives, risks=risks, stakeholders=stakeholders, activities=activities)


def portfolio(*customers: Customer) -> Portfolio:
    return assemble_portfolio((), (customer_status(c, [], A, CONFIG) for c in customers), A, CONFIG)


def test_equal_health_the_nearer_renewal_ranks_first() -> None:
    """Two orange accounts of the same ARR: the one renewing in 45 days has five times the exposure of
    the one renewing in 424 days, whatever their names or ARR order."""
    far = account("aaa-far", arr=400_000, renewal_in=424, objectives=(off_track(),))
    near = account("zzz-near", arr=300_000, renewal_in=45, objectives=(off_track(),))
    p = portfolio(far, near)
    assert {c.health.color for c in p.customers} == {"orange"}
    ranked = accounts_at_risk(p)
    assert [a.id for a in ranked] == ["zzz-near", "aaa-far"]
    assert [a.exposure for a in ranked] == [Fraction(300_000 * 6, 10), Fraction(400_000 * 6 * 2, 100)]
    # control: without the renewal weight the larger ARR would lead
    far_soon = account("aaa-far", arr=400_000, renewal_in=60, objectives=(off_track(),))
    assert [a.id for a in accounts_at_risk(portfolio(far_soon, near))] == ["aaa-far", "zzz-near"]


def test_ties_go_to_the_nearer_renewal_then_the_customer_id() -> None:
    a = account("b-later", arr=100, renewal_in=30, objectives=(off_track(),))
    b = account("a-sooner", arr=100, renewal_in=20, objectives=(off_track(),))
    c = account("c-same", arr=100, renewal_in=20, objectives=(off_track(),))
    none = account("a-none", arr=0, renewal_in=None, objectives=(off_track(),))
    assert [x.id for x in accounts_at_risk(portfolio(a, b, c, none))] == ["a-sooner", "c-same", "b-later", "a-none"]


def test_weights() -> None:
    assert [renewal_weight(d) for d in (0, 90, 91, 180, 181, None, -1)] == [1, 1, Fraction(1, 2), Fraction(1, 2),
                                                                            Fraction(1, 5), Fraction(1, 5),
                                                                            Fraction(1, 5)]
    red = portfolio(account("r", arr=1000, renewal_in=10, risks=(Risk(
        id="x", title="X", kind="renewal", severity="high", status="open", opened=A, escalation="executive"),)))
    assert exposure(red.customers[0]) == 1000


def test_account_problems_put_an_account_on_the_list() -> None:
    """No sponsor, no EBR before a renewal, no executive check-in: an account that is otherwise
    green is listed with those reasons (and a file problem is not)."""
    bare = account("bare", arr=50_000, renewal_in=55, stakeholders=(), activities=(
        Activity(date=A - dt.timedelta(days=2), kind="call", title="Call", index=0),))
    fine = account("fine", arr=50_000, renewal_in=300)
    p = portfolio(bare, fine)
    ranked = accounts_at_risk(p)
    assert [a.id for a in ranked] == ["bare"]
    codes = [x.problem.code for x in ranked[0].actions if x.problem is not None]
    assert sorted(codes) == ["SP107", "SP108", "SP109"]
    assert {x.kind for x in ranked[0].actions} == {"problem", "renewal"}
    assert data_to_fix(p) == ()  # account problems are not data to fix


def test_the_lists_of_codes_are_apart_and_known() -> None:
    from generator import rules

    documented = {d.code for d in rules.documentation()}
    assert not set(ATTENTION_CODES) & set(DATA_TO_FIX_CODES)
    assert set(ATTENTION_CODES) <= documented
    assert {"SP106", "SP111", "SP112", "SP113"} <= set(DATA_TO_FIX_CODES)


def test_decisions_for_leadership_are_executive_escalations_and_asks() -> None:
    ask = Objective(id="grow", title="Grow", status="in_progress", started=A - dt.timedelta(days=10),
                    due=A + dt.timedelta(days=100), stakeholders=("sam",), last_validated=A,
                    asks=("Approve the pilot budget", "Approve the pilot budget"))
    risks = (Risk(id="esc", title="Budget freeze", kind="company", severity="medium", status="open", opened=A,
                  escalation="executive"),
             Risk(id="mgr", title="Staffing", kind="adoption", severity="high", status="open", opened=A,
                  escalation="manager"))
    p = portfolio(account("acme", arr=10, renewal_in=400, objectives=(ask,), risks=risks, segment="smb"))
    decisions = leadership_decisions(p)
    assert [(d.kind, d.text) for d in decisions] == [("risk", "Budget freeze"), ("ask", "Approve the pilot budget")]
    assert leadership_decisions(p, segment="enterprise") == ()
