"""Invitations: members accept, councils approve, everyone is told (see services.py)."""

from flask import Blueprint

bp = Blueprint("invitations", __name__)

from peerreview.invitations import views  # noqa: E402,F401
