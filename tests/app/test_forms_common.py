"""The one date input every form uses: GOV.UK's messages, whatever is posted, and an error
summary that links to the first box."""

from __future__ import annotations

import datetime as dt

import pytest
from govuk_frontend_wtf.main import wtforms_errors
from werkzeug.datastructures import MultiDict
from wtforms import Form

from peerreview.forms_common import GovukDateField


class DatesForm(Form):
    start = GovukDateField("Start date", required=True)
    end = GovukDateField("End date (optional)")
    as_of = GovukDateField("As of", what="date")


def posted(**dates: list[str]) -> DatesForm:
    form = DatesForm(MultiDict([(name, part) for name, parts in dates.items() for part in parts]))
    form.validate()
    return form


def test_a_real_date_is_read_from_the_three_boxes():
    form = posted(start=["7", "03", " 2027 "])
    assert form.start.data == dt.date(2027, 3, 7) and not form.errors


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (["", "3", "2027"], "Start date must include a day"),
        (["7", "", ""], "Start date must include a month and year"),
        (["7", "3"], "Start date must include a year"),
        (["31", "2", "2027"], "Start date must be a real date"),
        (["x", "3", "2027"], "Start date must be a real date"),
        (["-1", "3", "2027"], "Start date must be a real date"),
        (["7", "3", "27"], "Start date must include a year with 4 numbers"),
        (["7", "3", "1899"], "Start date must be between 1900 and 2100"),
        (["7" * 5000, "3", "2027"], "Start date must be a real date"),
        ([], "Enter the start date"),
        (["", "", ""], "Enter the start date"),
    ],
)
def test_each_problem_has_one_message_naming_the_field(parts, message):
    form = posted(start=parts)
    assert form.start.errors == [message]
    assert form.start.data is None


def test_the_noun_drops_optional_and_can_be_given():
    form = posted(start=["7", "3", "2027"], end=["7", "13", "2027"], as_of=["1", "", "2027"])
    assert form.errors == {
        "end": ["End date must be a real date"],
        "as_of": ["Date must include a month"],
    }


def test_extra_parts_are_ignored_and_the_boxes_stay_three():
    form = posted(start=["7", "3", "2027", "junk"], end=["9"])
    assert form.start.data == dt.date(2027, 3, 7)
    assert form.start.raw_data == ["7", "3", "2027"]
    assert form.end.raw_data == ["9", "", ""]


def test_a_field_absent_from_the_form_keeps_its_data():
    form = DatesForm(MultiDict({"end": "1"}), data={"start": dt.date(2027, 3, 7)})
    assert form.start.data == dt.date(2027, 3, 7) and form.start.raw_data is None


def test_the_error_summary_links_to_the_day_box(app):
    form = posted(start=["31", "2", "2027"], end=["1", "2", "2027", "9"])
    with app.test_request_context():
        html = str(form.start())
        summary = wtforms_errors(form)["errorList"]
        other = str(form.end())
    assert summary == [{"text": "Start date must be a real date", "href": "#start-day"}]
    assert 'id="start-day"' in html and 'id="start-year"' in html and 'value="31"' in html
    assert "Start date must be a real date" in html
    assert 'value="2027"' in other and 'value="9"' not in other
