"""Mail through a real SMTP server on loopback (aiosmtpd): who gets what, in which language,
never twice, never lost, never leaking a restricted item."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import text

from arshjul.errors import ArshjulError, ConfigError
from arshjul.notifications.delivery import Delivery, FolderDelivery, delivery_for, send_waiting
from arshjul.notifications.notifier import Notifier
from arshjul.workflow import services, ticker
from tests.conftest import (
    COORDINATOR,
    DECIDER,
    OTHER_PROPOSER,
    OWNER,
    PROPOSER,
    REFERENCE,
    Sector,
    at,
)

MAIL_FROM = "Årshjul <arshjul@fi.example>"
SECRET = "Hemlig: reservrutiner för RIX"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Inbox:
    """What the SMTP server received: (recipient, parsed message) pairs."""

    def __init__(self) -> None:
        self.received: list[tuple[str, EmailMessage]] = []

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)  # type: ignore[attr-defined]
        for recipient in envelope.rcpt_tos:  # type: ignore[attr-defined]
            self.received.append((recipient, message))  # type: ignore[arg-type]
        return "250 OK"

    def to(self, email: str) -> list[EmailMessage]:
        return [m for r, m in self.received if r == email]

    def text_of(self, message: EmailMessage) -> str:
        plain = message.get_body(("plain",))
        html = message.get_body(("html",))
        assert plain is not None and html is not None
        return str(plain.get_content()) + str(html.get_content())


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


def send(sector: Sector, delivery: Delivery) -> tuple[int, int]:
    result = send_waiting(sector.engine, sector.clock, delivery, MAIL_FROM)
    return result.sent, result.failed


def play_a_cycle(sector: Sector) -> dict[str, str]:
    """Proposals (one restricted), prioritising, a decision, the deadline, reminders, the carry-over.

    The scheduler ticks when reminders fall due (08:00), as the running service would: a reminder
    caught up after its moment is void, and the mail is sent on a working morning.
    """

    def tick(*moments: str) -> None:
        for moment in moments:
            sector.clock.set(at(moment))
            ticker.tick(sector.engine, sector.clock, sector.calendar)

    sector.clock.set(at("2026-01-01 00:00"))
    ticker.start(sector.engine, sector.clock)
    ids = {
        "open": sector.propose("Övning: kontanter vid elavbrott"),
        "secret": sector.propose(
            SECRET, description="Reservsite i Bergslagen", restricted_to=["Sydbanken AB"]
        ),
        "left": sector.propose("<script>alert(1)</script> {{ 7*7 }}"),
    }
    tick("2026-03-17 08:00", "2026-05-12 10:00")
    sector.move("prioritise", ids["open"], ids["secret"], actor=COORDINATOR, note="Viktig")
    tick("2026-06-16 08:00")
    sector.clock.set(at("2026-08-12 10:00"))
    sector.move(
        "decide", ids["open"], ids["secret"], actor=DECIDER, owner=OWNER, due=date(2027, 3, 15)
    )
    tick(
        "2026-10-01 00:00",
        "2027-01-01 00:00",
        "2027-03-01 08:00",
        "2027-03-12 08:00",
        "2027-03-16 08:00",
    )
    return ids


def test_a_simulated_cycle_reaches_everyone_it_concerns_through_smtp(
    sector: Sector, smtp: tuple[Inbox, int]
) -> None:
    """Proposer, owner, coordinators, reference group: the right messages, in their language."""
    inbox, port = smtp
    with sector.engine.begin() as conn:  # Bo of Nordbanken reads English
        conn.execute(text("UPDATE person SET lang = 'en' WHERE email = :e"), {"e": PROPOSER})
    ids = play_a_cycle(sector)
    sent, failed = send(sector, delivery_for(f"smtp://127.0.0.1:{port}"))
    assert failed == 0 and sent == len(inbox.received) > 20

    to_proposer = {str(m["Subject"]) for m in inbox.to(PROPOSER)}
    assert f"We have received your proposal {ids['open']}" in to_proposer
    # Two of Bo's items moved in one command: one message names both.
    [both] = [
        m for m in inbox.to(PROPOSER) if str(m["Subject"]) == "2 of your items are now prioritised"
    ]
    assert f"{ids['open']}  Övning: kontanter vid elavbrott" in inbox.text_of(both)
    assert "proposed → prioritised" in inbox.text_of(both)
    assert "Reason: Viktig" in inbox.text_of(both)
    assert f"{ids['left']} is now deprioritised" in to_proposer
    assert any(s.startswith("Your proposal") and "carried on" in s for s in to_proposer)
    assert all(m["Content-Language"] == "en" for m in inbox.to(PROPOSER))

    to_owner = {str(m["Subject"]) for m in inbox.to(OWNER)}
    assert "Ni är ägare av 2 åtgärder" in to_owner  # both decided in one command
    assert f"Påminnelse: {ids['open']} ska vara klar 2027-03-15" in to_owner
    assert f"Försenad: {ids['open']} skulle ha varit klar 2027-03-15" in to_owner
    assert any("Försenad" in str(m["Subject"]) for m in inbox.to(COORDINATOR))  # escalation
    assert any("referensgruppens synpunkter" in str(m["Subject"]) for m in inbox.to(REFERENCE))
    [closing] = [
        m
        for m in inbox.to(COORDINATOR)
        if str(m["Subject"]).startswith("Beslut om verksamhetsplan har stängt")
    ]
    assert "1 förslag kom inte med i planen och är bortprioriterade." in inbox.text_of(closing)
    [opening] = [
        m
        for m in inbox.to(COORDINATOR)
        if str(m["Subject"]) == "Dialog och förslag har öppnat (FTPOS 2028)"
    ]
    assert "1 bortprioriterade förslag från förra cykeln fördes in i dialogen." in inbox.text_of(
        opening
    )

    for recipient, message in inbox.received:
        assert (
            message["Message-ID"]
            and message["Date"]
            and message["From"] == sector.calendar.config.mail_from
        )
        body = inbox.text_of(message)
        if recipient in (REFERENCE,):  # outside the secret item's need-to-know
            assert SECRET not in body and "Bergslagen" not in body
        if ids["left"] in str(message["Subject"]):
            plain = message.get_body(("plain",))
            assert plain is not None and "<script>alert(1)</script> {{ 7*7 }}" in str(
                plain.get_content()
            )
            assert "&lt;script&gt;" in inbox.text_of(message)


def test_nothing_restricted_reaches_anyone_outside_need_to_know(
    sector: Sector, smtp: tuple[Inbox, int]
) -> None:
    """Every message to the reference member, the other bank and Bo's colleague, searched."""
    inbox, port = smtp
    play_a_cycle(sector)
    send(sector, delivery_for(f"smtp://127.0.0.1:{port}"))
    outsiders = {REFERENCE}
    leaked = [
        (r, str(m["Subject"]))
        for r, m in inbox.received
        if r in outsiders and SECRET in inbox.text_of(m)
    ]
    assert inbox.to(REFERENCE) and leaked == []
    insiders = [
        m for m in inbox.to(OTHER_PROPOSER) + inbox.to(PROPOSER) if SECRET in inbox.text_of(m)
    ]
    assert insiders  # Sydbanken is on the list and Nordbanken proposed it: they do see it


def test_a_mail_server_that_is_down_loses_nothing_and_sends_nothing_twice(sector: Sector) -> None:
    """Delivery to a closed port fails and keeps its error; when the server is up, each arrives once."""
    port = free_port()
    sector.clock.set(at("2026-02-10 09:00"))
    item_id = sector.propose()
    down = send(sector, delivery_for(f"smtp://127.0.0.1:{port}"))
    assert down[0] == 0 and down[1] >= 1
    with sector.engine.connect() as conn:
        errors = conn.execute(text("SELECT last_error, attempts FROM outbox")).all()
    assert all(error and "Connection" in error for error, _ in errors)
    assert send(sector, delivery_for(f"smtp://127.0.0.1:{port}")) == (
        0,
        0,
    )  # pausing before a retry

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        sector.clock.set(sector.clock.now() + timedelta(minutes=2))
        sent, failed = send(sector, delivery_for(f"smtp://127.0.0.1:{port}"))
        sector.clock.set(sector.clock.now() + timedelta(hours=7))
        assert send(sector, delivery_for(f"smtp://127.0.0.1:{port}")) == (0, 0)
    finally:
        controller.stop()
    assert (sent, failed) == (len(errors), 0)
    assert [str(m["Subject"]) for _, m in inbox.received].count(
        f"Vi har tagit emot ditt förslag {item_id}"
    ) == 1


class CrashingDelivery:
    """Dies after taking the messages: the process crashed between the outbox and the server."""

    group = 1

    @contextmanager
    def open(self) -> Iterator[CrashingDelivery]:
        yield self

    def send(self, message: EmailMessage) -> None:
        raise SystemExit("killed")


def test_a_crash_between_the_outbox_and_sending_sends_after_restart_once(
    sector: Sector, tmp_path: Path
) -> None:
    """The lease runs out and the message goes, once, with the same Message-ID."""
    sector.clock.set(at("2026-02-10 09:00"))
    sector.propose()
    with pytest.raises(SystemExit):
        send(sector, CrashingDelivery())
    folder = FolderDelivery(tmp_path / "mail")
    assert send(sector, folder) == (0, 0)  # still held by the dead process's lease
    sector.clock.set(sector.clock.now() + timedelta(minutes=6))
    assert send(sector, folder) == (1, 0)
    sector.clock.set(sector.clock.now() + timedelta(days=1))
    assert send(sector, folder) == (0, 0)
    [eml] = list((tmp_path / "mail").glob("*.eml"))
    message = message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert message["To"] == PROPOSER and "2027-001" in str(message["Subject"])


def test_handling_a_cause_twice_writes_its_messages_once(
    sector: Sector, notifier: Notifier
) -> None:
    """The Message-ID comes from the cause and the recipient: a repeat adds nothing."""
    from arshjul.states.events import ItemSubmitted

    sector.clock.set(at("2026-02-10 09:00"))
    item_id = sector.propose()
    with sector.uow() as uow:
        again = ItemSubmitted(at=sector.clock.now(), item_id=item_id, cycle=2027, actor=PROPOSER)
        notifier(uow, [again])
        uow.commit()
    with sector.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM outbox")).scalar() == 1


def test_an_import_of_many_tells_each_proposer_once_with_a_list_that_ends(
    sector: Sector,
) -> None:
    """250 proposals in one import: one receipt to the proposer, 200 lines and how many more."""
    from arshjul.workflow.proposals import Proposal

    sector.clock.set(at("2026-02-10 09:00"))
    rows = [(n + 2, Proposal(f"Åtgärd {n + 1}", "Nordbanken AB", PROPOSER)) for n in range(250)] + [
        (252, Proposal("Sydbankens förslag", "Sydbanken AB", OTHER_PROPOSER))
    ]
    services.import_proposals(sector.uow(), sector.clock, sector.calendar, COORDINATOR, rows)
    with sector.engine.connect() as conn:
        mails = conn.execute(text("SELECT recipient, kind, subject, text FROM outbox")).all()
    by_recipient = {m.recipient: m for m in mails}
    assert len(mails) == 2 and set(by_recipient) == {PROPOSER, OTHER_PROPOSER}
    many = by_recipient[PROPOSER]
    assert many.kind == "changes" and many.subject == "Vi har tagit emot 250 förslag från er"
    assert "2027-200  Åtgärd 200" in many.text and "2027-201" not in many.text
    assert "… och 50 till: hela listan visar `arshjul list --cycle 2027`" in many.text
    one = by_recipient[OTHER_PROPOSER]  # one proposal: the usual receipt
    assert one.kind == "receipt" and one.subject == "Vi har tagit emot ditt förslag 2027-251"


def test_the_folder_backend_writes_a_whole_eml_with_text_and_html(
    sector: Sector, tmp_path: Path
) -> None:
    """dir:// gives one .eml a message, with both parts and a stable Message-ID."""
    sector.clock.set(at("2026-02-10 09:00"))
    sector.propose()
    assert send(sector, delivery_for(f"dir://{tmp_path / 'mail'}")) == (1, 0)
    [eml] = list((tmp_path / "mail").glob("*.eml"))
    message = message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert message.get_body(("plain",)) is not None and message.get_body(("html",)) is not None
    assert str(message["Message-ID"]).endswith("@localhost>")  # the domain of the configured From
    assert message["Content-Language"] == "sv"


@pytest.mark.parametrize(
    "url",
    [
        "ftp://mail.example",
        "smtp://",
        "smtp://user:secret@mail.example:25",
        "dir://",
        "smtp://host:notaport",
    ],
)
def test_a_wrong_mail_url_is_refused_naming_it(url: str) -> None:
    """Unknown schemes, no host, a login in the URL (it belongs in the environment)."""
    with pytest.raises(ConfigError) as error:
        delivery_for(url)
    assert "secret" not in str(error.value)


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, made with the openssl command."""
    import shutil
    import subprocess

    if shutil.which("openssl") is None:
        pytest.skip(
            "the openssl command is not installed, so no certificate can be made for the TLS server"
        )
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def _authenticator(
    server: object, session: object, envelope: object, mechanism: str, auth_data: object
) -> object:
    from aiosmtpd.smtp import AuthResult, LoginPassword

    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        b"fi-utskick",
        b"hemligt",
    )
    return AuthResult(success=ok, handled=False)  # not handled: aiosmtpd then answers 535


# aiosmtpd warns about AUTH without TLS for the smtps server, which is TLS from its first byte
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
@pytest.mark.parametrize("scheme", ["smtp+starttls", "smtps"])
def test_delivery_over_tls_with_a_login_from_the_environment(
    sector: Sector, certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, scheme: str
) -> None:
    """STARTTLS and implicit TLS, the server's certificate verified, AUTH required; a wrong password fails."""
    import ssl

    cert, key = certificate
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert, key)
    inbox, port = Inbox(), free_port()
    tls = (
        {"tls_context": server_tls, "require_starttls": True}
        if scheme == "smtp+starttls"
        else {"ssl_context": server_tls}
    )
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        authenticator=_authenticator,
        auth_required=True,
        # aiosmtpd counts only STARTTLS as TLS for this flag; smtps is TLS from the first byte
        auth_require_tls=scheme == "smtp+starttls",
        **tls,  # type: ignore[arg-type]
    )
    controller.start()
    try:
        sector.clock.set(at("2026-02-10 09:00"))
        item_id = sector.propose()
        monkeypatch.setenv("ARSHJUL_SMTP_CAFILE", str(cert))
        monkeypatch.setenv("ARSHJUL_SMTP_USER", "fi-utskick")
        monkeypatch.setenv("ARSHJUL_SMTP_PASSWORD", "fel")
        assert send(sector, delivery_for(f"{scheme}://127.0.0.1:{port}")) == (0, 1)
        with sector.engine.connect() as conn:
            assert "Authentication" in (
                conn.execute(text("SELECT last_error FROM outbox")).scalar() or ""
            )
        monkeypatch.setenv("ARSHJUL_SMTP_PASSWORD", "hemligt")
        sector.clock.set(sector.clock.now() + timedelta(minutes=2))
        assert send(sector, delivery_for(f"{scheme}://127.0.0.1:{port}")) == (1, 0)
    finally:
        controller.stop()
    [(recipient, message)] = inbox.received
    assert recipient == PROPOSER and item_id in str(message["Subject"])


def test_an_untrusted_certificate_is_refused(
    sector: Sector, certificate: tuple[Path, Path]
) -> None:
    """Without the CA, TLS verification fails and the message waits with the reason."""
    import ssl

    cert, key = certificate
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert, key)
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, ssl_context=server_tls)
    controller.start()
    try:
        sector.clock.set(at("2026-02-10 09:00"))
        sector.propose()
        result = send_waiting(
            sector.engine, sector.clock, delivery_for(f"smtps://127.0.0.1:{port}"), MAIL_FROM
        )
    finally:
        controller.stop()
    assert (result.sent, result.failed) == (0, 1) and "CERTIFICATE_VERIFY_FAILED" in result.errors[
        0
    ]
    assert inbox.received == []


def test_an_owners_manager_is_told_what_the_owner_is_told(
    sector: Sector, smtp: tuple[Inbox, int]
) -> None:
    """The assignment and the reminders reach the manager too, marked as a copy; the escalation
    not, as the owner is a company's (taking part is voluntary: tests/integration/test_escalation.py)."""
    inbox, port = smtp
    services.set_preferences(sector.uow(), COORDINATOR, OWNER, manager=DECIDER)
    ids = play_a_cycle(sector)
    send(sector, delivery_for(f"smtp://127.0.0.1:{port}"))
    to_manager = [str(m["Subject"]) for m in inbox.to(DECIDER)]
    for subject in (
        "Kopia: Ni är ägare av 2 åtgärder",
        f"Kopia: Påminnelse: {ids['open']} ska vara klar 2027-03-15",
    ):
        assert subject in to_manager
    assert f"Kopia: Försenad: {ids['open']} skulle ha varit klar 2027-03-15" not in to_manager
    [copy] = [
        m for m in inbox.to(DECIDER) if str(m["Subject"]) == "Kopia: Ni är ägare av 2 åtgärder"
    ]
    assert "Kopia till er som chef för Olle" in inbox.text_of(copy)
    assert f"{ids['open']}  Övning: kontanter vid elavbrott" in inbox.text_of(copy)
    with pytest.raises(ArshjulError):
        services.set_preferences(sector.uow(), COORDINATOR, OWNER, manager=OWNER)


def test_over_a_simulated_cycle_each_person_gets_exactly_what_spec_promises(
    sector: Sector, smtp: tuple[Inbox, int]
) -> None:
    """Per person, the kinds of message received equal the domain's rule of who is told what, no more."""
    inbox, port = smtp
    play_a_cycle(sector)
    send(sector, delivery_for(f"smtp://127.0.0.1:{port}"))
    everyone = {"dialogue_opened", "plan_published", "invitation", "meeting_reminder"}
    expected = {
        # proposers: receipts, every change of their items (several in one command: "changes"),
        # the carry-over; the dialogue's closing
        PROPOSER: everyone | {"receipt", "moved", "changes", "carried", "phase_reminder"},
        OTHER_PROPOSER: everyone | {"phase_reminder"},
        # owners: the assignment, reminders before the due date, escalation when overdue
        OWNER: everyone | {"changes", "due_reminder", "overdue"},  # both assigned at once
        # coordinators: phase summaries, what awaits them, the escalations
        COORDINATOR: everyone | {"phase_summary", "phase_reminder", "overdue"},
        # deciders: what awaits a decision before its deadline; here both were decided in August,
        # so when the reminders fell due in September nothing awaited them, and none came
        DECIDER: everyone,
        # the reference group: the proposals to comment on; the dialogue's closing
        REFERENCE: everyone | {"reference_list", "phase_reminder"},
    }
    received: dict[str, set[str]] = {}
    for recipient, message in inbox.received:
        received.setdefault(recipient, set()).add(str(message["X-Arshjul-Kind"]))
    assert received == expected
