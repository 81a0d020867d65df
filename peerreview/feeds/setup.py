"""Wire the calendar, feeds and API into an app with one call from `create_app`."""

from __future__ import annotations

from flask import Flask

from peerreview.extensions import csrf


def register_calendars(app: Flask) -> None:
    from peerreview.api import bp as api_bp
    from peerreview.api import tokens_bp
    from peerreview.calendar import bp as calendar_bp
    from peerreview.feeds import bp as feeds_bp
    from peerreview.feeds.changes import install

    # Feeds and /api/v1 register GET routes only (a test holds them to it): no state changes,
    # so CSRF protection has nothing to guard there and bearer-token clients need none.
    csrf.exempt(feeds_bp)
    csrf.exempt(api_bp)
    app.register_blueprint(calendar_bp)
    app.register_blueprint(feeds_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(tokens_bp)
    install()
