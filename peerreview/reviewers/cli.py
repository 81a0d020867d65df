"""`peerreview reviewers import FILE` and `peerreview reviewers export FILE`.

The same all-or-nothing import as the web page, for coordinators who script their updates.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask

from peerreview.extensions import db


@click.group("reviewers")
def reviewers_group() -> None:
    """Import and export the reviewer pool as CSV or XLSX."""


@reviewers_group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_command(path: str) -> None:
    """Create or update reviewers from a CSV or XLSX file; a bad file changes nothing."""
    from peerreview.reviewers import transfer

    data = Path(path).read_bytes()
    try:
        result = transfer.import_reviewers(data, Path(path).name)
    except transfer.ImportProblems as error:
        db.session.rollback()
        click.echo(f"{path}: nothing was imported; fix these problems and try again:", err=True)
        for problem in error.problems:
            click.echo(f"  {problem}", err=True)
        sys.exit(2)
    db.session.commit()
    click.echo(str(result))


@reviewers_group.command("export")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
def export_command(path: str) -> None:
    """Write every reviewer to PATH; .xlsx writes Excel, anything else CSV."""
    from peerreview.reviewers import transfer

    reviewers = transfer.reviewers_for_export(None)
    rows = transfer.export_rows(reviewers)
    data = transfer.to_xlsx(rows) if path.lower().endswith(".xlsx") else transfer.to_csv(rows)
    Path(path).write_bytes(data)
    click.echo(f"Exported {len(reviewers)} reviewers to {path}")


def register_cli(app: Flask) -> None:
    app.cli.add_command(reviewers_group)
