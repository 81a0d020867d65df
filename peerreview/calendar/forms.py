"""The one form on the calendar pages: make or turn off a personal feed link."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import HiddenField, SubmitField
from wtforms.validators import AnyOf, DataRequired


class FeedLinkForm(FlaskForm):
    action = HiddenField(
        validators=[
            DataRequired(message="Choose whether to create or turn off the calendar link"),
            AnyOf(("create", "revoke"),
                  message="Choose whether to create or turn off the calendar link"),
        ]
    )
    submit = SubmitField("Create a calendar link", widget=GovSubmitInput())
