"""Delivering the outbox: to a folder of .eml files (the embedded default) or over SMTP.

A message leaves the outbox only when delivery worked. A temporary failure (4xx, a lost
connection) keeps its reason and is tried again after a growing pause, at most MAX_ATTEMPTS
times; a permanent refusal (5xx) fails the message for good and the coordinators are told.
Each message is marked as it goes, in its own transaction, and the sender renews its lease
before each one: a slow batch is never taken over, and sent twice, while its sender is alive.
Its Message-ID comes from its cause, so a retry that crosses a crash carries the same one, and
the folder backend overwrites rather than duplicates.
"""

from __future__ import annotations

import hashlib
import os
import smtplib
import ssl
import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import unquote, urlsplit

from sqlalchemy import Engine
from sqlalchemy.engine import RowMapping

from arshjul.clock import Clock
from arshjul.errors import ConfigError
from arshjul.states.events import MailFailed
from arshjul.store import outbox
from arshjul.store.uow import UnitOfWork
from arshjul.workflow.handlers import publish

LEASE = timedelta(minutes=5)
MAX_PAUSE = timedelta(hours=6)
#: Tried this often (about a day and a half of pauses), then failed for good.
MAX_ATTEMPTS = 12
SMTP_TIMEOUT = 30


@dataclass(frozen=True)
class Failure:
    """Why one message did not go. `permanent`: the server refused it (5xx), trying again is
    pointless. `lost`: the connection went away, so whether it arrived is unknown."""

    reason: str
    permanent: bool = False
    lost: bool = False


class Postman(Protocol):
    def send(self, message: EmailMessage) -> Failure | None:
        """Deliver one message; None when it went."""
        ...


class Delivery(Protocol):
    @property
    def group(self) -> int:
        """How many messages may be marked in one transaction: 1 where a repeat would be a
        second mail; more where delivering again only overwrites (the folder)."""
        ...

    def open(self) -> AbstractContextManager[Postman]:
        """A session for a run of messages (one SMTP connection, made on first use)."""
        ...


@dataclass(frozen=True)
class FolderDelivery:
    folder: Path
    group: int = 50

    @contextmanager
    def open(self) -> Iterator[Postman]:
        yield self

    def send(self, message: EmailMessage) -> Failure | None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return Failure(_why(exc))
        name = hashlib.sha256(str(message["Message-ID"]).encode()).hexdigest()[:24]
        stamp = str(message["X-Arshjul-Created"] or "")
        target = self.folder / f"{stamp}-{name}.eml"
        partial = target.with_suffix(".part")
        try:
            partial.write_bytes(bytes(message))
            partial.replace(target)  # whole or not at all
        except OSError as exc:
            return Failure(_why(exc))
        return None


@dataclass(frozen=True)
class SmtpDelivery:
    scheme: str  # smtp | smtp+starttls | smtps
    host: str
    port: int
    group: int = 1

    @contextmanager
    def open(self) -> Iterator[Postman]:
        postman = _SmtpPostman(self)
        try:
            yield postman
        finally:
            postman.hang_up()

    def connect(self) -> smtplib.SMTP:
        if self.scheme == "smtps":
            server: smtplib.SMTP = smtplib.SMTP_SSL(
                self.host, self.port, timeout=SMTP_TIMEOUT, context=_tls()
            )
        else:
            server = smtplib.SMTP(self.host, self.port, timeout=SMTP_TIMEOUT)
        try:
            if self.scheme == "smtp+starttls":
                server.starttls(context=_tls())
            user = os.environ.get("ARSHJUL_SMTP_USER")
            if user:
                server.login(user, os.environ.get("ARSHJUL_SMTP_PASSWORD") or "")
        except BaseException:
            server.close()
            raise
        return server


class _SmtpPostman:
    """One connection for a run, made when the first message needs it. A connection lost in
    the middle is made again for the next message; a server that cannot be reached fails the
    rest of the run at once (not once per message after a timeout each)."""

    def __init__(self, delivery: SmtpDelivery) -> None:
        self.delivery = delivery
        self.server: smtplib.SMTP | None = None
        self.down: Failure | None = None

    def send(self, message: EmailMessage) -> Failure | None:
        if self.down is not None:
            return self.down
        if self.server is None:
            try:
                self.server = self.delivery.connect()
            except (OSError, smtplib.SMTPException) as exc:
                self.down = Failure(_why(exc), lost=True)
                return self.down
        try:
            self.server.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            return Failure(_why(exc), permanent=bool(codes) and all(c >= 500 for c in codes))
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
            return Failure(_why(exc), permanent=500 <= exc.smtp_code < 600)
        except (OSError, smtplib.SMTPException) as exc:
            # The reply never came (a dropped connection, a timeout): it may have arrived.
            self.hang_up()
            return Failure(_why(exc), lost=True)
        return None

    def hang_up(self) -> None:
        server, self.server = self.server, None
        if server is None:
            return
        try:
            server.quit()
        except (OSError, smtplib.SMTPException):
            server.close()


def _tls() -> ssl.SSLContext:
    """Verified TLS; ARSHJUL_SMTP_CAFILE adds a CA of one's own (an internal mail server's)."""
    return ssl.create_default_context(cafile=os.environ.get("ARSHJUL_SMTP_CAFILE") or None)


def _why(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}".strip()


def delivery_for(url: str) -> Delivery:
    """The backend an ARSHJUL_MAIL URL names: dir:///folder, smtp://, smtp+starttls://, smtps://."""
    parts = urlsplit(url)
    if parts.scheme == "dir" and parts.path:
        return FolderDelivery(Path(unquote(parts.path)))
    if parts.scheme in ("smtp", "smtp+starttls", "smtps") and parts.hostname:
        if parts.username or parts.password:
            raise ConfigError("mail_login_in_url", url=_shown(url))
        default_port = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}[parts.scheme]
        try:
            port = parts.port or default_port
        except ValueError:
            raise ConfigError("mail_url", url=url) from None
        return SmtpDelivery(parts.scheme, parts.hostname, port)
    raise ConfigError("mail_url", url=url)


def _shown(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname or ''}{':' + str(parts.port) if parts.port else ''}"


def email_message(row: Any, mail_from: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = mail_from
    message["To"] = row["recipient"]
    message["Subject"] = row["subject"]
    message["Date"] = format_datetime(row["created_at"])
    message["Message-ID"] = row["message_id"]
    message["X-Arshjul-Kind"] = row["kind"]
    message["X-Arshjul-Created"] = row["created_at"].strftime("%Y%m%dT%H%M%S")
    message.set_content(row["text"])
    message.add_alternative(row["html"], subtype="html")
    if row["attachment"]:
        maintype, _, subtype = (row["attachment_type"] or "text/plain").partition("/")
        message.add_attachment(
            row["attachment"].encode("utf-8"),
            maintype=maintype,
            subtype=subtype,
            filename=row["attachment_name"],
        )
    # Last: set_content and add_attachment move or drop the Content-* headers set before them.
    message["Content-Language"] = row["lang"]
    return message


@dataclass(frozen=True)
class Sent:
    sent: int
    failed: int
    errors: tuple[str, ...]


def pause_after(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes, at most six hours: a mail server that is down gets room."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_PAUSE)


def send_waiting(
    engine: Engine,
    clock: Clock,
    delivery: Delivery,
    mail_from: str,
    *,
    batch: int = 200,
) -> Sent:
    """Deliver every message that is due, batch by batch, until none is left to try now; each
    from its body's sender (its configuration's `mail.from`; `mail_from` where none is kept)."""
    run = _Run(engine, clock, delivery, mail_from, LEASE)
    with delivery.open() as postman:
        while run.batch(postman, batch):
            pass
    return Sent(run.sent, run.failed, tuple(run.errors))


class _Run:
    def __init__(
        self, engine: Engine, clock: Clock, delivery: Delivery, mail_from: str, lease: timedelta
    ) -> None:
        self.engine, self.clock, self.delivery = engine, clock, delivery
        self.mail_from, self.lease = mail_from, lease
        self.senders: dict[int, str] | None = None  # each body's, read when there is mail
        self.sent = self.failed = 0
        self.errors: list[str] = []

    def batch(self, postman: Postman, size: int) -> bool:
        """Claim up to `size` messages and deliver them; False when none was due."""
        token = uuid.uuid4().hex
        now = self.clock.now()
        with UnitOfWork(self.engine) as uow:
            rows = outbox.claim(uow.connection, now, now + self.lease, size, token)
            uow.commit()
        if not rows:
            return False
        if self.senders is None:
            from arshjul.workflow.cycle_config import senders

            with UnitOfWork(self.engine, write=False) as uow:
                self.senders = senders(uow.connection)
        group = max(1, self.delivery.group)
        mine = {row["id"] for row in rows}
        for start in range(0, len(rows), group):
            outcomes = [
                (row, postman.send(email_message(row, self._sender(row))))
                for row in rows[start : start + group]
                if row["id"] in mine
            ]
            rest = [row["id"] for row in rows[start + group :]]
            with UnitOfWork(self.engine) as uow:
                for row, failure in outcomes:
                    self._mark(uow, row, failure)
                # Renewed before each next message: while this run lives, nobody takes it over.
                if rest:
                    mine = outbox.renew(uow.connection, token, rest, self.clock.now() + self.lease)
                uow.commit()
        return True

    def _sender(self, row: RowMapping) -> str:
        assert self.senders is not None
        return self.senders.get(row["body_id"], self.mail_from)

    def _mark(self, uow: UnitOfWork, row: RowMapping, failure: Failure | None) -> None:
        now = self.clock.now()
        if failure is None:
            outbox.mark_sent(uow.connection, row["id"], now)
            self.sent += 1
            return
        self.failed += 1
        self.errors.append(failure.reason)
        attempts = row["attempts"] + 1
        if failure.permanent or attempts >= MAX_ATTEMPTS:
            outbox.mark_refused(uow.connection, row["id"], failure.reason, now)
            publish(
                uow,
                [
                    MailFailed(
                        now,
                        outbox_id=row["id"],
                        recipient=row["recipient"],
                        kind=row["kind"],
                        subject=row["subject"],
                        reason=failure.reason,
                        attempts=attempts,
                    )
                ],
            )
        else:
            outbox.mark_failed(
                uow.connection, row["id"], failure.reason, now + pause_after(attempts)
            )


def resolve_mail_url(explicit: str | None, configured: str | None, db_url: str) -> str:
    """ARSHJUL_MAIL, else the configuration's [mail] url, else a folder beside the database."""
    from arshjul.config import default_mail_url

    if explicit or configured:
        return explicit or configured or ""
    if db_url.startswith("sqlite:///") and db_url != "sqlite:///:memory:":
        return f"dir://{Path(db_url.removeprefix('sqlite:///')).expanduser().resolve().parent / 'mail'}"
    return default_mail_url()
