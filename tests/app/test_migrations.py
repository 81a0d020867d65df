"""Migrations build the whole schema from nothing, on each database backend."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from peerreview import create_app
from peerreview.extensions import db
from tests.conftest import app_config, drop_database, empty_database


def test_upgrade_from_empty_to_head_matches_the_models(backend, tmp_path):
    url = empty_database(backend, tmp_path)
    try:
        app = create_app(app_config(url))
        with app.app_context():
            upgrade()
            tables = set(inspect(db.engine).get_table_names())
            assert set(db.metadata.tables) <= tables
            assert "alembic_version" in tables
            # Every model column exists in the migrated table.
            for name, table in db.metadata.tables.items():
                columns = {column["name"] for column in inspect(db.engine).get_columns(name)}
                assert set(table.columns.keys()) <= columns, name
            downgrade(revision="base")
            assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
            db.session.remove()
            db.engine.dispose()
    finally:
        drop_database(url)
