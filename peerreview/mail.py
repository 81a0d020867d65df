"""Sending email: one function, `send_message`, for every message the app sends.

With `MAIL_SERVER` configured the message goes by SMTP (STARTTLS when `MAIL_USE_TLS`). In the
embedded mode there is no mail server: each message is written as an .eml file into the
outbox folder (`MAIL_OUTBOX`, by default `instance/outbox/`), which national coordinators can
read at /outbox, so invitations can be tried end to end without any setup.
"""

from __future__ import annotations

import datetime as dt
import re
import smtplib
import uuid
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import format_datetime, make_msgid
from pathlib import Path

from flask import current_app

#: An outbox file name: what `outbox_message` accepts, so no path can escape the folder.
OUTBOX_NAME = re.compile(r"^[0-9]{8}T[0-9]{6}-[0-9a-f]{32}\.eml$")


@dataclass(frozen=True)
class Attachment:
    """A file attached to a message. `params` become content-type parameters (for an
    invitation: method=REQUEST, which mail clients read to offer accept/decline)."""

    filename: str
    mimetype: str
    data: bytes
    params: dict[str, str] = field(default_factory=dict)


def sender() -> str:
    return current_app.config.get("MAIL_SENDER") or "peerreview@localhost"


def build_message(
    to: str, subject: str, body: str, attachments: list[Attachment] | None = None
) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender()
    message["To"] = to
    message["Date"] = format_datetime(dt.datetime.now(dt.UTC))
    message["Message-ID"] = make_msgid(domain="peerreview")
    message.set_content(body)
    for item in attachments or []:
        maintype, subtype = item.mimetype.split("/", 1)
        message.add_attachment(
            item.data, maintype=maintype, subtype=subtype, filename=item.filename,
            params=dict(item.params),
        )
    return message


def outbox_dir() -> Path:
    configured = current_app.config.get("MAIL_OUTBOX")
    return Path(configured) if configured else Path(current_app.instance_path) / "outbox"


def send_message(
    to: str, subject: str, body: str, attachments: list[Attachment] | None = None
) -> EmailMessage:
    """Send one message (SMTP, or the outbox folder in the embedded mode) and return it.

    Raises on an SMTP failure: callers that must not lose the rest of their work catch it
    and leave the message marked unsent."""
    message = build_message(to, subject, body, attachments)
    config = current_app.config
    if config.get("MAIL_SERVER"):
        with smtplib.SMTP(config["MAIL_SERVER"], int(config.get("MAIL_PORT") or 25)) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
            smtp.send_message(message)
        return message
    folder = outbox_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    path = folder / f"{stamp}-{uuid.uuid4().hex}.eml"
    path.write_bytes(message.as_bytes(policy=policy.SMTP))
    return message


@dataclass(frozen=True)
class OutboxEntry:
    name: str
    to: str
    subject: str
    date: str


def outbox_entries(limit: int = 500) -> list[OutboxEntry]:
    """Messages in the outbox folder, newest first."""
    folder = outbox_dir()
    if not folder.is_dir():
        return []
    names = sorted((p.name for p in folder.iterdir() if OUTBOX_NAME.match(p.name)),
                   reverse=True)[:limit]
    entries = []
    for name in names:
        message = read_outbox(name)
        if message is not None:
            entries.append(OutboxEntry(name, str(message["To"] or ""),
                                       str(message["Subject"] or ""), str(message["Date"] or "")))
    return entries


def read_outbox(name: str) -> EmailMessage | None:
    """One outbox message by file name, or None (unknown or malformed names included)."""
    if not OUTBOX_NAME.match(name):
        return None
    path = outbox_dir() / name
    if not path.is_file():
        return None
    message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    assert isinstance(message, EmailMessage)
    return message
