"""Responses that let calendar clients and API consumers poll cheaply.

The ETag is a hash of the body (callers that cache a body pass it in) and Last-Modified the
latest change among the reviews in it; werkzeug's `make_conditional` answers If-None-Match
(which wins when both are sent) and If-Modified-Since with 304 Not Modified and no body.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from flask import Response, request


def conditional_response(
    body: bytes,
    *,
    mimetype: str,
    last_modified: dt.datetime | None,
    private: bool,
    filename: str | None = None,
    max_age: int = 3600,
    etag: str | None = None,
) -> Response:
    response = Response(body, mimetype=mimetype)
    if mimetype.startswith("text/"):
        response.content_type = f"{mimetype}; charset=utf-8"
    response.set_etag(etag or hashlib.sha256(body).hexdigest())
    if last_modified is not None:
        response.last_modified = last_modified.replace(tzinfo=dt.UTC, microsecond=0)
    # Personal feeds must never sit in a shared cache; public ones may.
    response.headers["Cache-Control"] = (
        f"private, max-age={max_age}" if private else f"public, max-age={max_age}"
    )
    if filename:
        response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response.make_conditional(request)
