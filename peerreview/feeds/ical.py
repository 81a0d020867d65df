"""Calendar entries as iCalendar (RFC 5545) text.

The body depends only on the data, never on the time of the request: DTSTAMP is the
review's last change (RFC 5545 allows this when the object has no METHOD), so the same data
renders the same bytes, the ETag is stable and clients polling an unchanged feed get 304.
"""

from __future__ import annotations

import datetime as dt

import icalendar

from peerreview.calendar.services import CalendarEntry, ical_status, summary
from peerreview.reference import vocabulary

PRODID = "-//peerreview//Children's services peer review//EN"
#: How often clients should poll; the rota changes a few times a year, not a few times a day.
REFRESH = dt.timedelta(hours=6)


def _utc(value: dt.datetime | None) -> dt.datetime:
    """Stored timestamps are naive UTC; iCalendar wants them marked as UTC."""
    if value is None:
        return dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def describe(entry: CalendarEntry, *, private: bool, council_url: str | None) -> str:
    """The event's description: public facts, and for the team's own feed the team and
    logistics."""
    review, council = entry.review, entry.council
    assert review.start_date is not None and review.end_date is not None
    lines = [
        f"{vocabulary.REVIEW_KIND_LABELS.get(review.kind, review.kind)} of children's services "
        f"at {council.name} ({council.region}).",
        f"On site from {_long_date(review.start_date)} to {_long_date(review.end_date)}.",
    ]
    if review.focus:
        areas = [vocabulary.PRACTICE_AREAS.get(area, area) for area in review.focus]
        lines.append("Focus: " + "; ".join(areas) + ".")
    if review.status == "cancelled":
        lines.append("This review has been cancelled.")
    if private:
        lines.append("")
        lines.append("Team:")
        if entry.team:
            for member in entry.team:
                role = vocabulary.ROLE_LABELS.get(member.role, member.role)
                lead = " (lead reviewer)" if member.lead else ""
                lines.append(f"- {member.name}{lead}: {role}, from {member.home_council}")
        else:
            lines.append("- not yet assigned")
        lines.append("")
        lines.append("Logistics:")
        lines.append(f"- Council: {council.name}, {council.region}")
        lines.append(f"- Council website: {council.website or 'not recorded'}")
        lines.append("- Venue and arrival times: the council's review coordinator will confirm.")
    if council_url:
        lines.append("")
        lines.append(f"Calendar for {council.name}: {council_url}")
    return "\n".join(lines)


def event_for(
    entry: CalendarEntry, *, private: bool, council_url: str | None = None
) -> icalendar.Event:
    review, council = entry.review, entry.council
    changed = _utc(review.updated_at)
    event = icalendar.Event()
    event.add("uid", review.uid)
    event.add("sequence", review.sequence or 0)
    event.add("dtstamp", changed)
    event.add("last-modified", changed)
    event.add("dtstart", review.start_date)
    event.add("dtend", entry.end_exclusive)
    event.add("status", ical_status(review.calendar_status))
    event.add("summary", summary(review, council))
    event.add("location", f"{council.name}, {council.region}")
    event.add("description", describe(entry, private=private, council_url=council_url))
    event.add("categories", ["Peer review"])
    # Public feeds are for information: the events should not mark anyone as busy.
    event.add("transp", "OPAQUE" if private else "TRANSPARENT")
    if council_url:
        event.add("url", council_url)
    return event


def render_calendar(
    name: str,
    description: str,
    entries: list[CalendarEntry],
    *,
    private: bool = False,
    council_urls: dict[str, str] | None = None,
) -> bytes:
    """A whole VCALENDAR; `private` adds teams and logistics (the reviewer's own feed)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("description", description)
    calendar.add("x-wr-caldesc", description)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(REFRESH))
    urls = council_urls or {}
    for entry in entries:
        calendar.add_component(
            event_for(entry, private=private, council_url=urls.get(entry.council.gss_code))
        )
    return calendar.to_ical()
