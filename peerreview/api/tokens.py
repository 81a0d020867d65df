"""`/api/tokens`: a coordinator makes and revokes their own personal API tokens.

The token is shown once, on the page that made it; only its hash is stored.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextInput
from sqlalchemy import select
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length

from peerreview.api import tokens_bp
from peerreview.audit import record_change
from peerreview.auth.access import roles_required
from peerreview.extensions import db
from peerreview.models import ApiToken
from peerreview.models.tokens import hash_token, new_token

COORDINATOR_ROLES = ("national_coordinator", "regional_coordinator")
#: A page that may show a new token must never be kept by a browser or proxy cache.
NO_STORE = {"Cache-Control": "no-store"}


class NewTokenForm(FlaskForm):
    name = StringField(
        "What the token is for",
        widget=GovTextInput(),
        validators=[
            DataRequired(message="Enter what the token is for"),
            Length(max=80, message="What the token is for must be 80 characters or fewer"),
        ],
    )
    submit = SubmitField("Create token", widget=GovSubmitInput())


class RevokeTokenForm(FlaskForm):
    submit = SubmitField("Revoke", widget=GovSubmitInput())


def own_tokens() -> list[ApiToken]:
    return list(db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == current_user.id)
        .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc(), ApiToken.id.desc())
    ))


@tokens_bp.route("/tokens", methods=["GET", "POST"])
@roles_required(*COORDINATOR_ROLES)
def tokens():
    form = NewTokenForm()
    token = None
    status = 200
    if form.is_submitted():
        if form.validate():
            token = new_token()
            row = ApiToken(token_hash=hash_token(token), user_id=current_user.id,
                           created_by=current_user.id, name=form.name.data.strip())
            db.session.add(row)
            db.session.flush()
            record_change("create", "api_token", row.id, None, {"name": row.name})
            db.session.commit()
            form = NewTokenForm(formdata=None)
        else:
            status = 400
    return render_template("api/tokens.html", form=form, token=token, tokens=own_tokens(),
                           revoke_form=RevokeTokenForm()), status, NO_STORE


@tokens_bp.post("/tokens/<int:token_id>/revoke")
@roles_required(*COORDINATOR_ROLES)
def revoke(token_id: int):
    row = db.session.get(ApiToken, token_id)
    if row is None or row.user_id != current_user.id:
        abort(404)
    if not RevokeTokenForm().validate_on_submit():
        abort(400)
    if row.active:
        row.revoke()
        record_change("revoke", "api_token", row.id, {"name": row.name}, None)
        db.session.commit()
    flash(f"Token “{row.name}” revoked. Clients using it now get 401.", "success")
    return redirect(url_for("api_tokens.tokens"))
