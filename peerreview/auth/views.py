from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import login_required, login_user, logout_user
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from peerreview.auth import bp
from peerreview.auth.forms import ForgotPasswordForm, ResetPasswordForm, SignInForm
from peerreview.auth.reset import complete_reset, request_reset, valid_reset
from peerreview.extensions import db, limiter
from peerreview.models import User

#: Checked when no account has the email, so a wrong email costs as long as a wrong password
#: and the response time does not tell anyone which emails have accounts.
_DUMMY_HASH = generate_password_hash("not a password anyone has")
#: Hashes made with another method are upgraded when their owner next signs in.
CURRENT_METHOD = "scrypt:"


def _safe_next(target: str | None) -> str:
    """Only follow `next` to a path on this site, never to another host."""
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and not urlsplit(target).netloc
        and "\\" not in target
    ):
        return target
    return url_for("main.index")


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _reset_limit() -> str:
    return current_app.config["RESET_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    form = SignInForm()
    if form.validate_on_submit():
        user = db.session.scalar(
            select(User).where(func.lower(User.email) == form.email.data.strip().lower())
        )
        if user is None:
            check_password_hash(_DUMMY_HASH, form.password.data)
        elif user.active and user.check_password(form.password.data):
            if not user.password_hash.startswith(CURRENT_METHOD):
                user.set_password(form.password.data)
                db.session.commit()
            login_user(user)  # after any rehash: the session carries the new password mark
            return redirect(_safe_next(request.args.get("next")))
        # One message whether the email or the password was wrong.
        form.email.errors.append("Enter a correct email address and password")
        return render_template("auth/login.html", form=form), 400
    status = 400 if form.errors else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    flash("You have signed out.", "success")
    return redirect(url_for("main.index"))


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        request_reset(form.email.data)
        # The same answer whether or not the account exists.
        return render_template("auth/reset_sent.html", email=form.email.data.strip())
    status = 400 if form.errors else 200
    return render_template("auth/forgot_password.html", form=form), status


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"])
def reset_password(token: str):
    reset = valid_reset(token)
    if reset is None:
        return render_template("auth/reset_invalid.html"), 404
    form = ResetPasswordForm()
    if form.validate_on_submit():
        complete_reset(reset, form.password.data)
        logout_user()
        flash("Your password has been changed. Sign in with your new password.", "success")
        return redirect(url_for("auth.login"))
    status = 400 if form.errors else 200
    return render_template("auth/reset_password.html", form=form), status
