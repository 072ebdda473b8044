"""The slides of the review, in the order of design/ebr-deck.md: one builder per slide kind.

Each builder reads the CustomerView through story.py's words and rules and lays them out with
draw.py: body text into the layout's content placeholder, tables and charts where the layout puts
its content. A slide with nothing to say is left out rather than shown empty; a slide with more than
fits continues on the next, its subheadings repeated. Nothing is cut: a long title wraps, and one
that cannot fit a title at all opens the slide's body instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pptx.slide import Slide

from .. import wording
from ..view import CustomerView, ViewObjective
from . import story
from .charts import metric_chart
from .draw import (BODY_MIN_PT, GAP_PT, MIN_TABLE_PT, TABLE_PT, Block, Canvas, Page, Rect, Row, TableBlock, TextBlock,
                   draw_page, finish, paginate, rect_of, set_notes, write_text)
from .fit import Para, Run, plain, unbroken
from .textstyle import placeholder_style, placeholders_of


@dataclass
class Deck:
    view: CustomerView
    canvas: Canvas


@dataclass(frozen=True, slots=True, kw_only=True)
class Section:
    """A slide's worth of blocks under one title, flowed over as many slides as it needs (evenly).
    A section of one item shares a slide with a neighbouring section when both fit on it
    (`mergeable`); a `titled` section's title heads any slide it shares. A `compact` section takes
    body text down to the type scale's smallest size when that saves a slide."""

    title: str
    blocks: tuple[Block, ...]
    notes: str
    items: int
    mergeable: bool = False
    titled: bool = False
    compact: bool = False
    accent: str | None = None  # the status colour of its title where it opens part of another's slide


Part = Section | Callable[[Deck], None]  # a section to flow, or slides a builder draws itself


def heading(text: str, status: str | None = None) -> Para:
    return Para.of(text, "heading", bold=True, status=status)


def line(text: str, *, bold: bool = False, status: str | None = None) -> Para:
    return Para.of(plain(text), bold=bold, status=status)


def bullet(text: str) -> Para:
    return Para.of(plain(text), "bullet")


def sub(text: str) -> Para:
    return Para.of(plain(text), "sub")


def status_run(o: ViewObjective) -> Run:
    return Run(text=story.status_word(o), bold=True, status=story.track(o))


def merged(deck: Deck, parts: Sequence[Part]) -> list[Part]:
    """Adjacent mergeable sections together when one of them has a single item and together they
    need one slide fewer than apart (a one-item section fits on the other's last slide): the titled
    or larger one's title heads the slides, the other's opens its part of the body."""
    out: list[Part] = []
    for part in parts:
        last = out[-1] if out else None
        if (isinstance(part, Section) and isinstance(last, Section) and part.mergeable and last.mergeable
                and min(part.items, last.items) <= 1):
            keep_first = last.titled or not part.titled and last.items >= part.items
            title = last.title if keep_first else part.title
            first: list[Block] = list(last.blocks) if keep_first else _titled(last)
            second: list[Block] = _titled(part) if keep_first else list(part.blocks)
            blocks = tuple(first + second)
            body = deck.canvas.geometry.body
            apart = len(paginate(deck.canvas, last.blocks, body)) + len(paginate(deck.canvas, part.blocks, body))
            if len(paginate(deck.canvas, blocks, body)) < apart:
                out[-1] = Section(title=title, blocks=blocks, notes=last.notes + "\n" + part.notes,
                                  items=last.items + part.items, mergeable=True, titled=last.titled or part.titled)
                continue
        out.append(part)
    return out


def _titled(section: Section) -> list[Block]:
    """A section's blocks under its title as a subheading, kept with its first lines."""
    title = Para.of(section.title, "heading", bold=True, status=section.accent)
    first, *rest = section.blocks
    if isinstance(first, TextBlock) and first.heading is None:
        return [TextBlock(heading=title, groups=first.groups), *rest]
    return [TextBlock(groups=((title,),)), first, *rest]  # the title goes along to where `first` starts


def draw_parts(deck: Deck, parts: Sequence[Part]) -> None:
    for part in merged(deck, parts):
        if isinstance(part, Section):
            flow(deck, part.title, part.blocks, part.notes, compact=part.compact)
        else:
            part(deck)


def flow(deck: Deck, title: str, blocks: Sequence[Block], notes: str, *, compact: bool = False) -> list[Slide]:
    """Title, blocks spread evenly over as many slides as they need ("(2 of 3)" in the title), notes
    on each; with `compact`, body text at the type scale's smallest size when that needs fewer slides."""
    canvas = deck.canvas
    slot = canvas.geometry.body
    pages = paginate(canvas, blocks, slot, balance=True)
    if compact and len(pages) > 1:
        small = canvas.at_most(slot, BODY_MIN_PT)
        fewer = paginate(canvas, blocks, small, balance=True)
        if len(fewer) < len(pages):
            slot, pages = small, fewer
    slides = []
    for index, page in enumerate(pages):
        heading_ = title if len(pages) == 1 else f"{title} {unbroken(f'({index + 1} of {len(pages)})')}"
        slide = canvas.new_slide(heading_, notes)
        draw_page(canvas, slide, page, slot)
        finish(slide)
        slides.append(slide)
    return slides


def points_to_land(points: Sequence[str]) -> str:
    """"Two points to land:" followed by exactly as many points as it announces."""
    words = {1: "One point", 2: "Two points", 3: "Three points"}
    return f"{words.get(len(points), f'{len(points)} points')} to land:\n" + "\n".join(points)


# --- 1. title -------------------------------------------------------------------------------------


def title_slide(deck: Deck) -> list[Part]:
    return [_draw_title]


def _draw_title(deck: Deck) -> None:
    view, canvas = deck.view, deck.canvas
    layout = canvas.layouts.cover
    slide = canvas.prs.slides.add_slide(layout)
    canvas.slides.append(slide)
    logo_box = None
    for shape in placeholders_of(slide):
        kind = shape.placeholder_format.type
        name = str(kind).split(" ")[0] if kind is not None else ""
        box = rect_of(shape)
        if name in ("CENTER_TITLE", "TITLE"):
            _cover_text(canvas, shape, [Para.of(view.name)], title=True)
        elif name == "SUBTITLE":
            lines = ["Business review", f"{view.as_of.day} {view.as_of:%B %Y}", f"{view.company_name} and {view.name}"]
            _cover_text(canvas, shape, [Para.of(text) for text in lines], title=False)
        elif name == "PICTURE" and view.logo is not None and logo_box is None and box is not None:
            logo_box = box
            canvas.picture(slide, view.logo, box, into=shape)
    if view.logo is not None and logo_box is None:
        frame = canvas.geometry
        canvas.picture(slide, view.logo, Rect(frame.slide.width - frame.title.rect.left - 144, 24, 144, 64))
    finish(slide)
    sponsor = story.sponsor(view)
    set_notes(slide, f"Welcome {story.possessive(view.name)} team. The purpose: review the outcomes "
              f"{view.name} set out to reach, confirm they are still the priorities, and agree the next quarter "
              "together." + (f" Thank {sponsor} for sponsoring the plan." if sponsor else ""))


def _cover_text(canvas: Canvas, shape: object, paras: list[Para], *, title: bool) -> None:
    """The cover's title or subtitle in its placeholder: the template's size when the text fits,
    else the largest that fits (a name is never cut)."""
    layout_shape = next(s for s in placeholders_of(canvas.layouts.cover)
                        if s.placeholder_format.idx == shape.placeholder_format.idx)  # type: ignore[attr-defined]
    style = placeholder_style(layout_shape, canvas.prs)
    box = rect_of(shape)
    font = canvas.title_font if title else canvas.body_font
    own = style.level(0).size or (40.0 if title else 20.0)
    if box is None:
        write_text(shape, paras, None)
        return
    width = box.width - style.box.inset_left - style.box.inset_right
    height = box.height - style.box.inset_top - style.box.inset_bottom
    before = style.level(0).space_before

    def fits(size: float, whole: bool = True) -> bool:
        if whole and any(font.widest(p.text, size, title or p.bold) > width for p in paras):
            return False  # a word would break
        total = sum(font.lines(p.text, width, size, title or p.bold) * font.line_height(size) + before.of(size)
                    for p in paras)
        return total <= height

    size: float | None = own if fits(own) else None
    if size is None:  # the largest size that breaks no word, else (a name without spaces) the largest that fits
        sizes = range(int(min(own, 40)), 5, -1)
        size = next((float(s) for s in sizes if fits(s)), None) or next(
            (float(s) for s in sizes if fits(s, whole=False)), 6.0)
    write_text(shape, paras, None, size=None if size == own else size)


# --- 2. executive summary -----------------------------------------------------------------------


def summary_slide(deck: Deck) -> list[Part]:
    """The headline, one line per open objective (with the recovery of those behind), the wins since
    the last review, the asks (each once) and the next review: compact, so that it fits one slide
    for as many objectives as a review usually has."""
    view = deck.view
    open_objectives = [o for o in view.objectives if o.is_open]
    window = story.since_last_review(view)
    wins = story.wins(view)
    asks = story.merged_asks(view)
    blocks: list[Block] = [TextBlock(groups=((line(story.headline(view), bold=True),),))]
    groups = []
    for o in open_objectives:
        runs = [Run(text=plain(o.title) + " — "), status_run(o), Run(text=": " + story.measure(o))]
        if story.recovery(o):  # on the same line: the sponsor reads what changes right after the figure
            runs += [Run(text=". "), *recovery_runs(o)]
        groups.append((Para(runs=tuple(runs), role="bullet"),))
    if groups:
        blocks.append(TextBlock(groups=tuple(groups)))
    closing = []
    if wins:
        closing.append(led(f"Achieved {window.short}: ", "; ".join(f"{plain(o.title)} ({wording.day(o.closed_date)})"
                                                                  for o in wins), "achieved"))
    if asks:
        closing.append(led("What we need from you: ", "; ".join(asks)))
    if view.next_review:
        closing.append(line(f"Our next review: {wording.day(view.next_review)}", bold=True))
    if closing:
        blocks.append(TextBlock(groups=tuple((para,) for para in closing)))
    points = [story.headline(view)]
    behind = [o for o in open_objectives if story.is_behind(o)]
    if behind:
        points.append("Behind plan or past due: " + "; ".join(
            f"{o.title} ({story.recovery(o)})" for o in behind))
    if asks:
        points.append("Ask for: " + "; ".join(asks))
    return [Section(title="Executive summary", blocks=tuple(blocks), notes=points_to_land(points),
                    items=len(blocks), compact=True)]


def recovery_runs(o: ViewObjective) -> tuple[Run, ...]:
    """"Recovery: what changes" (the lead bold, in the status colour), or that a plan is to be agreed."""
    if o.recovery:
        return Run(text="Recovery: ", bold=True, status=story.track(o)), Run(text=plain(o.recovery))
    return (Run(text=story.NO_RECOVERY, bold=True, status=story.track(o)),)


def led(lead: str, text: str, status: str | None = None) -> Para:
    """A paragraph opened by a bold lead ("What we need from you: …")."""
    return Para(runs=(Run(text=lead, bold=True, status=status), Run(text=plain(text))))


# --- 3. are these still your priorities? -------------------------------------------------------


def priorities_slides(deck: Deck) -> list[Part]:
    """The open objectives with their priority and when and by whom each was last confirmed; the
    question below them. Where the four columns cannot each hold their longest word, the date and
    the name share one column."""
    view = deck.view
    open_objectives = [o for o in view.objectives if o.is_open]
    if not open_objectives:
        return []

    def confirmed(o: ViewObjective) -> str:
        return unbroken(wording.day(o.last_validated)) if o.last_validated else "Not yet"

    def priority(o: ViewObjective) -> str:
        return str(o.priority) if o.priority else wording.NONE

    merged_rows = tuple(Row(cells=(plain(o.title), priority(o), confirmed(o) + (f" by {o.validated_by}"
                                                                              if o.validated_by else "")))
                        for o in open_objectives)
    rows = tuple(Row(cells=(plain(o.title), priority(o), confirmed(o), o.validated_by or wording.NONE))
                 for o in open_objectives)
    narrower = TableBlock(headers=("Objective", "Priority", "Last confirmed"), rows=merged_rows,
                          shares=(0.55, 0.12, 0.33), names=(2,))
    blocks: list[Block] = [
        TableBlock(headers=("Objective", "Priority", "Last confirmed", "By"), rows=rows, shares=(0.5, 0.12, 0.18, 0.2),
                   names=(3,), narrower=narrower),
        TextBlock(groups=((line("Still the right target and date? Tell us what changed: we update the plan "
                                "together today."),),)),
    ]
    return [Section(title="Are these still your priorities?", blocks=tuple(blocks), items=len(rows), mergeable=True,
                    titled=True, notes="Ask for each objective: is it still a priority, is the target still right, "
                                       "is the date still right? Record each answer in the plan after the meeting.")]


# --- 4. value delivered -------------------------------------------------------------------------


def value_slide(deck: Deck) -> list[Part]:
    view = deck.view
    delivered = story.value_delivered(view)
    if not delivered:
        return []
    groups = []
    for o in delivered:
        paras = [line(o.title, bold=True)]
        if o.value_statement:
            paras.append(line(o.value_statement))
        confirmation = (f"Confirmed by {o.closed_confirmed_by}, {wording.day(o.closed_date)}" if o.closed_confirmed_by
                        else f"Achieved {wording.day(o.closed_date)}")
        paras.append(line(confirmation, status="achieved"))
        groups.append(tuple(paras))
    notes = "\n".join(f"{o.title}: achieved {wording.day(o.closed_date)}"
                      + (f", confirmed by {o.closed_confirmed_by}" if o.closed_confirmed_by else "") + "."
                      for o in delivered)
    return [Section(title="Value delivered", blocks=(TextBlock(groups=tuple(groups)),), items=len(groups),
                    notes="What the plan has delivered in the last twelve months.\n" + notes, mergeable=True,
                    accent="achieved")]


# --- 5. one slide per measured objective -------------------------------------------------------


def objective_slides(deck: Deck) -> list[Part]:
    view = deck.view
    measured = [o for o in view.objectives if story.is_measured(o)]
    return [_objective_part(o, f"Objective {index} of {len(measured)}") for index, o in enumerate(measured, start=1)]


def _objective_part(o: ViewObjective, fallback: str) -> Callable[[Deck], None]:
    return lambda deck: _objective_slide(deck, o, fallback)


MIN_CHART_WIDTH = 260.0  # points: a narrower chart goes below the words instead of beside them
MIN_CHART_HEIGHT = 200.0  # below the words: half the body's height, or this much to keep the words on its slide


def _objective_slide(deck: Deck, o: ViewObjective, fallback: str) -> None:
    """Where it stands on the left, its chart on the right (the two-content layout's placeholders,
    else the content placeholder's box split in two, or the words above the chart where the box is
    too narrow); words that do not fit continue on a slide of their own, the next steps first making
    way (they are all in "Next steps"). Below the words, the chart grows lower to keep them on its
    slide, down to MIN_CHART_HEIGHT; when that is not enough, it takes the next slide whole."""
    view, canvas = deck.view, deck.canvas
    geometry = canvas.geometry
    title = plain(o.title)
    lead: list[Para] = []
    plan = canvas.title_plan(title, grow=True)
    if plan is None:  # too long for any title: the slide's body opens with it
        title, lead = fallback, [line(o.title, bold=True)]
        plan = canvas.title_plan(title)
    more_title = f"{title} (continued)"
    more_plan = canvas.title_plan(more_title, grow=True)
    if more_plan is None:
        more_title = f"{fallback} (continued)"
        more_plan = canvas.title_plan(more_title)
    columns = geometry.columns
    body = canvas.below_title(geometry.body.rect, plan)
    stacked = False
    if columns is not None and min(c.rect.width for c in columns) >= MIN_CHART_WIDTH:
        slot, chart_slot = columns
        text_area, chart_area = canvas.below_title(slot.rect, plan), canvas.below_title(chart_slot.rect, plan)
        layout = canvas.layouts.two_content
    else:  # the content placeholder: text and chart side by side when the chart has room, else text above it
        slot, chart_slot, layout = geometry.body, None, canvas.layouts.content
        left = body.width * 0.45
        if body.width - left - GAP_PT >= MIN_CHART_WIDTH:
            text_area = Rect(body.left, body.top, left, body.height)
            chart_area = Rect(body.left + left + GAP_PT, body.top, body.width - left - GAP_PT, body.height)
        else:
            stacked = True
            chart_height = max(MIN_CHART_HEIGHT, body.height / 2)
            text_area = Rect(body.left, body.top, body.width, max(0.0, body.height - chart_height - GAP_PT))
            chart_area = body
    more_area = canvas.below_title(geometry.body.rect, more_plan)
    steps = story.pending(o)

    def pages(count: int, pointer: bool = True) -> list[Page]:
        blocks = _objective_blocks(deck, o, lead, count, len(steps), pointer)
        return paginate(canvas, blocks, slot, lambda page: text_area if page == 0 else more_area)

    def laid_out() -> list[Page]:
        """The words on as few slides as they take, the next steps making way first."""
        count = len(steps)
        laid = pages(count)
        while count and len(laid) > 1:
            count -= 1
            laid = pages(count)
        return laid if len(laid) == 1 else pages(0, pointer=False)

    laid = laid_out()
    alone = False  # the chart on a slide of its own, after the words
    if stacked and len(laid) > 1:  # a lower chart rather than a slide holding the last line or two
        text_area = Rect(body.left, body.top, body.width, max(0.0, body.height - MIN_CHART_HEIGHT - GAP_PT))
        fewer = pages(0, pointer=False)
        if len(fewer) == 1:
            laid = fewer
        else:  # the words take the slide, and the chart the next one, whole
            alone, text_area = True, body
            laid = laid_out()
    if stacked and not alone:  # the chart takes what the words leave
        used = canvas.text_height(laid[0].paras, slot, text_area.width - slot.style.box.inset_left
                                  - slot.style.box.inset_right) + GAP_PT
        text_area = Rect(text_area.left, text_area.top, text_area.width, used - GAP_PT)
        chart_area = Rect(body.left, body.top + used, body.width, body.height - used)
    notes = _objective_notes(view, o)
    slide = canvas.new_slide(title, notes, layout=layout, plan=plan)
    draw_page(canvas, slide, laid[0], slot, text_area)
    if not alone:
        into = canvas.placeholder(slide, chart_slot.idx) if chart_slot is not None else None
        metric_chart(canvas, slide, o, chart_area, into)
    finish(slide)
    for page in laid[1:]:
        more = canvas.new_slide(more_title, notes, plan=more_plan)
        draw_page(canvas, more, page, geometry.body, more_area)
        finish(more)
    if alone:
        more = canvas.new_slide(more_title, notes, plan=more_plan)
        metric_chart(canvas, more, o, more_area)
        finish(more)


def _objective_blocks(deck: Deck, o: ViewObjective, lead: list[Para], steps: int, pending: int,
                      pointer: bool = True) -> list[Block]:
    """The objective's words: where it stands, how far it moved and where its pace leads, its
    recovery, its success criteria and the next steps (the first `steps` of `pending`; with
    `pointer`, a line saying where the others are)."""
    view = deck.view
    first = lead + [Para(runs=(status_run(o), Run(text=" · " + story.standing(o))), role="text")]
    blocks: list[Block] = [TextBlock(groups=(tuple(first),))]
    progress = [text for text in (story.gain(o), story.projection(o, view.as_of)) if text]
    if progress:
        blocks.append(TextBlock(groups=(tuple(line(text) for text in progress),)))
    if story.recovery(o):
        blocks.append(TextBlock(groups=((Para(runs=recovery_runs(o)),),)))
    if o.success_criteria:
        blocks.append(TextBlock(groups=((Para(runs=(Run(text="Success looks like: ", bold=True),
                                                    Run(text=plain(o.success_criteria)))),),)))
    tasks = story.pending(o)[:steps]
    if tasks:
        items = [(bullet(story.task_line(t, view.as_of)),) for t in tasks]
        if pending > steps and pointer:
            items.append((line(f"{story.plural(pending - steps, 'more step')} in “Next steps”"),))
        blocks.append(TextBlock(heading=heading("Next steps"), groups=tuple(items)))
    elif pending and pointer:
        blocks.append(TextBlock(groups=((line(f"{story.plural(pending, 'open step')} in “Next steps”",
                                              bold=True),),)))
    return blocks


def _objective_notes(view: CustomerView, o: ViewObjective) -> str:
    facts = [o.title, f"{story.status_word(o)}. {story.standing(o)}",
             f"Started {wording.day(o.started)}, due {wording.day(o.due)}."]
    if o.metric is not None and o.readings:
        facts.append("Readings: " + ", ".join(f"{wording.day(d)}: {wording.number(v, o.metric.unit)}"
                                              for d, v in o.readings))
    if o.last_validated:
        facts.append(f"Last confirmed as a priority on {wording.day(o.last_validated)}"
                     + (f" by {o.validated_by}." if o.validated_by else "."))
    recovery = story.recovery(o)
    if recovery:
        facts.append(f"Recovery: {recovery}.")
    if o.asks:
        facts.append("Ask: " + "; ".join(o.asks))
    pending = story.pending(o)
    if pending:
        facts.append("Open steps: " + "; ".join(story.task_line(t, view.as_of) for t in pending))
    return "\n".join(facts)


# --- 6. not measured or not started yet ---------------------------------------------------------


def compact_slides(deck: Deck) -> list[Part]:
    view = deck.view
    objectives = [o for o in view.objectives if o.is_open and not story.is_measured(o)]
    if not objectives:
        return []
    groups = []
    for o in objectives:
        paras = [line(o.title, bold=True),
                 Para(runs=(status_run(o), Run(text=" · " + story.standing(o))), role="text")]
        recovery = story.recovery(o)
        if recovery:
            paras.append(line(f"Recovery: {recovery}" if o.recovery else recovery))
        if o.success_criteria:
            paras.append(line(f"Success looks like: {o.success_criteria}"))
        steps = story.pending(o)[:1]
        if steps:
            label = "First step" if o.track == "planned" else "Next step"
            paras.append(line(f"{label}: " + story.task_line(steps[0], view.as_of)))
        groups.append(tuple(paras))
    planned = all(o.track == "planned" for o in objectives)
    unmeasured = all(o.track != "planned" for o in objectives)
    title = ("Objectives starting soon" if planned else "Objectives not yet measured" if unmeasured
             else "Objectives not yet started or measured")
    notes = "\n".join(f"{o.title}: starts {wording.day(o.started)}, due {wording.day(o.due)}." for o in objectives)
    return [Section(title=title, blocks=(TextBlock(groups=tuple(groups)),), items=len(groups), mergeable=True,
                    notes="Agree how and when each will be measured.\n" + notes)]


# --- 7. since our last review -------------------------------------------------------------------


def since_slide(deck: Deck) -> list[Part]:
    view = deck.view
    window = story.since_last_review(view)
    wins, moved, confirmed = story.wins(view), story.moved(view), story.confirmed(view)
    blocks: list[Block] = []
    if wins:
        blocks.append(TextBlock(heading=heading("Achieved", "achieved"), groups=tuple(
            (bullet(f"{o.title}, {wording.day(o.closed_date)}"
                    + (f", confirmed by {o.closed_confirmed_by}" if o.closed_confirmed_by else "")),) for o in wins)))
    if moved:
        blocks.append(TextBlock(heading=heading("Measures that moved"),
                                groups=tuple((bullet(f"{m.objective.title}: {m.words}"),) for m in moved)))
    if confirmed:
        blocks.append(TextBlock(heading=heading("Priorities confirmed"), groups=tuple(
            (bullet(f"{o.title}: {wording.day(o.last_validated)}"
                    + (f" by {o.validated_by}" if o.validated_by else "")),)
            for o in confirmed)))
    if not blocks:
        return []
    touchpoints = [a for a in view.activities if window.holds(a.date, view.as_of)]
    notes = (f"From {wording.day(window.start)} to {wording.day(view.as_of)}: {story.plural(len(wins), 'objective')} "
             f"achieved, {story.plural(len(moved), 'measure')} moved, "
             f"{story.plural(len(confirmed), 'priority', 'priorities')} confirmed, "
             f"{story.plural(len(touchpoints), 'meeting or update', 'meetings and updates')}."
             + "".join(f"\n{wording.day(a.date)}: {a.title}" for a in touchpoints[-8:]))
    return [Section(title=window.heading, blocks=tuple(blocks), notes=notes, mergeable=True,
                    items=len(wins) + len(moved) + len(confirmed))]


# --- 8. next steps and the next 90 days ---------------------------------------------------------


def next_steps_slides(deck: Deck) -> list[Part]:
    """Every open step once, by date: overdue first, then the next 90 days (or until the next review),
    later ones and those without a date; the next review date above them."""
    view = deck.view
    groups = story.step_groups(view)
    blocks: list[Block] = []
    if view.next_review:
        blocks.append(TextBlock(groups=((line(f"Our next review: {wording.day(view.next_review)}", bold=True),),)))
    rows: list[Row] = []
    joined: list[Row] = []  # the owner after the step, where three columns would be too narrow
    for group in groups:
        rows.append(Row(cells=(group.label,), status=group.status, group=True))
        joined.append(rows[-1])
        for s in group.steps:
            when = unbroken(wording.day(s.due)) if s.due else "Date to agree"
            what = s.what if s.is_task else f"Objective due: {plain(s.objective.title)}"
            rows.append(Row(cells=(when, what, s.owner)))
            joined.append(Row(cells=(when, f"{what} — {s.owner}")))
    if rows:
        blocks.append(TableBlock(headers=("When", "What", "Owner"), rows=tuple(rows), shares=(0.2, 0.55, 0.25), free=1,
                                 names=(2,), narrower=TableBlock(headers=("When", "What and who"), rows=tuple(joined),
                                                     shares=(0.25, 0.75), free=1)))
    if not blocks:
        return []
    count = sum(len(g.steps) for g in groups)
    late = sum(len(g.steps) for g in groups if g.status == "overdue")
    notes = (f"Agree an owner and a date for each of the {story.plural(count, 'open step')}"
             + (f", the {story.plural(late, 'late one')} first" if late else "") + ". Close on the date of the next "
             "review; thank the sponsor and the team." if count else "Close on the date of the next review; thank the "
             "sponsor and the team.")
    return [Section(title="Next steps", blocks=tuple(blocks), notes=notes, mergeable=True, items=count)]


# --- 9. team and contacts (appendix) ------------------------------------------------------------


TEAM_TITLE = "Appendix: team and contacts"


def team_slide(deck: Deck) -> list[Part]:
    return [_draw_team]


def _draw_team(deck: Deck) -> None:
    """Both sides by name and title (no persona words): side by side when they fit, else one table
    above the other; e-mails only when each fits its column whole, and a smaller table size before a
    second slide."""
    view, canvas = deck.view, deck.canvas
    if not view.account_team and not view.stakeholders:
        return
    ours_label = f"Your {view.company_name} team"
    theirs_label = story.possessive(view.name) + " team"
    notes = "Confirm the contacts on both sides and who to call for what."

    def ours(size: float, with_mail: bool) -> TableBlock:
        if with_mail:
            return TableBlock(headers=(ours_label, "Role", "E-mail"), shares=(0.3, 0.28, 0.42), size=size, names=(0,),
                              rows=tuple(Row(cells=(m.name, m.role, m.email or ""), bold_first=True)
                                         for m in view.account_team))
        return TableBlock(headers=(ours_label, "Role"), shares=(0.5, 0.5), size=size, names=(0,),
                          rows=tuple(Row(cells=(m.name, m.role), bold_first=True) for m in view.account_team))

    def theirs(size: float) -> TableBlock:
        return TableBlock(headers=(theirs_label, "Title"), shares=(0.45, 0.55), size=size, names=(0,),
                          rows=tuple(Row(cells=(p.name, p.title or ""), bold_first=True) for p in view.stakeholders))

    def mail_fits(width: float, size: float) -> bool:
        """E-mails are never cut: shown only when each fits on one line of its column."""
        return not canvas.breaks_words(ours(size, True), width)

    has_mail = any(m.email for m in view.account_team)
    columns = canvas.geometry.columns
    body = canvas.geometry.body

    def side_by_side(size: float, with_mail: bool) -> bool:
        if columns is None or not (view.account_team and view.stakeholders):
            return False
        left, right = columns
        if with_mail and not mail_fits(left.text_width, size):
            return False
        if canvas.breaks_words(ours(size, with_mail), left.text_width) or canvas.breaks_words(theirs(size),
                                                                                             right.text_width):
            return False
        left_pages = paginate(canvas, [ours(size, with_mail)], left)
        right_pages = paginate(canvas, [theirs(size)], right)
        if len(left_pages) > 1 or len(right_pages) > 1:
            return False
        slide = canvas.new_slide(TEAM_TITLE, notes, layout=canvas.layouts.two_content)
        draw_page(canvas, slide, left_pages[0], left)
        draw_page(canvas, slide, right_pages[0], right)
        finish(slide)
        return True

    def stacked(size: float, with_mail: bool) -> list[Block] | None:
        if with_mail and not mail_fits(body.text_width, size):
            return None
        blocks: list[Block] = []
        if view.account_team:
            blocks.append(ours(size, with_mail))
        if view.stakeholders:
            blocks.append(theirs(size))
        return blocks

    for with_mail in ((True, False) if has_mail else (False,)):
        for size in (TABLE_PT, MIN_TABLE_PT):
            if side_by_side(size, with_mail):
                return
        for size in (TABLE_PT, MIN_TABLE_PT):
            blocks = stacked(size, with_mail)
            if blocks is not None and len(paginate(canvas, blocks, body)) == 1:
                flow(deck, TEAM_TITLE, blocks, notes)
                return
    flow(deck, TEAM_TITLE, stacked(TABLE_PT, False) or [], notes)


SLIDES: tuple[Callable[[Deck], list[Part]], ...] = (
    title_slide,
    summary_slide,
    priorities_slides,
    value_slide,
    objective_slides,
    compact_slides,
    since_slide,
    next_steps_slides,
    team_slide,
)

