"""Review requests: who may see and make them, their decisions, and the team templates.

Views stay thin; every change to a request goes through here so it is scoped, versioned and
audited the same way whichever page made it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import abort
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from peerreview.audit import record_change
from peerreview.extensions import db
from peerreview.models import AuditEntry, Council, Review, ReviewRequest, TeamTemplate, User
from peerreview.requests.due import DueReview

COORDINATOR_ROLES = ("national_coordinator", "regional_coordinator")
STATUSES = ("requested", "approved", "declined")
STATUS_TAGS = {
    "requested": "govuk-tag--blue",
    "approved": "govuk-tag--green",
    "declined": "govuk-tag--red",
}
#: Requests still waiting for or holding a place on the rota: the due list links to them
#: instead of offering a second request.
OPEN_STATUSES = ("requested", "approved")


class ConflictError(Exception):
    """Someone else changed the record since this user loaded it."""


CONFLICT_MESSAGE = (
    "Someone else changed this request while you were editing it. Your changes have not been "
    "saved. Check the request as it is now and make your change again."
)

# --- Scope ---------------------------------------------------------------------------------------


def is_coordinator() -> bool:
    return any(current_user.has_role(role) for role in COORDINATOR_ROLES)


def coordinator_region() -> str | None:
    """A regional coordinator's region; None for a national coordinator (sees everything)."""
    if current_user.has_role("national_coordinator"):
        return None
    return current_user.region if current_user.has_role("regional_coordinator") else None


def councils_in_scope() -> list[Council]:
    """Councils the signed-in user may make requests for, by name."""
    query = select(Council).where(Council.valid_to.is_(None)).order_by(Council.name)
    if current_user.has_role("national_coordinator"):
        return list(db.session.scalars(query))
    if current_user.has_role("regional_coordinator"):
        return list(db.session.scalars(query.where(Council.region == current_user.region)))
    if current_user.has_role("council_user") and current_user.council_code:
        return list(db.session.scalars(query.where(Council.gss_code == current_user.council_code)))
    return []


def council_in_scope(council: Council | None) -> bool:
    if council is None:
        return False
    return scope_allows(council.gss_code, council.region)


def scope_allows(code: str, region: str) -> bool:
    """May the signed-in user make or see requests for the council with this code and region?"""
    if current_user.has_role("national_coordinator"):
        return True
    if current_user.has_role("regional_coordinator") and current_user.region == region:
        return True
    return current_user.has_role("council_user") and current_user.council_code == code


def visible_requests(status: str | None = None) -> list[tuple[ReviewRequest, Council]]:
    query = (
        select(ReviewRequest, Council)
        .join(Council, Council.gss_code == ReviewRequest.council_code)
        .order_by(ReviewRequest.created_at.desc(), ReviewRequest.id.desc())
    )
    if current_user.has_role("national_coordinator"):
        pass
    elif current_user.has_role("regional_coordinator"):
        query = query.where(Council.region == current_user.region)
    elif current_user.has_role("council_user") and current_user.council_code:
        query = query.where(ReviewRequest.council_code == current_user.council_code)
    else:
        return []
    if status:
        query = query.where(ReviewRequest.status == status)
    return [(row[0], row[1]) for row in db.session.execute(query)]


def request_or_404(request_id: int) -> tuple[ReviewRequest, Council]:
    """The request, if the signed-in user may see it; 404 otherwise, so ids can't be probed."""
    item = db.session.get(ReviewRequest, request_id)
    council = db.session.get(Council, item.council_code) if item else None
    if item is None or not council_in_scope(council):
        abort(404)
    return item, council


def open_requests_by_council() -> dict[str, ReviewRequest]:
    result: dict[str, ReviewRequest] = {}
    for item in db.session.scalars(
        select(ReviewRequest)
        .where(ReviewRequest.status.in_(OPEN_STATUSES))
        .order_by(ReviewRequest.id)
    ):
        result[item.council_code] = item
    return result


def planned_reviews_by_council(today: dt.date) -> dict[str, Review]:
    """Each council's next review already on a rota (draft or published, not yet over): the
    due list must not invite a second request for a council whose review is planned."""
    result: dict[str, Review] = {}
    for review in db.session.scalars(
        select(Review)
        .where(
            Review.status.in_(("draft", "published")),
            (Review.end_date.is_(None)) | (Review.end_date >= today),
        )
        .order_by(Review.start_date.desc(), Review.id.desc())
    ):
        result[review.council_code] = review  # the earliest is written last
    return result


# --- Snapshots and history -----------------------------------------------------------------------

SNAPSHOT_FIELDS = (
    "council_code", "kind", "earliest", "latest", "days", "directors", "senior_managers",
    "practitioners", "councillors", "focus", "priority", "aims", "success_criteria",
    "team_template_id", "status", "decision_reason",
)


def snapshot(item: ReviewRequest) -> dict[str, Any]:
    """A JSON-ready picture of the request for the audit trail."""
    result: dict[str, Any] = {}
    for name in SNAPSHOT_FIELDS:
        value = getattr(item, name)
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, list):
            value = list(value)
        result[name] = value
    return result


def history(item: ReviewRequest) -> list[AuditEntry]:
    return list(
        db.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity == "review_request", AuditEntry.entity_id == str(item.id))
            .order_by(AuditEntry.at, AuditEntry.id)
        )
    )


def user_names(ids: set[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {u.id: u.name for u in db.session.scalars(select(User).where(User.id.in_(wanted)))}


# --- Changes -------------------------------------------------------------------------------------


def apply_template(item: ReviewRequest, template: TeamTemplate | None) -> None:
    if template is None:
        return
    item.team_template_id = template.id
    item.days = template.days
    item.directors = template.directors
    item.senior_managers = template.senior_managers
    item.practitioners = template.practitioners
    item.councillors = template.councillors


def create_request(item: ReviewRequest, *, action: str = "request") -> ReviewRequest:
    item.requested_by = current_user.id
    if item.status == "approved":
        item.decided_by = current_user.id
        item.decided_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    db.session.add(item)
    db.session.flush()
    record_change(action, "review_request", item.id, None, snapshot(item))
    db.session.commit()
    return item


def decide(
    item: ReviewRequest,
    *,
    expected_version: int | None,
    action: str,
    changes: dict[str, Any],
    reason: str | None,
) -> None:
    """Apply a coordinator's decision (approve, amend, decline) if nobody got there first.

    Raises ConflictError when the version the user saw is not the current one, or when
    another transaction commits between our read and our write (StaleDataError).
    """
    if expected_version is not None and expected_version != item.version:
        raise ConflictError
    before = snapshot(item)
    for name, value in changes.items():
        setattr(item, name, value)
    item.decided_by = current_user.id
    item.decided_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    record_change(action, "review_request", item.id, before, snapshot(item), reason)
    try:
        db.session.commit()
    except StaleDataError as error:
        db.session.rollback()
        raise ConflictError from error


def request_from_due(due: DueReview, template: TeamTemplate | None) -> ReviewRequest:
    """A coordinator's request pre-filled from the due list: approved at once."""
    item = ReviewRequest(
        council_code=due.council_code,
        kind=due.kind,
        earliest=due.window_start,
        latest=due.window_end,
        priority=due.priority,
        focus=list(due.focus),
        prompted_by=" ".join(f"{reason}." for reason in due.reasons),
        status="approved",
        decision_reason="Raised by a coordinator from the reviews due list.",
    )
    apply_template(item, template)
    return create_request(item, action="request_from_due")


# --- Nudges -------------------------------------------------------------------------------------

#: A nudge is shown to the council for this long, or until it makes a request.
NUDGE_DAYS = 120


def nudge_council(due: DueReview) -> AuditEntry:
    """Suggest to a council that it requests the review the due list shows. Recorded in the
    audit trail (who nudged whom, when, why), which is also where the council's page reads it.
    The caller commits."""
    return record_change(
        "nudge",
        "council",
        due.council_code,
        None,
        {
            "kind": due.kind,
            "reasons": list(due.reasons),
            "window_start": due.window_start.isoformat(),
            "window_end": due.window_end.isoformat(),
            "focus": list(due.focus),
        },
    )


def current_nudges(codes: list[str] | None = None) -> dict[str, AuditEntry]:
    """The latest nudge per council still standing: recent, and no request made since."""
    since = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(days=NUDGE_DAYS)
    query = select(AuditEntry).where(
        AuditEntry.entity == "council", AuditEntry.action == "nudge", AuditEntry.at >= since
    )
    if codes is not None:
        query = query.where(AuditEntry.entity_id.in_(codes))
    nudges: dict[str, AuditEntry] = {}
    for entry in db.session.scalars(query.order_by(AuditEntry.at, AuditEntry.id)):
        nudges[entry.entity_id] = entry
    if not nudges:
        return nudges
    for code, created in db.session.execute(
        select(ReviewRequest.council_code, ReviewRequest.created_at).where(
            ReviewRequest.council_code.in_(list(nudges))
        )
    ):
        if code in nudges and created is not None and created >= nudges[code].at:
            del nudges[code]
    return nudges


# --- Team templates ------------------------------------------------------------------------------

DEFAULT_TEMPLATES: tuple[dict[str, Any], ...] = (
    {
        "name": "3-day review",
        "description": "Three days on site; a team of four led by a director: a director, a "
        "senior manager and two practitioners.",
        "days": 3, "directors": 1, "senior_managers": 1, "practitioners": 2, "councillors": 0,
    },
    {
        "name": "4-day review with a councillor peer",
        "description": "Four days on site; a director, a senior manager, two practitioners and "
        "a councillor who looks at political leadership and scrutiny.",
        "days": 4, "directors": 1, "senior_managers": 1, "practitioners": 2, "councillors": 1,
    },
    {
        "name": "2-day diagnostic",
        "description": "Two days on site; a director and a senior manager test one priority "
        "area or the council's self-assessment.",
        "days": 2, "directors": 1, "senior_managers": 1, "practitioners": 0, "councillors": 0,
    },
)


def ensure_default_templates() -> int:
    """Add the three standard team templates if missing (by name); returns how many were added.

    Called by the seed loader; templates a coordinator has edited are left alone. Flushes,
    does not commit: the caller's transaction decides.
    """
    existing = set(db.session.scalars(select(TeamTemplate.name)))
    added = 0
    for values in DEFAULT_TEMPLATES:
        if values["name"] not in existing:
            db.session.add(TeamTemplate(**values))
            added += 1
    db.session.flush()
    return added


def all_templates() -> list[TeamTemplate]:
    return list(db.session.scalars(select(TeamTemplate).order_by(TeamTemplate.days,
                                                                 TeamTemplate.name)))


def suggested_template(due: DueReview, templates: list[TeamTemplate]) -> TeamTemplate | None:
    """The shape the due list suggests: a councillor peer where the council is inadequate
    (political leadership matters most there), a 2-day diagnostic for a focused review, and
    the standard 3-day review otherwise. Falls back to the first template."""
    if not templates:
        return None
    by_shape = {(t.days, t.councillors > 0): t for t in templates}
    if due.kind == "baseline" and due.priority >= 5:
        wanted = (4, True)
    elif due.kind == "focused":
        wanted = (2, False)
    else:
        wanted = (3, False)
    return by_shape.get(wanted) or next(
        (t for t in templates if t.days == wanted[0]), templates[0]
    )
