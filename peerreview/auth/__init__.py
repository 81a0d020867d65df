"""Signing in and out, and the checks every route makes on who may see what."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from peerreview.auth import views  # noqa: E402,F401
