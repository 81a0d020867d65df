"""The rota's forms. Messages name the field and the problem, GOV.UK style."""

from __future__ import annotations

import datetime as dt

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from peerreview.forms_common import GovukDateField
from peerreview.reference import vocabulary
from peerreview.rota.outcomes import AIMS_MET
from peerreview.rota.problem import ProblemSettings
from peerreview.rota.settings import RULES

MAX_TIME_LIMIT = 600


class SolveForm(FlaskForm):
    """Horizon, closed dates, rules and the time the solver may take."""

    start = GovukDateField("First day of the horizon", required=True)
    end = GovukDateField("Last day of the horizon", required=True)
    closed_dates = TextAreaField(
        "Closed dates",
        description="Days no review may be on site, besides weekends and bank holidays (which "
        "are closed already). One date a line, like 24 12 2027.",
        widget=GovTextArea(),
        validators=[Optional(), Length(max=4000)],
    )
    max_concurrent = IntegerField(
        "Most reviews on site on the same day",
        description="National capacity. Leave empty for no limit.",
        widget=GovTextInput(),
        validators=[Optional(), NumberRange(min=1, max=100, message="Most reviews on site on the "
                                             "same day must be between 1 and 100")],
    )
    max_reviews_per_lending_council = IntegerField(
        "Most reviews one council lends members to",
        description="Spreads the load across councils. Leave empty for no limit.",
        widget=GovTextInput(),
        validators=[Optional(), NumberRange(min=1, max=200, message="Most reviews one council "
                                             "lends members to must be between 1 and 200")],
    )
    min_gap_days = IntegerField(
        "Days between one reviewer's reviews",
        description="Calendar days from the end of one review to the start of the next for "
        "the same person. 0 allows back-to-back weeks.",
        default=0,
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the days between one reviewer's reviews"),
                    NumberRange(min=0, max=90, message="Days between one reviewer's reviews "
                                "must be between 0 and 90")],
    )
    time_limit = IntegerField(
        "Time limit in seconds",
        description="The solver stops with the best plan found by then.",
        default=30,
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter a time limit in seconds"),
                    NumberRange(min=1, max=MAX_TIME_LIMIT, message="Time limit must be between "
                                f"1 and {MAX_TIME_LIMIT} seconds")],
    )
    submit = SubmitField("Start solving", widget=GovSubmitInput())

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.start.data and self.end.data and self.end.data <= self.start.data:
            self.end.errors.append("Last day of the horizon must be after the first day")
            ok = False
        if self.start.data and self.end.data and (self.end.data - self.start.data).days > 800:
            self.end.errors.append("The horizon must be at most two years long")
            ok = False
        try:
            self.closed = parse_dates(self.closed_dates.data or "")
        except ValueError as error:
            self.closed_dates.errors.append(str(error))
            ok = False
        return ok

    def settings(self) -> ProblemSettings:
        return ProblemSettings(
            start=self.start.data,
            end=self.end.data,
            closed_dates=self.closed,
            max_concurrent=self.max_concurrent.data,
            max_reviews_per_lending_council=self.max_reviews_per_lending_council.data,
            min_gap_days=self.min_gap_days.data or 0,
            **{rule.name: bool(getattr(self, rule.name).data) for rule in RULES},
        )


for _rule in RULES:
    setattr(
        SolveForm,
        _rule.name,
        BooleanField(_rule.label, description=_rule.explanation, default=True,
                     widget=GovCheckboxInput()),
    )


def parse_dates(text: str) -> list[dt.date]:
    """Dates one a line as `27 3 2027` (or 2027-03-27)."""
    dates = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        try:
            if "-" in line:
                dates.append(dt.date.fromisoformat(line))
            else:
                day, month, year = (int(part) for part in line.replace("/", " ").split())
                dates.append(dt.date(year, month, day))
        except ValueError:
            raise ValueError(
                f"Closed dates line {number} must be a real date, like 24 12 2027"
            ) from None
    return sorted(set(dates))


class ReplanForm(FlaskForm):
    time_limit = IntegerField(
        "Time limit in seconds",
        default=20,
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter a time limit in seconds"),
                    NumberRange(min=1, max=MAX_TIME_LIMIT, message="Time limit must be between "
                                f"1 and {MAX_TIME_LIMIT} seconds")],
    )
    submit = SubmitField("Re-plan", widget=GovSubmitInput())


class MemberForm(FlaskForm):
    """Swap a member or add one: the reviewer is named by their reference."""

    reviewer = StringField(
        "Reviewer reference",
        description="Like DEMO-R0042. The reviewer keeps their own role.",
        widget=GovTextInput(),
        validators=[DataRequired(message="Enter the reviewer's reference"), Length(max=20)],
    )
    override_reason = TextAreaField(
        "Reason to override the credibility rule (optional)",
        description="Only if the lead does not come from a good or outstanding council. "
        "Kept in the audit trail. Independence rules cannot be overridden.",
        widget=GovTextArea(),
        validators=[Optional(), Length(max=2000, message="Reason must be 2000 characters or "
                                       "fewer")],
    )
    submit = SubmitField("Save", widget=GovSubmitInput())


class DatesForm(FlaskForm):
    start = GovukDateField("New first day on site", required=True)
    submit = SubmitField("Move", widget=GovSubmitInput())


class WithdrawForm(FlaskForm):
    reason = TextAreaField(
        "Why is this member withdrawing?",
        widget=GovTextArea(),
        validators=[DataRequired(message="Enter why the member is withdrawing"),
                    Length(max=2000, message="Reason must be 2000 characters or fewer")],
    )
    submit = SubmitField("Withdraw from this review", widget=GovSubmitInput())


class OutcomeForm(FlaskForm):
    letter_sent = GovukDateField("Date the feedback letter was sent", required=True)
    aims_met = RadioField(
        "Were the aims and success criteria agreed at the request met?",
        choices=[SelectChoice(value, text) for value, text in AIMS_MET.items()],
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select whether the aims were met")],
    )
    aims_evaluation = TextAreaField(
        "Evaluation of the aims",
        widget=GovTextArea(),
        validators=[DataRequired(message="Enter the evaluation of the aims"),
                    Length(max=4000, message="Evaluation must be 4000 characters or fewer")],
    )
    submit = SubmitField("Record the outcome", widget=GovSubmitInput())


for _area, _label in vocabulary.PRACTICE_AREAS.items():
    setattr(
        OutcomeForm,
        f"finding_{_area}",
        TextAreaField(_label, widget=GovTextArea(),
                      validators=[Optional(), Length(max=2000, message=f"Findings on {_label} "
                                                     "must be 2000 characters or fewer")]),
    )


class EscalationForm(FlaskForm):
    concern = TextAreaField(
        "The serious concern",
        description="What was found, and why it needs the national coordinator's decision.",
        widget=GovTextArea(),
        validators=[DataRequired(message="Enter the serious concern"),
                    Length(max=4000, message="Concern must be 4000 characters or fewer")],
    )
    submit = SubmitField("Escalate to the national coordinator", widget=GovSubmitInput())


class DecisionForm(FlaskForm):
    decision = TextAreaField(
        "Decision",
        widget=GovTextArea(),
        validators=[DataRequired(message="Enter the decision"),
                    Length(max=4000, message="Decision must be 4000 characters or fewer")],
    )
    submit = SubmitField("Record the decision", widget=GovSubmitInput())
