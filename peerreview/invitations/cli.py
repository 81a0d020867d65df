"""`peerreview invitations remind`: the waiting page's reminder button, for a cron job."""

from __future__ import annotations

import click
from flask import Flask


@click.group("invitations")
def invitations_group() -> None:
    """Invitations to published reviews."""


@invitations_group.command("remind")
def remind_command() -> None:
    """Remind everyone who has not answered within INVITATION_REMINDER_DAYS."""
    from peerreview.invitations.services import reminder_days, send_reminders

    sent = send_reminders()
    click.echo(f"Sent {sent} reminder(s) (answers awaited more than {reminder_days()} days).")


def register_cli(app: Flask) -> None:
    app.cli.add_command(invitations_group)
