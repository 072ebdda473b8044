"""One resolver of vendor handles to names (SPEC §9, §12): the customer's own account team (handle,
else the e-mail's local part without regard to case), then the roster; customer-facing output then
says "Your <company> team" and never looks at another customer's team, the site shows the handle."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from generator.config import Config
from generator.model import Customer, Objective, Task, TeamMember
from generator.people import People, name_for_customer, team_name
from generator.portfolio import customer_status
from generator.view import customer_view

JANE = TeamMember(role="CSM", name="Jane Doe", email="Jane.Doe@vendor.example")  # no handle: the e-mail says who
KENJI = TeamMember(role="Engineer", name="Kenji Watanabe", email="kw@vendor.example", handle="kenji.watanabe")
ROSTER = {"jane.doe": "Jane Roster-Doe", "lee.park": "Lee Park", "kenji.watanabe": "K. Watanabe"}


def customer(cid: str, *team: TeamMember, csm: str = "jane.doe") -> Customer:
    return Customer(id=cid, name=cid.title(), csm=csm, path=f"customers/{cid}", account_team=team)


def test_the_customers_own_team_by_handle_else_by_the_email_without_regard_to_case() -> None:
    assert team_name("kenji.watanabe", (JANE, KENJI)) == "Kenji Watanabe"
    assert team_name("jane.doe", (JANE, KENJI)) == "Jane Doe"  # Jane.Doe@... is jane.doe
    assert team_name("kw", (JANE, KENJI)) == "Kenji Watanabe"  # a member with a handle is still their e-mail
    assert team_name("someone.else", (JANE, KENJI)) is None
    # a handle wins over another member's e-mail
    impostor = TeamMember(role="Other", name="Not Kenji", email="kenji.watanabe@elsewhere.example")
    assert team_name("kenji.watanabe", (impostor, KENJI)) == "Kenji Watanabe"


def test_then_the_roster_then_the_company_for_a_customer() -> None:
    acme = customer("acme", JANE)
    assert name_for_customer("jane.doe", acme, "Brightwell", ROSTER) == "Jane Doe"  # the team before the roster
    assert name_for_customer("lee.park", acme, "Brightwell", ROSTER) == "Lee Park"
    assert name_for_customer("lee.park", acme, "Brightwell") == "Your Brightwell team"  # no roster
    assert name_for_customer("nobody", acme, "Brightwell", ROSTER) == "Your Brightwell team"
    assert name_for_customer(None, acme, "Brightwell", ROSTER) == "Your Brightwell team"


def test_customer_facing_output_never_looks_at_another_customers_team() -> None:
    # Kenji is named in another customer's team only: this customer's view must not say who he is
    acme = customer("acme", JANE, csm="kenji.watanabe")
    other = customer("other", KENJI)
    objective = Objective(id="o", title="O", status="in_progress", started=dt.date(2026, 1, 1),
                          due=dt.date(2026, 12, 1), tasks=(Task(title="Ship it", owner="kenji.watanabe"),))
    acme = replace(acme, objectives=(objective,))
    config = Config(company_name="Brightwell")
    view = customer_view(customer_status(acme, (), dt.date(2026, 6, 1), config), config)
    assert (view.csm, view.objectives[0].tasks[0].owner) == ("Your Brightwell team", "Your Brightwell team")
    # the internal site may name him from the other customer's team; the control that he is findable
    assert People([acme, other]).name("kenji.watanabe", acme) == "Kenji Watanabe"
    # with a roster the view names him, from the roster
    named = customer_view(customer_status(acme, (), dt.date(2026, 6, 1), config), config, {"kenji.watanabe": "Kenji W."})
    assert (named.csm, named.objectives[0].tasks[0].owner) == ("Kenji W.", "Kenji W.")


def test_the_site_and_the_deck_name_the_same_person() -> None:
    # the two used to disagree: the deck said "Jane Doe", the site "jane.doe"
    acme = customer("acme", JANE)
    config = Config(company_name="Brightwell")
    view = customer_view(customer_status(acme, (), dt.date(2026, 6, 1), config), config)
    assert view.csm == People([acme]).name("jane.doe", acme) == "Jane Doe"


def test_the_site_looks_at_the_roster_then_any_customers_team_then_shows_the_handle() -> None:
    acme, other = customer("acme"), customer("other", KENJI, TeamMember(role="CSM", name="Jane From Other",
                                                                        email="jane.doe@x.example"))
    people = People([acme, other], ROSTER, missing="—")
    assert people.name("lee.park", acme) == "Lee Park"
    assert people.name("jane.doe", acme) == "Jane Roster-Doe"  # the roster before another customer's team
    assert People([acme, other]).name("jane.doe", acme) == "Jane From Other"
    assert people.name("nobody.known", acme) == "nobody.known"
    assert people.name(None) == "—"
