"""Shared set-up for the invitation tests: a published review, its outbox, its messages."""

from __future__ import annotations

import re
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import icalendar
from sqlalchemy import select

from peerreview.extensions import db
from peerreview.invitations import services
from peerreview.invitations.links import make_token
from peerreview.models import Invitation, Review
from tests.app.calendar_helpers import other_reviewers, publish_review

LINK = re.compile(r"https?://[^\s]+/invitations/respond/[^\s]+")


def use_outbox(app, tmp_path: Path) -> Path:
    folder = tmp_path / "outbox"
    app.config["MAIL_OUTBOX"] = str(folder)
    app.config["MAIL_SERVER"] = None
    return folder


def invited_review(**kwargs) -> Review:
    """A published Rochdale review (it has a council account) with three members, invited."""
    review = publish_review(team=other_reviewers(3), **kwargs)
    services.invite_for_published([review])
    return review


def messages(folder: Path) -> list[EmailMessage]:
    if not folder.is_dir():
        return []
    parser = BytesParser(policy=policy.default)
    return [parser.parsebytes(p.read_bytes()) for p in sorted(folder.glob("*.eml"))]


def clear(folder: Path) -> None:
    for path in folder.glob("*.eml"):
        path.unlink()


def calendar_of(message: EmailMessage) -> icalendar.Calendar:
    parts = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    return icalendar.Calendar.from_ical(parts[0].get_content())


def event_of(message: EmailMessage) -> icalendar.Event:
    events = list(calendar_of(message).walk("VEVENT"))
    assert len(events) == 1
    return events[0]


def invitations(review: Review, kind: str | None = None) -> list[Invitation]:
    query = select(Invitation).where(Invitation.review_id == review.id).order_by(Invitation.id)
    if kind:
        query = query.where(Invitation.kind == kind)
    return list(db.session.scalars(query))


def link(item: Invitation) -> str:
    return f"/invitations/respond/{make_token(item)}"
