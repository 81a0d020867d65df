"""Forms for requests, decisions and team templates. Every rule is checked on the server; the
messages name the field and the problem in GOV.UK style."""

from __future__ import annotations

import datetime as dt

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    Form,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)

from peerreview.forms_common import GovukDateField, as_choices
from peerreview.reference import vocabulary

KIND_CHOICES = [(key, vocabulary.REVIEW_KIND_LABELS[key]) for key in vocabulary.REVIEW_KINDS]
AREA_CHOICES = list(vocabulary.PRACTICE_AREAS.items())
PRIORITY_CHOICES = [
    ("5", "5 - most urgent"),
    ("4", "4"),
    ("3", "3 - usual"),
    ("2", "2"),
    ("1", "1 - can wait"),
]
#: How far ahead a window may reach: a rota is planned a year or two out, not a decade.
MAX_YEARS_AHEAD = 3


class _ChoiceMessage:
    """WTForms says "Not a valid choice"; GOV.UK says what to do, naming the field."""

    choice_message = "Select an option from the list"

    def __init__(self, *args, choice_message: str | None = None, **kwargs) -> None:
        if kwargs.get("choices"):
            kwargs["choices"] = as_choices(kwargs["choices"])
        super().__init__(*args, **kwargs)
        if choice_message:
            self.choice_message = choice_message

    def pre_validate(self, form: Form) -> None:
        try:
            super().pre_validate(form)  # type: ignore[misc]
        except ValidationError as error:
            raise ValidationError(self.choice_message) from error
        except ValueError as error:
            raise ValidationError(self.choice_message) from error


class ChoiceField(_ChoiceMessage, SelectField):
    pass


class RadioChoiceField(_ChoiceMessage, RadioField):
    pass


class MultiChoiceField(_ChoiceMessage, SelectMultipleField):
    pass


class WholeNumberField(IntegerField):
    """An integer field whose parse error reads like GOV.UK's ("... must be a whole number")."""

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = int(valuelist[0].strip())
        except ValueError as error:
            self.data = None
            raise ValueError(f"{self.label.text} must be a whole number") from error


def _not_in_the_past(form: Form, field: GovukDateField) -> None:
    today = dt.date.today()
    # 29 February has no twin MAX_YEARS_AHEAD years on unless that year is a leap year too.
    day = 28 if (today.month, today.day) == (2, 29) else today.day
    furthest = today.replace(year=today.year + MAX_YEARS_AHEAD, day=day)
    if field.data and field.data < today:
        raise ValidationError(f"{field.what} must be today or in the future")
    if field.data and field.data > furthest:
        raise ValidationError(f"{field.what} must be within {MAX_YEARS_AHEAD} years from today")


class WindowMixin:
    """The preferred window: earliest start and latest end, earliest before latest."""

    earliest = GovukDateField(
        "Earliest start",
        what="Earliest start date",
        required=True,
        description="For example, 27 3 2027",
        validators=[_not_in_the_past],
    )
    latest = GovukDateField(
        "Latest end",
        what="Latest end date",
        required=True,
        description="For example, 30 6 2027",
        validators=[_not_in_the_past],
    )

    def validate_latest(self, field: GovukDateField) -> None:
        if self.earliest.data and field.data and field.data <= self.earliest.data:
            raise ValidationError("Latest end date must be after the earliest start date")


class RequestForm(WindowMixin, FlaskForm):
    council = ChoiceField(
        "Council", widget=GovSelect(), validators=[DataRequired(message="Select the council")],
        choice_message="Select a council from the list",
    )
    kind = RadioChoiceField(
        "Kind of review",
        choices=KIND_CHOICES,
        widget=GovRadioInput(),
        validators=[DataRequired(message="Select the kind of review")],
        choice_message="Select the kind of review",
    )
    team_template = ChoiceField(
        "Team template",
        widget=GovSelect(),
        description="Sets the days on site and the team; a coordinator can amend them.",
        validators=[DataRequired(message="Select a team template")],
        choice_message="Select a team template from the list",
    )
    focus = MultiChoiceField(
        "Focus areas",
        choices=AREA_CHOICES,
        widget=GovCheckboxesInput(),
        description="Select all that apply.",
        validators=[DataRequired(message="Select at least one focus area")],
        choice_message="Select focus areas from the list",
    )
    aims = TextAreaField(
        "Aims of the review",
        widget=GovTextArea(),
        validators=[
            DataRequired(message="Enter the aims of the review"),
            Length(max=2000, message="Aims must be 2000 characters or fewer"),
        ],
    )
    success_criteria = TextAreaField(
        "Success criteria",
        widget=GovTextArea(),
        description="How you will know the review helped.",
        validators=[
            Optional(),
            Length(max=2000, message="Success criteria must be 2000 characters or fewer"),
        ],
    )
    priority = ChoiceField(
        "Priority", choices=PRIORITY_CHOICES, default="3", widget=GovSelect(),
        validators=[DataRequired(message="Select a priority")],
        choice_message="Select a priority from 1 to 5",
    )
    submit = SubmitField("Send request", widget=GovSubmitInput())


def _team_field(label: str) -> WholeNumberField:
    name = label.lower()
    return WholeNumberField(
        label,
        widget=GovTextInput(),
        validators=[
            InputRequired(message=f"Enter the number of {name}"),
            NumberRange(min=0, max=10, message=f"Number of {name} must be between 0 and 10"),
        ],
    )


class TeamShapeMixin:
    days = WholeNumberField(
        "Days on site",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter the number of days on site"),
            NumberRange(min=1, max=10, message="Days on site must be between 1 and 10"),
        ],
    )
    directors = _team_field("Directors")
    senior_managers = _team_field("Senior managers")
    practitioners = _team_field("Practitioners")
    councillors = _team_field("Councillors")

    def validate_directors(self, field: WholeNumberField) -> None:
        if field.data is not None and field.data < 1:
            raise ValidationError("A review team needs at least one director to lead it")


class AmendForm(WindowMixin, TeamShapeMixin, FlaskForm):
    focus = MultiChoiceField(
        "Focus areas",
        choices=AREA_CHOICES,
        widget=GovCheckboxesInput(),
        validators=[DataRequired(message="Select at least one focus area")],
        choice_message="Select focus areas from the list",
    )
    priority = ChoiceField(
        "Priority", choices=PRIORITY_CHOICES, widget=GovSelect(),
        validators=[DataRequired(message="Select a priority")],
        choice_message="Select a priority from 1 to 5",
    )
    reason = TextAreaField(
        "Reason for the changes",
        widget=GovTextArea(),
        description="The council sees this.",
        validators=[
            DataRequired(message="Enter the reason for the changes"),
            Length(max=2000, message="Reason must be 2000 characters or fewer"),
        ],
    )
    version = HiddenField()
    submit = SubmitField("Approve with these changes", widget=GovSubmitInput())


class ApproveForm(FlaskForm):
    note = TextAreaField(
        "Note to the council (optional)",
        widget=GovTextArea(),
        validators=[Optional(), Length(max=2000, message="Note must be 2000 characters or fewer")],
    )
    version = HiddenField()
    submit = SubmitField("Approve request", widget=GovSubmitInput())


class DeclineForm(FlaskForm):
    reason = TextAreaField(
        "Reason for declining",
        widget=GovTextArea(),
        description="The council sees this.",
        validators=[
            DataRequired(message="Enter the reason for declining the request"),
            Length(max=2000, message="Reason must be 2000 characters or fewer"),
        ],
    )
    version = HiddenField()
    submit = SubmitField("Decline request", widget=GovSubmitInput())


class TemplateForm(TeamShapeMixin, FlaskForm):
    name = StringField(
        "Name",
        widget=GovTextInput(),
        validators=[
            DataRequired(message="Enter a name for the template"),
            Length(max=120, message="Name must be 120 characters or fewer"),
        ],
    )
    description = TextAreaField(
        "Description",
        widget=GovTextArea(),
        validators=[
            Optional(),
            Length(max=1000, message="Description must be 1000 characters or fewer"),
        ],
    )
    version = HiddenField()
    submit = SubmitField("Save template", widget=GovSubmitInput())


class DueFilterForm(Form):
    """The due list's filters, read from the query string so a filtered list can be shared."""

    region = ChoiceField("Region", widget=GovSelect(), validators=[Optional()],
                         choice_message="Select a region from the list")
    kind = ChoiceField(
        "Kind", choices=[("", "All kinds"), *KIND_CHOICES], widget=GovSelect(),
        validators=[Optional()], choice_message="Select a kind of review from the list",
    )
    cycle_years = WholeNumberField(
        "Cycle period in years",
        default=3,
        widget=GovTextInput(),
        validators=[
            Optional(),
            NumberRange(min=1, max=10, message="Cycle period must be between 1 and 10 years"),
        ],
    )
    submit = SubmitField("Apply filters", widget=GovSubmitInput())
