"""Forms to add or correct each kind of event on a council's record.

Every form validates on the server and words its messages in GOV.UK style, naming the field
and the problem. Field names match the model's columns, so `values()` maps a valid form onto
a row and `initial()` maps a row back onto the form; the few columns that are stored in a
different shape (yes/no answers, lists of practice areas) convert in one place each.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, ClassVar

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
    Field,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, Length, NumberRange, Optional, StopValidation, ValidationError

from peerreview.forms_common import DATE_HINT, GovukDateField, as_choices
from peerreview.reference import vocabulary
from peerreview.web import label


class YesNoField(RadioField):
    """A yes or no question that must be answered; the model stores a boolean."""

    widget = GovRadioInput()

    def __init__(self, label: str = "", message: str = "", **kwargs: Any) -> None:
        super().__init__(label, choices=as_choices([("yes", "Yes"), ("no", "No")]), **kwargs)
        self.required_message = message or f"Select yes or no: {label}"

    def pre_validate(self, form: FlaskForm) -> None:
        if self.data not in ("yes", "no"):
            raise StopValidation(self.required_message)


class _ChoiceCheck:
    """One message per problem: nothing chosen (when required), or a value not offered.

    WTForms' own check would say "Not a valid choice" before ours could name the field."""

    required_message: str | None = None

    def pre_validate(self, form: FlaskForm) -> None:
        chosen = self.data if isinstance(self.data, list) else [self.data]
        chosen = [value for value in chosen if value not in (None, "")]
        if not chosen:
            if self.required_message:
                raise StopValidation(self.required_message)
            return
        offered = {str(choice.value) for choice in self.iter_choices()}
        if any(str(value) not in offered for value in chosen):
            raise StopValidation(f"Select a valid option for {self.label.text.lower()}")


class _GovChoiceField(_ChoiceCheck):
    def __init__(self, label: str = "", required: str | None = None, **kwargs: Any) -> None:
        if kwargs.get("choices"):
            kwargs["choices"] = as_choices(kwargs["choices"])
        super().__init__(label, **kwargs)
        self.required_message = required


class GovRadioField(_GovChoiceField, RadioField):
    widget = GovRadioInput()


class GovSelectField(_GovChoiceField, SelectField):
    widget = GovSelect()


class GovCheckboxesField(_GovChoiceField, SelectMultipleField):
    widget = GovCheckboxesInput()


def _https_only(form: FlaskForm, field: Field) -> None:
    if field.data and not field.data.strip().lower().startswith("https://"):
        raise ValidationError("Enter a report address that starts with https://")


def council_choices(exclude: str | None = None, blank: str | None = None) -> list[SelectChoice]:
    """Every council on the register, abolished ones marked, so history can name them."""
    from peerreview.councils.services import all_councils

    choices = [("", blank)] if blank is not None else []
    for council in all_councils():
        if council.gss_code == exclude:
            continue
        suffix = "" if council.valid_to is None else " (abolished)"
        choices.append((council.gss_code, f"{council.name}{suffix}"))
    return as_choices(choices)


def _report_url_field(label_text: str) -> StringField:
    return StringField(
        label_text,
        description="Starts with https://",
        widget=GovTextInput(),
        validators=[
            Optional(),
            Length(max=300, message="Report address must be 300 characters or fewer"),
            _https_only,
            URL(message="Enter a report address in the correct format, like "
                        "https://reports.ofsted.gov.uk/provider/44/80517"),
        ],
    )


JUDGEMENT_CHOICES = [(key, vocabulary.JUDGEMENT_LABELS[key]) for key in vocabulary.JUDGEMENTS]


def _judgement_field(label_text: str) -> GovSelectField:
    return GovSelectField(
        label_text,
        choices=[("", "Not judged or not recorded"), *JUDGEMENT_CHOICES],
        default="",
    )


class EventForm(FlaskForm):
    """What every event form shares: optimistic locking, a reason for corrections, a note."""

    #: Columns copied between the form and the row as they are (blank text becomes None).
    model_fields: ClassVar[tuple[str, ...]] = ()
    #: Extra parameters for the design system's macros, by field name.
    field_params: ClassVar[dict[str, dict[str, Any]]] = {}

    version = HiddenField()
    note = TextAreaField(
        "Note (optional)",
        widget=GovTextArea(),
        validators=[Optional(), Length(max=2000, message="Note must be 2000 characters or fewer")],
    )
    source = StringField(
        "Source (optional)",
        description="Where this comes from: a report, a letter, a meeting",
        widget=GovTextInput(),
        validators=[
            Optional(),
            Length(max=200, message="Source must be 200 characters or fewer"),
        ],
    )
    reason = TextAreaField(
        "Reason for the change (optional)",
        description="Recorded in the audit trail",
        widget=GovTextArea(),
        validators=[
            Optional(),
            Length(max=2000, message="Reason must be 2000 characters or fewer"),
        ],
    )
    submit = SubmitField("Save", widget=GovSubmitInput())

    def __init__(self, *args: Any, council_code: str = "", **kwargs: Any) -> None:
        self.council_code = council_code
        super().__init__(*args, **kwargs)

    def values(self) -> dict[str, Any]:
        """The model's column values from a valid form."""
        result: dict[str, Any] = {}
        for name in (*self.model_fields, "note", "source"):
            value = getattr(self, name).data
            if isinstance(value, str):
                value = value.strip() or None
            result[name] = value
        return result

    @classmethod
    def initial(cls, row: Any, council_code: str = "") -> dict[str, Any]:
        """Keyword arguments that fill the form from an existing row."""
        data = {name: getattr(row, name) for name in (*cls.model_fields, "note", "source")}
        data = {name: ("" if value is None else value) for name, value in data.items()}
        data["version"] = str(row.version)
        return data

    def editable_fields(self) -> list[Field]:
        """Fields the page renders, in order; hidden ones and buttons are placed separately."""
        skip = {"csrf_token", "version", "submit", "reason", "note", "source"}
        own = [field for field in self if field.name not in skip]
        return [*own, self.note, self.source]

    def check_date_order(self, start: str, end: str, message: str) -> None:
        first, last = getattr(self, start), getattr(self, end)
        if first.data and last.data and last.data < first.data:
            raise ValidationError(message)


class InspectionForm(EventForm):
    model_fields = (
        "framework",
        "inspection_type",
        "start_date",
        "end_date",
        "published",
        "overall",
        "leaders",
        "help_protection",
        "in_care",
        "care_leavers",
        "report_url",
    )
    framework = GovRadioField(
        "Inspection framework",
        choices=[(key, framework.label) for key, framework in vocabulary.FRAMEWORKS.items()],
        required="Select the inspection framework",
    )
    inspection_type = GovRadioField(
        "Type of inspection",
        choices=[("", "Not recorded"), *((key, key.capitalize()) for key in
                                          vocabulary.INSPECTION_TYPES)],
        default="",
    )
    start_date = GovukDateField("Start date", required=True)
    end_date = GovukDateField("End date (optional)")
    published = GovukDateField("Date the report was published (optional)")
    overall = _judgement_field("Overall effectiveness")
    leaders = _judgement_field("Impact of leaders")
    help_protection = _judgement_field("Experiences and progress of children who need help and "
                                       "protection")
    in_care = _judgement_field("Experiences and progress of children in care")
    care_leavers = _judgement_field("Experiences and progress of care leavers")
    report_url = _report_url_field("Address of the Ofsted report (optional)")
    field_params: ClassVar[dict[str, dict[str, Any]]] = {
        "inspection_type": {"classes": "govuk-radios--inline"},
        "overall": {"hint": {"text": "Leave blank for inspections after the 2026 reform, "
                                     "which have no overall judgement"}},
    }

    def validate_end_date(self, field: Field) -> None:
        self.check_date_order("start_date", "end_date",
                              "End date must be the same as or after the start date")

    def validate_published(self, field: Field) -> None:
        self.check_date_order("start_date", "published",
                              "Date published must be the same as or after the start date")

    def validate_overall(self, field: Field) -> None:
        framework = vocabulary.FRAMEWORKS.get(self.framework.data or "")
        if field.data and framework is not None and not framework.has_overall_judgement:
            raise ValidationError(
                "Leave overall effectiveness blank: inspections after the 2026 reform have no "
                "overall judgement"
            )


class VisitForm(EventForm):
    """A monitoring visit: dates, report and note, no judgement."""

    model_fields = ("start_date", "end_date", "published", "report_url")
    start_date = GovukDateField("Date of the visit", required=True)
    end_date = GovukDateField("Last day of the visit (optional)")
    published = GovukDateField("Date the letter was published (optional)")
    report_url = _report_url_field("Address of the Ofsted letter (optional)")

    def validate_end_date(self, field: Field) -> None:
        self.check_date_order("start_date", "end_date",
                              "Last day of the visit must be the same as or after the date of "
                              "the visit")

    def validate_published(self, field: Field) -> None:
        self.check_date_order("start_date", "published",
                              "Date published must be the same as or after the date of the visit")


class FocusedVisitForm(VisitForm):
    """A focused visit looks at one or a few priority areas."""

    model_fields = (*VisitForm.model_fields, "priority_areas")
    priority_areas = GovCheckboxesField(
        "Priority areas looked at",
        choices=list(vocabulary.PRACTICE_AREAS.items()),
        required="Select at least one priority area",
    )

    def values(self) -> dict[str, Any]:
        result = super().values()
        result["priority_areas"] = ",".join(self.priority_areas.data or []) or None
        return result

    @classmethod
    def initial(cls, row: Any, council_code: str = "") -> dict[str, Any]:
        data = super().initial(row, council_code)
        parts = re.split(r"[;,|]", row.priority_areas or "")
        data["priority_areas"] = [
            part.strip() for part in parts if part.strip() in vocabulary.PRACTICE_AREAS
        ]
        return data


LEADERSHIP_ROLES = {
    "director": "Director of children's services",
    "chief_executive": "Chief executive",
    "lead_member": "Lead member for children's services",
}


class LeadershipForm(EventForm):
    model_fields = ("date", "role", "name")
    date = GovukDateField("Date they took up post", required=True)
    role = GovRadioField(
        "Role",
        choices=list(LEADERSHIP_ROLES.items()),
        default="director",
        required="Select the role",
    )
    name = StringField(
        "Name (optional)",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=120, message="Name must be 120 characters or fewer")],
    )


class PhaseForm(EventForm):
    model_fields = ("phase", "start_date", "end_date")
    phase = GovRadioField(
        "Phase of the improvement journey",
        choices=list(vocabulary.PHASE_LABELS.items()),
        required="Select the phase",
    )
    start_date = GovukDateField("Start date", required=True)
    end_date = GovukDateField("End date (optional)",
                              description="Leave blank while the council is in this phase. "
                                          + DATE_HINT)

    def validate_end_date(self, field: Field) -> None:
        self.check_date_order("start_date", "end_date",
                              "End date must be the same as or after the start date")


SUPPORT_KIND_CHOICES = [
    (kind, f"{vocabulary.SUPPORT_FORM_LABELS[form]}: {vocabulary.SUPPORT_KIND_LABELS[kind]}")
    for form, kinds in vocabulary.SUPPORT_KINDS.items()
    for kind in kinds
]


class SupportForm(EventForm):
    model_fields = (
        "form",
        "kind",
        "start_date",
        "end_date",
        "partner_council",
        "lead_person",
        "cost_estimate",
    )
    form = GovRadioField(
        "Form of support",
        choices=list(vocabulary.SUPPORT_FORM_LABELS.items()),
        required="Select the form of support",
    )
    kind = GovSelectField(
        "Kind of support",
        choices=[("", "Choose a kind of support"), *SUPPORT_KIND_CHOICES],
        required="Select the kind of support",
    )
    start_date = GovukDateField("Start date", required=True)
    end_date = GovukDateField("End date (optional)",
                              description="Leave blank while the support continues. " + DATE_HINT)
    partner_council = GovSelectField(
        "Partner council (optional)",
        description="The council giving support, or sharing leadership or delivery",
        choices=[],
    )
    lead_person = StringField(
        "Board chair, commissioner or lead (optional)",
        widget=GovTextInput(),
        validators=[Optional(),
                    Length(max=200, message="Lead must be 200 characters or fewer")],
    )
    cost_estimate = IntegerField(
        "Estimated cost in pounds (optional)",
        widget=GovTextInput(),
        validators=[Optional(), NumberRange(min=0, max=1_000_000_000,
                                            message="Estimated cost must be a whole number of "
                                                    "pounds, 0 or more")],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partner_council.choices = council_choices(self.council_code, blank="None")

    def validate_kind(self, field: Field) -> None:
        form_key = self.form.data
        if field.data and form_key in vocabulary.SUPPORT_KINDS and (
            field.data not in vocabulary.SUPPORT_KINDS[form_key]
        ):
            raise ValidationError(
                f"Select a kind of support that belongs to "
                f"{vocabulary.SUPPORT_FORM_LABELS[form_key].lower()}"
            )

    def validate_cost_estimate(self, field: Field) -> None:
        if field.raw_data and field.raw_data[0] and field.data is None:
            field.errors[:] = []
            raise StopValidation("Estimated cost must be a whole number of pounds, like 250000")

    def validate_end_date(self, field: Field) -> None:
        self.check_date_order("start_date", "end_date",
                              "End date must be the same as or after the start date")

    def validate_partner_council(self, field: Field) -> None:
        if not field.data and self.kind.data in {"strategic_partnership", "executive_leadership"}:
            raise ValidationError(f"Select the partner council for {label(self.kind.data).lower()}")


class RelationForm(EventForm):
    model_fields = ("other_council", "kind", "organisation", "start_date", "end_date")
    other_council = GovSelectField(
        "The other council",
        choices=[],
        required="Select the other council",
    )
    kind = GovRadioField(
        "Kind of relation",
        choices=[
            ("strategic_partner", "Strategic partner"),
            ("shared_leadership", "Shared leadership (one director across both)"),
            ("shared_delivery", "Shared delivery organisation (a trust or company)"),
        ],
        required="Select the kind of relation",
    )
    organisation = StringField(
        "Organisation (optional for partners and shared leadership)",
        description="For example, Achieving for Children",
        widget=GovTextInput(),
        # No Optional(): it would stop the chain before the shared-delivery check.
        validators=[Length(max=200, message="Organisation must be 200 characters or fewer")],
    )
    start_date = GovukDateField("Start date (optional)")
    end_date = GovukDateField("End date (optional)")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.other_council.choices = council_choices(self.council_code,
                                                     blank="Choose a council")

    def validate_organisation(self, field: Field) -> None:
        if self.kind.data == "shared_delivery" and not (field.data or "").strip():
            raise ValidationError("Enter the name of the shared delivery organisation")

    def validate_end_date(self, field: Field) -> None:
        self.check_date_order("start_date", "end_date",
                              "End date must be the same as or after the start date")

    @classmethod
    def initial(cls, row: Any, council_code: str = "") -> dict[str, Any]:
        data = {
            "kind": row.kind,
            "organisation": row.organisation or "",
            "start_date": row.start_date,
            "end_date": row.end_date,
            "note": row.note or "",
            "version": str(row.version),
            "other_council": row.council_b if row.council_a == council_code else row.council_a,
        }
        return data

    def values(self) -> dict[str, Any]:
        result = super().values()
        result.pop("source", None)  # relations carry no source column
        return result

    def editable_fields(self) -> list[Field]:
        return [field for field in super().editable_fields() if field.name != "source"]


CAPACITY_QUESTIONS = {
    "can_self_assess": "Can the council's leadership assess itself accurately?",
    "can_set_strategy": "Can it set priorities and a strategic approach?",
    "can_implement": "Can it implement them?",
    "systemic_issues": "Are the issues systemic and persistent?",
}


CAPACITY_MESSAGES = {
    "can_self_assess": "Select whether the council's leadership can assess itself accurately",
    "can_set_strategy": "Select whether the council's leadership can set priorities and a "
                        "strategic approach",
    "can_implement": "Select whether the council's leadership can implement them",
    "systemic_issues": "Select whether the issues are systemic and persistent",
}


def _yes_no(name: str) -> YesNoField:
    return YesNoField(CAPACITY_QUESTIONS[name], message=CAPACITY_MESSAGES[name])


class CapacityForm(EventForm):
    """The report's three capacity questions and the coordinator's own decision. The
    framework's suggestion is derived from the answers and shown beside the decision."""

    model_fields = ("date", "can_self_assess", "can_set_strategy", "can_implement",
                    "systemic_issues", "decision")
    date = GovukDateField("Date of the assessment", required=True)
    can_self_assess = _yes_no("can_self_assess")
    can_set_strategy = _yes_no("can_set_strategy")
    can_implement = _yes_no("can_implement")
    systemic_issues = _yes_no("systemic_issues")
    decision = GovRadioField(
        "Your decision on the form of support",
        description="Your own decision. The report's framework suggestion is shown beside it "
                    "but never replaces it.",
        choices=[("", "Not decided yet"), *vocabulary.SUPPORT_FORM_LABELS.items()],
        default="",
    )
    field_params: ClassVar[dict[str, dict[str, Any]]] = {
        name: {"classes": "govuk-radios--inline"} for name in CAPACITY_QUESTIONS
    }

    def validate_date(self, field: Field) -> None:
        if field.data and field.data > dt.date.today():
            raise ValidationError("Date of the assessment must be today or in the past")

    def values(self) -> dict[str, Any]:
        result = super().values()
        for name in CAPACITY_QUESTIONS:
            result[name] = result[name] == "yes"
        result.pop("source", None)
        return result

    @classmethod
    def initial(cls, row: Any, council_code: str = "") -> dict[str, Any]:
        data = {name: getattr(row, name) for name in ("date", "decision", "note")}
        data = {name: ("" if value is None else value) for name, value in data.items()}
        for name in CAPACITY_QUESTIONS:
            data[name] = "yes" if getattr(row, name) else "no"
        data["version"] = str(row.version)
        return data

    def editable_fields(self) -> list[Field]:
        return [field for field in super().editable_fields() if field.name != "source"]


class DeleteForm(FlaskForm):
    """Confirms a deletion; the version guards against deleting something just corrected."""

    version = HiddenField()
    reason = TextAreaField(
        "Reason for deleting (optional)",
        description="Recorded in the audit trail",
        widget=GovTextArea(),
        validators=[Optional(), Length(max=2000, message="Reason must be 2000 characters or "
                                                          "fewer")],
    )
    submit = SubmitField("Delete", widget=GovSubmitInput())
