"""The words of each invitation email, with its .ics attached.

Every message names the review (council, kind, dates), says what is asked or what changed,
and, while an answer is awaited, carries the signed link to answer it. A member's message
lists the team (people on a team see each other); the council's lists the team it approves.
"""

from __future__ import annotations

from peerreview.calendar.services import teams_of
from peerreview.extensions import db
from peerreview.invitations.ics import attachment, invitation_calendar, kind_label
from peerreview.invitations.links import answer_url
from peerreview.mail import send_message
from peerreview.models import Council, Invitation, Review
from peerreview.reference import vocabulary
from peerreview.web import long_date

SUBJECTS = {
    "invite": "Invitation: {summary}",
    "update": "Updated invitation: {summary}",
    "reminder": "Reminder, please answer: {summary}",
    "cancel": "Cancelled: {summary}",
    "confirmed": "Confirmed: {summary}",
}


def _team_lines(review: Review) -> list[str]:
    lines = []
    for member in teams_of([review.id]).get(review.id, ()):
        role = vocabulary.ROLE_LABELS.get(member.role, member.role)
        lead = " (lead reviewer)" if member.lead else ""
        lines.append(f"- {member.name}{lead}: {role}, from {member.home_council}")
    return lines or ["- not yet complete"]


def compose(item: Invitation, what: str) -> tuple[str, str, bytes, str]:
    """(subject, body, ics, method) for one message."""
    review = db.session.get(Review, item.review_id)
    council = db.session.get(Council, review.council_code)
    summary = f"{kind_label(review)} of {council.name}, {long_date(review.start_date)}"
    dates = f"{long_date(review.start_date)} to {long_date(review.end_date)}"
    method = "CANCEL" if what == "cancel" else "REQUEST"
    lines = [f"Dear {item.name},", ""]
    if what == "cancel":
        if review.status == "cancelled":
            lines.append(f"The {kind_label(review).lower()} of children's services at "
                         f"{council.name} ({dates}) has been cancelled.")
        else:
            lines.append(f"You are no longer on the team for the {kind_label(review).lower()} "
                         f"of children's services at {council.name} ({dates}).")
        lines.append("The attached calendar file removes it from your calendar.")
    elif what == "confirmed":
        lines.append(f"The {kind_label(review).lower()} of children's services at "
                     f"{council.name} is confirmed: every member has accepted and the council "
                     f"has approved the team. On site from {dates}.")
    else:
        if what == "reminder":
            lines.append("We have not had your answer yet.")
            lines.append("")
        if what == "update":
            lines.append("The review you were asked about has changed. Please answer again.")
            lines.append("")
        if item.kind == "member":
            lines.append(f"You are invited to join the team for the {kind_label(review).lower()} "
                         f"of children's services at {council.name}, on site from {dates}.")
            lines.append("")
            lines.append("Accept or decline (with a reason) here:")
        else:
            lines.append(f"This is the team proposed for the {kind_label(review).lower()} of "
                         f"children's services at {council.name}, on site from {dates}.")
            lines.append("")
            lines.append("Approve the team, or object to a member with a reason (for example "
                         "a relationship with your council we do not know about), here:")
        lines.append(answer_url(item))
    if what != "cancel":
        lines.append("")
        lines.append("Team:")
        lines.extend(_team_lines(review))
    lines.append("")
    lines.append("Children's services peer review")
    body = "\n".join(lines) + "\n"
    description = "\n".join(lines[2:-2])
    ics = invitation_calendar(item, review, council, method, description)
    return SUBJECTS[what].format(summary=summary), body, ics, method


def send(item: Invitation, what: str) -> None:
    subject, body, ics, method = compose(item, what)
    assert item.email
    send_message(item.email, subject, body, [attachment(ics, method)])
