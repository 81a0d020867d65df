"""One way to record a change in the audit trail, from a page or from the command line.

Callers pass plain, JSON-ready snapshots of the entity before and after; the entry joins the
caller's transaction, so it is written if and only if the change itself is committed.
"""

from __future__ import annotations

from typing import Any

from flask import has_request_context
from flask_login import current_user

from peerreview.extensions import db
from peerreview.models import AuditEntry

#: Who made a change when nobody is signed in (seeds, imports from the command line).
SYSTEM_ACTOR = "system (command line)"


def record_change(
    action: str,
    entity: str,
    entity_id: str | int,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    reason: str | None = None,
) -> AuditEntry:
    """Add an audit entry to the session; the caller's commit writes it with the change."""
    user_id = None
    actor = SYSTEM_ACTOR
    if has_request_context() and current_user.is_authenticated:
        user_id = current_user.id
        actor = current_user.email
    entry = AuditEntry(
        user_id=user_id,
        actor=actor,
        action=action[:40],
        entity=entity[:40],
        entity_id=str(entity_id)[:40],
        before=before,
        after=after,
        reason=reason[:2000] if reason else None,
    )
    db.session.add(entry)
    return entry
