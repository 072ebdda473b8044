"""The week delivered (SPEC §12): `agenda --format ics`, the feeds `build` publishes, and
`agenda --send` to a chat webhook and an SMTP server.

The calendar is read back with a real iCalendar parser (icalendar); messages go to a local fake
webhook (http.server on 127.0.0.1) and a real SMTP server (aiosmtpd) on 127.0.0.1, and every test
of sending checks that no secret reaches stdout or stderr, failures included.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import shutil
import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import icalendar
import pytest

from generator.cli import main
from generator.deliver import Redactor
from generator.ics import LINE_OCTETS, escape_text, fold
from tests.conftest import require_tool

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).parent / "cases"
WEBHOOK_TOKEN = "T000SECRET/B000SECRET/xoxbWEBHOOKtoken42"
SMTP_USER = "mailer-login"
SMTP_PASSWORD = "pa55-w0rd;SMTP"
DELIVERY_ENV = ("SUCCESSPLANS_CHAT_WEBHOOK", "SUCCESSPLANS_SMTP_HOST", "SUCCESSPLANS_SMTP_PORT",
                "SUCCESSPLANS_SMTP_SECURITY", "SUCCESSPLANS_SMTP_USER", "SUCCESSPLANS_SMTP_PASSWORD",
                "SUCCESSPLANS_MAIL_FROM", "SUCCESSPLANS_MAIL_TO")
MAIL_TO = ("daniel.reyes=daniel.reyes@brightwell.example,tom.becker=tom.becker@brightwell.example,"
           "maria.okafor=maria.okafor@brightwell.example,priya.nair=priya.nair@brightwell.example")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def run_bytes(capfdbinary: pytest.CaptureFixture[bytes], *args: str) -> tuple[int, bytes]:
    code = main(list(args))
    out, _err = capfdbinary.readouterr()
    return code, out


@pytest.fixture(autouse=True)
def _no_delivery_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """The machine's own settings never leak into a test."""
    for name in DELIVERY_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")  # the fakes are reached directly, never through a proxy


# --- the calendar -------------------------------------------------------------------------------


def _ics(capfdbinary: pytest.CaptureFixture[bytes], where: Path, *args: str) -> bytes:
    code, out = run_bytes(capfdbinary, "agenda", "-f", str(where / "mkdocs.yml"), "--format", "ics", *args)
    assert code == 0
    return out


def _json(capfdbinary: pytest.CaptureFixture[bytes], where: Path, *args: str) -> list[dict[str, Any]]:
    code, out = run_bytes(capfdbinary, "agenda", "-f", str(where / "mkdocs.yml"), "--format", "json", *args)
    assert code == 0
    return json.loads(out)  # type: ignore[no-any-return]


def _events(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def test_the_calendar_has_one_entry_per_item(capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    data = _ics(capfdbinary, ROOT)
    items = _json(capfdbinary, ROOT)
    events = _events(data)
    assert len(events) == len(items) == 28
    assert len({str(e["UID"]) for e in events}) == len(events)
    for event, item in zip(events, items):
        start = event.decoded("DTSTART")
        assert isinstance(start, dt.date) and not isinstance(start, dt.datetime)  # all day
        assert start.isoformat() == item["due"]
        assert event.decoded("DTEND") == start + dt.timedelta(days=1)
        assert str(event["SUMMARY"]).endswith(item["title"])
        assert str(event["SUMMARY"]).startswith("Late: ") == item["late"]
        description = str(event["DESCRIPTION"])
        assert f"File: {item['file']}:{item['line']}" in description
        assert f"({item['customer']})" in description
        assert event.decoded("DTSTAMP") == dt.datetime(2026, 11, 16, tzinfo=dt.timezone.utc)  # the as-of date
    tally = next(e for e in events if "TallyHQ: EBR before the renewal" in str(e["SUMMARY"]))
    assert "Customer: TallyHQ (tallyhq)\nDue 2026-11-11 (late as of 2026-11-16)\nHold an executive business " \
        "review before the renewal\nFile: customers/tallyhq/customer.yaml:5" == str(tally["DESCRIPTION"])


def test_the_calendar_is_rfc_5545_text(capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    data = _ics(capfdbinary, ROOT)
    assert data.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:") and data.endswith(b"END:VCALENDAR\r\n")
    lines = data.split(b"\r\n")
    assert b"\n" not in b"".join(lines)  # every line ends with CRLF
    assert max(len(line) for line in lines) <= LINE_OCTETS
    assert any(line.startswith(b" ") for line in lines)  # the demo's long titles are folded
    assert data.decode("utf-8")  # whole characters on each side of every fold


def test_the_same_files_give_the_same_bytes_and_source_date_epoch_sets_dtstamp(
        capfdbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch) -> None:
    first = _ics(capfdbinary, ROOT, "--csm", "tom.becker")
    assert _ics(capfdbinary, ROOT, "--csm", "tom.becker") == first
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    stamped = _ics(capfdbinary, ROOT, "--csm", "tom.becker")
    stamps = {e.decoded("DTSTAMP") for e in _events(stamped)}
    assert stamps == {dt.datetime(2026, 9, 21, 14, 13, 20, tzinfo=dt.timezone.utc)}
    assert stamped.replace(b"20260921T141320Z", b"20261116T000000Z") == first
    name = icalendar.Calendar.from_ical(first)["X-WR-CALNAME"]
    assert str(name) == "Tom Becker: success plan agenda (Brightwell Software)"


def _horizon(tmp_path: Path) -> Path:
    shutil.copytree(CASES / "agenda-horizon", tmp_path, dirs_exist_ok=True)
    return tmp_path


def _uids(data: bytes) -> dict[str, str]:
    """UID → the entry's summary."""
    return {str(e["UID"]): str(e["SUMMARY"]) for e in _events(data)}


def test_uids_stay_when_dates_and_words_change(capfdbinary: pytest.CaptureFixture[bytes], tmp_path: Path) -> None:
    where = _horizon(tmp_path)
    before = _ics(capfdbinary, where, "--days", "366")
    objective = where / "customers/edge/objectives/validated.md"
    text = objective.read_text(encoding="utf-8")
    # every due date moves, the objective is retitled and a risk gets a new update: the same UIDs
    objective.write_text(text.replace("due: 2026-11-29", "due: 2026-12-20").replace(
        "title: Validated 90 days before the horizon, due on it", "title: Renamed objective"), encoding="utf-8")
    risk = where / "customers/edge/risks/updated.md"
    risk.write_text(risk.read_text(encoding="utf-8") + "- 2026-11-16: Another update.\n", encoding="utf-8")
    customer = where / "customers/edge/customer.yaml"
    customer.write_text(customer.read_text(encoding="utf-8").replace("2027-01-28", "2027-02-10")
                        .replace("csm: ana.berg", "csm: cy.dorn"), encoding="utf-8")
    after = _ics(capfdbinary, where, "--days", "366")
    assert set(_uids(after)) == set(_uids(before))
    moved = [e.decoded("DTSTART") for e in _events(after) if "“Renamed objective” is due" in str(e["SUMMARY"])]
    assert moved == [dt.date(2026, 12, 20)]
    # the control: a task's own title is part of what it is, so renaming the task makes a new entry
    objective.write_text(objective.read_text(encoding="utf-8").replace(
        "Vendor task due on the horizon", "Vendor task with a new title"), encoding="utf-8")
    renamed = _uids(_ics(capfdbinary, where, "--days", "366"))
    assert len(set(renamed) - set(_uids(after))) == 1
    assert "Vendor task with a new title" in next(renamed[u] for u in set(renamed) - set(_uids(after)))


def test_two_tasks_with_one_title_get_two_uids(capfdbinary: pytest.CaptureFixture[bytes], tmp_path: Path) -> None:
    where = _horizon(tmp_path)
    objective = where / "customers/edge/objectives/validated.md"
    objective.write_text(objective.read_text(encoding="utf-8").replace(
        "  - {title: Customer task due", "  - {title: Vendor task due on the horizon, owner: ana.berg, due: 2026-11-30}\n"
        "  - {title: Customer task due"), encoding="utf-8")
    events = [e for e in _events(_ics(capfdbinary, where, "--days", "366")) if "Vendor task due on the horizon"
              in str(e["SUMMARY"])]
    assert len(events) == 2 and str(events[1]["UID"]) == str(events[0]["UID"]).replace("@", "-2@")


@pytest.mark.parametrize("text", ["Ärger, Übel; Weh \\ mit “Zitat”", "a" * 200, "€" * 80, "日本語のタイトル" * 20,
                                  "line one\nline two", "x" * 74 + "é" * 3])
def test_text_is_escaped_and_folded_without_splitting_a_character(text: str) -> None:
    line = "SUMMARY:" + escape_text(text)
    folded = fold(line).encode("utf-8")
    parts = folded.split(b"\r\n")
    assert parts[-1] == b"" and all(len(p) <= LINE_OCTETS for p in parts)
    for part in parts:
        part.decode("utf-8")  # each physical line holds whole characters
    event = icalendar.Event.from_ical(b"BEGIN:VEVENT\r\n" + folded + b"END:VEVENT\r\n")
    assert str(event["SUMMARY"]) == text


def test_build_publishes_a_feed_per_csm_and_links_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    where = _horizon(tmp_path / "plans")
    (where / "customers/broken").rename(where / "customers/_broken")  # a build needs valid files
    mkdocs = where / "mkdocs.yml"
    mkdocs.write_text(mkdocs.read_text(encoding="utf-8").replace(
        "site_name: agenda-horizon\n", "site_name: agenda-horizon\nsite_url: https://plans.example/team/\n"),
        encoding="utf-8")
    monkeypatch.chdir(where)
    assert main(["build", "--no-decks"]) == 0
    capfdbinary.readouterr()
    feed = (where / "site/csms/ana.berg.ics").read_bytes()
    events = _events(feed)
    items = _json(capfdbinary, where, "--csm", "ana.berg")
    assert [str(e["SUMMARY"]).removeprefix("Late: ").split(": ", 1)[1] for e in events] == [i["title"] for i in items]
    assert str(icalendar.Calendar.from_ical(feed)["X-WR-CALNAME"]) == "ana.berg: success plan agenda (Our company)"
    # each entry links to its place on the published site
    review = next(e for e in events if "never updated" in str(e["SUMMARY"]))
    assert str(review["URL"]) == "https://plans.example/team/customers/edge/#risk-never-updated"
    assert "Page: https://plans.example/team/customers/edge/#risk-never-updated" in str(review["DESCRIPTION"])
    # the same feed as `agenda --format ics --csm` writes
    assert _ics(capfdbinary, where, "--csm", "ana.berg") == feed
    page = (where / "site/csms/ana.berg/index.html").read_text(encoding="utf-8")
    assert 'href="../ana.berg.ics"' in page and "subscribe to ana.berg.ics" in page


# --- the fake webhook --------------------------------------------------------------------------


@dataclass
class Webhook:
    """An incoming webhook on 127.0.0.1: records each POST and answers `status`; its error page
    echoes the request's path (as some services do), which must never reach the output."""

    url: str
    posts: list[tuple[str, dict[str, str], bytes]] = field(default_factory=list)
    status: int = 200


@pytest.fixture
def webhook() -> Iterator[Webhook]:
    hook = Webhook(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            hook.posts.append((self.path, dict(self.headers), body))
            answer = b"ok" if hook.status < 300 else f"no such hook: {self.path}".encode()
            self.send_response(hook.status)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    hook.url = f"http://127.0.0.1:{server.server_address[1]}/services/{WEBHOOK_TOKEN}?sig=SIGsecret77"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield hook
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


SECRETS = (WEBHOOK_TOKEN, "SIGsecret77", "xoxbWEBHOOKtoken42", SMTP_PASSWORD, SMTP_USER,
           base64.b64encode(f"\0{SMTP_USER}\0{SMTP_PASSWORD}".encode()).decode())


def assert_no_secret(*outputs: str) -> None:
    for output in outputs:
        for secret in SECRETS:
            assert secret not in output
        assert "Traceback" not in output


def _send(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code, out, err = run(capsys, "agenda", "-f", str(ROOT / "mkdocs.yml"), "--send", *args)
    assert_no_secret(out, err)
    return code, out, err


def test_each_csm_gets_their_agenda_in_the_chat(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                                webhook: Webhook) -> None:
    monkeypatch.setenv("SUCCESSPLANS_CHAT_WEBHOOK", webhook.url)
    code, out, err = _send(capsys)
    assert (code, err) == (0, "")
    assert out.splitlines() == [f"{csm}: posted to the chat webhook" for csm in
                                ("daniel.reyes", "maria.okafor", "priya.nair", "tom.becker")]
    assert len(webhook.posts) == 4
    path, headers, body = webhook.posts[0]
    assert path == f"/services/{WEBHOOK_TOKEN}?sig=SIGsecret77"  # the whole URL, as set
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    payload = json.loads(body)
    assert set(payload) == {"text"}
    text = payload["text"]
    # what Daniel reads: his items only, each with what to do and where
    assert text.startswith("Daniel Reyes (daniel.reyes): 7 to do by 2026-11-30, 3 late (as of 2026-11-16)\n")
    assert "- 2026-11-11 LATE TallyHQ: EBR before the renewal on 2027-01-10 (none in the last 180 days)\n" \
        "  Hold an executive business review before the renewal (customers/tallyhq/customer.yaml:5)\n" in text
    assert "Ironbridge" not in text
    # Slack's control characters are escaped: a name with & (or a title with <!channel>) stays text
    tom = json.loads(webhook.posts[3][2])["text"]
    assert "Meridian Home &amp; Garden" in tom and "Meridian Home & Garden" not in tom


def test_no_title_can_mention_a_channel(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                        webhook: Webhook, tmp_path: Path) -> None:
    where = _horizon(tmp_path)
    objective = where / "customers/edge/objectives/validated.md"
    objective.write_text(objective.read_text(encoding="utf-8").replace(
        "Vendor task due on the horizon", "'<!channel> <https://evil.example|click>'"), encoding="utf-8")
    monkeypatch.setenv("SUCCESSPLANS_CHAT_WEBHOOK", webhook.url)
    code, _, _ = run(capsys, "agenda", "-f", str(where / "mkdocs.yml"), "--send", "--csm", "ana.berg")
    text = json.loads(webhook.posts[0][2])["text"]
    assert code == 0 and "&lt;!channel&gt; &lt;https://evil.example|click&gt;" in text and "<!" not in text


def test_a_failing_webhook_fails_the_job_in_one_line_without_the_url(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, webhook: Webhook) -> None:
    webhook.status = 404
    monkeypatch.setenv("SUCCESSPLANS_CHAT_WEBHOOK", webhook.url)
    code, out, err = _send(capsys)
    assert code == 1 and out == ""
    assert len(webhook.posts) == 1  # the first failure stops the channel: the others are not tried
    lines = err.splitlines()
    assert lines[0] == "successplans: daniel.reyes's agenda by chat: the chat webhook answered HTTP 404 Not Found"
    assert lines[1:] == [f"successplans: {csm}'s agenda by chat: not posted (the chat webhook answered HTTP 404 "
                         "Not Found)" for csm in ("maria.okafor", "priya.nair", "tom.becker")]


def test_an_unreachable_webhook_says_so(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    monkeypatch.setenv("SUCCESSPLANS_CHAT_WEBHOOK", f"http://127.0.0.1:{port}/hooks/{WEBHOOK_TOKEN}")
    code, out, err = _send(capsys, "--csm", "tom.becker")
    assert (code, out) == (1, "")
    assert err.startswith("successplans: tom.becker's agenda by chat: the chat webhook could not be reached: ")
    assert len(err.splitlines()) == 1


@pytest.mark.parametrize(("env", "message"), [
    ({}, "nothing to send with: set SUCCESSPLANS_CHAT_WEBHOOK"),
    ({"SUCCESSPLANS_CHAT_WEBHOOK": f"ftp://hooks.example/{WEBHOOK_TOKEN}"},
     "SUCCESSPLANS_CHAT_WEBHOOK must be the webhook's http(s) URL (its value is not shown)"),
    ({"SUCCESSPLANS_CHAT_WEBHOOK": f"https://hooks.example/{WEBHOOK_TOKEN} x"}, "its value is not shown"),
    ({"SUCCESSPLANS_SMTP_HOST": "127.0.0.1"}, "SUCCESSPLANS_MAIL_FROM must be the address"),
    ({"SUCCESSPLANS_SMTP_HOST": "127.0.0.1", "SUCCESSPLANS_MAIL_FROM": "cs@brightwell.example",
      "SUCCESSPLANS_SMTP_SECURITY": "tls"}, "SUCCESSPLANS_SMTP_SECURITY must be one of starttls, ssl, plain"),
    ({"SUCCESSPLANS_SMTP_HOST": "127.0.0.1", "SUCCESSPLANS_MAIL_FROM": "cs@brightwell.example",
      "SUCCESSPLANS_SMTP_PORT": "99999"}, "SUCCESSPLANS_SMTP_PORT must be a port number"),
    ({"SUCCESSPLANS_SMTP_HOST": "127.0.0.1", "SUCCESSPLANS_MAIL_FROM": "cs@brightwell.example",
      "SUCCESSPLANS_SMTP_PASSWORD": SMTP_PASSWORD}, "SUCCESSPLANS_SMTP_USER and SUCCESSPLANS_SMTP_PASSWORD are set"),
    ({"SUCCESSPLANS_SMTP_HOST": "127.0.0.1", "SUCCESSPLANS_MAIL_FROM": "cs@brightwell.example",
      "SUCCESSPLANS_MAIL_TO": "jane.doe:jane@brightwell.example"}, "takes handle=address pairs"),
])
def test_bad_settings_exit_2_before_anything_is_sent(capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch, env: dict[str, str],
                                                     message: str) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    code, out, err = _send(capsys)
    assert (code, out) == (2, "") and message in err and len(err.splitlines()) == 1


@pytest.mark.parametrize("args", [["--dry-run"], ["--send", "--format", "json"], ["--send", "--format", "ics"]])
def test_send_options_go_together(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    code, out, _ = run(capsys, "agenda", "-f", str(ROOT / "mkdocs.yml"), *args)
    assert (code, out) == (2, "")


def test_a_dry_run_shows_the_messages_and_sends_nothing(capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch, webhook: Webhook) -> None:
    monkeypatch.setenv("SUCCESSPLANS_CHAT_WEBHOOK", webhook.url)
    monkeypatch.setenv("SUCCESSPLANS_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SUCCESSPLANS_MAIL_FROM", "cs@brightwell.example")
    monkeypatch.setenv("SUCCESSPLANS_MAIL_TO", "tom.becker=tom.becker@brightwell.example")
    code, out, err = _send(capsys, "--dry-run")
    assert code == 0 and webhook.posts == []
    assert "--- to tom.becker (the chat webhook, tom.becker@brightwell.example): Your week: 11 to do by 2026-11-30, " \
        "6 late\n" in out
    assert "--- to priya.nair (the chat webhook, no e-mail address): " in out
    assert err == "dry run: nothing was sent (4 agendas)\n"


# --- the fake SMTP server -----------------------------------------------------------------------


@dataclass
class Mailbox:
    port: int
    messages: list[tuple[str, list[str], Message]] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)


class _Handler:
    def __init__(self, box: Mailbox) -> None:
        self.box = box

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's name
        self.box.messages.append((envelope.mail_from, list(envelope.rcpt_tos), message_from_bytes(envelope.content)))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        return int(free.getsockname()[1])


@contextmanager
def smtp_server(*, tls: ssl.SSLContext | None = None, implicit: bool = False,
                password: str = SMTP_PASSWORD) -> Iterator[Mailbox]:
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    box = Mailbox(port=_free_port())

    def authenticator(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        if isinstance(data, LoginPassword):
            box.logins.append((data.login.decode(), data.password.decode()))
            ok = data.login.decode() == SMTP_USER and data.password.decode() == password
            return AuthResult(success=ok, handled=False)
        return AuthResult(success=False, handled=False)

    # PLAIN only: smtplib answers a refused PLAIN with LOGIN, which this server leaves waiting
    # (this server does not count implicit TLS as TLS when it decides whether to offer AUTH)
    kwargs: dict[str, Any] = {"authenticator": authenticator, "auth_require_tls": tls is not None and not implicit,
                              "auth_exclude_mechanism": ["LOGIN"]}
    if tls is not None and implicit:
        kwargs["ssl_context"] = tls
    elif tls is not None:
        kwargs["tls_context"] = tls
        kwargs["require_starttls"] = True
    controller = Controller(_Handler(box), hostname="127.0.0.1", port=box.port, server_hostname="localhost",
                            **kwargs)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


def _mail_env(monkeypatch: pytest.MonkeyPatch, port: int, security: str, host: str = "127.0.0.1") -> None:
    monkeypatch.setenv("SUCCESSPLANS_SMTP_HOST", host)
    monkeypatch.setenv("SUCCESSPLANS_SMTP_PORT", str(port))
    monkeypatch.setenv("SUCCESSPLANS_SMTP_SECURITY", security)
    monkeypatch.setenv("SUCCESSPLANS_SMTP_USER", SMTP_USER)
    monkeypatch.setenv("SUCCESSPLANS_SMTP_PASSWORD", SMTP_PASSWORD)
    monkeypatch.setenv("SUCCESSPLANS_MAIL_FROM", "success@brightwell.example")
    monkeypatch.setenv("SUCCESSPLANS_MAIL_TO", MAIL_TO)


AUTH_WITHOUT_TLS = "ignore:Requiring AUTH while not requiring TLS:UserWarning"


@pytest.mark.filterwarnings(AUTH_WITHOUT_TLS)
def test_each_csm_gets_an_e_mail(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    with smtp_server() as box:
        _mail_env(monkeypatch, box.port, "plain")
        code, out, err = _send(capsys)
    assert (code, err) == (0, "")
    assert box.logins == [(SMTP_USER, SMTP_PASSWORD)]  # one session, logged in once
    assert [(sender, to) for sender, to, _ in box.messages] == [
        ("success@brightwell.example", [f"{csm}@brightwell.example"]) for csm in
        ("daniel.reyes", "maria.okafor", "priya.nair", "tom.becker")]
    assert out.splitlines()[0] == "daniel.reyes: e-mailed to daniel.reyes@brightwell.example"
    message = box.messages[0][2]
    assert message["Subject"] == "Your week: 7 to do by 2026-11-30, 3 late"
    assert message["To"] == "Daniel Reyes <daniel.reyes@brightwell.example>"
    body = message.get_payload(decode=True).decode("utf-8")
    assert body.startswith("Daniel Reyes (daniel.reyes): 7 to do by 2026-11-30, 3 late (as of 2026-11-16)")
    assert "- 2026-11-11 LATE TallyHQ: EBR before the renewal on 2027-01-10" in body


@pytest.mark.filterwarnings(AUTH_WITHOUT_TLS)
def test_a_csm_without_an_address_is_a_failure_the_others_still_get_theirs(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    with smtp_server() as box:
        _mail_env(monkeypatch, box.port, "plain")
        monkeypatch.setenv("SUCCESSPLANS_MAIL_TO", "tom.becker=tom.becker@brightwell.example")
        code, out, err = _send(capsys)
    assert code == 1 and [to for _, to, _ in box.messages] == [["tom.becker@brightwell.example"]]
    assert out == "tom.becker: e-mailed to tom.becker@brightwell.example\n"
    assert err.splitlines() == [f"successplans: {csm}'s agenda by e-mail: no e-mail address for {csm}"
                                for csm in ("daniel.reyes", "maria.okafor", "priya.nair")]


@pytest.mark.filterwarnings(AUTH_WITHOUT_TLS)
def test_a_refused_login_fails_without_showing_the_credentials(capsys: pytest.CaptureFixture[str],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    with smtp_server(password="another") as box:
        _mail_env(monkeypatch, box.port, "plain")
        code, out, err = _send(capsys, "--csm", "tom.becker")
    assert (code, out, box.messages) == (1, "", [])
    assert err == (f"successplans: tom.becker's agenda by e-mail: the mail server 127.0.0.1:{box.port} refused the "
                   "login: 535 5.7.8 Authentication credentials invalid\n")


def test_a_mail_server_that_is_not_there(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    _mail_env(monkeypatch, _free_port(), "starttls")
    code, out, err = _send(capsys, "--csm", "tom.becker")
    assert (code, out) == (1, "") and len(err.splitlines()) == 1
    assert "the mail server 127.0.0.1:" in err and "could not be reached: ConnectionRefusedError" in err


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for localhost, and its key."""
    try:
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID
    except ImportError:  # pragma: no cover - the test extras bring it (through twine's keyring)
        require_tool(False, "the cryptography package")
        raise
    folder = tmp_path_factory.mktemp("tls")
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


def _server_tls(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    return context


@pytest.mark.filterwarnings(AUTH_WITHOUT_TLS)
@pytest.mark.parametrize(("security", "implicit"), [("starttls", False), ("ssl", True)])
def test_e_mail_over_tls_checks_the_servers_certificate(capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        certificate: tuple[Path, Path], security: str,
                                                        implicit: bool) -> None:
    with smtp_server(tls=_server_tls(certificate), implicit=implicit) as box:
        _mail_env(monkeypatch, box.port, security, host="localhost")
        # the control first: a certificate nobody vouches for is refused, and nothing is sent
        code, out, err = _send(capsys, "--csm", "tom.becker")
        assert (code, out, box.messages) == (1, "", [])
        assert "CERTIFICATE_VERIFY_FAILED" in err and len(err.splitlines()) == 1
        monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))  # now the machine trusts it
        code, out, err = _send(capsys, "--csm", "tom.becker")
    assert (code, err) == (0, "") and out == "tom.becker: e-mailed to tom.becker@brightwell.example\n"
    assert box.logins == [(SMTP_USER, SMTP_PASSWORD)] and len(box.messages) == 1


def test_the_redactor_masks_every_form_of_a_secret() -> None:
    environ = {"SUCCESSPLANS_CHAT_WEBHOOK": f"https://hooks.example/services/{WEBHOOK_TOKEN}?sig=SIGsecret77",
               "SUCCESSPLANS_SMTP_USER": SMTP_USER, "SUCCESSPLANS_SMTP_PASSWORD": SMTP_PASSWORD,
               "SUCCESSPLANS_SMTP_HOST": "mail.brightwell.example", "GITHUB_TOKEN": "ghp_abcdef123456"}
    redact = Redactor(environ)
    plain = base64.b64encode(f"\0{SMTP_USER}\0{SMTP_PASSWORD}".encode()).decode()
    login = base64.b64encode(SMTP_PASSWORD.encode()).decode()
    echoed = (f"535 bad {plain} / {login} for {SMTP_USER} at https://hooks.example/services/{WEBHOOK_TOKEN}"
              f"?sig=SIGsecret77 with ghp_abcdef123456\nnext line")
    shown = redact(echoed)
    assert_no_secret(shown)
    assert "ghp_abcdef123456" not in shown and "\n" not in shown
    # the control: what is not secret stays readable
    assert redact("the mail server mail.brightwell.example:587") == "the mail server mail.brightwell.example:587"
