"""The slides of the review, in the order of design/ebr-deck.md: one builder per slide kind.

Each builder reads the CustomerView (through story.py's words and rules) and draws with draw.py.
A slide with nothing to say is left out rather than shown empty.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pptx.util import Pt

from .. import wording
from ..view import CustomerView, ViewObjective, ViewTask
from . import story
from .charts import metric_chart
from .draw import (BOX_INSET_PT, GAP_PT, Canvas, Para, Rect, Row, TableBlock, TextBlock, draw_page, flow, paginate,
                   remove_shape, set_notes)

BODY_PT = 18
SMALL_PT = 16
TABLE_PT = 14
MIN_TABLE_PT = 12
HEAD_PT = 20
MAX_NEXT_SLIDES = 2


@dataclass
class Deck:
    view: CustomerView
    canvas: Canvas


def _heading(text: str, status: str | None = None) -> Para:
    return Para(text, HEAD_PT, bold=True, space_after=4, status=status)


def _bullet(text: str, size: float = BODY_PT) -> Para:
    return Para(f"• {text}", size, space_after=6)


def _short(deck: Deck, text: str, width: float, lines: int = 2, size: float = TABLE_PT) -> str:
    """An objective's title cut to a few lines of a column (the notes keep it whole)."""
    font = deck.canvas.body_font
    return font.shorten(text, width - 14.4, lines * font.line_height(size), size)


# --- 1. title -------------------------------------------------------------------------------------


def title_slide(deck: Deck) -> None:
    view, canvas = deck.view, deck.canvas
    layout = canvas.layouts["Title Slide"]
    slide = canvas.prs.slides.add_slide(layout)
    canvas.slides.append(slide)
    title = slide.shapes.title
    assert title is not None
    box = Rect(title.left / 12700, title.top / 12700, title.width / 12700, title.height / 12700)
    size = canvas.title_font.fit_size(view.name, box.width - 14.4, box.height - 7.2, 40, 24, bold=True)
    title.text_frame.word_wrap = True
    title.text_frame.text = canvas.title_font.shorten(view.name, box.width - 14.4, box.height - 7.2, size, True)
    for run in title.text_frame.paragraphs[0].runs:
        run.font.size = Pt(size)
    logo_box = None
    for shape in list(slide.placeholders):
        idx = shape.placeholder_format.idx
        if idx == 1:
            lines = ["Business review", f"{view.as_of.day} {view.as_of:%B %Y}",
                     f"{view.company_name} and {view.name}"]
            frame = shape.text_frame
            frame.word_wrap = True
            frame.text = "\n".join(lines)
            sub = Rect(shape.left / 12700, shape.top / 12700, shape.width / 12700, shape.height / 12700)
            sub_size = canvas.body_font.fit_size("\n".join(lines), sub.width - 14.4, sub.height - 7.2, 24, 14)
            for paragraph in frame.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(sub_size)
        elif idx != 0:
            if shape.name == "Logo" or "pic" in str(shape._element.xpath("./p:nvSpPr/p:nvPr/p:ph/@type")):
                logo_box = Rect(shape.left / 12700, shape.top / 12700, shape.width / 12700, shape.height / 12700)
            remove_shape(shape)
    if view.logo is not None:
        frame = canvas.frame
        if logo_box is None:
            logo_box = Rect(frame.slide.width - frame.title.left - 144, 24, 144, 64)
        canvas.picture(slide, view.logo, logo_box)
    sponsor = story.sponsor(view)
    set_notes(slide, f"Welcome {story.possessive(view.name)} team. The purpose: review the outcomes "
              f"{view.name} set out to reach, confirm they are still the priorities, and agree the next quarter "
              "together." + (f" Thank {sponsor} for sponsoring the plan." if sponsor else ""))


# --- 2. executive summary -----------------------------------------------------------------------


def _objective_table(deck: Deck, objectives: Sequence[ViewObjective], last_column: str = "Due",
                     title_lines: int = 3, size: float = TABLE_PT) -> TableBlock:
    width = deck.canvas.frame.body.width
    widths = [width * 0.44, width * 0.18, width * 0.22, width * 0.16]
    rows = []
    for o in objectives:
        if o.status == "closed_success":
            when = f"Achieved {wording.day(o.closed_date)}"
        elif not o.is_open:
            when = f"Closed {wording.day(o.closed_date)}"
        else:
            when = wording.day(o.due)
        value = story.value_cell(o) if o.is_open or o.status == "closed_success" else (o.closed_summary or wording.NONE)
        rows.append(Row([_short(deck, o.title, widths[0], title_lines, size), wording.customer_status(o.track), value,
                         when], status=o.track))
    return TableBlock(["Objective", "Status", "Measured → target", last_column], rows, widths, size,
                      status_column=1)


def summary_slide(deck: Deck) -> None:
    """One slide if at all possible: each try says less, until it fits."""
    view, canvas = deck.view, deck.canvas
    open_objectives = [o for o in view.objectives if o.is_open]
    window = story.since_last_review(view)
    wins = story.wins(view)
    behind = [o for o in open_objectives if o.track in story.BEHIND]
    asks = story.asks(view)
    width = canvas.frame.body.width

    def attempt(level: int) -> list[TextBlock | TableBlock]:
        blocks: list[TextBlock | TableBlock] = []
        if open_objectives:
            blocks.append(_objective_table(deck, open_objectives, title_lines=2 if level == 0 else 1,
                                           size=TABLE_PT if level < 2 else MIN_TABLE_PT))
        shown_wins = wins[:(3, 2, 1, 0, 0)[level]]
        if shown_wins:
            blocks.append(TextBlock([_heading(f"Achieved {window.short}")] + [
                _bullet(_short(deck, f"{o.title} ({wording.day(o.closed_date)})", width, 2 if level == 0 else 1,
                               SMALL_PT), SMALL_PT) for o in shown_wins]))
        if behind and level < 3:
            if level == 0:
                lines = [_bullet(_short(deck, f"{o.title}: {story.standing(o)}", width, 2, SMALL_PT), SMALL_PT)
                         for o in behind]
            else:
                lines = [_bullet(_short(deck, o.title, width, 1, SMALL_PT), SMALL_PT) for o in behind[:(0, 3, 2)[level]]]
                if len(behind) > len(lines):
                    lines.append(Para(f"And {len(behind) - len(lines)} more, in the table above.", SMALL_PT))
            blocks.append(TextBlock([_heading("Behind plan")] + lines))
        if level == 4:  # the last resort: one line for the asks and the next review
            parts = [f"{len(asks)} requests on the slide “What we need from you”"] if asks else []
            parts += [f"Our next review: {wording.day(view.next_review)}"] if view.next_review else []
            if parts:
                blocks.append(TextBlock([Para(" · ".join(parts), SMALL_PT, bold=True)]))
            return blocks
        shown_asks = asks[:(3, 2, 1, 0)[level]]
        if asks:
            count = len(asks) - len(shown_asks)
            more = ([Para((f"And {count} more" if shown_asks else f"{count} requests") + " on the slide “What we need "
                          "from you”.", SMALL_PT)] if count else [])
            blocks.append(TextBlock([_heading("What we need from you")] + [
                _bullet(_short(deck, ask, width, 2 if level == 0 else 1, SMALL_PT), SMALL_PT)
                for _, ask in shown_asks] + more))
        if view.next_review:
            blocks.append(TextBlock([Para(f"Our next review: {wording.day(view.next_review)}", BODY_PT, bold=True)]))
        return blocks

    chosen = attempt(4)
    for level in range(5):
        blocks = attempt(level)
        if len(paginate(canvas, blocks)) == 1:
            chosen = blocks
            break
    if not chosen:
        return
    points = []
    if wins:
        points.append("Achieved " + window.short + ": " + "; ".join(o.title for o in wins[:3]) + ".")
    if behind:
        points.append("Behind plan: " + "; ".join(f"{o.title} ({story.standing(o)})" for o in behind))
    if asks:
        points.append("Ask for: " + "; ".join(ask for _, ask in asks[:3]))
    if not points:
        points.append("Every objective is where the plan expects it: confirm the priorities and the next steps.")
    flow(canvas, "Executive summary", chosen, "Three points to land:\n" + "\n".join(points[:3]))


# --- 3. value delivered -------------------------------------------------------------------------


def value_slide(deck: Deck) -> None:
    view = deck.view
    delivered = story.value_delivered(view)
    if not delivered:
        return
    blocks = []
    for o in delivered:
        paras = [Para(o.title, BODY_PT, bold=True, space_after=2)]
        if o.value_statement:
            paras.append(Para(o.value_statement, BODY_PT, space_after=2))
        confirmation = (f"Confirmed by {o.closed_confirmed_by}, {wording.day(o.closed_date)}" if o.closed_confirmed_by
                        else f"Achieved {wording.day(o.closed_date)}")
        paras.append(Para(confirmation, SMALL_PT, space_after=12, status="achieved"))
        blocks.append(TextBlock(paras, keep_together=True))
    notes = "\n".join(f"{o.title}: achieved {wording.day(o.closed_date)}"
                      + (f", confirmed by {o.closed_confirmed_by}" if o.closed_confirmed_by else "") + "."
                      for o in delivered)
    flow(deck.canvas, "Value delivered", blocks, "What the plan has delivered in the last twelve months.\n" + notes)


# --- 4. at a glance -----------------------------------------------------------------------------


def glance_slides(deck: Deck) -> None:
    view = deck.view
    objectives = story.at_a_glance(view)
    if not objectives:
        flow(deck.canvas, "Your objectives at a glance",
             [TextBlock([Para("No objectives are recorded yet: let's agree on them today.", BODY_PT)])],
             "Agree the objectives that matter most to the business, with a measure and a date for each.")
        return
    lines = [f"{o.title}: {wording.customer_status(o.track)}. {story.standing(o)}" for o in objectives]
    flow(deck.canvas, "Your objectives at a glance", [_objective_table(deck, objectives, "Due or closed")],
         f"Status of each objective as of {wording.day(view.as_of)}.\n" + "\n".join(lines))


# --- 5. one slide per measured objective -------------------------------------------------------


def objective_slides(deck: Deck) -> None:
    view, canvas = deck.view, deck.canvas
    body = canvas.frame.body
    left_w = body.width * 0.45
    for o in (o for o in view.objectives if story.is_measured(o)):
        slide = canvas.new_slide(o.title, _objective_notes(view, o))
        chip = canvas.chip(slide, body.left + BOX_INSET_PT, body.top, o.track, wording.customer_status(o.track))
        top = chip.bottom + 8
        paras = _left_column(deck, o, left_w, body.bottom - top)
        canvas.text(slide, Rect(body.left, top, left_w, body.bottom - top), paras, name="Details")
        chart_left = body.left + left_w + GAP_PT * 2
        metric_chart(slide, o, Rect(chart_left, body.top, body.right - chart_left, body.height))


def _left_column(deck: Deck, o: ViewObjective, width: float, height: float) -> list[Para]:
    """The objective's words, at the largest size that fits; fewer next steps before a smaller size."""
    canvas = deck.canvas
    font = canvas.body_font
    steps = story.next_tasks(o, 4)
    pending = sum(1 for t in o.tasks if not t.done)
    for size in (BODY_PT, SMALL_PT):
        for count in range(len(steps), -1, -1):
            paras = _objective_words(deck, o, size, steps[:count], pending)
            if canvas.text_height(paras, width) <= height:
                return paras
    paras = _objective_words(deck, o, SMALL_PT, [], pending)
    # still too long: the customer's own sentences are cut at a word, whole in the notes
    return [p if p.bold else Para(font.shorten(p.text, width - 2 * BOX_INSET_PT, 3 * font.line_height(p.size), p.size),
                                  p.size, p.bold, p.space_after, p.status) for p in paras]


def _objective_words(deck: Deck, o: ViewObjective, size: float, steps: Sequence[ViewTask],
                     pending: int) -> list[Para]:
    paras = [Para(story.standing(o), size + 2, bold=True, space_after=10)]
    if o.value_statement:
        paras += [Para("Why it matters", size, bold=True, space_after=2), Para(o.value_statement, size, space_after=10)]
    if o.success_criteria:
        paras += [Para("Success looks like", size, bold=True, space_after=2),
                  Para(o.success_criteria, size, space_after=10)]
    if steps:
        paras.append(Para("Next steps", size, bold=True, space_after=2))
        paras += [Para("• " + story.task_line(t, deck.view.as_of), size, space_after=4) for t in steps]
        if pending > len(steps):
            paras.append(Para(f"and {pending - len(steps)} more in the plan", size, space_after=4))
    elif pending:
        paras.append(Para(f"{pending} open step{'s' * (pending != 1)}: see “Next 90 days”", size, bold=True))
    return paras


def _objective_notes(view: CustomerView, o: ViewObjective) -> str:
    facts = [o.title, story.standing(o), f"Started {wording.day(o.started)}, due {wording.day(o.due)}."]
    if o.metric is not None and o.readings:
        facts.append("Readings: " + ", ".join(f"{wording.day(d)}: {wording.number(v, o.metric.unit)}"
                                              for d, v in o.readings))
    if o.last_validated:
        facts.append(f"Last confirmed as a priority on {wording.day(o.last_validated)}"
                     + (f" by {o.validated_by}." if o.validated_by else "."))
    if o.asks:
        facts.append("Ask: " + "; ".join(o.asks))
    pending = [t for t in o.tasks if not t.done]
    if pending:
        facts.append("Open steps: " + "; ".join(story.task_line(t, view.as_of) for t in pending))
    return "\n".join(facts)


# --- 6. not measured or not started yet ---------------------------------------------------------


def compact_slides(deck: Deck) -> None:
    view = deck.view
    objectives = [o for o in view.objectives if o.is_open and not story.is_measured(o)]
    if not objectives:
        return
    width = deck.canvas.frame.body.width
    blocks = []
    for o in objectives:
        paras = [Para(_short(deck, o.title, width, 2, BODY_PT), BODY_PT, bold=True, space_after=2),
                 Para(f"{wording.customer_status(o.track)} · {story.standing(o)}", SMALL_PT, space_after=2,
                      status=o.track)]
        if o.success_criteria:
            paras.append(Para(f"Success looks like: {o.success_criteria}", SMALL_PT, space_after=2))
        steps = story.next_tasks(o, 1)
        if steps:
            label = "First step" if o.track == "planned" else "Next step"
            paras.append(Para(f"{label}: " + story.task_line(steps[0], view.as_of), SMALL_PT, space_after=2))
        paras[-1] = Para(paras[-1].text, paras[-1].size, paras[-1].bold, 14, paras[-1].status)
        blocks.append(TextBlock(paras, keep_together=True))
    planned = all(o.track == "planned" for o in objectives)
    unmeasured = all(o.track != "planned" for o in objectives)
    title = ("Objectives starting soon" if planned else "Objectives not yet measured" if unmeasured
             else "Objectives not yet started or measured")
    notes = "\n".join(f"{o.title}: starts {wording.day(o.started)}, due {wording.day(o.due)}." for o in objectives)
    flow(deck.canvas, title, blocks, "Agree how and when each will be measured.\n" + notes)


# --- 7. since our last review -------------------------------------------------------------------


def since_slide(deck: Deck) -> None:
    view = deck.view
    window = story.since_last_review(view)
    wins, moved, confirmed = story.wins(view), story.moved(view), story.confirmed(view)
    blocks = []
    if wins:
        blocks.append(TextBlock([_heading("Achieved", "achieved")] + [
            _bullet(f"{o.title}, {wording.day(o.closed_date)}"
                    + (f", confirmed by {o.closed_confirmed_by}" if o.closed_confirmed_by else "")) for o in wins]))
    if moved:
        blocks.append(TextBlock([_heading("Measures that moved")]
                                + [_bullet(f"{o.title}: {change}") for o, change in moved]))
    if confirmed:
        blocks.append(TextBlock([_heading("Priorities confirmed")] + [
            _bullet(f"{o.title}: {wording.day(o.last_validated)}" + (f" by {o.validated_by}" if o.validated_by else ""))
            for o in confirmed]))
    if not blocks:
        return
    touchpoints = [a for a in view.activities if window.start < a.date <= view.as_of]
    notes = (f"From {wording.day(window.start)} to {wording.day(view.as_of)}: {len(wins)} achieved, "
             f"{len(moved)} measures moved, {len(confirmed)} priorities confirmed, {len(touchpoints)} meetings and "
             "updates."
             + "".join(f"\n{wording.day(a.date)}: {a.title}" for a in touchpoints[-8:]))
    flow(deck.canvas, window.heading, blocks, notes)


# --- 8. next 90 days ----------------------------------------------------------------------------


def next_days_slides(deck: Deck) -> None:
    view, canvas = deck.view, deck.canvas
    overdue = story.overdue_steps(view)
    upcoming = story.upcoming_steps(view)
    if not overdue and not upcoming:
        return
    width = canvas.frame.body.width
    widths = [width * 0.17, width * 0.37, width * 0.2, width * 0.26]
    last = view.as_of + dt.timedelta(days=story.AHEAD_DAYS)

    def rows(steps: Sequence[story.Step], late: bool) -> list[Row]:
        out = []
        for s in steps:
            when = wording.day(s.due) if s.due else "Date to agree"
            if late:
                when = f"{when} (late)"
            out.append(Row([when, s.what, s.owner, _short(deck, s.objective.title, widths[3], 2)],
                           status="overdue" if late else None))
        return out

    def blocks(shown_over: int, shown_up: int) -> list[TextBlock | TableBlock]:
        out: list[TextBlock | TableBlock] = []
        headers = ["When", "What", "Owner", "Objective"]
        if overdue:
            out.append(TextBlock([_heading("Overdue", "overdue")]))
            out.append(TableBlock(headers, rows(overdue[:shown_over], True), widths, TABLE_PT))
            if shown_over < len(overdue):
                out.append(TextBlock([Para(f"And {len(overdue) - shown_over} more late items, listed in the notes.",
                                           SMALL_PT)]))
        if upcoming:
            out.append(TextBlock([_heading(f"Due by {wording.day(last)}")]))
            out.append(TableBlock(headers, rows(upcoming[:shown_up], False), widths, TABLE_PT))
            if shown_up < len(upcoming):
                out.append(TextBlock([Para(f"And {len(upcoming) - shown_up} more items, listed in the notes.",
                                           SMALL_PT)]))
        return out

    shown_over, shown_up = len(overdue), len(upcoming)
    while len(paginate(canvas, blocks(shown_over, shown_up))) > MAX_NEXT_SLIDES and shown_over + shown_up > 1:
        if shown_up > 0 and (shown_up >= shown_over or shown_over <= 3):
            shown_up -= 1
        else:
            shown_over -= 1
    listing = "\n".join(f"{wording.day(s.due) if s.due else 'No date yet'}: {s.what} — {s.owner} "
                        f"({s.objective.title})"
                        + (" — late" if s in overdue else "") for s in overdue + upcoming)
    flow(canvas, "Next 90 days", blocks(shown_over, shown_up),
         "Agree an owner and a date for each item; late items first.\n" + listing, max_slides=MAX_NEXT_SLIDES)


# --- 9. what we need from you -------------------------------------------------------------------


def asks_slide(deck: Deck) -> None:
    view = deck.view
    grouped: dict[str, list[str]] = {}
    for o, ask in story.asks(view):
        grouped.setdefault(o.title, []).append(ask)
    if not grouped:
        return
    blocks = [TextBlock([Para(title, BODY_PT, bold=True, space_after=4)] + [_bullet(a) for a in asks]
                        + [Para("", 6, space_after=6)], keep_together=True) for title, asks in grouped.items()]
    flow(deck.canvas, "What we need from you", blocks,
         "Ask for a decision on each item today, or agree who decides and by when.")


# --- 10. are these still your priorities? -------------------------------------------------------


def priorities_slides(deck: Deck) -> None:
    view, canvas = deck.view, deck.canvas
    open_objectives = [o for o in view.objectives if o.is_open]
    width = canvas.frame.body.width
    widths = [width * 0.5, width * 0.12, width * 0.18, width * 0.2]
    blocks: list[TextBlock | TableBlock] = []
    if open_objectives:
        rows = [Row([_short(deck, o.title, widths[0], 3), str(o.priority) if o.priority else wording.NONE,
                     wording.day(o.last_validated) if o.last_validated else "Not yet", o.validated_by or wording.NONE])
                for o in open_objectives]
        blocks.append(TableBlock(["Objective", "Priority", "Last confirmed", "By"], rows, widths, TABLE_PT))
    blocks.append(TextBlock([Para("Tell us what has changed: we will update the plan together today.", BODY_PT,
                                  bold=True)]))
    flow(canvas, "Are these still your priorities?", blocks,
         "Ask for each objective: is it still a priority, is the target still right, is the date still right? "
         "Record each answer in the plan after the meeting.")


# --- 11. team and contacts ----------------------------------------------------------------------


def team_slide(deck: Deck) -> None:
    """Both sides by name and title (no persona words). Side by side when they fit, else one above
    the other; e-mails only when each fits its column whole, and a smaller table size before a
    second slide."""
    view, canvas = deck.view, deck.canvas
    body = canvas.frame.body
    if not view.account_team and not view.stakeholders:
        return
    ours_label = f"Your {view.company_name} team"
    theirs_label = story.possessive(view.name) + " team"
    font = canvas.body_font

    def ours(width: float, size: float, with_mail: bool) -> TableBlock:
        if with_mail:
            widths = [width * 0.3, width * 0.28, width * 0.42]
            return TableBlock(["Name", "Role", "E-mail"], [Row([m.name, m.role, m.email or ""], bold_first=True)
                                                          for m in view.account_team], widths, size)
        return TableBlock(["Name", "Role"], [Row([m.name, m.role], bold_first=True) for m in view.account_team],
                          [width * 0.5, width * 0.5], size)

    def theirs(width: float, size: float) -> TableBlock:
        return TableBlock(["Name", "Title"], [Row([p.name, p.title or ""], bold_first=True)
                                              for p in view.stakeholders], [width * 0.45, width * 0.55], size)

    def mail_fits(width: float, size: float) -> bool:
        """E-mails are never cut: shown only when each fits on one line of its column."""
        column = width * 0.42 - 14.4
        return any(m.email for m in view.account_team) and all(
            font.lines(m.email, column, size) == 1 for m in view.account_team if m.email)

    def heading(text: str, width: float) -> TextBlock | None:
        for size, lines in ((HEAD_PT, 1), (SMALL_PT, 1), (SMALL_PT, 3)):
            if font.lines(text, width - 2 * BOX_INSET_PT, size, True) <= lines:
                return TextBlock([Para(text, size, bold=True, space_after=4)])
        return None

    def column(label: str, table: TableBlock, width: float) -> list[TextBlock | TableBlock] | None:
        head = heading(label, width)
        return None if head is None else [head, table]

    notes = "Confirm the contacts on both sides and who to call for what."
    gap = 2 * GAP_PT
    left_w, right_w = (body.width - gap) * 0.55, (body.width - gap) * 0.45
    has_mail = any(m.email for m in view.account_team)

    def side_by_side(size: float, with_mail: bool) -> bool:
        if with_mail and not mail_fits(left_w, size):
            return False
        left = column(ours_label, ours(left_w, size, with_mail), left_w) if view.account_team else []
        right = column(theirs_label, theirs(right_w, size), right_w) if view.stakeholders else []
        if left is None or right is None:
            return False
        left_pages = paginate(canvas, left, left_w) if left else []
        right_pages = paginate(canvas, right, right_w) if right else []
        if len(left_pages) > 1 or len(right_pages) > 1:
            return False
        slide = canvas.new_slide("Team and contacts", notes)
        if left_pages:
            draw_page(canvas, slide, left_pages[0], body.left, left_w)
        if right_pages:
            draw_page(canvas, slide, right_pages[0], body.left + left_w + gap, right_w)
        return True

    def stacked(size: float, with_mail: bool) -> list[TextBlock | TableBlock] | None:
        if with_mail and not mail_fits(body.width, size):
            return None
        blocks: list[TextBlock | TableBlock] = []
        if view.account_team:
            blocks += [TextBlock([_heading(ours_label)]), ours(body.width, size, with_mail)]
        if view.stakeholders:
            blocks += [TextBlock([_heading(theirs_label)]), theirs(body.width, size)]
        return blocks

    # e-mails first, then fewer slides: side by side, one above the other, at 14 then 12 pt
    for with_mail in ((True, False) if has_mail else (False,)):
        for size in (TABLE_PT, MIN_TABLE_PT):
            if side_by_side(size, with_mail):
                return
        for size in (TABLE_PT, MIN_TABLE_PT):
            blocks = stacked(size, with_mail)
            if blocks is not None and len(paginate(canvas, blocks)) == 1:
                flow(canvas, "Team and contacts", blocks, notes)
                return
    flow(canvas, "Team and contacts", stacked(TABLE_PT, False) or [], notes)


# --- 12. next steps -----------------------------------------------------------------------------


def closing_slide(deck: Deck) -> None:
    view, canvas = deck.view, deck.canvas
    until = view.next_review or view.as_of + dt.timedelta(days=story.AHEAD_DAYS)
    steps = [s for s in story.open_steps(view) if s.is_task and s.due is not None and s.due <= until]
    late = [s for s in steps if s.due is not None and s.due < view.as_of]
    width = canvas.frame.body.width
    widths = [width * 0.5, width * 0.25, width * 0.25]
    tail: list[TextBlock | TableBlock] = []
    if view.next_review:
        tail.append(TextBlock([Para(f"Our next review: {wording.day(view.next_review)}", HEAD_PT, bold=True)]))
    tail.append(TextBlock([Para(f"Thank you, {view.name}.", BODY_PT)]))

    def blocks(count: int) -> list[TextBlock | TableBlock]:
        rows = [Row([s.what, s.owner, (f"{wording.day(s.due)} (late)" if s in late else wording.day(s.due))],
                    status="overdue" if s in late else None) for s in steps[:count]]
        head: list[TextBlock | TableBlock] = []
        if rows:
            label = (f"Before our next review on {wording.day(view.next_review)}" if view.next_review
                     else "In the next 90 days")
            head = [TextBlock([_heading(label)]), TableBlock(["Step", "Owner", "By"], rows, widths, TABLE_PT)]
            if count < len(steps):
                head.append(TextBlock([Para(f"And {len(steps) - count} more, listed in the notes.", SMALL_PT)]))
        return head + tail

    count = len(steps)
    while count > 0 and len(paginate(canvas, blocks(count))) > 1:
        count -= 1
    notes = "Close on the agreed steps and the date of the next review; thank the sponsor and the team."
    if count < len(steps):
        notes += "\n" + "\n".join(f"{wording.day(s.due)}: {s.what} — {s.owner}" + (" (late)" if s in late else "")
                                   for s in steps)
    flow(canvas, "Next steps", blocks(count), notes, max_slides=1)


SLIDES: tuple[Callable[[Deck], None], ...] = (
    title_slide,
    summary_slide,
    value_slide,
    glance_slides,
    objective_slides,
    compact_slides,
    since_slide,
    next_days_slides,
    asks_slide,
    priorities_slides,
    team_slide,
    closing_slide,
)
