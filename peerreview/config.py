"""Configuration: safe defaults for the embedded mode, overridden by environment variables."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def _instance_secret(instance_path: Path) -> str:
    """A per-installation secret kept in the instance folder, so sessions survive restarts
    without anyone having to set SECRET_KEY for a local run."""
    path = instance_path / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


def from_environment(instance_path: Path) -> dict[str, object]:
    """Settings read from the environment, with defaults that need no server."""
    database_url = os.environ.get("DATABASE_URL") or (
        f"sqlite:///{instance_path / 'peerreview.sqlite'}"
    )
    if database_url.startswith("postgres://"):  # the form some hosts still hand out
        database_url = "postgresql+psycopg://" + database_url[len("postgres://") :]
    elif database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgresql://") :]
    return {
        "SECRET_KEY": os.environ.get("SECRET_KEY") or _instance_secret(instance_path),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE", "0") == "1",
        "SEEDS_DIR": os.environ.get("PEERREVIEW_SEEDS_DIR")
        or str(Path(__file__).resolve().parent.parent / "seeds"),
        "SOLVER_TIME_LIMIT": float(os.environ.get("PEERREVIEW_SOLVER_TIME_LIMIT", "30")),
        # Job queue (peerreview/jobs.py, docs/operations.md): Redis with a separate
        # `peerreview worker` when REDIS_URL is set, else SQLite with an in-process consumer.
        "REDIS_URL": os.environ.get("REDIS_URL") or None,
        "HUEY_IMMEDIATE": os.environ.get("HUEY_IMMEDIATE", "0") == "1",
        "HUEY_SQLITE_PATH": os.environ.get("PEERREVIEW_HUEY_SQLITE") or None,
        "SOLVER_WORKERS": int(os.environ.get("PEERREVIEW_SOLVER_WORKERS", "2")),
        # Rate limits on sign-in and password reset (docs/operations.md): counted in memory
        # per process in the embedded mode, in Redis (shared by every process) when set.
        # Behind one reverse proxy (nginx, a PaaS router): trust its X-Forwarded-For/-Proto,
        # so rate limits count clients rather than the proxy and HSTS sees https.
        "PROXY_FIX": os.environ.get("PEERREVIEW_PROXY_FIX", "0") == "1",
        "RATELIMIT_STORAGE_URI": os.environ.get("REDIS_URL") or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        "LOGIN_RATE_LIMIT": os.environ.get("PEERREVIEW_LOGIN_RATE_LIMIT")
        or "10 per minute;50 per hour",
        "RESET_RATE_LIMIT": os.environ.get("PEERREVIEW_RESET_RATE_LIMIT")
        or "5 per minute;20 per hour",
        # Password reset links go by SMTP when MAIL_SERVER is set, else to the app's log.
        "MAIL_SERVER": os.environ.get("MAIL_SERVER") or None,
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "587")),
        "MAIL_USE_TLS": os.environ.get("MAIL_USE_TLS", "1") == "1",
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD") or None,
        "MAIL_SENDER": os.environ.get("MAIL_SENDER") or None,
        # Without MAIL_SERVER, messages are written to this folder (default instance/outbox)
        # and listed at /outbox.
        "MAIL_OUTBOX": os.environ.get("PEERREVIEW_MAIL_OUTBOX") or None,
        # Invitations (peerreview/invitations): remind after this many days without an
        # answer; answer links work for this many days; a decline's re-plan may take this long.
        # Where people reach the app: links in emails sent outside a web request use it.
        "PUBLIC_URL": os.environ.get("PUBLIC_URL") or "http://localhost:5000",
        "INVITATION_REMINDER_DAYS": int(os.environ.get("INVITATION_REMINDER_DAYS", "7")),
        "INVITATION_LINK_DAYS": int(os.environ.get("INVITATION_LINK_DAYS", "120")),
        "INVITATION_REPLAN_TIME_LIMIT": float(
            os.environ.get("INVITATION_REPLAN_TIME_LIMIT", "10")
        ),
    }
