"""The customer-facing view: the review fields of SPEC §9 and vendor people by name."""

from __future__ import annotations

from pathlib import Path

from generator.config import load_config
from generator.portfolio import build_portfolio, resolve_as_of
from generator.view import customer_view

CASES = Path(__file__).parent / "cases"


def test_a_valid_logo_reaches_the_view_and_an_invalid_one_does_not() -> None:
    config = load_config(CASES / "logos" / "mkdocs.yml")
    portfolio = build_portfolio(config, resolve_as_of(config))
    good = customer_view(portfolio.customer("good-logo"), config)  # type: ignore[arg-type]
    assert good.logo is not None and good.logo.startswith(b"\x89PNG")
    jpeg = customer_view(portfolio.customer("jpeg-logo"), config)  # type: ignore[arg-type]
    assert jpeg.logo is not None and jpeg.logo.startswith(b"\xff\xd8")
    text = portfolio.customer("text-logo")
    assert text is not None and text.customer.logo == "logo.png" and text.customer.logo_data is None


def test_review_fields_of_the_demo(repo_root: Path) -> None:
    config = load_config(repo_root / "mkdocs.yml")
    portfolio = build_portfolio(config, resolve_as_of(config))
    views = [customer_view(c, config) for c in portfolio.customers]
    assert any(v.next_review for v in views)
    objectives = [o for v in views for o in v.objectives]
    assert any(o.value_statement for o in objectives) and any(o.asks for o in objectives)
    assert any(o.closed_summary for o in objectives if o.status in ("closed_no_action", "closed_invalid"))
    for view in views:
        handles = {m.email.split("@")[0] for m in view.account_team if m.email}
        assert not {t.owner for o in view.objectives for t in o.tasks} & handles


def test_a_linked_logo_is_reported_once_and_never_read(tmp_path: Path) -> None:
    import shutil

    case = tmp_path / "case"
    shutil.copytree(CASES / "logos", case)
    good = case / "customers" / "good-logo"
    (good / "logo.png").rename(tmp_path / "elsewhere.png")
    (good / "logo.png").symlink_to(tmp_path / "elsewhere.png")
    config = load_config(case / "mkdocs.yml")
    portfolio = build_portfolio(config, resolve_as_of(config))
    found = [(p.code, p.file) for p in portfolio.problems if p.customer == "good-logo"]
    assert ("SP001", "customers/good-logo/logo.png") in found
    assert not [code for code, file in found if code in ("SP009", "SP113") and file.endswith("logo.png")]
    status = portfolio.customer("good-logo")
    assert status is not None and status.customer.logo_data is None


def test_recovery_reaches_the_view_of_customer_objectives_only() -> None:
    config = load_config(Path(__file__).parent / "fixtures" / "leak" / "mkdocs.yml")
    portfolio = build_portfolio(config, resolve_as_of(config))
    acme = portfolio.customer("acme")
    assert acme is not None
    internal = next(o for o in acme.customer.objectives if o.audience == "internal")
    assert internal.recovery == "SENTINEL-INTERNAL-RECOVERY"  # loaded, then filtered out below
    view = customer_view(acme, config)
    assert [o.recovery for o in view.objectives if o.recovery] == [
        "A plant champion joins the weekly rollout call from December"]
