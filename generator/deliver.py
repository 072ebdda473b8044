"""The week delivered: each CSM's agenda posted to a chat webhook and/or e-mailed through SMTP.

Every setting comes from the environment (CI variables), never from the files of the plans
repository, so a merge request cannot point the messages elsewhere. Secrets (the webhook URL, the
SMTP password, and every other variable `secretvars` calls secret) are never printed: each line this
module hands back goes through `Redactor`, which also masks the forms a server may echo back (a
URL's path and query, the base64 of a login). A failure is one line saying what failed and why.

Chat: one POST per CSM of `{"text": ...}`, the payload a Slack incoming webhook takes and a
Microsoft Teams workflow ("when a webhook request is received") can read as `text`. The text
escapes `&`, `<` and `>` as Slack asks, so no title from the files can become a mention such as
`<!channel>` or a link.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import smtplib
import socket
import ssl
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid

from .errors import ConfigError, SuccessPlansError
from .model import AgendaItem
from .schema import HANDLE_RE
from .secretvars import CHAT_WEBHOOK, DELIVERY, SMTP_PASSWORD, SMTP_USER, holds_secret
from .wording import AGENDA_ACTIONS, agenda_title
from .yamlread import printable

SMTP_HOST = "SUCCESSPLANS_SMTP_HOST"
SMTP_PORT = "SUCCESSPLANS_SMTP_PORT"
SMTP_SECURITY = "SUCCESSPLANS_SMTP_SECURITY"
MAIL_FROM = "SUCCESSPLANS_MAIL_FROM"
MAIL_TO = "SUCCESSPLANS_MAIL_TO"
SETTINGS = (CHAT_WEBHOOK, SMTP_HOST, SMTP_PORT, SMTP_SECURITY, SMTP_USER, SMTP_PASSWORD, MAIL_FROM, MAIL_TO)
"""Every variable the delivery reads (the secret ones are in secretvars.DELIVERY)."""

TIMEOUT = 30
"""Seconds to wait for the webhook or the mail server before giving up on it."""
SECURITY = {"starttls": 587, "ssl": 465, "plain": 25}
"""SMTP connection security → its usual port."""


class DeliveryError(SuccessPlansError):
    """A message could not be delivered (exit 1); the message is one redacted line."""

    exit_code = 1


@dataclass(frozen=True, kw_only=True)
class Smtp:
    host: str
    port: int
    security: str  # starttls, ssl or plain
    user: str | None
    password: str | None = field(repr=False)
    sender: str


@dataclass(frozen=True, kw_only=True)
class Settings:
    """Where the agendas go, read from the environment."""

    webhook: str | None = field(default=None, repr=False)
    smtp: Smtp | None = None
    mail_to: Mapping[str, str] = field(default_factory=dict)  # handle → address (SUCCESSPLANS_MAIL_TO)

    @property
    def channels(self) -> tuple[str, ...]:
        return tuple(name for name, on in (("chat", self.webhook), ("e-mail", self.smtp)) if on)


def _set(environ: Mapping[str, str], name: str) -> str | None:
    value = environ.get(name, "").strip()
    return value or None


def settings_from(environ: Mapping[str, str]) -> Settings:
    """The delivery settings; a bad one is a ConfigError naming the variable, never its value when
    the variable is secret."""
    webhook = _set(environ, CHAT_WEBHOOK)
    if webhook is not None:
        parts = urllib.parse.urlsplit(webhook)
        if parts.scheme not in ("https", "http") or not parts.hostname or any(c.isspace() for c in webhook):
            raise ConfigError(f"{CHAT_WEBHOOK} must be the webhook's http(s) URL (its value is not shown)")
    smtp = None
    host = _set(environ, SMTP_HOST)
    if host is not None:
        security = (_set(environ, SMTP_SECURITY) or "starttls").lower()
        if security not in SECURITY:
            raise ConfigError(f"{SMTP_SECURITY} must be one of {', '.join(SECURITY)}, not "
                              f"'{printable(security)}'")
        port_text = _set(environ, SMTP_PORT)
        if port_text is not None and not (port_text.isdigit() and 0 < int(port_text) < 65536):
            raise ConfigError(f"{SMTP_PORT} must be a port number, not '{printable(port_text)}'")
        sender = _set(environ, MAIL_FROM)
        if sender is None or not _address(sender):
            raise ConfigError(f"{MAIL_FROM} must be the address the agendas are sent from, e.g. "
                              "success@brightwell.example")
        user = _set(environ, SMTP_USER)
        password = environ.get(SMTP_PASSWORD) or None
        if (user is None) != (password is None):
            raise ConfigError(f"{SMTP_USER} and {SMTP_PASSWORD} are set together (login), or neither")
        smtp = Smtp(host=host, port=int(port_text) if port_text else SECURITY[security], security=security,
                    user=user, password=password, sender=sender)
    return Settings(webhook=webhook, smtp=smtp, mail_to=mail_to(_set(environ, MAIL_TO) or ""))


def mail_to(text: str) -> dict[str, str]:
    """SUCCESSPLANS_MAIL_TO: `handle=address` pairs separated by commas (or line ends)."""
    out: dict[str, str] = {}
    for pair in text.replace("\n", ",").split(","):
        if not pair.strip():
            continue
        handle, eq, address = (part.strip() for part in pair.partition("="))
        if not eq or not HANDLE_RE.match(handle) or not _address(address):
            raise ConfigError(f"{MAIL_TO} takes handle=address pairs separated by commas, e.g. "
                              f"jane.doe=jane.doe@brightwell.example; '{printable(pair.strip())}' is not one")
        out[handle] = address
    return out


def _address(text: str) -> bool:
    local, at, domain = text.partition("@")
    return bool(at and local and "." in domain and not any(c.isspace() or c in "<>,;\"" for c in text))


class Redactor:
    """Masks every secret of the environment, and the forms a server may echo back, in a line."""

    def __init__(self, environ: Mapping[str, str]) -> None:
        # a short value would mask ordinary words: only the delivery's own secrets are masked however short
        secrets = {value.strip() for name, value in environ.items()
                   if holds_secret(name) and len(value.strip()) >= (2 if name in DELIVERY else 4)}
        webhook = environ.get(CHAT_WEBHOOK, "").strip()
        if webhook:
            parts = urllib.parse.urlsplit(webhook)
            secrets |= {part for part in (parts.path, parts.query, urllib.parse.unquote(parts.path)) if len(part) > 1}
        user, password = environ.get(SMTP_USER, ""), environ.get(SMTP_PASSWORD, "")
        if password:
            for raw in (password, f"\0{user}\0{password}", f"{user}\0{password}"):
                secrets.add(base64.b64encode(raw.encode("utf-8")).decode("ascii"))
        self._secrets = sorted((s for s in secrets if s), key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "[secret]")
        return printable(" ".join(text.split()))


# --- the message ------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Agenda:
    """One CSM's agenda as it is sent."""

    csm: str
    name: str  # the CSM's name
    items: tuple[AgendaItem, ...]
    as_of: dt.date
    horizon: dt.date
    feed: str | None = None  # the URL of their calendar feed on the published site
    links: Mapping[int, str] = field(default_factory=dict)  # item index → its page on the site

    @property
    def late(self) -> int:
        return sum(1 for i in self.items if i.late)

    def subject(self) -> str:
        late = f", {self.late} late" if self.late else ""
        return f"Your week: {len(self.items)} to do by {self.horizon.isoformat()}{late}"

    def text(self) -> str:
        """The message in plain text: a line per item, what to do and where below it."""
        late = f", {self.late} late" if self.late else ""
        lines = [f"{self.name} ({self.csm}): {len(self.items)} to do by {self.horizon.isoformat()}{late} "
                 f"(as of {self.as_of.isoformat()})", ""]
        for n, item in enumerate(self.items):
            lines.append(f"- {item.due.isoformat()}{' LATE' if item.late else ''} {item.customer_name}: "
                         f"{agenda_title(item)}")
            lines.append(f"  {AGENDA_ACTIONS[item.kind]} ({item.file}:{item.line})")
            if n in self.links:
                lines.append(f"  {self.links[n]}")
        if self.feed:
            lines += ["", f"In your calendar: subscribe to {self.feed}"]
        return "\n".join(lines) + "\n"


def chat_text(agenda: Agenda) -> str:
    """The text as a Slack or Teams message: &, < and > escaped, so nothing from the files can
    mention a channel or make a link."""
    return agenda.text().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def chat_payload(agenda: Agenda) -> bytes:
    return json.dumps({"text": chat_text(agenda)}, ensure_ascii=False).encode("utf-8")


def mail(agenda: Agenda, sender: str, to: str) -> EmailMessage:
    message = EmailMessage(policy=SMTP)
    message["Subject"] = agenda.subject()
    message["From"] = sender
    try:
        message["To"] = Address(display_name=" ".join(agenda.name.split()), addr_spec=to)
    except (ValueError, IndexError, HeaderParseError):  # a name or address the header cannot carry
        message["To"] = to
    message["Date"] = format_datetime(dt.datetime.now(dt.timezone.utc))
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2])
    message.set_content(agenda.text())
    return message


# --- sending ----------------------------------------------------------------------------------


def post(url: str, payload: bytes, redact: Redactor) -> None:
    """POST the payload; anything but a 2xx answer is a DeliveryError (redacted, one line)."""
    request = urllib.request.Request(url, data=payload, method="POST",
                                     headers={"Content-Type": "application/json; charset=utf-8",
                                              "User-Agent": "successplans"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 - http(s) checked
            status = response.status
    except urllib.error.HTTPError as exc:  # its body may echo the request: never shown
        raise DeliveryError(redact(f"the chat webhook answered HTTP {exc.code} {exc.reason}")) from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
        raise DeliveryError(redact(f"the chat webhook could not be reached: {reason}")) from None
    if not 200 <= status < 300:
        raise DeliveryError(f"the chat webhook answered HTTP {status}")


@contextmanager
def smtp_session(settings: Smtp, redact: Redactor) -> Iterator[smtplib.SMTP]:
    """A connected (and logged-in) SMTP session; failures are DeliveryErrors (redacted, one line)."""
    context = ssl.create_default_context()
    where = f"the mail server {settings.host}:{settings.port}"
    try:
        if settings.security == "ssl":
            server: smtplib.SMTP = smtplib.SMTP_SSL(settings.host, settings.port, timeout=TIMEOUT, context=context)
        else:
            server = smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT)
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError(redact(f"{where} could not be reached: {_reason(exc)}")) from None
    try:
        try:
            server.ehlo()
            if settings.security == "starttls":
                server.starttls(context=context)
                server.ehlo()
            if settings.user is not None and settings.password is not None:
                server.login(settings.user, settings.password)
        except smtplib.SMTPAuthenticationError as exc:
            raise DeliveryError(redact(f"{where} refused the login: {_reason(exc)}")) from None
        except (OSError, smtplib.SMTPException, ssl.SSLError) as exc:
            step = "the TLS handshake" if settings.security != "plain" else "the greeting"
            raise DeliveryError(redact(f"{where} failed during {step} or login: {_reason(exc)}")) from None
        yield server
    finally:
        try:
            server.quit()
        except (OSError, smtplib.SMTPException):
            server.close()


def send_mail(server: smtplib.SMTP, message: EmailMessage, redact: Redactor) -> None:
    try:
        server.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError(redact(f"the mail server did not take the message: {_reason(exc)}")) from None


def _reason(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        return f"{exc.smtp_code} {text}"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "the recipient was refused"
    if isinstance(exc, socket.timeout):
        return f"no answer within {TIMEOUT} s"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


@dataclass(frozen=True, kw_only=True)
class Outcome:
    """What happened to one CSM's agenda on one channel."""

    csm: str
    channel: str
    sent: bool
    detail: str  # where it went, or why not (redacted)


def deliver(agendas: Sequence[Agenda], settings: Settings, recipients: Mapping[str, str],
            environ: Mapping[str, str] | None = None) -> list[Outcome]:
    """Send every agenda on every configured channel. A channel that fails stops there (the others
    go on): the next message would most likely fail the same way."""
    redact = Redactor(os.environ if environ is None else environ)
    out: list[Outcome] = []
    if settings.webhook is not None:
        failed: str | None = None
        for agenda in agendas:
            if failed is not None:
                out.append(Outcome(csm=agenda.csm, channel="chat", sent=False, detail=f"not posted ({failed})"))
                continue
            try:
                post(settings.webhook, chat_payload(agenda), redact)
                out.append(Outcome(csm=agenda.csm, channel="chat", sent=True, detail="posted to the chat webhook"))
            except DeliveryError as exc:
                failed = str(exc)
                out.append(Outcome(csm=agenda.csm, channel="chat", sent=False, detail=failed))
    if settings.smtp is not None:
        out.extend(_mail_all(agendas, settings.smtp, recipients, redact))
    return out


def _mail_all(agendas: Sequence[Agenda], smtp: Smtp, recipients: Mapping[str, str],
              redact: Redactor) -> list[Outcome]:
    out: list[Outcome] = []
    addressed = [a for a in agendas if a.csm in recipients]
    for agenda in agendas:
        if agenda.csm not in recipients:
            out.append(Outcome(csm=agenda.csm, channel="e-mail", sent=False,
                               detail=f"no e-mail address for {agenda.csm}"))
    if not addressed:
        return out
    try:
        with smtp_session(smtp, redact) as server:
            for agenda in addressed:
                to = recipients[agenda.csm]
                try:
                    send_mail(server, mail(agenda, smtp.sender, to), redact)
                    out.append(Outcome(csm=agenda.csm, channel="e-mail", sent=True, detail=f"e-mailed to {to}"))
                except DeliveryError as exc:
                    out.append(Outcome(csm=agenda.csm, channel="e-mail", sent=False, detail=str(exc)))
    except DeliveryError as exc:
        done = {o.csm for o in out if o.sent}
        out.extend(Outcome(csm=a.csm, channel="e-mail", sent=False, detail=str(exc)) for a in addressed
                   if a.csm not in done and not any(o.csm == a.csm and o.channel == "e-mail" for o in out))
    return sorted(out, key=lambda o: [a.csm for a in agendas].index(o.csm))
