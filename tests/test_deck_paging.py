"""How the deck lays words out on slides, on small cases: pages filled evenly, subheadings kept with
what follows them, text below a table, tables that never break a word, and titles that stay titles."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import Config
from generator.deck.draw import (BODY_MIN_PT, CELL_INSET_X_PT, TITLE_FLOOR_PT, TITLE_MIN_PT, Canvas, Page, Row,
                                 TableBlock, TextBlock, draw_page, paginate)
from generator.deck.fit import Para, unbroken
from generator.deck.render import new_canvas
from generator.deck.template import DEFAULT_TEMPLATE, open_template
from generator.model import Portfolio
from generator.view import CustomerView, customer_view
from tests.deck_templates import build_foreign


@pytest.fixture(scope="module")
def view(demo_portfolio: Portfolio, demo_config: Config) -> CustomerView:
    status = demo_portfolio.customer("helix-payments")
    assert status is not None
    return customer_view(status, demo_config)


def canvas_on(template: Path, view: CustomerView) -> Canvas:
    prs, layouts = open_template(template)
    return new_canvas(prs, layouts, view)


@pytest.fixture(scope="module")
def canvas(view: CustomerView) -> Canvas:
    return canvas_on(DEFAULT_TEMPLATE, view)


@pytest.fixture(scope="module")
def foreign(tmp_path_factory: pytest.TempPathFactory, view: CustomerView) -> Canvas:
    return canvas_on(build_foreign(tmp_path_factory.mktemp("template") / "foreign.pptx"), view)


def text(words: str, role: str = "text") -> Para:
    return Para.of(words, role)


def lines(count: int) -> TextBlock:
    """`count` one-line paragraphs, each kept apart."""
    return TextBlock(groups=tuple((text(f"Step {n} of the joint plan"),) for n in range(count)))


def test_content_over_several_slides_is_spread_evenly(canvas: Canvas) -> None:
    body = canvas.geometry.body
    full = len(paginate(canvas, [lines(200)], body)[0].paras)  # what one slide holds
    block = lines(2 * full + 2)
    greedy = paginate(canvas, [block], body)
    assert [len(p.paras) for p in greedy] == [full, full, 2]  # the control: two lines left over
    balanced = paginate(canvas, [block], body, balance=True)
    counts = [len(p.paras) for p in balanced]
    total = 2 * full + 2
    assert len(balanced) == 3 and sum(counts) == total
    assert max(counts) == -(-total // 3) and min(counts) >= total // 3 - 1  # as full as the fewest pages need


def test_a_subheading_never_ends_a_slide(canvas: Canvas) -> None:
    body = canvas.geometry.body
    full = len(paginate(canvas, [lines(200)], body)[0].paras)
    heading = Para.of("Measures that moved", "heading", bold=True)
    follows = TextBlock(groups=((text("Invoice time: improved from 14 to 7.6 days"),),
                                (text("Disputes: improved from 12 to 8 days"),)))
    pages = paginate(canvas, [lines(full - 1), TextBlock(groups=((heading,),)), follows], body)
    assert pages[0].paras[-1].role != "heading"
    assert pages[1].paras[0] == heading and pages[1].paras[1].text.startswith("Invoice time")
    table = TableBlock(headers=("When", "What"), rows=(Row(cells=("1 Dec 2026", "Go-live")),), shares=(0.3, 0.7))
    pages = paginate(canvas, [lines(full - 1), TextBlock(groups=((heading,),)), table], body)
    assert pages[0].paras[-1].role != "heading" and pages[1].paras == [heading] and pages[1].tables
    alone = paginate(canvas, [lines(full - 1), follows], body)  # the control: without the heading, a line fits
    assert alone[0].paras[-1].text.startswith("Invoice time")


def test_text_after_a_table_goes_below_it(canvas: Canvas, view: CustomerView) -> None:
    table = TableBlock(headers=("Objective", "Priority"), rows=tuple(Row(cells=(f"Objective {n}", str(n)))
                                                                     for n in range(1, 4)), shares=(0.8, 0.2))
    question = TextBlock(groups=((text("Is each still a priority?"),),))
    (page,) = paginate(canvas, [table, question], canvas.geometry.body)
    assert page.text_below and page.paras == [question.groups[0][0]]
    (before,) = paginate(canvas, [question, table], canvas.geometry.body)
    assert not before.text_below
    slide = canvas.new_slide("Are these still your priorities?", "")
    bottom = draw_page(canvas, slide, page, canvas.geometry.body)
    frame = next(s for s in slide.shapes if s.has_table)
    words = next(s for s in slide.placeholders if s.placeholder_format.idx == canvas.geometry.body.idx)
    assert words.text_frame.text == "Is each still a priority?"
    assert words.top >= frame.top + frame.height and (words.top + words.height) / 12700 <= bottom + 0.5


def priorities(width_name: str) -> TableBlock:
    rows = (Row(cells=("Cut the supplier invoice cycle in every Nordic subsidiary", "1", unbroken("2 Nov 2026"),
                       width_name)),
            Row(cells=("在所有地区将客户投诉的平均处理时间从十天缩短到两天", "2", "Not yet", "—")))
    merged = tuple(Row(cells=(r.cells[0], r.cells[1], f"{r.cells[2]} by {r.cells[3]}")) for r in rows)
    return TableBlock(headers=("Objective", "Priority", "Last confirmed", "By"), rows=rows,
                      shares=(0.5, 0.12, 0.18, 0.2),
                      narrower=TableBlock(headers=("Objective", "Priority", "Last confirmed"), rows=merged,
                                          shares=(0.55, 0.12, 0.33)))


def test_table_columns_hold_their_widest_word(canvas: Canvas, foreign: Canvas) -> None:
    """Each column at least as wide as its widest word in the cells' font (bold in the header), with
    the cell margins; Chinese counts by character, not as one word. Where the four columns cannot
    each hold theirs, the date and the name share a column; where they can, the table keeps four."""
    table = priorities("Hélène Castañeda-Øvergård")
    font = foreign.body_font
    least = foreign.least_widths(table)
    assert least[1] == pytest.approx(font.widest("Priority", table.size, True) + 2 * CELL_INSET_X_PT)
    assert least[0] < 12 * table.size  # "subsidiary", not the whole Chinese title
    width = foreign.geometry.body.text_width
    assert foreign.breaks_words(table, width)  # the control: four columns do not fit the 4:3 body
    chosen = foreign.fit_table(table, width, foreign.geometry.body.rect.height)
    assert chosen.headers == ("Objective", "Priority", "Last confirmed") and chosen.size == table.size
    widths = foreign.widths(chosen, width)
    assert all(w >= need - 0.01 for w, need in zip(widths, foreign.least_widths(chosen)))
    body = canvas.geometry.body
    assert canvas.fit_table(table, body.text_width, body.rect.height).headers == table.headers


def test_dates_in_tables_are_one_unbreakable_word(canvas: Canvas) -> None:
    """A date's spaces are non-breaking in table cells: its column is as wide as the whole date, and
    lines break around it, never inside."""
    font = canvas.body_font
    assert font.widest(unbroken("16 Nov 2026"), 14) == pytest.approx(font.width("16 Nov 2026", 14), rel=0.01)
    assert font.widest("16 Nov 2026", 14) == pytest.approx(font.width("2026", 14), rel=0.01)  # the control
    cell = unbroken("16 Nov 2026") + " by Hélène Castañeda-Øvergård"
    room = font.width("16 Nov 2026 by", 14) + 1
    assert font.wrap(cell, room, 14)[0] == unbroken("16 Nov 2026") + " by"


TITLES = [
    "Lower the share of denied claims that need manual rework from 38 percent to 15 percent by the end of fiscal "
    "year 2027",
    "Roll out automated discharge follow-up scheduling to the four rural critical-access hospitals so that three "
    "in four patients leave with a follow-up visit booked",
]


def test_long_objective_titles_stay_titles_in_a_title_column(foreign: Canvas) -> None:
    """A title of 120 to 160 characters fits the foreign template's title column, smaller than 28 pt but
    not below the floor, and no word of it breaks; only a title of hundreds of characters falls back."""
    slot = foreign.geometry.title
    for title in TITLES:
        plan = foreign.title_plan(title, grow=True)
        assert plan is not None and TITLE_FLOOR_PT <= plan.size < TITLE_MIN_PT, title
        assert foreign.title_font.widest(title, plan.size, True) <= slot.text_width
    assert foreign.title_plan(" ".join(TITLES * 3), grow=True) is None


def test_titles_above_the_body_grow_and_never_shrink_below_28pt(canvas: Canvas) -> None:
    for title in TITLES:
        plan = canvas.title_plan(title, grow=True)
        assert plan is not None and plan.size >= TITLE_MIN_PT
    assert canvas.title_plan(" ".join(TITLES * 3), grow=True) is None


def test_body_text_at_the_smallest_size_is_written_on_its_runs(canvas: Canvas) -> None:
    """The template's 18 pt serve as they are; 16 pt, where the summary takes it, is written."""
    body = canvas.geometry.body
    small = canvas.at_most(body, BODY_MIN_PT)
    assert {r.size for r in small.roles.values()} == {BODY_MIN_PT}
    assert small.roles["text"].explicit_size and not body.roles["text"].explicit_size
    assert not small.roles["sub"].explicit_size  # the template's second level is 16 pt already
    full = len(paginate(canvas, [lines(200)], body)[0].paras)
    assert len(paginate(canvas, [lines(200)], small)[0].paras) > full


def test_pages_know_when_they_hold_only_subheadings() -> None:
    heading = Para.of("Overdue", "heading", bold=True)
    assert Page(paras=[heading]).headings_only and Page().headings_only
    assert not Page(paras=[heading, Para.of("Move depot 2")]).headings_only


def test_a_narrower_form_only_where_it_saves_real_room(canvas: Canvas, foreign: Canvas) -> None:
    """Four long objectives (the demo's longest) confirmed by people with short names: on the 4:3
    template four columns leave the objectives a narrow column, many lines deep, and the date and
    name share a column; on 16:9 the four columns cost a line or two and stay."""
    titles = ["Reduce average prior authorization turnaround across all eleven member hospitals from 6.5 business "
              "days to 2 business days", *TITLES,
              "Give referring clinicians one digital intake path for specialty referrals in every member hospital, "
              "replacing fax and phone referrals"]
    rows = tuple(Row(cells=(title, str(n), unbroken("4 Nov 2026"), "Eleanor Vance"))
                 for n, title in enumerate(titles, 1))
    merged = tuple(Row(cells=(*r.cells[:2], f"{r.cells[2]} by {r.cells[3]}")) for r in rows)
    table = TableBlock(headers=("Objective", "Priority", "Last confirmed", "By"), rows=rows,
                       shares=(0.5, 0.12, 0.18, 0.2),
                       narrower=TableBlock(headers=("Objective", "Priority", "Last confirmed"), rows=merged,
                                           shares=(0.55, 0.12, 0.33)))
    for on, columns in ((foreign, 3), (canvas, 4)):
        body = on.geometry.body
        assert not on.breaks_words(table, body.text_width)
        assert len(on.fit_table(table, body.text_width, body.rect.height).headers) == columns


def test_names_in_tables_wrap_where_measured(foreign: Canvas) -> None:
    """A name wraps between its words, as measured, each line ended by a line break of its own, so a
    renderer never wraps it after a hyphen ("Anna-Karin Lindqvist-" over "Ørsted"); free text wraps
    as the renderer likes."""
    owner = "Anna-Karin Lindqvist-Ørsted"
    step = "Train the accounts-payable team of subsidiary 2 before the winter timetable starts"
    table = TableBlock(headers=("When", "What", "Owner"), shares=(0.2, 0.55, 0.25), free=1, names=(2,),
                       rows=(Row(cells=(unbroken("1 May 2026"), step, owner)),))
    (page,) = paginate(foreign, [table], foreign.geometry.body)
    slide = foreign.new_slide("Next steps", "")
    draw_page(foreign, slide, page, foreign.geometry.body)
    cells = [cell.text_frame.text for shape in slide.shapes if shape.has_table for cell in shape.table.rows[1].cells]
    assert cells[2].split("\v") == ["Anna-Karin", "Lindqvist-Ørsted"]
    assert cells[1] == step  # the control: the free-text column carries no breaks of its own
