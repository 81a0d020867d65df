"""Who may see and change which reviewer.

National coordinators: everyone. Regional coordinators: reviewers whose home council is in
their region. A reviewer: their own record, and of it only availability and conflicts.
Anyone else gets 404 for a record they may not see, so references cannot be probed.
"""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import Select, select

from peerreview.extensions import db
from peerreview.models import Council, Reviewer

#: Roles that may open a reviewer record at all (a reviewer only their own).
RECORD_ROLES = ("national_coordinator", "regional_coordinator", "reviewer")
COORDINATOR_ROLES = ("national_coordinator", "regional_coordinator")


def coordinator_region() -> str | None:
    """The region a regional coordinator is limited to; None for a national coordinator."""
    if current_user.has_role("national_coordinator"):
        return None
    return current_user.region or "(no region)"


def scope_to_user(query: Select) -> Select:
    """Limit a reviewer query (already joined to Council) to the coordinator's region."""
    region = coordinator_region()
    if region is not None:
        query = query.where(Council.region == region)
    return query


def is_own_record(reviewer: Reviewer) -> bool:
    return (
        current_user.is_authenticated
        and current_user.has_role("reviewer")
        and current_user.reviewer_id == reviewer.id
    )


def can_manage(reviewer: Reviewer) -> bool:
    """Whether the signed-in user may change everything about this reviewer."""
    if not current_user.is_authenticated:
        return False
    if current_user.has_role("national_coordinator"):
        return True
    if current_user.has_role("regional_coordinator"):
        region = db.session.scalar(
            select(Council.region).where(Council.gss_code == reviewer.council_code)
        )
        return region is not None and region == current_user.region
    return False


def reviewer_or_404(reference: str, *, manage: bool = False) -> Reviewer:
    """The reviewer with this reference, if the user may see it (or, with manage, change it)."""
    reviewer = db.session.scalar(select(Reviewer).where(Reviewer.reference == reference))
    if reviewer is None:
        abort(404)
    if can_manage(reviewer):
        return reviewer
    if not manage and is_own_record(reviewer):
        return reviewer
    if manage and is_own_record(reviewer):
        abort(403)
    abort(404)


def own_reviewer_or_404() -> Reviewer:
    reviewer_id = current_user.reviewer_id if current_user.is_authenticated else None
    reviewer = db.session.get(Reviewer, reviewer_id) if reviewer_id else None
    if reviewer is None:
        abort(404)
    return reviewer
