"""Answer forms. A reason is required to decline or object, GOV.UK style messages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
)
from wtforms import RadioField, SelectMultipleField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length

from peerreview.reviewers.forms import choices

REASON_LENGTH = Length(max=2000, message="Reason must be 2000 characters or fewer")


class MemberAnswerForm(FlaskForm):
    answer = RadioField(
        "Will you join this review team?",
        choices=choices([("accept", "Yes, I accept"), ("decline", "No, I decline")]),
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select whether you accept or decline")],
    )
    reason = TextAreaField(
        "Why are you declining?",
        description="Required if you decline. The coordinator will find someone else.",
        widget=GovTextArea(),
        validators=[REASON_LENGTH],
    )
    submit = SubmitField("Send your answer", widget=GovSubmitInput())

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if ok and self.answer.data == "decline" and not (self.reason.data or "").strip():
            self.reason.errors = [*self.reason.errors, "Enter why you are declining"]
            return False
        return ok


class CouncilAnswerForm(FlaskForm):
    answer = RadioField(
        "Do you approve this review team?",
        choices=choices([("approve", "Yes, we approve the team"),
                         ("object", "No, we object to a member")]),
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select whether you approve the team or object")],
    )
    members = SelectMultipleField(
        "Which members do you object to?",
        description="Required if you object. Each becomes a declared conflict with your "
        "council, so they are not proposed to you again.",
        choices=[],
        coerce=int,
        widget=GovCheckboxesInput(),
        validate_choice=False,
    )
    reason = TextAreaField(
        "Why do you object?",
        description="Required if you object. For example, a relationship with your council "
        "that the register does not know about.",
        widget=GovTextArea(),
        validators=[REASON_LENGTH],
    )
    submit = SubmitField("Send your answer", widget=GovSubmitInput())

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if not ok or self.answer.data != "object":
            return ok
        allowed = {choice.value for choice in self.members.choices}
        if not self.members.data or not set(self.members.data) <= allowed:
            self.members.errors = [*self.members.errors,
                                   "Select the member or members you object to"]
            ok = False
        if not (self.reason.data or "").strip():
            self.reason.errors = [*self.reason.errors, "Enter why you object"]
            ok = False
        return ok
