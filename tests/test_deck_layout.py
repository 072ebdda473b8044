"""Decks as the customer sees them: every demo deck and an extreme one, rendered by LibreOffice with a
Calibri-metric font (Carlito) and with a wide one (DejaVu Sans), read back word by word from the PDF.

The wide render uses a second template with other colours, fonts and positions, built here, whose
narrow theme font (DejaVu Sans Condensed) is swapped for DejaVu Sans after the deck is built: a
forwarded deck opened where its font is missing must still fit. Each deck is rendered once per
font, all in one LibreOffice call.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import require_tool
from lxml import etree
from pptx import Presentation
from pptx.util import Inches

from generator.config import Config, load_config
from generator.deck import deck_bytes
from generator.deck.charts import axis_bounds, serial
from generator.deck.draw import Frame
from generator.deck.story import STATUS_COLORS, STATUS_TEXT, is_measured
from generator.deck.template import DEFAULT_TEMPLATE, open_template
from generator.model import Portfolio
from generator.portfolio import build_portfolio, resolve_as_of
from generator.view import CustomerView, customer_view

EXTREME = Path(__file__).parent / "fixtures" / "extreme"
COMMIT = "c0ffee1"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
RESTYLE_COLORS = {"dk1": "202A44", "dk2": "4B1D3F", "accent1": "7A1F5C", "accent2": "D98E04", "accent3": "3C6E71",
                  "accent4": "284B63", "accent5": "9A8C98", "accent6": "4A4E69"}


def restyled_template(out: Path) -> Path:
    """A company template unlike the default: other theme colours and fonts (DejaVu Sans Condensed),
    the title lower and narrower, the footer band higher."""
    prs, _ = open_template(DEFAULT_TEMPLATE)
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    theme_part = prs.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(theme_part.blob)
    for slot, color in RESTYLE_COLORS.items():
        element = root.find(f".//{{{_A}}}clrScheme/{{{_A}}}{slot}")
        assert element is not None
        for child in list(element):
            element.remove(child)
        etree.SubElement(element, f"{{{_A}}}srgbClr", val=color)
    for latin in root.iter(f"{{{_A}}}latin"):
        latin.set("typeface", "DejaVu Sans Condensed")
    theme_part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    boxes = {"title": (1.1, 0.55, 11.0, 1.2), "dt": (0.6, 6.6, 2.4, 0.4), "ftr": (3.1, 6.6, 7.0, 0.4),
             "sldNum": (10.33, 6.6, 2.4, 0.4)}
    for shape in prs.slide_master.placeholders:
        ph = shape._element.find(f".//{{{_P}}}ph")
        kind = ph.get("type", "body") if ph is not None else "body"
        if kind in boxes:
            left, top, width, height = boxes[kind]
            shape.left, shape.top, shape.width, shape.height = Inches(left), Inches(top), Inches(width), Inches(height)
    prs.save(str(out))
    return out


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
    name: str  # <customer>-<font>
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
    templates = {"carlito": DEFAULT_TEMPLATE, "dejavu": restyled_template(out / "restyled.pptx")}
    extreme_config = load_config(EXTREME / "mkdocs.yml")
    views = {v.name: (v, demo_config) for v in _views(demo_config)}
    views.update({v.name: (v, extreme_config) for v in _views(extreme_config)})
    decks: dict[str, Rendered] = {}
    for index, (view, config) in enumerate(views.values()):
        for font, template in templates.items():
            name = f"deck{index:02d}-{font}"
            path = out / f"{name}.pptx"
            data = deck_bytes(view, template, COMMIT, config.status_colors)
            path.write_bytes(data if font == "carlito" else with_font(data, "DejaVu Sans"))
            decks[name] = Rendered(name, view, path, out / f"{name}.pdf", template)
    subprocess.run([soffice, f"-env:UserInstallation=file://{out / 'profile'}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), *(str(d.pptx) for d in decks.values())], check=True, capture_output=True,
                   timeout=600)
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


def pages(pdf: Path) -> list[Page]:
    html = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True).stdout
    root = etree.fromstring(html, etree.XMLParser(recover=True, huge_tree=True))
    found = []
    for page in root.iter("{*}page"):
        def box(e: etree._Element) -> Box:
            text = " ".join(w.text or "" for w in e.iter("{*}word"))
            return Box(float(e.get("xMin")), float(e.get("yMin")), float(e.get("xMax")), float(e.get("yMax")), text)

        found.append(Page(float(page.get("width")), float(page.get("height")),
                          [box(w) for w in page.iter("{*}word")], [box(b) for b in page.iter("{*}block")]))
    return found


def test_every_deck_renders_with_one_page_per_slide(rendered: dict[str, Rendered]) -> None:
    assert len(rendered) >= 22  # ten demo customers and the extreme one, two fonts each
    for deck in rendered.values():
        assert len(pages(deck.pdf)) == len(Presentation(str(deck.pptx)).slides), deck.name


def test_every_word_inside_the_slide_and_out_of_the_footer_band(rendered: dict[str, Rendered]) -> None:
    for deck in rendered.values():
        prs, layouts = open_template(deck.template)
        band = Frame.of(prs, layouts["Title Only"]).footer_top
        footer_words = set(f"Business review · Data as of {deck.view.as_of.day} {deck.view.as_of:%b %Y}".split())
        for number, page in enumerate(pages(deck.pdf), start=1):
            for word in page.words:
                where = f"{deck.name} slide {number}: {word.text!r}"
                assert 0 <= word.x0 and word.x1 <= page.width + 0.5, where
                assert 0 <= word.y0 and word.y1 <= page.height + 0.5, where
                if word.y1 > band + 1.5:
                    assert word.text in footer_words or word.text == str(number), where


def test_no_two_text_blocks_overlap(rendered: dict[str, Rendered]) -> None:
    for deck in rendered.values():
        for number, page in enumerate(pages(deck.pdf), start=1):
            blocks = page.blocks
            for i, first in enumerate(blocks):
                for second in blocks[i + 1:]:
                    assert not first.overlaps(second), f"{deck.name} slide {number}: {first.text!r} / {second.text!r}"


def test_month_labels_are_not_repeated(rendered: dict[str, Rendered]) -> None:
    month = re.compile(r"^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d\d$")
    charts = 0
    for deck in rendered.values():
        prs = Presentation(str(deck.pptx))
        for slide, page in zip(prs.slides, pages(deck.pdf)):
            if not any(shape.has_chart for shape in slide.shapes):
                continue
            charts += 1
            labels = []
            words = sorted(page.words, key=lambda w: (round(w.y0), w.x0))
            for first, second in zip(words, words[1:]):
                if month.match(f"{first.text} {second.text}") and abs(first.y0 - second.y0) < 2:
                    labels.append(f"{first.text} {second.text}")
            assert labels and len(labels) == len(set(labels)), (deck.name, labels)
    assert charts >= 20


# --- the deck's XML -----------------------------------------------------------------------------


def _slide_xml(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        return {n: archive.read(n).decode() for n in archive.namelist()
                if re.match(r"ppt/(slides|charts|notesSlides)/[^/]+\.xml$", n)}


def test_charts_span_start_to_due_by_month_with_plan_and_target(rendered: dict[str, Rendered]) -> None:
    checked = 0
    for deck in (d for d in rendered.values() if d.name.endswith("carlito")):
        prs = Presentation(str(deck.pptx))
        measured = [o for o in deck.view.objectives if is_measured(o)]
        charts = [shape.chart for slide in prs.slides for shape in slide.shapes if shape.has_chart]
        assert len(charts) == len(measured), deck.name
        for chart, objective in zip(charts, measured):
            axis = chart._chartSpace.find(".//{*}dateAx")
            assert axis is not None
            first, last = axis_bounds(objective)
            assert first <= objective.started and last >= objective.due
            assert axis.find("{*}scaling/{*}min").get("val") == str(serial(first))
            assert axis.find("{*}scaling/{*}max").get("val") == str(serial(last))
            assert axis.find("{*}majorTimeUnit").get("val") == "months"
            assert axis.find("{*}majorUnit").get("val") in ("1", "3", "12")
            series = {s.name: list(s.values) for s in chart.plots[0].series}
            assert set(series) == {"Measured", "Plan", "Target"}
            plan = [v for v in series["Plan"] if v is not None]
            assert objective.metric is not None
            assert plan == [float(objective.metric.baseline), float(objective.metric.target)]
            assert [v for v in series["Measured"] if v is not None] == [float(v) for _, v in objective.readings]
            labels = [t.text for t in chart._chartSpace.iter("{*}t")]
            assert any(label.startswith("Target ") for label in labels)
            title = "".join(t.text or "" for t in axis.getparent().find("{*}valAx").iter("{*}t"))
            assert ("lower is better" in title) == (objective.metric.target < objective.metric.baseline)
            checked += 1
    assert checked >= 15


def test_restyled_template_restyles_every_slide(rendered: dict[str, Rendered]) -> None:
    """No colour is fixed in slide XML but the status colours; titles, footers and slide numbers are the
    layout's placeholders, positioned by the template."""
    allowed = {c.upper() for c in STATUS_COLORS.values()} | {STATUS_TEXT}
    for deck in (d for d in rendered.values() if d.name.endswith("dejavu")):
        for name, xml in _slide_xml(deck.pptx).items():
            fixed = set(re.findall(r'srgbClr val="([0-9A-Fa-f]{6})"', xml))
            assert fixed <= allowed, (deck.name, name, fixed - allowed)
            assert "<a:latin typeface=" not in xml or "+mn-lt" in xml, (deck.name, name)
        prs = Presentation(str(deck.pptx))
        for number, slide in enumerate(prs.slides, start=1):
            title = slide.shapes.title
            assert title is not None and title._element.spPr.find(f"{{{_A}}}xfrm") is None
            if number > 1:
                kinds = {ph.placeholder_format.type for ph in slide.placeholders}
                assert {str(k).split(" ")[0] for k in kinds} >= {"TITLE", "FOOTER", "SLIDE_NUMBER"}, (deck.name, number)


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


def test_logo_on_the_title_slide(rendered: dict[str, Rendered]) -> None:
    decks = [d for d in rendered.values() if d.view.logo is not None]
    assert decks
    for deck in decks:
        first = Presentation(str(deck.pptx)).slides[0]
        (logo,) = [s for s in first.shapes if s.name == "Logo"]
        assert logo.shape_type is not None and logo.image.blob == deck.view.logo


def test_status_colours_can_be_overridden(demo_config: Config) -> None:
    view = next(_views(demo_config))
    palette = {"on_track": "123456", "off_track": "ABCDEF"}
    data = deck_bytes(view, DEFAULT_TEMPLATE, None, palette)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = "".join(archive.read(n).decode() for n in archive.namelist() if n.startswith("ppt/slides/"))
    used = {o.track for o in view.objectives}
    if "on_track" in used:
        assert "123456" in xml and STATUS_COLORS["on_track"] not in xml
