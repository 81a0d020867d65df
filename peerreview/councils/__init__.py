"""The register of councils: list, record and timeline."""

from flask import Blueprint

bp = Blueprint("councils", __name__, url_prefix="/councils")

from peerreview.councils import views  # noqa: E402,F401
