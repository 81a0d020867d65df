"""Form pieces every feature shares, so an input looks, parses and words its errors the same way
on every page.

The date input follows the GOV.UK Design System's date pattern: three boxes (day, month, year),
one message per problem naming the field ("Start date must include a month"), and an error
summary that links to the first box.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from govuk_frontend_wtf.wtforms_widgets import GovDateInput
from wtforms import Field, Form
from wtforms.fields.choices import SelectChoice
from wtforms.validators import StopValidation

DATE_HINT = "For example, 27 3 2017"
#: Years a date may fall in: wide enough for any council's history and any rota, narrow
#: enough to catch a mistyped year (2207) before it reaches the register or the solver.
FIRST_YEAR, LAST_YEAR = 1900, 2100


def as_choices(pairs: Iterable[tuple[Any, str]]) -> list[SelectChoice]:
    """WTForms 3.3 wants SelectChoice objects rather than (value, label) tuples."""
    return [SelectChoice(value, text) for value, text in pairs]


class GovukDateWidget(GovDateInput):
    """The design system's date input. The field's id is `<name>-day` so that the error
    summary links to the first box; the container keeps the field's name as its id."""

    def map_gov_params(self, field: Field, **kwargs: Any) -> dict[str, Any]:
        params = super().map_gov_params(field, **kwargs)
        params["id"] = field.name
        return params


class GovukDateField(Field):
    """A date entered as day, month and year boxes, checked the way GOV.UK asks.

    Messages start with `what` the date is (by default the label, without "(optional)"):
    "... must include a month", "... must be a real date", "... must include a year with
    4 numbers", "... must be between 1900 and 2100", and, when `required`, "Enter the ...".
    Whatever is posted (fewer or more parts than three, text, huge numbers) ends in one of
    those messages, never in an exception. A field absent from the posted form keeps its
    data (the default, or what the form was given), as WTForms' own fields do.
    """

    widget = GovukDateWidget()

    def __init__(
        self,
        label: str | None = None,
        validators: Iterable[Any] | None = None,
        *,
        what: str | None = None,
        required: bool = False,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("description", DATE_HINT)
        super().__init__(label, validators, **kwargs)
        noun = what or self.label.text.removesuffix(" (optional)")
        self.what = noun[:1].upper() + noun[1:]
        self.required = required
        self.id = self.label.field_id = f"{self.name}-day"

    def _value(self) -> str:
        return self.data.strftime("%d %m %Y") if self.data else ""

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist:
            self.raw_data = None  # absent from the form: the widget shows the data instead
            return
        # The widget unpacks raw_data as exactly (day, month, year).
        parts = [str(part).strip() for part in [*valuelist, "", "", ""][:3]]
        self.raw_data = parts
        self.data = None
        if not any(parts):
            return  # left blank: `required` decides whether that is an error
        names = ("day", "month", "year")
        missing = [name for name, part in zip(names, parts, strict=True) if not part]
        if missing:
            raise ValueError(f"{self.what} must include a {' and '.join(missing)}")
        if not all(part.isdecimal() for part in parts):
            raise ValueError(f"{self.what} must be a real date")
        day, month, year = parts
        if len(year) != 4:
            raise ValueError(f"{self.what} must include a year with 4 numbers")
        try:
            date = dt.date(int(year), int(month), int(day))
        except (ValueError, OverflowError) as error:  # 31 2, or a day of 10**5000
            raise ValueError(f"{self.what} must be a real date") from error
        if not FIRST_YEAR <= date.year <= LAST_YEAR:
            raise ValueError(f"{self.what} must be between {FIRST_YEAR} and {LAST_YEAR}")
        self.data = date

    def pre_validate(self, form: Form) -> None:
        if self.process_errors:
            raise StopValidation()  # the parse error says it best; no second message
        if self.data is None and self.required:
            raise StopValidation(f"Enter the {self.what[:1].lower()}{self.what[1:]}")
