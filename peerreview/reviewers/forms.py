"""The reviewer pool's forms. Messages name the field and the problem, GOV.UK style."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import (
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    EmailField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from peerreview.forms_common import GovukDateField
from peerreview.reference import vocabulary

REFERENCE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9-]{0,19}$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


def choices(pairs: list[tuple[str, str]]) -> list[SelectChoice]:
    """WTForms 3.3 wants SelectChoice objects rather than (value, label) tuples."""
    return [SelectChoice(value, label) for value, label in pairs]


LEVEL_CHOICES = choices(
    [("0", "None")]
    + [(str(level), f"{level} – {text}") for level, text in vocabulary.EXPERTISE_LEVELS.items()]
)


class ReviewerForm(FlaskForm):
    """Create and edit. The expertise selects are added per practice area below."""

    reference = StringField(
        "Reference",
        description="Letters, numbers and hyphens; it never changes once set. Like R0421.",
        widget=GovTextInput(),
        validators=[
            DataRequired(message="Enter a reference"),
            Regexp(REFERENCE_PATTERN, message="Reference must be up to 20 letters, numbers "
                   "and hyphens, starting with a letter or number"),
        ],
    )
    name = StringField(
        "Full name",
        widget=GovTextInput(),
        validators=[
            DataRequired(message="Enter the reviewer's full name"),
            Length(max=120, message="Full name must be 120 characters or fewer"),
        ],
    )
    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        validators=[
            DataRequired(message="Enter an email address"),
            Regexp(EMAIL_PATTERN, message="Enter an email address in the correct format, "
                   "like name@example.org"),
            Length(max=254, message="Email address must be 254 characters or fewer"),
        ],
    )
    council_code = SelectField(
        "Home council",
        widget=GovSelect(),
        validators=[DataRequired(message="Select the reviewer's home council")],
    )
    role = RadioField(
        "Role",
        widget=GovRadioInput(),
        choices=choices([(key, vocabulary.ROLE_LABELS[key]) for key in vocabulary.ROLES]),
        validators=[InputRequired(message="Select the reviewer's role")],
    )
    max_reviews = IntegerField(
        "Most reviews in a year",
        description="Leave blank for no limit.",
        widget=GovTextInput(),
        validators=[
            Optional(),
            NumberRange(min=0, max=50, message="Most reviews must be between 0 and 50"),
        ],
    )
    max_days = IntegerField(
        "Most days on site in a year",
        description="Leave blank for no limit.",
        widget=GovTextInput(),
        validators=[
            Optional(),
            NumberRange(min=0, max=250, message="Most days on site must be between 0 and 250"),
        ],
    )
    version = HiddenField()
    submit = SubmitField("Save reviewer", widget=GovSubmitInput())

    def expertise_fields(self) -> list[SelectField]:
        return [getattr(self, f"expertise_{area}") for area in vocabulary.PRACTICE_AREAS]

    def expertise_levels(self) -> dict[str, int]:
        return {
            area: int(getattr(self, f"expertise_{area}").data or 0)
            for area in vocabulary.PRACTICE_AREAS
        }


for _area, _text in vocabulary.PRACTICE_AREAS.items():
    setattr(
        ReviewerForm,
        f"expertise_{_area}",
        SelectField(
            _text,
            widget=GovSelect(),
            choices=LEVEL_CHOICES,
            default="0",
            validators=[InputRequired(message=f"Select a level for {_text.lower()}")],
        ),
    )


class RetireForm(FlaskForm):
    reason = TextAreaField(
        "Why are they leaving the pool? (optional)",
        widget=GovTextArea(),
        validators=[
            Optional(),
            Length(max=2000, message="Reason must be 2000 characters or fewer"),
        ],
    )
    submit = SubmitField("Retire reviewer", widget=GovSubmitInput())


class UnavailabilityForm(FlaskForm):
    start_date = GovukDateField(
        "First day unavailable", required=True, description="For example, 26 7 2027"
    )
    end_date = GovukDateField(
        "Last day unavailable",
        required=True,
        description="For example, 31 8 2027. The same as the first day for a single day.",
    )
    reason = StringField(
        "Reason (optional)",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=200, message="Reason must be 200 characters or fewer")],
    )
    submit = SubmitField("Add dates", widget=GovSubmitInput())

    def validate_end_date(self, field: GovukDateField) -> None:
        if field.data and self.start_date.data and field.data < self.start_date.data:
            raise ValidationError("Last day unavailable must be the same as or after the first day")


class EmploymentForm(FlaskForm):
    council_code = SelectField(
        "Council", widget=GovSelect(),
        validators=[DataRequired(message="Select the council they worked for")],
    )
    until = GovukDateField(
        "Worked there until",
        description="For example, 31 3 2025. Leave blank if they have not left.",
    )
    submit = SubmitField("Add past employer", widget=GovSubmitInput())


class ConflictForm(FlaskForm):
    council_code = SelectField(
        "Council", widget=GovSelect(),
        validators=[DataRequired(message="Select the council the conflict is with")],
    )
    kind = RadioField(
        "Kind of conflict",
        widget=GovRadioInput(),
        choices=choices([(kind, kind.capitalize()) for kind in vocabulary.CONFLICT_KINDS]),
        validators=[InputRequired(message="Select the kind of conflict")],
    )
    note = StringField(
        "Note (optional)",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=500, message="Note must be 500 characters or fewer")],
    )
    submit = SubmitField("Add conflict", widget=GovSubmitInput())


class ImportForm(FlaskForm):
    file = FileField(
        "Upload a file",
        description="A CSV (UTF-8) or Excel (.xlsx) file with the columns described below.",
        widget=GovFileInput(),
        validators=[FileRequired(message="Select a CSV or XLSX file")],
    )
    submit = SubmitField("Check and import", widget=GovSubmitInput())


def council_choices(councils: list) -> list[SelectChoice]:
    return choices([("", "Select a council")] + [(c.gss_code, c.name) for c in councils])
