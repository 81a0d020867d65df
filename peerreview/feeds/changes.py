"""Keep SEQUENCE honest: every material change to a published review raises it.

Subscribed calendars ignore an update whose SEQUENCE is not higher than the one they hold,
so a forgotten increment would leave people at the wrong council on the wrong day. Rather
than trust every code path that edits a review to remember, a flush-time hook raises the
sequence whenever a material field (or the team) changed and the caller did not raise it
already. Changes to a review that was never on the calendar (a draft) need no increment.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect

from peerreview.calendar.services import CALENDAR_STATUSES
from peerreview.models import Review

#: Fields whose change a subscriber must see.
MATERIAL_FIELDS = ("start_date", "end_date", "status", "council_code", "kind", "focus")


def _was_on_calendar(state: Any) -> bool:
    history = state.attrs.status.history
    before = history.deleted[0] if history.deleted else state.attrs.status.value
    return before in CALENDAR_STATUSES


def is_material_change(review: Review) -> bool:
    state = inspect(review)
    if any(state.attrs[name].history.has_changes() for name in MATERIAL_FIELDS):
        return True
    return state.attrs.team_members.history.has_changes()


def raise_sequence(_mapper: Any, _connection: Any, review: Review) -> None:
    state = inspect(review)
    if state.attrs.sequence.history.has_changes():
        return  # the caller raised it already
    if _was_on_calendar(state) and is_material_change(review):
        review.sequence = (review.sequence or 0) + 1


_installed = False


def install() -> None:
    """Register the hook once per process (create_app may run many times in tests)."""
    global _installed
    if not _installed:
        event.listen(Review, "before_update", raise_sequence)
        _installed = True
