"""The read-only JSON API (`/api/v1`) and the page where coordinators manage API tokens.

Two blueprints: `api` holds only GET routes and is exempt from CSRF (a bearer-token client
has no CSRF token and a GET changes nothing); `api_tokens` is an ordinary page with forms,
protected like every other.
"""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")
tokens_bp = Blueprint("api_tokens", __name__, url_prefix="/api")

from peerreview.api import tokens, views  # noqa: E402,F401
