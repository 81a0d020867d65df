"""Backups: a consistent copy taken while the database is open, and a restore that brings
every row back."""

from __future__ import annotations

import os
import subprocess
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from peerreview.backup import BackupError, backup_database, find_pg_dump
from peerreview.extensions import db


def _row_counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return {
                table: connection.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one()
                for table in inspect(connection).get_table_names()
            }
    finally:
        engine.dispose()


def test_backup_of_an_open_database_restores_every_row(app, runner, tmp_path: Path):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if not url.startswith("sqlite"):
        pytest.skip("the PostgreSQL variant is below")
    # Hold the database open with an uncommitted write while the backup runs.
    db.session.execute(text("UPDATE council SET name = name"))
    target = tmp_path / "backup.sqlite"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    db.session.rollback()
    # Restore as the docs say: copy the file into place.
    restored = tmp_path / "restored.sqlite"
    restored.write_bytes(target.read_bytes())
    before = _row_counts(url)
    after = _row_counts(f"sqlite:///{restored}")
    assert before == after
    assert after["council"] > 100 and after["user_account"] >= 4


def test_backup_errors_are_clear(app, runner, tmp_path: Path):
    result = runner.invoke(args=["backup", str(tmp_path / "no" / "such" / "dir.sqlite")])
    assert result.exit_code == 2
    assert "does not exist" in result.output
    with pytest.raises(BackupError, match="in memory"):
        backup_database("sqlite://", tmp_path / "x.sqlite")
    with pytest.raises(BackupError, match="cannot back up"):
        backup_database("mysql://u@h/d", tmp_path / "x.sql")


def test_missing_pg_dump_is_reported(monkeypatch, tmp_path: Path):
    monkeypatch.setattr("peerreview.backup.shutil.which", lambda name: None)
    monkeypatch.setattr("peerreview.backup.PG_BIN_DIRS", [tmp_path])
    with pytest.raises(BackupError, match="pg_dump was not found"):
        find_pg_dump()


@pytest.mark.skipif(not os.environ.get("TEST_POSTGRES_URL"), reason="needs TEST_POSTGRES_URL")
def test_postgresql_backup_restores_into_a_new_database(app, runner, tmp_path: Path):
    from tests.conftest import _pg_execute, _pg_url, drop_database

    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if not url.startswith("postgresql"):
        pytest.skip("runs on the PostgreSQL backend")
    target = tmp_path / "backup.dump"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    name = f"peerreview_restore_{uuid.uuid4().hex[:8]}"
    _pg_execute(f'CREATE DATABASE "{name}"')
    restored = _pg_url(name)
    try:
        parts = make_url(restored)
        pg_restore = str(Path(find_pg_dump()).with_name("pg_restore"))
        env = dict(os.environ, PGPASSWORD=parts.password or "")
        args = [pg_restore, "--no-owner", f"--dbname={parts.database}"]
        if parts.host:
            args.append(f"--host={parts.host}")
        if parts.port:
            args.append(f"--port={parts.port}")
        if parts.username:
            args.append(f"--username={parts.username}")
        subprocess.run([*args, str(target)], env=env, check=True, capture_output=True)
        assert _row_counts(url) == _row_counts(restored)
    finally:
        drop_database(restored)
