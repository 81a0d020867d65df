"""peerreview: planning the national peer review of English councils' children's services."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from peerreview import config as config_module
from peerreview import jobs
from peerreview.extensions import csrf, db, limiter, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app. `config` overrides everything else (tests pass a database URL here)."""
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        instance_relative_config=True,
        static_folder="static",
    )
    app.config.from_mapping(config_module.from_environment(Path(app.instance_path)))
    if config:
        app.config.update(config)

    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(ROOT / "templates")),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    if app.config.get("PROXY_FIX"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    WTFormsHelpers(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"

    from peerreview import freshness, models  # noqa: F401  (tables; change stamp listeners)
    from peerreview.audit_views import bp as audit_bp
    from peerreview.auth import bp as auth_bp
    from peerreview.cli import register_commands
    from peerreview.councils import bp as councils_bp
    from peerreview.feeds.setup import register_calendars
    from peerreview.health import bp as health_bp
    from peerreview.invitations import bp as invitations_bp
    from peerreview.main import bp as main_bp
    from peerreview.requests import bp as requests_bp
    from peerreview.reviewers import bp as reviewers_bp
    from peerreview.rota import bp as rota_bp
    from peerreview.web import register_web

    app.register_blueprint(health_bp)
    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(audit_bp)
    app.register_blueprint(councils_bp)
    app.register_blueprint(reviewers_bp)
    app.register_blueprint(requests_bp)
    app.register_blueprint(rota_bp)
    app.register_blueprint(invitations_bp)
    register_calendars(app)
    register_web(app)
    jobs.init_app(app)
    register_commands(app)
    return app
