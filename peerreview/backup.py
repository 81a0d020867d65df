"""A consistent copy of the database, taken while the app keeps running.

SQLite: the online backup API (`sqlite3.Connection.backup`) copies pages under the database's
own locking, so a write in progress is either wholly in the copy or not at all (copying the
file with `cp` can catch it half-written). PostgreSQL: `pg_dump` in its custom format, one
consistent snapshot, restored with `pg_restore` (docs/operations.md).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

#: Where Debian's postgresql packages put pg_dump when it is not on PATH.
PG_BIN_DIRS = [Path(f"/usr/lib/postgresql/{v}/bin") for v in (17, 16, 15, 14, 13)]


class BackupError(RuntimeError):
    """The backup could not be written; the message says why and what to do."""


def backup_database(database_url: str, destination: Path) -> Path:
    """Write a consistent copy of the database at `database_url` to `destination`."""
    url = make_url(database_url)
    destination = Path(destination)
    if destination.exists() and destination.is_dir():
        raise BackupError(f"{destination} is a folder; give a file name for the backup")
    if not destination.parent.exists():
        raise BackupError(f"the folder {destination.parent} does not exist")
    if url.get_backend_name() == "sqlite":
        return _backup_sqlite(url.database or "", destination)
    if url.get_backend_name() == "postgresql":
        return _backup_postgresql(url, destination)
    raise BackupError(f"cannot back up a {url.get_backend_name()} database")


def _backup_sqlite(path: str, destination: Path) -> Path:
    if not path or path == ":memory:":
        raise BackupError("the database is in memory; there is nothing on disk to back up")
    if not Path(path).exists():
        raise BackupError(f"the database file {path} does not exist")
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        target = sqlite3.connect(partial)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()
    # Only a finished copy takes the backup's name.
    partial.replace(destination)
    return destination


def find_pg_dump() -> str:
    found = shutil.which("pg_dump")
    if found:
        return found
    for folder in PG_BIN_DIRS:
        candidate = folder / "pg_dump"
        if candidate.exists():
            return str(candidate)
    raise BackupError(
        "pg_dump was not found: install the PostgreSQL client tools (the same major version "
        "as the server, e.g. apt install postgresql-client-15) or put pg_dump on PATH"
    )


def _backup_postgresql(url, destination: Path) -> Path:
    pg_dump = find_pg_dump()
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = url.password  # not on the command line, where `ps` shows it
    args = [pg_dump, "--format=custom", "--no-owner", f"--file={destination}"]
    if url.host:
        args.append(f"--host={url.host}")
    if url.port:
        args.append(f"--port={url.port}")
    if url.username:
        args.append(f"--username={url.username}")
    args.append(url.database or "")
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        destination.unlink(missing_ok=True)
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    return destination
