"""The .ics attached to invitation emails (iTIP, RFC 5546).

METHOD:REQUEST asks (or updates) and METHOD:CANCEL withdraws. UID is the review's, the same as
in every feed, and SEQUENCE the review's, so a mail client that already holds the event
replaces it with a newer message and ignores an older one. The one ATTENDEE is the invitee,
with RSVP while their answer is awaited and PARTSTAT their answer so far.
"""

from __future__ import annotations

import datetime as dt

import icalendar

from peerreview.calendar.services import ical_status, summary
from peerreview.feeds.ical import PRODID
from peerreview.mail import Attachment, sender
from peerreview.models import Council, Invitation, Review
from peerreview.reference import vocabulary

PARTSTAT = {
    "pending": "NEEDS-ACTION",
    "accepted": "ACCEPTED",
    "approved": "ACCEPTED",
    "declined": "DECLINED",
    "objected": "DECLINED",
    "cancelled": "DECLINED",
}


def invitation_calendar(
    invitation: Invitation, review: Review, council: Council, method: str, description: str
) -> bytes:
    """A VCALENDAR with one VEVENT for this invitee; `method` is REQUEST or CANCEL."""
    assert review.start_date is not None and review.end_date is not None
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = icalendar.Event()
    event.add("uid", review.uid)
    event.add("sequence", review.sequence or 0)
    event.add("dtstamp", dt.datetime.now(dt.UTC))
    event.add("dtstart", review.start_date)
    event.add("dtend", review.end_date + dt.timedelta(days=1))
    event.add("summary", summary(review, council))
    event.add("location", f"{council.name}, {council.region}")
    event.add("description", description)
    if method == "CANCEL" or review.status == "cancelled":
        event.add("status", "CANCELLED")
    else:
        event.add("status", ical_status(review.calendar_status))
    organizer = icalendar.vCalAddress(f"mailto:{sender()}")
    organizer.params["cn"] = icalendar.vText("Peer review coordinator")
    event.add("organizer", organizer)
    attendee = icalendar.vCalAddress(f"mailto:{invitation.email or 'unknown@invalid'}")
    attendee.params["cn"] = icalendar.vText(invitation.name)
    attendee.params["role"] = icalendar.vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = icalendar.vText(
        "NEEDS-ACTION" if method == "REQUEST" and invitation.status == "pending"
        else PARTSTAT.get(invitation.status, "NEEDS-ACTION")
    )
    attendee.params["rsvp"] = icalendar.vText(
        "TRUE" if method == "REQUEST" and invitation.status == "pending" else "FALSE"
    )
    event.add("attendee", attendee)
    event.add("categories", ["Peer review"])
    calendar.add_component(event)
    return calendar.to_ical()


def attachment(ics: bytes, method: str) -> Attachment:
    name = "cancel.ics" if method == "CANCEL" else "invite.ics"
    return Attachment(name, "text/calendar", ics, {"method": method, "charset": "UTF-8"})


def kind_label(review: Review) -> str:
    return vocabulary.REVIEW_KIND_LABELS.get(review.kind, review.kind)
