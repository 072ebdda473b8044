"""Decks as the customer sees them, read back word by word from the PDF LibreOffice makes of them.

Every demo deck, the stress customer (tests/fixtures/stress) and the extreme one are rendered three
ways: on the shipped template with its Calibri-metric font (Carlito); on the shipped template with
a wide font (DejaVu Sans) swapped into the theme after the deck is built, as when a forwarded deck
is opened where its font is missing; and on a foreign company template (tests/deck_templates.py:
4:3, serif, other colours, the title on the left, other layout names). All decks go through one
LibreOffice call. From the PDF's word boxes: every word lies on its slide and above the footer band
unless it is the footer or the slide number, the footer is one line, no figure is followed by "…",
every date axis label has its year in full, no word is split over two lines (the extreme customer's
deliberately unbreakable names aside), and slides continued from one another are balanced.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation

from generator.config import Config, load_config
from generator.deck import deck_bytes
from generator.deck.charts import axis_bounds, measure_of, serial
from generator.deck.draw import footer_band
from generator.deck.render import footer_short, footer_text
from generator.deck.story import STATUS_COLORS, STATUS_TEXT, is_measured
from generator.deck.template import DEFAULT_TEMPLATE, open_template
from generator.model import Portfolio
from generator.portfolio import build_portfolio, resolve_as_of
from generator.view import CustomerView, customer_view
from tests.conftest import require_tool
from tests.deck_templates import FOREIGN_NAMES, build_foreign

FIXTURES = Path(__file__).parent / "fixtures"
COMMIT = "c0ffee1"
WIDE_FONT = "DejaVu Sans"
MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def with_font(deck: bytes, font: str) -> bytes:
    """The deck with another typeface in its theme, as when it is opened where its font is missing."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(deck)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("ppt/theme/"):
                data = re.sub(rb'(<a:latin typeface=")[^"]*(")', rb"\g<1>" + font.encode() + rb"\g<2>", data)
            target.writestr(item, data)
    return out.getvalue()


@dataclass(frozen=True)
class Rendered:
    name: str  # <deck>-<variant>
    variant: str  # default, wide or foreign
    fixture: str  # demo, stress or extreme
    view: CustomerView
    pptx: Path
    pdf: Path
    template: Path


def _views(config: Config) -> Iterator[CustomerView]:
    portfolio: Portfolio = build_portfolio(config, resolve_as_of(config))
    for status in portfolio.customers:
        if not status.has_errors:
            yield customer_view(status, config)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory, demo_config: Config) -> dict[str, Rendered]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    require_tool(soffice and shutil.which("pdftotext"), "LibreOffice (soffice) or poppler (pdftotext)")
    out = tmp_path_factory.mktemp("layout")
    foreign = build_foreign(out / "foreign.pptx")
    variants = {"default": DEFAULT_TEMPLATE, "wide": DEFAULT_TEMPLATE, "foreign": foreign}
    views = [(v, demo_config, "demo") for v in _views(demo_config)]
    for fixture in ("stress", "extreme"):
        config = load_config(FIXTURES / fixture / "mkdocs.yml")
        views += [(v, config, fixture) for v in _views(config)]
    decks: dict[str, Rendered] = {}
    for index, (view, config, fixture) in enumerate(views):
        for variant, template in variants.items():
            name = f"deck{index:02d}-{variant}"
            path = out / f"{name}.pptx"
            data = deck_bytes(view, template, COMMIT, config.status_colors)
            path.write_bytes(with_font(data, WIDE_FONT) if variant == "wide" else data)
            decks[name] = Rendered(name, variant, fixture, view, path, out / f"{name}.pdf", template)
    subprocess.run([soffice, f"-env:UserInstallation=file://{out / 'profile'}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), *(str(d.pptx) for d in decks.values())], check=True, capture_output=True,
                   timeout=1200)
    return decks


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    def overlaps(self, other: Box, slack: float = 1.0) -> bool:
        return (min(self.x1, other.x1) - max(self.x0, other.x0) > slack
                and min(self.y1, other.y1) - max(self.y0, other.y0) > slack)


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    words: list[Box]
    blocks: list[Box]
    line_ends: list[tuple[Box, Box]]  # the last word of a line and the first of the next, in one block


_PAGES: dict[Path, list[Page]] = {}


def pages(pdf: Path) -> list[Page]:
    if pdf in _PAGES:
        return _PAGES[pdf]
    html = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True).stdout
    root = etree.fromstring(html, etree.XMLParser(recover=True, huge_tree=True))
    found = []
    for page in root.iter("{*}page"):
        def box(e: etree._Element) -> Box:
            text = " ".join(w.text or "" for w in e.iter("{*}word"))
            return Box(float(e.get("xMin")), float(e.get("yMin")), float(e.get("xMax")), float(e.get("yMax")), text)

        line_ends = []
        for block in page.iter("{*}block"):
            lines = [[box(w) for w in line.iter("{*}word")] for line in block.iter("{*}line")]
            line_ends += [(first[-1], second[0]) for first, second in zip(lines, lines[1:]) if first and second]
        found.append(Page(float(page.get("width")), float(page.get("height")),
                          [box(w) for w in page.iter("{*}word")], [box(b) for b in page.iter("{*}block")], line_ends))
    _PAGES[pdf] = found
    return found


def test_every_deck_renders_with_one_page_per_slide(rendered: dict[str, Rendered]) -> None:
    assert len(rendered) >= 36  # ten demo customers, the stress and the extreme one, three ways each
    for deck in rendered.values():
        assert len(pages(deck.pdf)) == len(Presentation(str(deck.pptx)).slides), deck.name


def test_every_word_on_its_slide_and_out_of_the_footer_band(rendered: dict[str, Rendered]) -> None:
    """Above the footer band only, but for the footer and the slide number; the footer on one line."""
    for deck in rendered.values():
        prs, layouts = open_template(deck.template)
        band = footer_band(layouts.content, int(prs.slide_height or 0) / 12700)
        footer_words = set(footer_text(deck.view).split()) | set(footer_short(deck.view).split())
        for number, page in enumerate(pages(deck.pdf), start=1):
            below = []
            for word in page.words:
                where = f"{deck.name} slide {number}: {word.text!r}"
                assert 0 <= word.x0 and word.x1 <= page.width + 0.5, where
                assert 0 <= word.y0 and word.y1 <= page.height + 0.5, where
                if word.y1 > band + 1.5:
                    assert word.text in footer_words or word.text == str(number), where
                    below.append(word)
            footer = [w for w in below if w.text != str(number)]
            if number > 1:
                assert footer, f"{deck.name} slide {number}: no footer"
                assert max(w.y0 for w in footer) - min(w.y0 for w in footer) < 2, f"{deck.name} slide {number}: footer"


def test_no_figure_or_sentence_is_cut(rendered: dict[str, Rendered]) -> None:
    """Nothing on a slide is shortened with "…" (none of the plans' texts holds one)."""
    for deck in rendered.values():
        for number, page in enumerate(pages(deck.pdf), start=1):
            text = " ".join(w.text for w in page.words)
            assert "…" not in text, f"{deck.name} slide {number}: {text[max(0, text.find('…') - 40):][:80]!r}"


def slide_words(slide: object) -> set[str]:
    """The words of a slide's own text (titles, text boxes, table cells; not its charts)."""
    texts = []
    for shape in slide.shapes:  # type: ignore[attr-defined]
        if shape.has_text_frame:
            texts.append(shape.text_frame.text)
        if getattr(shape, "has_table", False) and shape.has_table:
            texts += [cell.text_frame.text for row in shape.table.rows for cell in row.cells]
    return {word for text in texts for word in text.split()}


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def split_words(page: Page, words: set[str], charts: list[tuple[float, float, float, float]]) -> list[str]:
    """Words a line break cut in two: a word that ends a line and is a strict beginning of one of
    the slide's words (and not a whole word itself), the next line of its block starting with the
    rest. Wrapping after a hyphen or between two East Asian wide characters is where lines may
    break, as in print; chart labels are left to the chart tests."""
    found = []
    for first, second in page.line_ends:
        if any(left - 2 <= first.x0 and first.x1 <= right + 2 and top - 2 <= first.y0 and first.y1 <= bottom + 2
               for left, top, right, bottom in charts):
            continue
        if first.text in words:
            continue
        for word in words:
            if len(word) > len(first.text) and word.startswith(first.text) and \
                    word[len(first.text):].startswith(second.text):
                rest = word[len(first.text):]
                if first.text.endswith("-") and not rest.startswith("-") or _wide(first.text[-1]) or _wide(rest[0]):
                    continue
                found.append(f"{first.text}/{rest}")
                break
    return found


def test_no_word_is_split_across_lines(rendered: dict[str, Rendered]) -> None:
    """On every demo deck and the stress deck, three ways: no table cell, text box or title breaks a
    word inside (a column too narrow for "Priority" printed "Prio" above "rity"), and a slide's
    "(1 of 3)" stays on one line. The control: the check finds a split in a deliberately narrow cell."""
    checked = 0
    for deck in (d for d in rendered.values() if d.fixture != "extreme"):
        prs = Presentation(str(deck.pptx))
        for number, (slide, page) in enumerate(zip(prs.slides, pages(deck.pdf)), start=1):
            charts = [(f.left / 12700, f.top / 12700, (f.left + f.width) / 12700, (f.top + f.height) / 12700)
                      for f in slide.shapes if f.has_chart]
            words = slide_words(slide)
            assert split_words(page, words, charts) == [], f"{deck.name} slide {number}"
            checked += len(page.line_ends)
            counted = re.search(r"\((\d+)\s+of\s+(\d+)\)$", slide.shapes.title.text_frame.text)
            if counted:
                opening = [w for w in page.words if w.text.startswith(f"({counted.group(1)}")]
                closing = [w for w in page.words if w.text.endswith(f"{counted.group(2)})")]
                assert any(abs(a.y0 - b.y0) < 2 for a in opening for b in closing), f"{deck.name} slide {number}"
    assert checked > 1000


def body_depth(page: Page, slide: object, band: float) -> float:
    """How far down a slide's body words reach, from the top of the highest of them (its title's
    words and the footer band left out)."""
    title = slide.shapes.title  # type: ignore[attr-defined]
    left, top = title.left / 12700, title.top / 12700
    right, bottom = left + title.width / 12700, top + title.height / 12700
    words = [w for w in page.words if w.y1 < band and not (left - 2 <= w.x0 and w.x1 <= right + 2
                                                           and top - 2 <= w.y0 and w.y1 <= bottom + 2)]
    return max(w.y1 for w in words) - min(w.y0 for w in words) if words else 0.0


def test_continued_slides_are_balanced(rendered: dict[str, Rendered]) -> None:
    """Content that runs over several slides ("(2 of 3)") is spread over them: the last holds at least
    a third of what the fullest holds, never a line or two after full ones."""
    series = 0
    for deck in (d for d in rendered.values() if d.fixture != "extreme"):
        prs, layouts = open_template(deck.template)
        band = footer_band(layouts.content, int(prs.slide_height or 0) / 12700)
        slides = list(Presentation(str(deck.pptx)).slides)
        depths: dict[str, list[float]] = {}
        for slide, page in zip(slides, pages(deck.pdf)):
            counted = re.fullmatch(r"(.*) \((\d+)\s+of\s+(\d+)\)", slide.shapes.title.text_frame.text)
            if counted:
                depths.setdefault(counted.group(1), []).append(body_depth(page, slide, band))
        for title, found in depths.items():
            series += 1
            assert found[-1] >= max(found) / 3, (deck.name, title, [round(d) for d in found])
    assert series >= 10


def test_objective_titles_stay_titles(rendered: dict[str, Rendered]) -> None:
    """Every measured objective of the demo and stress decks heads its own slide on every template (on
    the foreign one, in its title column at a smaller size where 28 pt is too large); none falls back
    to "Objective 2 of 3"."""
    for deck in (d for d in rendered.values() if d.fixture != "extreme"):
        titles = [s.shapes.title.text_frame.text for s in Presentation(str(deck.pptx)).slides]
        assert not [t for t in titles if re.match(r"Objective \d+ of \d+", t)], deck.name
        assert {o.title for o in deck.view.objectives if is_measured(o)} <= set(titles), deck.name


def test_the_split_word_check_is_live() -> None:
    """A word printed over two lines is found; a compound wrapped after its hyphen and Chinese wrapped
    between characters are not splits."""
    def page(*pairs: tuple[str, str]) -> Page:
        ends = [(Box(0, 0, 10, 10, a), Box(0, 12, 10, 22, b)) for a, b in pairs]
        return Page(100, 100, [w for pair in ends for w in pair], [], ends)

    words = {"Priority", "Castañeda-Øvergård", "Gonçalves,", "处理时间", "1"}
    assert split_words(page(("Prio", "rity"), ("Gonçalve", "s,")), words, []) == ["Prio/rity", "Gonçalve/s,"]
    assert split_words(page(("Castañed", "a-Øvergård")), words, []) == ["Castañed/a-Øvergård"]
    assert split_words(page(("Castañeda-", "Øvergård"), ("处理", "时间"), ("1", "May")), words, []) == []
    assert split_words(page(("Prio", "rity")), words, [(0, 0, 20, 30)]) == []  # inside a chart


def test_date_axes_say_the_year_in_full(rendered: dict[str, Rendered]) -> None:
    """Month labels read "May 2026" (never "May 26"), each once; a long axis may show years alone."""
    charts = 0
    for deck in rendered.values():
        prs = Presentation(str(deck.pptx))
        for number, (slide, page) in enumerate(zip(prs.slides, pages(deck.pdf)), start=1):
            for frame in (shape for shape in slide.shapes if shape.has_chart):
                charts += 1
                left, top = frame.left / 12700, frame.top / 12700
                right, bottom = left + frame.width / 12700, top + frame.height / 12700
                words = sorted((w for w in page.words if left - 2 <= w.x0 and w.x1 <= right + 2
                                and top - 2 <= w.y0 and w.y1 <= bottom + 2), key=lambda w: (round(w.y0), w.x0))
                labels = []
                for before, first, second in zip([None, *words], words, words[1:]):
                    if before is not None and re.fullmatch(r"by|\d{1,2}", before.text):  # the target's date
                        continue
                    if re.fullmatch(MONTHS, first.text) and abs(first.y0 - second.y0) < 2:
                        assert not re.fullmatch(r"\d\d", second.text), \
                            f"{deck.name} slide {number}: {first.text} {second.text}"
                        if re.fullmatch(r"\d{4}", second.text):
                            labels.append(f"{first.text} {second.text}")
                years = [w.text for w in words if re.fullmatch(r"(19|20)\d\d", w.text)]
                assert labels or years, f"{deck.name} slide {number}"
                assert len(labels) == len(set(labels)), (deck.name, number, labels)
    assert charts >= 60


def test_no_two_text_blocks_overlap(rendered: dict[str, Rendered]) -> None:
    for deck in rendered.values():
        for number, page in enumerate(pages(deck.pdf), start=1):
            blocks = page.blocks
            for i, first in enumerate(blocks):
                for second in blocks[i + 1:]:
                    assert not first.overlaps(second), f"{deck.name} slide {number}: {first.text!r} / {second.text!r}"


# --- the deck's XML -----------------------------------------------------------------------------


def _slide_xml(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        return {n: archive.read(n).decode() for n in archive.namelist()
                if re.match(r"ppt/(slides|charts|notesSlides)/[^/]+\.xml$", n)}


def test_charts_span_start_to_due_on_calendar_ticks_with_plan_and_target(rendered: dict[str, Rendered]) -> None:
    checked = 0
    for deck in (d for d in rendered.values() if d.variant == "default"):
        prs = Presentation(str(deck.pptx))
        measured = [o for o in deck.view.objectives if is_measured(o)]
        charts = [shape.chart for slide in prs.slides for shape in slide.shapes if shape.has_chart]
        assert len(charts) == len(measured), deck.name
        for chart, objective in zip(charts, measured):
            m = measure_of(objective)
            axis = chart._chartSpace.find(".//{*}dateAx")
            assert axis is not None and axis.find("{*}majorTimeUnit").get("val") == "months"
            unit = int(axis.find("{*}majorUnit").get("val"))
            assert unit in (1, 3, 6, 12, 24)
            first, last = axis_bounds(m, unit)
            assert first <= objective.started and last > objective.due
            assert first.day == 1 and (first.month - 1) % min(unit, 12) == 0  # ticks on calendar months
            assert axis.find("{*}scaling/{*}min").get("val") == str(serial(first))
            end = int(axis.find("{*}scaling/{*}max").get("val"))  # a tick after the due date (and its label)
            assert end >= serial(last) and any(end == serial(dt.date(year, month, 1)) for year in range(2020, 2035)
                                               for month in range(1, 13, min(unit, 12)))
            series = {s.name: list(s.values) for s in chart.plots[0].series}
            assert set(series) == {"Measured", "Plan", "Target"}
            assert [v for v in series["Plan"] if v is not None] == [float(m.baseline), float(m.target)]
            assert [v for v in series["Measured"] if v is not None] == [float(v) for _, v in m.readings]
            labels = [t.text for t in chart._chartSpace.iter("{*}t")]
            due = f"{objective.due.day} {objective.due:%b %Y}"
            assert any(a.startswith("Target ") and b == f"by {due}" for a, b in zip(labels, labels[1:]))
            value_axis = axis.getparent().find("{*}valAx")
            assert value_axis.find("{*}numFmt").get("formatCode").startswith("#,##0")
            title = " ".join(t.text or "" for t in value_axis.iter("{*}t"))
            assert ("lower is better" in title) == m.lower_is_better
            checked += 1
    assert checked >= 20


def test_embedded_data_is_rounded_as_displayed(rendered: dict[str, Rendered]) -> None:
    for deck in (d for d in rendered.values() if d.variant == "default"):
        with zipfile.ZipFile(deck.pptx) as archive:
            for name in (n for n in archive.namelist() if n.endswith(".xlsx")):
                with zipfile.ZipFile(io.BytesIO(archive.read(name))) as book:
                    sheet = book.read("xl/worksheets/sheet1.xml").decode()
                    values = re.findall(r"<v>([^<]*)</v>", sheet)
                    assert not [v for v in values if re.fullmatch(r"-?\d+\.\d{3,}", v)], (deck.name, name)


def test_templates_restyle_every_slide(rendered: dict[str, Rendered]) -> None:
    """No colour fixed in slide XML but the status colours, no typeface but the theme's; every slide
    drawn on the template's own layouts (the foreign one's by their foreign names) with its title,
    footer and slide number placeholders; body text only in placeholders."""
    allowed = {c.upper() for c in STATUS_COLORS.values()} | {STATUS_TEXT}
    foreign_names = set(FOREIGN_NAMES.values())
    for deck in (d for d in rendered.values() if d.variant != "wide"):
        for name, xml in _slide_xml(deck.pptx).items():
            fixed = set(re.findall(r'srgbClr val="([0-9A-Fa-f]{6})"', xml))
            assert fixed <= allowed, (deck.name, name, fixed - allowed)
            assert set(re.findall(r'<a:latin typeface="([^"]+)"', xml)) <= {"+mn-lt"}, (deck.name, name)
        prs = Presentation(str(deck.pptx))
        for number, slide in enumerate(prs.slides, start=1):
            if deck.variant == "foreign":
                assert slide.slide_layout.name in foreign_names, (deck.name, number)
            kinds = {str(ph.placeholder_format.type).split(" ")[0] for ph in slide.placeholders}
            if number > 1:
                assert {"TITLE", "FOOTER", "SLIDE_NUMBER"} <= kinds, (deck.name, number)
            for shape in slide.shapes:
                if shape.has_text_frame and shape.text_frame.text.strip():
                    assert shape.is_placeholder, (deck.name, number, shape.name)
            for paragraph in (p for ph in slide.placeholders if ph.has_text_frame for p in ph.text_frame.paragraphs):
                assert not paragraph.text.startswith(("• ", "▪ ")), (deck.name, number)


def test_foreign_template_is_4_by_3_with_its_own_fonts_and_footer(rendered: dict[str, Rendered]) -> None:
    deck = next(d for d in rendered.values() if d.variant == "foreign")
    prs = Presentation(str(deck.pptx))
    assert (prs.slide_width, prs.slide_height) == (9144000, 6858000)
    theme = next(xml for name, xml in _read_all(deck.pptx).items() if name.startswith("ppt/theme/"))
    assert 'typeface="DejaVu Serif"' in theme


def _read_all(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        return {n: archive.read(n).decode("utf-8", "replace") for n in archive.namelist() if n.endswith(".xml")}


def test_nothing_internal_in_slide_text(rendered: dict[str, Rendered], demo_portfolio: Portfolio) -> None:
    """No vendor handle, persona id or word, commit id or command in any slide or note."""
    handles = set()
    for status in demo_portfolio.customers:
        customer = status.customer
        handles.add(customer.csm)
        people = {s.id for s in customer.stakeholders}
        handles |= {t.owner for o in customer.objectives for t in o.tasks if t.owner not in people}
    handles.discard(None)
    forbidden = [*handles, "executive_sponsor", "economic_buyer", "key_influencer", "adoption_champion",
                 "Economic buyer", "Key influencer", "Adoption champion", "big_boss", COMMIT, "successplans",
                 "python -m", "`"]
    for deck in rendered.values():
        # an e-mail address may start with a handle; the address itself is customer-facing
        text = re.sub(r"[\w.+-]+@[\w.-]+", "", "\n".join(_slide_xml(deck.pptx).values()))
        found = [f for f in forbidden if f and f in text]
        assert found == [], deck.name
        with zipfile.ZipFile(deck.pptx) as archive:
            assert COMMIT in archive.read("docProps/core.xml").decode()


def test_logo_in_the_covers_picture_placeholder(rendered: dict[str, Rendered]) -> None:
    decks = [d for d in rendered.values() if d.view.logo is not None and d.variant != "wide"]
    assert {d.variant for d in decks} == {"default", "foreign"}
    for deck in decks:
        first = Presentation(str(deck.pptx)).slides[0]
        (logo,) = [s for s in first.shapes if s.name == "Logo"]
        assert logo.is_placeholder and logo.image.blob == deck.view.logo
        layout_box = next(ph for ph in first.slide_layout.placeholders if ph.placeholder_format.idx
                          == logo.placeholder_format.idx)
        assert layout_box.left <= logo.left and logo.left + logo.width <= layout_box.left + layout_box.width + 1
        assert layout_box.top <= logo.top and logo.top + logo.height <= layout_box.top + layout_box.height + 1


def test_status_colours_can_be_overridden(demo_config: Config) -> None:
    view = next(_views(demo_config))
    palette = {"on_track": "123456", "off_track": "ABCDEF"}
    data = deck_bytes(view, DEFAULT_TEMPLATE, None, palette)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = "".join(archive.read(n).decode() for n in archive.namelist() if n.startswith("ppt/slides/"))
    used = {o.track for o in view.objectives}
    assert "on_track" in used
    assert "123456" in xml and STATUS_COLORS["on_track"] not in xml
