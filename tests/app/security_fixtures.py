"""Real objects for the authorisation matrix, CSRF and CSP tests: one of each kind that
belongs to Rochdale (North West, the demo council user's council) and one that belongs to
Cornwall (South West), so a guess at another council's or region's id can be tried."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from peerreview.extensions import db
from peerreview.models import (
    Escalation,
    FeedToken,
    OfstedEvent,
    Review,
    ReviewerConflict,
    ReviewerEmployment,
    ReviewerUnavailability,
    TeamAssignment,
    TeamTemplate,
)
from peerreview.models.tokens import hash_token
from tests.app.rota_helpers import approved_requests, published_rota

ROCHDALE = "E08000005"
CORNWALL = "E06000052"

ROLES = {
    "anonymous": None,
    "national": ("coordinator@demo.peerreview.invalid", "demo-coordinator"),
    "regional": ("northwest@demo.peerreview.invalid", "demo-northwest"),
    "council": ("rochdale@demo.peerreview.invalid", "demo-rochdale-council"),
    "reviewer": ("reviewer@demo.peerreview.invalid", "demo-reviewer-one"),
}


@dataclass
class World:
    ids: dict[str, object]


def _first(model, *where) -> int:
    found = db.session.scalar(select(model.id).where(*where).order_by(model.id))
    assert found is not None, model
    return found


def build_world() -> World:
    """Requests, a published rota with its run, an escalation and a feed token."""
    rota = published_rota(time_limit=2.0)
    requests = approved_requests((ROCHDALE, CORNWALL))
    own_review = db.session.scalar(
        select(Review).where(Review.rota_id == rota.id, Review.council_code == ROCHDALE)
    )
    other_review = db.session.scalar(
        select(Review).where(Review.rota_id == rota.id, Review.council_code == CORNWALL)
    )
    assert own_review is not None and other_review is not None
    escalation = Escalation(
        review_id=other_review.id, council_code=CORNWALL, concern="A test concern."
    )
    own_escalation = Escalation(
        review_id=own_review.id, council_code=ROCHDALE, concern="A test concern."
    )
    db.session.add_all([escalation, own_escalation])
    token = "matrix-feed-token-" + "x" * 30
    db.session.add(FeedToken(reviewer_id=1, token_hash=hash_token(token)))
    if db.session.scalar(select(ReviewerConflict).where(ReviewerConflict.reviewer_id == 1)) is None:
        other = db.session.scalar(select(ReviewerConflict).order_by(ReviewerConflict.id))
        db.session.add(
            ReviewerConflict(
                **{
                    column.key: getattr(other, column.key)
                    for column in ReviewerConflict.__table__.columns
                    if column.key not in ("id", "reviewer_id", "version")
                },
                reviewer_id=1,
            )
        )
    db.session.commit()
    member = db.session.scalar(
        select(TeamAssignment).where(TeamAssignment.review_id == other_review.id)
    )
    own_member = db.session.scalar(
        select(TeamAssignment).where(TeamAssignment.review_id == own_review.id)
    )
    ids: dict[str, object] = {
        "own_council": ROCHDALE,
        "other_council": CORNWALL,
        "own_region": "north-west",
        "other_region": "south-west",
        "own_request": requests[0].id,
        "other_request": requests[1].id,
        "rota": rota.id,
        "run": rota.accepted_run_id,
        "own_review": own_review.id,
        "other_review": other_review.id,
        "own_member": own_member.id,
        "other_member": member.id,
        "escalation": escalation.id,
        "own_escalation": own_escalation.id,
        "template": _first(TeamTemplate),
        "own_reviewer": "DEMO-R0001",
        "other_reviewer": "DEMO-R0002",
        "own_conflict": _first(ReviewerConflict, ReviewerConflict.reviewer_id == 1),
        "other_conflict": _first(ReviewerConflict, ReviewerConflict.reviewer_id != 1),
        "own_unavailable": _first(ReviewerUnavailability, ReviewerUnavailability.reviewer_id == 1),
        "other_unavailable": _first(
            ReviewerUnavailability, ReviewerUnavailability.reviewer_id != 1
        ),
        "own_employer": _first(ReviewerEmployment, ReviewerEmployment.reviewer_id == 1),
        "other_employer": _first(ReviewerEmployment, ReviewerEmployment.reviewer_id != 1),
        "own_inspection": _first(OfstedEvent, OfstedEvent.council_code == ROCHDALE),
        "other_inspection": _first(OfstedEvent, OfstedEvent.council_code == CORNWALL),
        "feed_token": token,
    }
    return World(ids)
