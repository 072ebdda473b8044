"""`successplans serve` updates page by page: each edit shows on its pages, and every page served
equals the page a fresh full build writes for the same files (search index aside)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import stop_process_group

import datetime as dt

from generator.config import load_config
from generator.portfolio import LivePortfolio, build_portfolio
from generator.site.preview import cross_page_features
from generator.site.present import md_escape
from tests.site_fixtures import copy_demo_project
from tests.test_site_serve import free_port

LIMIT = 60.0
KEEP = ("helix-payments", "tallyhq", "northwind-freight", "city-of-lakeport")  # a small portfolio is enough
LIVERELOAD = re.compile(rb"<script>[^<]*livereload[^<]*</script>(?=</body>)")

NB_DATE = md_escape("2026-10-05")  # as pages print it: hyphens that do not break


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""


def wait_for(url: str, accept: Callable[[int, str], bool], what: str) -> str:
    deadline = time.monotonic() + LIMIT
    while time.monotonic() < deadline:
        try:
            status, body = get(url)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            status, body = 0, b""
        if status and accept(status, body.decode("utf-8")):
            return body.decode("utf-8")
        time.sleep(0.2)
    raise AssertionError(f"{what}: not seen at {url} within {LIMIT:.0f} s")


@contextmanager
def started_preview(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """`successplans serve` on four customers of the demo, in a process of its own (this environment)."""
    root = tmp_path / "plans"
    root.mkdir()
    mkdocs_yml = copy_demo_project(root)
    for folder in (root / "customers").iterdir():
        if folder.name not in KEEP:
            shutil.rmtree(folder)
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    # the same site_url for both: the canonical links of the build then match the preview's
    text = mkdocs_yml.read_text(encoding="utf-8")
    mkdocs_yml.write_text(text.replace("site_description:", f"site_url: {url}\nsite_description:", 1),
                          encoding="utf-8")
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                            cwd=root, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        yield url, root
    finally:
        stop_process_group(proc)
        log.close()


@pytest.fixture()
def preview(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    with started_preview(tmp_path) as started:
        yield started


def full_build(root: Path, out: Path) -> Path:
    if out.exists():
        shutil.rmtree(out)
    subprocess.run([sys.executable, "-m", "generator", "build", "--no-decks", "--site-dir", str(out)], cwd=root,
                   check=True, capture_output=True)
    return out


def assert_same_as_build(url: str, built: Path) -> int:
    """Every page of the build, fetched from the preview, is the same bytes (live-reload script aside)."""
    pages = 0
    for html in sorted(built.rglob("*.html")):
        rel = html.relative_to(built).as_posix()
        if rel == "404.html":
            continue
        status, body = get(url + (rel.removesuffix("index.html")))
        assert status == 200, rel
        assert LIVERELOAD.sub(b"", body) == html.read_bytes(), f"{rel} differs from the full build"
        pages += 1
    return pages


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_edits_show_on_their_pages_and_equal_a_full_build(preview: tuple[str, Path], tmp_path: Path) -> None:
    url, root = preview
    customers = root / "customers"
    wait_for(url, lambda s, html: "· 4 customers ·" in html, "the dashboard")
    helix, tally = url + "customers/helix-payments/", url + "customers/tallyhq/"
    wait_for(helix, lambda s, html: "Helix Payments" in html, "a customer page")

    # an objective
    replace_in(customers / "helix-payments" / "objectives" / "chargeback-resolution-time.md",
               "title: Resolve chargeback disputes in 5 days instead of 14",
               "title: Resolve chargeback disputes in 4 days, edited while serving")
    wait_for(helix, lambda s, html: "in 4 days, edited while serving" in html, "the objective's new title")

    # a stakeholder
    replace_in(customers / "tallyhq" / "stakeholders.yaml", "name: Chloe Bennett", "name: Chloe Bennett-Ruiz")
    wait_for(tally, lambda s, html: "Chloe Bennett-Ruiz" in html, "the stakeholder's new name")

    # an activity entry (an executive check-in on the as-of date)
    activity = customers / "tallyhq" / "activity" / "2026-11-16-check-logged-serving-0c0ffe.yaml"
    activity.write_text("date: 2026-11-16\nkind: exec_checkin\ntitle: Check-in logged while serving\n"
                        "attendees: [nate-simmons]\n", encoding="utf-8")
    wait_for(tally, lambda s, html: "Check-in logged while serving" in html, "the new activity entry")
    assert assert_same_as_build(url, full_build(root, tmp_path / "built-1")) >= 10

    # a new customer: its page, the dashboard's count and the index
    shutil.copytree(customers / "tallyhq", customers / "acme-preview")
    replace_in(customers / "acme-preview" / "customer.yaml", "name: TallyHQ", "name: Acme Preview Corp")
    wait_for(url + "customers/acme-preview/", lambda s, html: s == 200 and "Acme Preview Corp" in html,
             "the new customer's page")
    wait_for(url, lambda s, html: "· 5 customers ·" in html, "the dashboard counting the new customer")
    wait_for(url + "customers/", lambda s, html: "Acme Preview Corp" in html, "the new customer in the index")

    # a customer deleted: its page is gone, and so is every mention of it
    shutil.rmtree(customers / "northwind-freight")
    wait_for(url + "customers/northwind-freight/", lambda s, html: s == 404, "the deleted customer's page gone")
    dashboard = wait_for(url, lambda s, html: "· 4 customers ·" in html, "the dashboard without it")
    assert "Northwind" not in dashboard
    assert "Northwind" not in wait_for(url + "customers/", lambda s, html: s == 200, "the index")
    built = full_build(root, tmp_path / "built-2")
    assert not (built / "customers" / "northwind-freight").exists()
    assert assert_same_as_build(url, built) >= 10


def test_a_failed_update_shows_its_traceback_in_the_browser_until_fixed(preview: tuple[str, Path],
                                                                        tmp_path: Path) -> None:
    url, root = preview
    helix = url + "customers/helix-payments/"
    wait_for(helix, lambda s, html: "Helix Payments" in html, "a customer page")
    mkdocs_yml = root / "mkdocs.yml"
    good = mkdocs_yml.read_text(encoding="utf-8")
    # a setting of ours that is wrong: the message says everything, no traceback
    mkdocs_yml.write_text(good.replace("  - successplans:\n", "  - successplans:\n      no_such_option: 1\n", 1),
                          encoding="utf-8")
    page = wait_for(helix, lambda s, html: "The preview could not be updated" in html, "the error in the browser")
    assert "unknown option &#x27;no_such_option&#x27;" in page and "Traceback" not in page
    assert "livereload" in page  # it reloads by itself once fixed
    mkdocs_yml.write_text(good, encoding="utf-8")
    wait_for(helix, lambda s, html: "Helix Payments" in html and "could not be updated" not in html,
             "the page again once fixed")
    # a failure inside MkDocs: its own messages and the traceback, in the browser and in the log
    assert "name: material" in good
    mkdocs_yml.write_text(good.replace("name: material", "name: no-such-theme", 1), encoding="utf-8")
    page = wait_for(helix, lambda s, html: "The preview could not be updated" in html, "the error in the browser")
    assert "Traceback (most recent call last)" in page and "no-such-theme" in page
    assert "Traceback (most recent call last)" in (tmp_path / "serve.log").read_text(encoding="utf-8")
    mkdocs_yml.write_text(good, encoding="utf-8")
    wait_for(helix, lambda s, html: "Helix Payments" in html and "could not be updated" not in html,
             "the page again once fixed")


def test_a_site_served_whole_is_handed_the_as_of_date(tmp_path: Path) -> None:
    mkdocs_yml = copy_demo_project(tmp_path)
    for folder in (tmp_path / "customers").iterdir():
        if folder.name not in KEEP:
            shutil.rmtree(folder)
    text = mkdocs_yml.read_text(encoding="utf-8")
    mkdocs_yml.write_text(text.replace("  - tags\n", "  - tags\n  - offline\n", 1), encoding="utf-8")
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{port}",
                             "--as-of", "2026-10-05"], cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_for(url, lambda s, html: f"As of <strong>{NB_DATE}</strong>" in html, "the dashboard as of the date given")
        replace_in(tmp_path / "customers" / "tallyhq" / "customer.yaml", "name: TallyHQ", "name: TallyHQ Served Whole")
        # the offline plugin turns directory URLs off: customers/tallyhq.html
        wait_for(url + "customers/tallyhq.html", lambda s, html: "TallyHQ Served Whole" in html and NB_DATE in html,
                 "a change, rebuilt whole, still as of that date")
    finally:
        stop_process_group(proc)
        log.close()
    assert "each change rebuilds the whole site" in (tmp_path / "serve.log").read_text(encoding="utf-8")


def test_pages_that_depend_on_other_pages_are_left_to_full_rebuilds(tmp_path: Path) -> None:
    mkdocs_yml = copy_demo_project(tmp_path)
    assert cross_page_features(mkdocs_yml, {}) == []  # search, tags and ours: page by page
    (tmp_path / "docs" / "tags.md").write_text("# Tags\n\n<!-- material/tags -->\n", encoding="utf-8")
    assert cross_page_features(mkdocs_yml, {}) == ["the tags listing in tags.md"]
    (tmp_path / "docs" / "tags.md").unlink()
    text = mkdocs_yml.read_text(encoding="utf-8")
    mkdocs_yml.write_text(text.replace("  - tags\n", "  - tags\n  - offline\n", 1), encoding="utf-8")
    assert cross_page_features(mkdocs_yml, {}) == ["the material/offline plugin"]


def test_a_live_portfolio_reloads_only_what_changed_and_equals_a_fresh_load(tmp_path: Path) -> None:
    mkdocs_yml = copy_demo_project(tmp_path)
    config = load_config(mkdocs_yml)
    day = dt.date(2026, 11, 16)
    live = LivePortfolio(config, day)
    first, loaded = live.refresh()
    assert first == build_portfolio(config, day, history=True) and len(loaded) == 10
    customers = tmp_path / "customers"
    replace_in(customers / "tallyhq" / "stakeholders.yaml", "name: Chloe Bennett", "name: Chloe Bennett-Ruiz")
    shutil.rmtree(customers / "northwind-freight")
    shutil.copytree(customers / "tallyhq", customers / "acme-preview")
    now, loaded = live.refresh({"tallyhq", "northwind-freight"})
    assert loaded == {"tallyhq", "acme-preview"}  # a folder it has not seen is loaded without being named
    assert now == build_portfolio(config, day, history=True)
    assert {c.id for c in now.customers} == {c.id for c in first.customers} - {"northwind-freight"} | {"acme-preview"}
    kept = {c.id: c for c in first.customers}
    assert all(c is kept[c.id] for c in now.customers if c.id not in loaded)  # the others are reused as they were


def test_a_customer_that_did_not_change_keeps_its_health_history(tmp_path: Path) -> None:
    from generator.site.context import SiteOptions
    from generator.site.pages import plan

    project = copy_demo_project(tmp_path)
    config = load_config(project)
    live = LivePortfolio(config, dt.date(2026, 11, 16))
    before, _ = live.refresh()
    assert all(c.timeline is not None for c in before.customers)  # computed beside each status
    dashboard = plan(before, config, SiteOptions())[0].make()

    helix = project.parent / "customers" / "helix-payments" / "customer.yaml"
    helix.write_text(helix.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    after, loaded = live.refresh({"helix-payments"})
    assert loaded == {"helix-payments"}
    first = {c.id: c.timeline for c in before.customers}
    again = {c.id: c.timeline for c in after.customers}
    assert [cid for cid in again if again[cid] is not first[cid]] == ["helix-payments"]  # only it recomputed
    assert again["helix-payments"] == first["helix-payments"]  # a blank line changes nothing
    assert plan(after, config, SiteOptions())[0].make() == dashboard


@pytest.mark.parametrize("notifications", ["system", "polling"])
def test_the_watcher_reports_writes_not_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              notifications: str) -> None:
    import types

    import watchdog.observers

    from generator.site.preview import PreviewServer

    if notifications == "polling":  # the system's notifications cannot start (e.g. its watch limit reached)
        class Refusing(watchdog.observers.Observer):  # type: ignore[misc,valid-type]
            def start(self) -> None:
                raise OSError(28, "inotify watch limit reached")

        monkeypatch.setattr(watchdog.observers, "Observer", Refusing)
    watched = tmp_path / "customers"
    watched.mkdir()
    plan_file = watched / "plan.yaml"
    plan_file.write_text("a: 1\n", encoding="utf-8")
    site = types.SimpleNamespace(site_dir=tmp_path / "site")
    server = PreviewServer(site, host="127.0.0.1", port=free_port())  # type: ignore[arg-type]
    server.watch(str(watched))
    server.start_watching()
    try:
        kind = type(server.observer).__name__
        assert (kind == "PollingObserver") == (notifications == "polling"), kind
        time.sleep(1.2)
        for _ in range(5):
            plan_file.read_text(encoding="utf-8")  # the preview reads every file it loads
        time.sleep(1.2)
        assert server._changed == set()
        plan_file.write_text("a: 2\n", encoding="utf-8")
        deadline = time.monotonic() + 5
        while not server._changed and time.monotonic() < deadline:
            time.sleep(0.05)
        assert str(plan_file) in server._changed
    finally:
        server.observer.stop()
        server.observer.join()
        server.server_close()


# --- long listings, the background's budget, watching from the start ---------------------------


def test_a_long_listing_serves_its_rows_and_they_follow_edits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    monkeypatch.setenv("SUCCESSPLANS_TABLE_ROWS", "2")  # the preview and the builds below alike
    with started_preview(tmp_path) as (url, root):
        rows = url + "assets/successplans/tables/customers.json"
        wait_for(url, lambda s, html: "· 4 customers ·" in html, "the dashboard")
        index = wait_for(url + "customers/", lambda s, html: s == 200, "the customers index")
        assert 'data-sp-table="../assets/successplans/tables/customers.json"' in index and "Helix Payments" not in index
        data = json.loads(wait_for(rows, lambda s, body: s == 200, "the customers' rows"))
        assert len(data["rows"]) == 4 and any("Helix Payments" in r[0] for r in data["rows"])
        replace_in(root / "customers" / "helix-payments" / "customer.yaml", "name: Helix Payments",
                   "name: Helix Payments Renamed")
        wait_for(rows, lambda s, body: "Helix Payments Renamed" in body, "the renamed customer in the rows")
        built = full_build(root, tmp_path / "built")
        assert get(rows)[1] == (built / "assets/successplans/tables/customers.json").read_bytes()
        assert get(url + "assets/successplans/tables/objectives.json")[1] == \
            (built / "assets/successplans/tables/objectives.json").read_bytes()
        assert assert_same_as_build(url, built) >= 10


def test_the_background_makes_pages_unlocked_and_leaves_long_ones_until_asked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.site import preview as live

    monkeypatch.setattr(live, "BACKGROUND_CHARS", 4000)
    (tmp_path / "plans").mkdir()
    site = live.PreviewSite(copy_demo_project(tmp_path / "plans"), tmp_path / "site", "http://127.0.0.1:8000/")
    site.load()
    unlocked = []
    while site._queue or site._search_dirty:
        with site._work:
            job = site._background_step()
        if job is not None:
            assert not site.lock._is_owned()  # type: ignore[attr-defined]  # made without the lock
            unlocked.append(job[0].src_uri)
            site._make_unlocked(*job)
    assert not site.unchecked and len(unlocked) >= len(site.plans) - 10  # all made; some made at load (titles)
    long = {uri for uri in site.plans if len(site._file(uri).content_string) > 4000}
    assert long and long.isdisjoint(site.fresh)
    assert site.fresh == set(site.plans) - long
    site.prepare("customers/ironbridge-precision/")  # asked for: rendered whatever its length
    assert "customers/ironbridge-precision.md" in long and "customers/ironbridge-precision.md" in site.fresh
    assert (tmp_path / "site" / "customers" / "ironbridge-precision" / "index.html").is_file()


def test_what_is_watched_is_known_before_the_customers_load(tmp_path: Path) -> None:
    from generator.site.preview import watched_paths

    (tmp_path / "plans").mkdir()
    mkdocs_yml = copy_demo_project(tmp_path / "plans")
    root = mkdocs_yml.parent.resolve()
    assert {root / "customers", root / "mkdocs.yml", root / "docs"} <= set(watched_paths(mkdocs_yml))


def test_a_live_portfolio_reads_only_the_changed_customers_crm_ids(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import portfolio as live_module

    mkdocs_yml = copy_demo_project(tmp_path)
    config = load_config(mkdocs_yml)
    day = dt.date(2026, 11, 16)
    live = LivePortfolio(config, day)
    live.refresh()
    read: list[str] = []
    real = live_module.crm_ids
    monkeypatch.setattr(live_module, "crm_ids", lambda c, folders, files=None: real(
        c, [read.append(Path(f).name) or f for f in folders], files))  # type: ignore[func-returns-value]
    customers = tmp_path / "customers"
    texts = {name: (customers / name / "customer.yaml").read_text(encoding="utf-8")
             for name in ("helix-payments", "tallyhq")}
    steps = [("helix-payments", "crm_id: 006A000001\n"),  # helix gets a CRM id
             ("tallyhq", "crm_id: 006A000001\n"),  # tallyhq repeats it: SP008 on tallyhq, the later id
             ("tallyhq", "")]  # and gives it back
    for name, extra in steps:
        read.clear()
        (customers / name / "customer.yaml").write_text(texts[name] + extra, encoding="utf-8")
        now, _ = live.refresh({name})
        assert read == [name]
        assert now == build_portfolio(config, day, history=True), name
        repeated = {c.id for c in now.customers for p in c.problems if p.code == "SP008"}
        assert repeated == ({"tallyhq"} if name == "tallyhq" and extra else set())
