"""What every page shares: error pages, security headers, template helpers."""

from __future__ import annotations

import datetime as dt
import re
import secrets

from flask import Flask, abort, g, render_template, request
from flask_login import current_user
from werkzeug.exceptions import HTTPException

from peerreview.extensions import login_manager
from peerreview.reference import vocabulary

JUDGEMENT_TAG = {
    "outstanding": "govuk-tag--green",
    "good": "govuk-tag--turquoise",
    "requires_improvement": "govuk-tag--yellow",
    "inadequate": "govuk-tag--red",
}


def long_date(value: dt.date | None) -> str:
    """GOV.UK style: 27 November 2026."""
    if value is None:
        return ""
    return f"{value.day} {value:%B %Y}"


def judgement_label(value: str | None) -> str:
    return vocabulary.JUDGEMENT_LABELS.get(value or "", "No overall judgement")


FRAMEWORK_SHORT = {
    "child_protection": "child protection framework",
    "sif": "SIF",
    "ilacs": "ILACS",
    "post_reform": "ILACS after the 2026 reform",
}


def judgement_tag(value: str | None) -> str:
    return JUDGEMENT_TAG.get(value or "", "govuk-tag--grey")


def framework_label(value: str | None) -> str:
    """Inspection frameworks, kept apart from `label`: `child_protection` is also a practice
    area."""
    return FRAMEWORK_SHORT.get(value or "", value or "")


def label(value: str | None) -> str:
    """A vocabulary key as words people read: `care_leavers` -> `Care leavers`."""
    if not value:
        return ""
    for table in (
        vocabulary.PRACTICE_AREAS,
        vocabulary.ROLE_LABELS,
        vocabulary.PHASE_LABELS,
        vocabulary.SUPPORT_FORM_LABELS,
        vocabulary.SUPPORT_KIND_LABELS,
        vocabulary.COUNCIL_TYPE_LABELS,
        vocabulary.REVIEW_KIND_LABELS,
    ):
        if value in table:
            return table[value]
    return value.replace("_", " ").capitalize()


_AREA_KEY = re.compile(r"\b(" + "|".join(map(re.escape, vocabulary.PRACTICE_AREAS)) + r")\b")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def plain(text: str | None) -> str:
    """A solver or checker sentence as people read it: practice areas by their names and
    dates as "6 February 2027" (the solver writes `care_leavers level 2`, `2027-02-06`)."""
    if not text:
        return ""

    def as_date(match: re.Match[str]) -> str:
        try:
            return long_date(dt.date(*(int(part) for part in match.groups())))
        except ValueError:
            return match.group(0)

    text = _AREA_KEY.sub(lambda m: vocabulary.PRACTICE_AREAS[m.group(1)], text)
    return _ISO_DATE.sub(as_date, text)


def register_web(app: Flask) -> None:
    app.jinja_env.filters["long_date"] = long_date
    app.jinja_env.filters["judgement"] = judgement_label
    app.jinja_env.filters["label"] = label
    app.jinja_env.filters["framework"] = framework_label
    app.jinja_env.filters["plain"] = plain
    app.jinja_env.globals["judgement_tag"] = judgement_tag

    @login_manager.user_loader
    def load_user(user_id: str):
        from peerreview.models import User

        return User.from_session_id(user_id)

    @app.before_request
    def make_nonce() -> None:
        g.csp_nonce = secrets.token_urlsafe(16)

    @app.before_request
    def refuse_nul_characters() -> None:
        """No text we store or look up may hold U+0000: PostgreSQL refuses it in text, which
        would surface as a server error on whatever query met it first."""
        values = [request.path, *request.args.values()]
        if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            values.extend(request.form.values())
        if any("\x00" in value for value in values):
            abort(400, description="Text may not contain the NUL character (U+0000).")

    @app.context_processor
    def page_globals() -> dict[str, object]:
        return {"csp_nonce": g.get("csp_nonce", ""), "current_user": current_user}

    @app.after_request
    def security_headers(response):
        nonce = g.get("csp_nonce", "")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; "
            f"script-src 'self' 'nonce-{nonce}'; object-src 'none'; base-uri 'self'; "
            "form-action 'self'; frame-ancestors 'none'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if request.is_secure:
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=63072000; includeSubDomains"
            )
        return response

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
            return {"error": error.name, "message": error.description}, error.code
        return render_template("error.html", error=error), error.code
