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
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

from . import wording
from .view import CustomerView, ViewObjective


def subject(view: CustomerView) -> str:
    return f"{view.name}: are these still your priorities? ({view.as_of:%B %Y})"


def _sender(view: CustomerView) -> tuple[str, str | None]:
    """The owning CSM by name (SPEC §9), with their e-mail when the account team has it."""
    member = next((m for m in view.account_team if m.name == view.csm), None)
    return view.csm, member.email if member else None


def _signature(view: CustomerView) -> list[str]:
    name, _ = _sender(view)
    return [name] if view.company_name in name else [name, view.company_name]


def _lines(o: ViewObjective) -> list[str]:
    """Where an objective stands, then how the customer will judge it."""
    status = wording.customer_status(o.track)
    if o.track == "planned":
        first = f"{status}: starts {wording.day(o.started)}; due {wording.day(o.due)}"
    elif o.metric is not None:
        m = o.metric
        now = f", now {wording.number(o.current, m.unit)}" if o.readings else ", not measured yet"
        first = (f"{status}: {m.name[:1].lower() + m.name[1:]} from {wording.number(m.baseline, m.unit)} to "
                 f"{wording.number(m.target, m.unit)}{now}; due {wording.day(o.due)}")
    elif o.tasks:
        done = sum(1 for t in o.tasks if t.done)
        first = f"{status}: {done} of {len(o.tasks)} joint steps done; due {wording.day(o.due)}"
    else:
        first = f"{status}; due {wording.day(o.due)}"
    confirmed = f"last confirmed {wording.day(o.last_validated)}" if o.last_validated else "not confirmed yet"
    lines = [f"{first}; {confirmed}."]
    if o.success_criteria:
        lines.append(f"Success looks like: {o.success_criteria}")
    return lines


def markdown(view: CustomerView) -> str:
    open_objectives = [o for o in view.objectives if o.is_open]
    lines = [f"# {subject(view)}", "", f"Hello {view.name} team,", "",
             "Here is where the objectives of our joint success plan stand as of "
             f"{wording.day(view.as_of)}. Are these still your priorities, in this order?", ""]
    if not open_objectives:
        lines += ["There are no open objectives right now. What should we work on next?", ""]
    for index, o in enumerate(open_objectives, start=1):
        lines.append(f"{index}. **{_md(o.title)}**  ")
        details = _lines(o)
        lines += [f"   {_md(text)}" + ("  " if i < len(details) - 1 else "") for i, text in enumerate(details)]
    lines += ["", "Reply with what has changed (a priority, a target, a date), or simply \"still right\", and we "
              "will update the plan.", "", "Thank you,", ""] + [_md(text) + "  " for text in _signature(view)]
    lines[-1] = lines[-1].rstrip()
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return "".join("\\" + ch if ch in "\\`*_{}[]<>#|" else ch for ch in text)


def as_html(view: CustomerView) -> str:
    open_objectives = [o for o in view.objectives if o.is_open]
    e = html.escape
    items = "".join(f"<li><strong>{e(o.title)}</strong><br>" + "<br>".join(e(t) for t in _lines(o)) + "</li>"
                    for o in open_objectives)
    body = (f"<ol>{items}</ol>" if items else "<p>There are no open objectives right now. What should we work on "
            "next?</p>")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{e(subject(view))}</title></head><body>"
            f"<p>Hello {e(view.name)} team,</p>"
            f"<p>Here is where the objectives of our joint success plan stand as of {e(wording.day(view.as_of))}. "
            "Are these still your priorities, in this order?</p>"
            f"{body}<p>Reply with what has changed (a priority, a target, a date), or simply “still right”, and we "
            "will update the plan.</p><p>Thank you,<br>" + "<br>".join(e(t) for t in _signature(view)) + "</p></body></html>\n")


def plain(view: CustomerView) -> str:
    """The text/plain part: the Markdown without its markup (no "#", no "**", no escapes)."""
    text = markdown(view).replace("**", "").replace("  \n", "\n").replace("\\", "")
    return text.removeprefix("# ")


def _header(text: str) -> str:
    """A header value on one line: a line break in a name would end the header (or start another)."""
    return " ".join(text.split())


def eml(view: CustomerView) -> bytes:
    name, address = _sender(view)
    message = EmailMessage(policy=SMTP)
    message["Subject"] = _header(subject(view))
    if address:
        try:
            message["From"] = Address(display_name=_header(name), addr_spec=address)
        except (ValueError, IndexError, HeaderParseError):  # an address the mail standard cannot carry
            message["From"] = _header(name)
    else:
        message["From"] = _header(name)
    when = dt.datetime.combine(view.as_of, dt.time(9, 0), tzinfo=dt.timezone.utc)
    message["Date"] = format_datetime(when)
    text, page = plain(view), as_html(view)
    message.set_content(text)
    message.add_alternative(page, subtype="html")
    # the boundary first, from the content: the email library would pick a random one, and the
    # Message-ID, a hash of the message, would then differ on every run
    content = hashlib.sha256("\0".join((str(message["Subject"]), str(message["From"]), text, page)).encode())
    message.set_boundary(f"=={content.hexdigest()[:24]}==")
    message["Message-ID"] = f"<digest.{hashlib.sha256(message.as_bytes()).hexdigest()[:24]}@successplans.invalid>"
    return message.as_bytes()
