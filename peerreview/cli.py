"""The `peerreview` command: Flask's own commands (run, db, shell) plus ours."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup

from peerreview.extensions import db
from peerreview.reference.errors import ImportFileError
from solver.cli import solve_command


def _create_app() -> Flask:
    from peerreview import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_version_option=False)
def main() -> None:
    """Plan the national peer review of English councils' children's services."""


# On the group itself, not on the app: `peerreview solve` needs neither the app nor a database.
main.add_command(solve_command, "solve")


def register_commands(app: Flask) -> None:
    app.cli.add_command(seed_command)
    app.cli.add_command(import_group)
    app.cli.add_command(users_group)
    from peerreview.reviewers.cli import register_cli as register_reviewers_cli

    register_reviewers_cli(app)
    from peerreview.invitations.cli import register_cli as register_invitations_cli

    register_invitations_cli(app)
    app.cli.add_command(worker_command)
    app.cli.add_command(backup_command)


@click.command("seed")
@click.option("--demo/--no-demo", default=True, help="Also load the invented demo data set.")
def seed_command(demo: bool) -> None:
    """Load the reference data (and the demo data) from seeds/. Safe to run again."""

    from peerreview.seeding import demo as demo_data
    from peerreview.seeding import seeds

    seeds_dir = Path(current_app.config["SEEDS_DIR"])
    for changes in seeds.load_reference(seeds_dir):
        click.echo(str(changes))
    if demo:
        for changes in demo_data.load_demo(seeds_dir):
            click.echo(str(changes))
        # The demo rota: approved requests solved by the real solver and published (about
        # 20 seconds the first time; skipped once a published demo rota exists).
        from peerreview.seeding.demo_rota import load_demo_rota

        click.echo(str(load_demo_rota()))
    db.session.commit()
    if demo:
        click.echo("")
        click.echo("DEMO DATA loaded: the reviewers and accounts are invented. Demo sign-ins:")
        for email, password, what in demo_data.DEMO_LOGINS:
            click.echo(f"  {email:44} password: {password:18} {what}")


@click.group("import")
def import_group() -> None:
    """Import newly published official files. All-or-nothing: a bad file changes nothing."""


def _run_import(path: str, apply: Callable[[bytes], list[object]]) -> None:
    data = Path(path).read_bytes()
    try:
        results = apply(data)
    except ImportFileError as error:
        db.session.rollback()
        click.echo(f"{path}: nothing was imported; fix these problems and try again:", err=True)
        for problem in error.problems:
            click.echo(f"  {problem}", err=True)
        sys.exit(2)
    db.session.commit()
    for changes in results:
        click.echo(str(changes))


@import_group.command("ofsted")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_ofsted(path: str) -> None:
    """Ofsted's outcomes of local authority children's services inspections (CSV)."""
    from peerreview.seeding import imports

    _run_import(path, lambda data: [imports.import_ofsted(data, source=Path(path).name)])


@import_group.command("neighbours")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_neighbours(path: str) -> None:
    """DfE's statistical neighbours (CSV: dfe_la_code, la_name, rank, sn_dfe_la_code...)."""
    from peerreview.seeding import imports

    _run_import(path, lambda data: [imports.import_neighbours(data)])


@import_group.command("bank-holidays")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_bank_holidays(path: str) -> None:
    """GOV.UK's bank-holidays.json (England and Wales)."""
    from peerreview.seeding import imports

    _run_import(path, lambda data: [imports.import_bank_holidays(data)])


@click.group("users")
def users_group() -> None:
    """Manage accounts."""


@users_group.command("create")
@click.option("--email", required=True)
@click.option("--name", default=None, help="Defaults to the part of the email before the @.")
@click.option(
    "--role",
    "roles",
    multiple=True,
    required=True,
    type=click.Choice(["national_coordinator", "regional_coordinator", "council_user", "reviewer"]),
)
@click.option("--council", default=None, help="GSS code, for a council user.")
@click.option("--region", default=None, help="Region, for a regional coordinator.")
def create_user(
    email: str, name: str | None, roles: tuple[str, ...], council: str | None, region: str | None
) -> None:
    """Create an account; the password is read from standard input."""
    from peerreview.auth.services import UserError
    from peerreview.auth.services import create_user as create

    password = sys.stdin.readline().rstrip("\n")
    try:
        user = create(
            email=email, name=name, roles=list(roles), council=council, region=region,
            password=password,
        )
    except UserError as error:
        db.session.rollback()
        click.echo(f"Error: {error}", err=True)
        sys.exit(2)
    db.session.commit()
    click.echo(f"Created {user.email} with roles: {', '.join(user.roles)}")


@click.command("worker")
@click.option("--workers", default=1, show_default=True, help="Solver runs at the same time.")
def worker_command(workers: int) -> None:
    """Run the job queue's consumer (solver runs). Needed in production with REDIS_URL;
    without it the web app runs jobs in its own process."""
    from peerreview.jobs import run_worker

    run_worker(current_app._get_current_object(), workers=workers)  # type: ignore[attr-defined]


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
def backup_command(path: str) -> None:
    """Write a consistent copy of the database to PATH while the app keeps running
    (SQLite: a database file; PostgreSQL: a pg_dump custom-format archive). Restoring is
    described in docs/operations.md."""
    from peerreview.backup import BackupError, backup_database

    try:
        written = backup_database(current_app.config["SQLALCHEMY_DATABASE_URI"], Path(path))
    except BackupError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(2)
    click.echo(f"Backed up the database to {written}")
