"""The monthly "are these still your priorities?" message to a customer, from the CustomerView.

Markdown, HTML or a complete e-mail (.eml, plain text and HTML alternatives). Stakeholders' e-mail
addresses are not customer-facing data here, so the message has no To: the CSM addresses it when
sending. The Date header is the as-of date and the Message-ID is derived from the content, so the
same plan gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

from .deck.render import TRACKS, fmt_date, progress_phrase
from .view import CustomerView, ViewObjective


def subject(view: CustomerView) -> str:
    return f"{view.name}: are these still your priorities? ({view.as_of:%B %Y})"


def _sender(view: CustomerView) -> tuple[str, str | None]:
    csm = next((m for m in view.account_team if "success" in m.role.lower() or m.role.upper() == "CSM"), None)
    member = csm or (view.account_team[0] if view.account_team else None)
    if member is None:
        return f"Your {view.company_name} team", None
    return member.name, member.email


def _line(o: ViewObjective) -> str:
    status = TRACKS.get(o.track, (o.track,))[0]
    if o.track == "planned":
        return f"{status} to start {fmt_date(o.started)}; due {fmt_date(o.due)}"
    confirmed = f"last confirmed {fmt_date(o.last_validated)}" if o.last_validated else "not confirmed yet"
    return f"{status}; {progress_phrase(o)}; due {fmt_date(o.due)}; {confirmed}"


def markdown(view: CustomerView) -> str:
    open_objectives = [o for o in view.objectives if o.is_open]
    name, _ = _sender(view)
    lines = [f"# {subject(view)}", "", f"Hello {view.name} team,", "",
             "Here is where the objectives of our joint success plan stand as of "
             f"{fmt_date(view.as_of)}. Are these still your priorities, in this order?", ""]
    if not open_objectives:
        lines += ["There are no open objectives right now. What should we work on next?", ""]
    for index, o in enumerate(open_objectives, start=1):
        lines.append(f"{index}. **{_md(o.title)}**  ")
        lines.append(f"   {_md(_line(o))}")
    lines += ["", "Reply with what has changed (a priority, a target, a date), or simply \"still right\", and we "
              "will update the plan.", "", "Thank you,", "", _md(name), f"{_md(view.company_name)}", ""]
    return "\n".join(lines)


def _md(text: str) -> str:
    return "".join("\\" + ch if ch in "\\`*_{}[]<>#|" else ch for ch in text)


def as_html(view: CustomerView) -> str:
    open_objectives = [o for o in view.objectives if o.is_open]
    name, _ = _sender(view)
    e = html.escape
    items = "".join(f"<li><strong>{e(o.title)}</strong><br>{e(_line(o))}</li>" for o in open_objectives)
    body = (f"<ol>{items}</ol>" if items else "<p>There are no open objectives right now. What should we work on "
            "next?</p>")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{e(subject(view))}</title></head><body>"
            f"<p>Hello {e(view.name)} team,</p>"
            f"<p>Here is where the objectives of our joint success plan stand as of {e(fmt_date(view.as_of))}. "
            "Are these still your priorities, in this order?</p>"
            f"{body}<p>Reply with what has changed (a priority, a target, a date), or simply “still right”, and we "
            f"will update the plan.</p><p>Thank you,<br>{e(name)}<br>{e(view.company_name)}</p></body></html>\n")


def plain(view: CustomerView) -> str:
    return markdown(view).replace("**", "").replace("  \n", "\n").replace("\\", "")


def eml(view: CustomerView) -> bytes:
    name, address = _sender(view)
    message = EmailMessage(policy=SMTP)
    message["Subject"] = subject(view)
    message["From"] = f"{name} <{address}>" if address else name
    when = dt.datetime.combine(view.as_of, dt.time(9, 0), tzinfo=dt.timezone.utc)
    message["Date"] = format_datetime(when)
    message.set_content(plain(view))
    message.add_alternative(as_html(view), subtype="html")
    digest = hashlib.sha256(message.as_bytes()).hexdigest()[:24]
    message["Message-ID"] = f"<digest.{digest}@successplans.invalid>"
    boundary = f"=={hashlib.sha256(digest.encode()).hexdigest()[:24]}=="
    message.set_boundary(boundary)
    return message.as_bytes()
