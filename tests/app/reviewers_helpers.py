"""Shared sign-ins and look-ups for the reviewer pool's tests (not a test module)."""

from __future__ import annotations

from sqlalchemy import select

from peerreview.extensions import db
from peerreview.models import Reviewer
from tests.conftest import sign_in

COORDINATOR = ("coordinator@demo.peerreview.invalid", "demo-coordinator")
NORTH_WEST = ("northwest@demo.peerreview.invalid", "demo-northwest")
ROCHDALE_USER = ("rochdale@demo.peerreview.invalid", "demo-rochdale-council")
REVIEWER = ("reviewer@demo.peerreview.invalid", "demo-reviewer-one")

OWN = "DEMO-R0001"  # the demo reviewer's own record: Wirral, North West
NORTH_WEST_OTHER = "DEMO-R0002"  # Westmorland and Furness, North West
LONDON = "DEMO-R0004"  # Croydon, London
ESSEX = "DEMO-R0005"  # Essex: Cornwall's strategic partner (recorded on Cornwall's side)


def as_user(client, who: tuple[str, str]):
    sign_in(client, *who)
    return client


def reviewer(reference: str) -> Reviewer:
    db.session.expire_all()
    return db.session.scalar(select(Reviewer).where(Reviewer.reference == reference))
