"""peerreview.reference stays free of Flask and the database.

The solver, the build script and command-line tools use it without an application; a web or
database import here would drag the whole app (and its configuration) into them.
"""

from __future__ import annotations

import ast
from pathlib import Path

import peerreview.reference

PACKAGE = Path(peerreview.reference.__file__).resolve().parent
FORBIDDEN = ("flask", "flask_sqlalchemy", "sqlalchemy", "alembic", "wtforms", "psycopg")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
        elif isinstance(node, ast.ImportFrom) and node.level > 1:
            names.add("peerreview (outside reference)")
    return names


def test_no_web_or_database_imports() -> None:
    modules = sorted(PACKAGE.glob("*.py"))
    assert len(modules) >= 8
    for path in modules:
        for name in imported_modules(path):
            root = name.split(".")[0]
            assert root not in FORBIDDEN, f"{path.name} imports {name}"
            assert name != "peerreview (outside reference)", f"{path.name} imports the app"
            assert not (root == "peerreview" and not name.startswith("peerreview.reference"))
