"""EBR decks and digests: numbers read back, rendered by LibreOffice, structurally valid,
reproducible, and never carrying anything outside the customer-facing allowlist."""

from __future__ import annotations

import dataclasses
import datetime as dt
import email
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation

from generator import digest, wording
from generator.config import Config, load_config
from generator.deck import build_decks, deck_bytes
from generator.deck import story
from generator.deck.story import is_measured, since_last_review
from generator.deck.template import DEFAULT_TEMPLATE, build_default, open_template, template_path
from generator.errors import ConfigError
from generator.model import Portfolio
from generator.portfolio import build_portfolio, resolve_as_of
from generator.view import CustomerView, customer_view

LEAK = Path(__file__).parent / "fixtures" / "leak"
STRESS = Path(__file__).parent / "fixtures" / "stress"
SENTINELS = [
    "987654321", "SENTINEL-CRM", "SENTINEL-STAGE", "sentinel-tag", "SENTINEL-MEASURE", "SENTINEL-SCORENOTE",
    "SENTINEL-XCUSTOMER", "sentinel.csm", "sentinel-email", "SENTINEL-LOCATION", "SENTINEL-XPERSON",
    "sentinel.author", "SENTINEL-NOTES", "SENTINEL-XACTIVITY", "SENTINEL-INTERNAL-ACTIVITY",
    "SENTINEL-INTERNAL-NOTES", "31337", "123456789", "SENTINEL-XOBJECTIVE", "SENTINEL-BODY", "SENTINEL-EVIDENCE",
    "SENTINEL-INTERNAL-OBJECTIVE", "SENTINEL-INTERNAL-METRIC", "SENTINEL-RISK", "SENTINEL-OTHER", "55555",
    "2011-11-11", "SP10", "health", "SENTINEL-INTERNAL-VALUE", "SENTINEL-INTERNAL-ASK", "SENTINEL-INTERNAL-RECOVERY",
    "sentinel.handle",
]


def views(portfolio: Portfolio, config: Config) -> dict[str, CustomerView]:
    return {c.id: customer_view(c, config) for c in portfolio.customers}


@pytest.fixture(scope="module")
def demo_views(demo_portfolio: Portfolio, demo_config: Config) -> dict[str, CustomerView]:
    return views(demo_portfolio, demo_config)


@pytest.fixture(scope="module")
def demo_decks(tmp_path_factory: pytest.TempPathFactory, demo_portfolio: Portfolio,
               demo_config: Config) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("decks")
    paths = build_decks(demo_portfolio, demo_config, out / "decks", cache_dir=out / "cache", workers=2)
    return {p.stem: p for p in paths}


def slide_texts(path: Path) -> list[list[str]]:
    prs = Presentation(str(path))
    return [[shape.text_frame.text for shape in slide.shapes if shape.has_text_frame] for slide in prs.slides]


def every_part(data: bytes) -> str:
    """Every part of an Office file as text, nested workbooks included."""
    texts = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            body = archive.read(name)
            if name.endswith(".xlsx"):
                texts.append(every_part(body))
            else:
                texts.append(body.decode("utf-8", "replace"))
    return "\n".join(texts)


# --- the numbers ------------------------------------------------------------------------------


def test_every_demo_customer_gets_a_deck(demo_decks: dict[str, Path], demo_portfolio: Portfolio) -> None:
    assert sorted(demo_decks) == sorted(c.id for c in demo_portfolio.customers)


def titles_of(path: Path) -> list[str]:
    return [slide.shapes.title.text_frame.text for slide in Presentation(str(path)).slides]


def test_slide_titles_follow_the_revised_storyline(demo_decks: dict[str, Path],
                                                   demo_views: dict[str, CustomerView]) -> None:
    """Title, summary, priorities right after it, value, one slide per measured objective (titled by
    it), since the last review, next steps, and the team as the appendix; no glance table, no asks
    slide and no second next-steps slide."""
    for cid, path in demo_decks.items():
        view = demo_views[cid]
        titles = [re.sub(r" \(\d+\sof\s\d+\)$| \(continued\)$", "", t) for t in titles_of(path)]
        assert titles[0] == view.name
        assert titles[1] == "Executive summary"
        first = titles.index("Are these still your priorities?")
        assert titles[first - 1] == "Executive summary"
        measured = [o.title for o in view.objectives if is_measured(o)]
        assert [t for t in titles if t in {o.title for o in view.objectives}] == [
            t for i, t in enumerate(measured) if t not in measured[:i]] or measured == []
        window = since_last_review(view)
        assert all(not t.startswith(("Since our last review", "Since the plan began")) or t == window.heading
                   for t in titles)
        assert titles[-1] == "Appendix: team and contacts"
        assert titles.count("Next steps") >= 1 and "Next 90 days" not in titles
        assert not {"Your objectives at a glance", "What we need from you", "Agenda"} & set(titles)


def summary_text(path: Path) -> list[str]:
    """The paragraphs of the executive summary, over all its slides."""
    paragraphs = []
    for slide in Presentation(str(path)).slides:
        if slide.shapes.title.text_frame.text.startswith("Executive summary"):
            for shape in slide.placeholders:
                if shape.placeholder_format.idx != 0 and shape.has_text_frame:
                    paragraphs += [p.text for p in shape.text_frame.paragraphs]
    return paragraphs


def test_summary_opens_with_the_headline_and_says_each_fact_once(demo_decks: dict[str, Path],
                                                                 demo_views: dict[str, CustomerView]) -> None:
    for cid, path in demo_decks.items():
        view = demo_views[cid]
        paragraphs = summary_text(path)
        text = "\n".join(paragraphs)
        assert paragraphs[0] == story.headline(view)
        for o in view.objectives:
            if o.is_open:
                line = next(p for p in paragraphs if p.startswith(o.title + " — "))
                recovery = story.recovery(o)
                assert (recovery is not None) == story.is_behind(o)
                expected = f"{o.title} — {story.status_word(o)}: {story.measure(o)}"
                if recovery:
                    expected += f". Recovery: {o.recovery}" if o.recovery else f". {recovery}"
                assert line == expected
        for ask in story.merged_asks(view):
            assert text.count(ask) == 1
        assert "…" not in text


def six_objectives(view: CustomerView) -> CustomerView:
    """A customer with six open objectives titled as long as the demo's usually are, two of them
    behind plan (one with its recovery), three asks, a win and a next review."""
    model = next(o for o in view.objectives if o.is_open and o.metric is not None and o.readings)
    won = next(o for o in view.objectives if o.status == "closed_success")
    plan = [("Cut freight invoice processing time from 9 days to 3", "on_track", None, ()),
            ("Resolve chargeback disputes in 5 days instead of 14", "off_track",
             "Two analysts join the disputes desk in December", ("Decide who receives the deadline alerts",)),
            ("Process new student enrollments in 2 days instead of 7", "at_risk", None,
             ("Name the analyst who signs off the rules",)),
            ("Clear music rights for a new show in 3 days instead of 12", "on_track", None, ()),
            ("Cut unplanned line downtime from 14 hours a month to 6", "on_track", None,
             ("Give the maintenance team two hours a week",)),
            ("Close supplier quality escalations in 10 days instead of 30", "on_track", None, ())]
    objectives = tuple(dataclasses.replace(model, key=f"objective-{n}", title=title, priority=n, track=track,
                                           recovery=recovery, asks=asks)
                       for n, (title, track, recovery, asks) in enumerate(plan, start=1))
    won = dataclasses.replace(won, closed_date=view.as_of - dt.timedelta(days=10))
    return dataclasses.replace(view, objectives=objectives + (won,), next_review=view.as_of + dt.timedelta(days=60))


def summary_slides(data: bytes) -> list[Any]:
    return [s for s in Presentation(io.BytesIO(data)).slides if s.shapes.title.text_frame.text.startswith(
        "Executive summary")]


def test_six_objectives_and_three_asks_fit_one_summary_slide(demo_views: dict[str, CustomerView]) -> None:
    """The one slide a sponsor reads holds six open objectives, their recoveries, three asks, a win and
    the next review, at no less than the type scale's body size (16 pt) on the shipped template. The
    control: the stress customer's eight objectives, with longer titles, run onto a second slide."""
    view = six_objectives(demo_views["helix-payments"])
    assert len(story.merged_asks(view)) == 3 and len(story.wins(view)) == 1
    (slide,) = summary_slides(deck_bytes(view, DEFAULT_TEMPLATE, None))
    body = next(s for s in slide.placeholders if s.placeholder_format.idx != 0 and s.has_text_frame)
    text = body.text_frame.text
    assert all(o.title in text for o in view.objectives if o.is_open)
    assert "Two analysts join the disputes desk in December" in text and story.NO_RECOVERY in text
    assert "Our next review" in text and all(ask in text for ask in story.merged_asks(view))
    sizes = {run.font.size.pt for p in body.text_frame.paragraphs for run in p.runs if run.font.size is not None}
    assert sizes <= {16.0}
    config = load_config(STRESS / "mkdocs.yml")
    stress = customer_view(build_portfolio(config, resolve_as_of(config)).customers[0], config)
    assert len(summary_slides(deck_bytes(stress, DEFAULT_TEMPLATE, None))) == 2


def test_notes_say_as_many_points_as_they_announce(demo_decks: dict[str, Path]) -> None:
    words = {"One": 1, "Two": 2, "Three": 3}
    for path in demo_decks.values():
        for slide in Presentation(str(path)).slides:
            notes = slide.notes_slide.notes_text_frame.text
            found = re.match(r"(One|Two|Three) points? to land:\n", notes)
            if found:
                assert len(notes.splitlines()) - 1 == words[found.group(1)], notes
            for count, word in re.findall(r"\b(\d+) (measures?|objectives?|priorit(?:y|ies))\b", notes):
                assert (count == "1") == (not word.endswith(("s", "ies"))), notes


def test_speaker_notes_and_footer(demo_decks: dict[str, Path], demo_views: dict[str, CustomerView]) -> None:
    path = demo_decks["ironbridge-precision"]
    prs = Presentation(str(path))
    for number, slide in enumerate(prs.slides, start=1):
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip()
        footers = [s.text_frame.text for s in slide.placeholders if s.name == "Footer"]
        assert footers == ([] if number == 1 else ["Business review · Data as of 16 Nov 2026"])
    late = next(s for s in prs.slides if s.shapes.title.text_frame.text.startswith("Close supplier quality escalations"))
    assert "Readings: 20 Jan 2026: 28 days" in late.notes_slide.notes_text_frame.text


def test_body_text_goes_into_the_layouts_placeholders(demo_decks: dict[str, Path]) -> None:
    """No free text boxes: every text is a placeholder's (title, body, footer, slide number) or a
    table's; bullets are the template's own (no typed "• "), and the default template's sizes serve
    the body (no size written on its runs)."""
    for path in demo_decks.values():
        prs = Presentation(str(path))
        for number, slide in enumerate(prs.slides, start=1):
            for shape in slide.shapes:
                if shape.has_text_frame and shape.text_frame.text.strip():
                    assert shape.is_placeholder, (path.name, number, shape.name)
                if not shape.is_placeholder or not shape.has_text_frame:
                    continue
                kind = str(shape.placeholder_format.type).split(" ")[0]
                for paragraph in shape.text_frame.paragraphs:
                    assert not paragraph.text.startswith("•"), (path.name, number)
                    if kind in ("BODY", "OBJECT"):
                        assert all(run.font.size is None for run in paragraph.runs), (path.name, number)


def test_an_objective_slide_points_only_at_steps_the_next_steps_list(demo_decks: dict[str, Path],
                                                                      demo_views: dict[str, CustomerView]) -> None:
    """"N more steps in Next steps" counts exactly the objective's open steps its slide leaves out,
    and each of them is a row of "Next steps"."""
    pointed = 0
    for cid, path in demo_decks.items():
        view = demo_views[cid]
        prs = Presentation(str(path))
        listed = [cell.text for slide in prs.slides if slide.shapes.title.text_frame.text.startswith("Next steps")
                  for shape in slide.shapes if shape.has_table for row in shape.table.rows for cell in row.cells]
        for slide in prs.slides:
            o = next((o for o in view.objectives if o.title == slide.shapes.title.text_frame.text), None)
            if o is None:
                continue
            text = "\n".join(s.text_frame.text for s in slide.placeholders if s.has_text_frame)
            shown = [t for t in story.pending(o) if story.task_line(t, view.as_of) in text]
            found = re.search(r"(\d+) (?:more|open) steps? in “Next steps”", text)
            left_out = [t for t in story.pending(o) if t not in shown]
            if found:
                pointed += 1
                assert int(found.group(1)) == len(left_out), (cid, o.title)
            assert all(t.title in listed for t in left_out), (cid, o.title)
    assert pointed


# --- the customer-facing rule -----------------------------------------------------------------


@pytest.fixture(scope="module")
def leak_outputs() -> dict[str, str]:
    config = load_config(LEAK / "mkdocs.yml")
    portfolio = build_portfolio(config, resolve_as_of(config))
    (acme,) = [c for c in portfolio.customers if c.id == "acme"]
    view = customer_view(acme, config)
    message = email.message_from_bytes(digest.eml(view))
    eml_text = "\n".join(part.get_payload(decode=True).decode() for part in message.walk()
                         if not part.is_multipart()) + "\n" + "\n".join(f"{k}: {v}" for k, v in message.items())
    return {
        "deck": every_part(deck_bytes(view, DEFAULT_TEMPLATE, "abc1234")),
        "md": digest.markdown(view),
        "html": digest.as_html(view),
        "eml": eml_text,
    }


@pytest.mark.parametrize("output", ["deck", "md", "html", "eml"])
def test_nothing_outside_the_allowlist_reaches_the_customer(leak_outputs: dict[str, str], output: str) -> None:
    text = leak_outputs[output]
    found = [s for s in SENTINELS if s.lower() in text.lower()]
    assert found == []
    assert "Acme Widgets" in text and "Grow weekly active users" in text  # the allowed data is there
    if output == "deck":  # the review's fields, and a vendor handle shown as its owner's name
        assert "Name an owner for the plant rollout" in text and "Sam Roe" in text and "20 Jan 2027" in text
        assert "A plant champion joins the weekly rollout call from December" in text  # recovery of an objective behind


def test_internal_readings_do_not_move_customer_numbers() -> None:
    config = load_config(LEAK / "mkdocs.yml")
    portfolio = build_portfolio(config, resolve_as_of(config))
    acme = next(c for c in portfolio.customers if c.id == "acme")
    internal_view = next(s for s in acme.objectives if s.id == "grow-usage")
    assert internal_view.current == 31337.5  # the team site sees the internal reading
    customer = customer_view(acme, config).objective("grow-usage")
    assert customer is not None and customer.current == 40 and customer.readings == ((acme.objectives[0].readings[0].date, 40),)


# --- rendering, structure, reproducibility ----------------------------------------------------


def test_openxml_audit_strict(demo_decks: dict[str, Path]) -> None:
    audit = Path(sys.executable).with_name("openxml-audit")
    folder = next(iter(demo_decks.values())).parent
    result = subprocess.run([str(audit), "--policy", "strict", "-o", "json", "-m", "0", "-r", str(folder)],
                            capture_output=True, text=True, check=False)
    reports = json.loads(result.stdout)
    assert len(reports) == len(demo_decks)
    for report in reports:
        # python-pptx writes negative c:axId values (and c:crossAx pointing at them); nothing else may be reported
        findings = [e for e in report["errors"] + report.get("warnings", [])
                    if not (re.search(r"/(axId|crossAx)\[\d+\]$", e.get("path", "")) and "less than minimum 0" in e["description"])]
        assert findings == [], report["file"]


@pytest.mark.heavy
def test_same_inputs_same_bytes_in_separate_processes(tmp_path: Path, repo_root: Path) -> None:
    outputs = []
    for run in range(2):
        target = tmp_path / f"run{run}.pptx"
        env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
        subprocess.run([sys.executable, "-m", "generator", "deck", "northwind-freight", "-o", str(target)],
                       cwd=repo_root, env=env, check=True, capture_output=True)
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    with zipfile.ZipFile(io.BytesIO(outputs[0])) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2026, 1, 1, 0, 0, 0)}
        assert "2026-01-01T00:00:00Z" in archive.read("docProps/core.xml").decode()


@pytest.mark.heavy
def test_no_change_rebuild_uses_the_cache(tmp_path: Path, demo_portfolio: Portfolio, demo_config: Config) -> None:
    first = build_decks(demo_portfolio, demo_config, tmp_path / "a", cache_dir=tmp_path / "cache", workers=1)
    cached = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "cache").iterdir()}
    second = build_decks(demo_portfolio, demo_config, tmp_path / "b", cache_dir=tmp_path / "cache", workers=1)
    assert {p.name: p.stat().st_mtime_ns for p in (tmp_path / "cache").iterdir()} == cached
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


def test_shipped_template_is_reproducible(tmp_path: Path) -> None:
    assert build_default(tmp_path / "t.pptx").read_bytes() == DEFAULT_TEMPLATE.read_bytes()
    prs, layouts = open_template(DEFAULT_TEMPLATE)
    assert (layouts.cover.name, layouts.content.name) == ("Title Slide", "Title and Content")
    assert layouts.two_content is not None and layouts.two_content.name == "Two Content"
    assert "Logo" in [shape.name for shape in layouts.cover.placeholders]


def test_layouts_are_found_by_their_placeholders_not_their_names(tmp_path: Path) -> None:
    prs = Presentation()
    for layout in prs.slide_layouts:
        layout.name = f"Brand {layout.name.upper()}"
    renamed = tmp_path / "renamed.pptx"
    prs.save(str(renamed))
    _, layouts = open_template(renamed)
    assert (layouts.cover.name, layouts.content.name) == ("Brand TITLE SLIDE", "Brand TITLE AND CONTENT")
    assert layouts.two_content is not None and layouts.two_content.name == "Brand TWO CONTENT"


def test_template_problems_are_configuration_errors(tmp_path: Path) -> None:
    prs = Presentation()
    for layout in prs.slide_layouts:  # no layout keeps a title and one content placeholder
        if layout.name in ("Title and Content", "Section Header"):
            for shape in layout.placeholders:
                if shape.placeholder_format.idx == 1:
                    shape._element.ph.set("type", "pic")
    broken = tmp_path / "brand.pptx"
    prs.save(str(broken))
    with pytest.raises(ConfigError, match="has no layout with a title and one content placeholder"):
        open_template(broken)
    (tmp_path / "brand.potx").write_bytes(b"x")
    with pytest.raises(ConfigError, match=r"\.potx templates cannot be read.*save it as a \.pptx"):
        template_path("brand.potx", tmp_path)
    with pytest.raises(ConfigError, match="does not exist"):
        template_path("missing.pptx", tmp_path)


def test_deck_command_refuses_a_customer_with_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.cli import main

    monkeypatch.chdir(Path(__file__).parent / "cases" / "plan-errors")
    assert main(["deck", "quarry", "-o", str(tmp_path / "q.pptx")]) == 1
    assert "quarry has errors; fix them before sending anything to the customer" in capsys.readouterr().err
    assert not (tmp_path / "q.pptx").exists()


def test_digest_formats(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, repo_root: Path) -> None:
    from generator.cli import main

    monkeypatch.chdir(repo_root)
    assert main(["digest", "helix-payments"]) == 0
    md = capsys.readouterr().out
    assert md.startswith("# Helix Payments: are these still your priorities? (November 2026)\n")
    assert "1. **Resolve chargeback disputes in 5 days instead of 14**" in md
    assert "from 14 days to 5 days, now 7.6 days; due 29 Jan 2027" in md
    assert "Success looks like: Card-network dispute deadlines" in md
    assert "Not started yet: starts 1 Dec 2026" in md
    assert md.count("Daniel Reyes") == 1 and md.count("Brightwell Software") == 1
    assert main(["digest", "helix-payments", "--format", "html"]) == 0
    assert "<ol><li><strong>Resolve chargeback disputes" in capsys.readouterr().out


def test_a_digest_email_is_the_same_bytes_every_time(demo_views: dict[str, CustomerView]) -> None:
    # the email library draws a random boundary unless given one; the Message-ID hashes the message
    view = demo_views["helix-payments"]
    first = digest.eml(view)
    assert digest.eml(view) == first
    assert digest.eml(dataclasses.replace(view, name="Helix Payments Group")) != first  # the control: it is live


def test_long_names_are_fitted(demo_decks: dict[str, Path]) -> None:
    """Every text box of the long-name customer stays inside the slide."""
    prs = Presentation(str(demo_decks["consolidated-regional-health"]))
    for slide in prs.slides:
        for shape in slide.shapes:
            assert shape.left + shape.width <= prs.slide_width and shape.top + shape.height <= prs.slide_height


def case_with(tmp_path: Path, name: str | None = None, title: str | None = None) -> CustomerView:
    """The clean case's customer with another name or objective title."""
    case = tmp_path / "case"
    shutil.copytree(Path(__file__).parent / "cases" / "clean", case)
    customer = case / "customers" / "harbor-labs"
    if name is not None:
        path = customer / "customer.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("name: Harbor Labs", f"name: {name}"), encoding="utf-8")
    if title is not None:
        path = customer / "objectives" / "cut-dwell-time.md"
        path.write_text(path.read_text(encoding="utf-8").replace(
            "title: Cut truck dwell time from 12 to 6 hours", f"title: {title}"), encoding="utf-8")
    config = load_config(case / "mkdocs.yml")
    status = build_portfolio(config, resolve_as_of(config)).customers[0]
    assert not status.has_errors
    return customer_view(status, config)


def test_absurdly_long_texts_wrap_and_are_never_cut(tmp_path: Path) -> None:
    """A 200-character unbreakable name and a 600-character objective title: whole, inside the slide,
    never shortened with "…"; a title too long for any title box opens its slide's body instead."""
    title = "Supercalifragilistic " * 30
    view = case_with(tmp_path, name="W" * 200, title=title.strip())
    prs = Presentation(io.BytesIO(deck_bytes(view, DEFAULT_TEMPLATE, None)))
    texts = []
    for slide in prs.slides:
        for shape in slide.shapes:
            assert 0 <= shape.left and shape.left + shape.width <= prs.slide_width, shape.name
            assert 0 <= shape.top and shape.top + shape.height <= prs.slide_height, shape.name
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
    everything = "\n".join(texts)
    assert "…" not in everything
    assert prs.slides[0].shapes.title.text_frame.text == "W" * 200
    assert title.strip() in everything.replace("\n", " ").replace("\v", " ")


@pytest.mark.heavy
def test_a_100000_character_title_is_laid_out_in_linear_time(tmp_path: Path) -> None:
    """Measuring is linear in the text: four times the text takes about four times as long (not 16),
    and a deck with a 100,000-character objective title is made in seconds, every character kept."""
    from generator.deck.fit import Measurer

    font = Measurer("Carlito")
    words = "Reduce the invoice cycle time in every subsidiary and every depot of the Nordics "

    def timed(length: int) -> float:
        text = (words * (length // len(words) + 1))[:length] + str(length)  # a new text: nothing cached
        start = time.perf_counter()
        starts = font.breaks(text, 400, 18)
        assert len(starts) > length // 100
        return time.perf_counter() - start

    timed(2_000)  # warm the font caches
    small, large = min(timed(10_000) for _ in range(2)), min(timed(40_000) for _ in range(2))
    assert large < small * 8, (small, large)
    start = time.perf_counter()
    view = case_with(tmp_path, title=(words * 1300)[:100_000].strip())
    data = deck_bytes(view, DEFAULT_TEMPLATE, None)
    assert time.perf_counter() - start < 30
    text = every_part(data)
    assert "…" not in text.split("</p:notes>")[0]


def test_core_properties_are_cut_to_their_limits(tmp_path: Path) -> None:
    """A customer name over 227 characters makes the deck (its title property is at most 255
    characters); the slides keep the whole name."""
    name = "Établissements " + "Müller-Lüdenscheid " * 16
    view = case_with(tmp_path, name=name.strip())
    prs = Presentation(io.BytesIO(deck_bytes(view, DEFAULT_TEMPLATE, "abc1234")))
    assert len(prs.core_properties.title) == 255 and prs.core_properties.title.endswith("…")
    assert prs.core_properties.title.startswith("Établissements Müller")
    assert prs.slides[0].shapes.title.text_frame.text == name.strip()


@pytest.mark.slow
@pytest.mark.libreoffice
def test_deck_pdf_through_libreoffice(tmp_path: Path, repo_root: Path, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.cli import main

    monkeypatch.chdir(repo_root)
    target = tmp_path / "helix.pptx"
    assert main(["deck", "helix-payments", "-o", str(target), "--pdf"]) == 0
    assert f"PDF: {target.with_suffix('.pdf')}" in capsys.readouterr().out
    info = subprocess.run(["pdfinfo", str(target.with_suffix(".pdf"))], capture_output=True, text=True, check=True)
    assert re.search(rf"^Pages:\s+{len(Presentation(str(target)).slides)}$", info.stdout, re.M)


def test_pdf_without_libreoffice_says_how_to_get_it(tmp_path: Path, repo_root: Path,
                                                     capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.cli import main

    monkeypatch.chdir(repo_root)
    monkeypatch.setattr(shutil, "which", lambda name, *args, **kwargs: None)
    target = tmp_path / "helix.pptx"
    assert main(["deck", "helix-payments", "-o", str(target), "--pdf"]) == 2
    err = capsys.readouterr().err
    assert "no PDF made: LibreOffice (soffice) is not installed" in err and "apt-get install libreoffice-impress" in err
    assert target.exists() and not target.with_suffix(".pdf").exists()
    assert main(["build", "--no-decks", "--pdf-decks", "-d", str(tmp_path / "site")]) == 2
    assert "--pdf-decks needs the decks" in capsys.readouterr().err


def test_digest_reads_like_a_letter(demo_views: dict[str, CustomerView]) -> None:
    """No Markdown in the plain part, one signature, no phrase said twice in a line."""
    for view in demo_views.values():
        text = digest.plain(view)
        assert not any(line.startswith("#") or "**" in line for line in text.splitlines())
        assert text.rstrip().endswith(view.company_name) and text.count("Thank you,") == 1
        for line in text.splitlines():
            parts = [p.strip().lower() for p in re.split(r"[;:]", line) if p.strip()]
            assert len(parts) == len(set(parts)), line
        for o in (o for o in view.objectives if o.is_open and o.metric is not None and o.readings):
            assert f"now {wording.number(o.current, o.metric.unit)}" in text


@pytest.mark.slow
@pytest.mark.libreoffice
def test_build_pdf_decks(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.cli import main

    case = tmp_path / "case"
    shutil.copytree(Path(__file__).parent / "cases" / "clean", case)
    monkeypatch.chdir(case)
    assert main(["build", "--pdf-decks", "-d", str(tmp_path / "site")]) == 0
    assert "PDF decks: 1 in" in capsys.readouterr().out
    assert sorted(p.name for p in (tmp_path / "site" / "decks").iterdir()) == ["harbor-labs.pdf", "harbor-labs.pptx"]
