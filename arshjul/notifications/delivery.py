"""Delivering the outbox: to a folder of .eml files (the embedded default) or over SMTP.

A message leaves the outbox only when delivery worked; a failure keeps its error and is tried
again after a growing pause. Its Message-ID comes from its cause, so a retry that crosses a
crash carries the same one, and the folder backend overwrites rather than duplicates.
"""

from __future__ import annotations

import hashlib
import os
import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import unquote, urlsplit

from sqlalchemy import Engine

from arshjul.clock import Clock
from arshjul.errors import ConfigError
from arshjul.store import outbox
from arshjul.store.uow import UnitOfWork

LEASE = timedelta(minutes=5)
MAX_PAUSE = timedelta(hours=6)
SMTP_TIMEOUT = 30


class Delivery(Protocol):
    def deliver(self, messages: Sequence[EmailMessage]) -> list[str | None]:
        """Deliver each message; return None for a delivered one, else why it failed."""
        ...


@dataclass(frozen=True)
class FolderDelivery:
    folder: Path

    def deliver(self, messages: Sequence[EmailMessage]) -> list[str | None]:
        self.folder.mkdir(parents=True, exist_ok=True)
        results: list[str | None] = []
        for message in messages:
            name = hashlib.sha256(str(message["Message-ID"]).encode()).hexdigest()[:24]
            stamp = str(message["X-Arshjul-Created"] or "")
            target = self.folder / f"{stamp}-{name}.eml"
            partial = target.with_suffix(".part")
            try:
                partial.write_bytes(bytes(message))
                partial.replace(target)  # whole or not at all
                results.append(None)
            except OSError as exc:
                results.append(f"{type(exc).__name__}: {exc}")
        return results


@dataclass(frozen=True)
class SmtpDelivery:
    scheme: str  # smtp | smtp+starttls | smtps
    host: str
    port: int

    def deliver(self, messages: Sequence[EmailMessage]) -> list[str | None]:
        user, password = (
            os.environ.get("ARSHJUL_SMTP_USER"),
            os.environ.get("ARSHJUL_SMTP_PASSWORD"),
        )
        try:
            server = self._connect()
        except (OSError, smtplib.SMTPException) as exc:
            return [_why(exc)] * len(messages)
        results: list[str | None] = []
        try:
            if self.scheme == "smtp+starttls":
                server.starttls(context=_tls())
            if user:
                server.login(user, password or "")
            for message in messages:
                try:
                    server.send_message(message)
                    results.append(None)
                except smtplib.SMTPRecipientsRefused as exc:
                    results.append(_why(exc))
        except (OSError, smtplib.SMTPException) as exc:
            results += [_why(exc)] * (len(messages) - len(results))
        finally:
            try:
                server.quit()
            except (OSError, smtplib.SMTPException):
                server.close()
        return results

    def _connect(self) -> smtplib.SMTP:
        if self.scheme == "smtps":
            return smtplib.SMTP_SSL(self.host, self.port, timeout=SMTP_TIMEOUT, context=_tls())
        return smtplib.SMTP(self.host, self.port, timeout=SMTP_TIMEOUT)


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
    engine: Engine, clock: Clock, delivery: Delivery, mail_from: str, *, batch: int = 200
) -> Sent:
    """Deliver every message that is due, batch by batch, until none is left to try now."""
    sent = failed = 0
    errors: list[str] = []
    while True:
        now = clock.now()
        with UnitOfWork(engine) as uow:
            rows = outbox.claim(uow.connection, now, now + LEASE, batch)
            uow.commit()
        if not rows:
            return Sent(sent, failed, tuple(errors))
        results = delivery.deliver([email_message(row, mail_from) for row in rows])
        with UnitOfWork(engine) as uow:
            for row, error in zip(rows, results, strict=True):
                if error is None:
                    outbox.mark_sent(uow.connection, row["id"], clock.now())
                    sent += 1
                else:
                    outbox.mark_failed(
                        uow.connection, row["id"], error, now + pause_after(row["attempts"] + 1)
                    )
                    failed += 1
                    errors.append(error)
            uow.commit()


def resolve_mail_url(explicit: str | None, configured: str | None, db_url: str) -> str:
    """ARSHJUL_MAIL, else the configuration's [mail] url, else a folder beside the database."""
    from arshjul.config import default_mail_url

    if explicit or configured:
        return explicit or configured or ""
    if db_url.startswith("sqlite:///") and db_url != "sqlite:///:memory:":
        return f"dir://{Path(db_url.removeprefix('sqlite:///')).expanduser().resolve().parent / 'mail'}"
    return default_mail_url()
