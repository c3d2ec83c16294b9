"""``vexe db``: schema migrations."""

from __future__ import annotations

import click

from vexe.cli.common import settings_from_env


@click.group()
def db() -> None:
    """Database schema migrations (Alembic)."""


@db.command()
@click.option("--revision", default="heads", show_default=True, help="Target revision.")
def upgrade(revision: str) -> None:
    """Apply migrations up to the newest schema (safe to run repeatedly)."""
    from vexe import migrate

    settings = settings_from_env()
    settings.ensure_safe()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    migrate.upgrade(settings.resolved_database_url, revision)
    click.echo(f"database at {revision}", err=True)


@db.command()
@click.argument("revision")
def downgrade(revision: str) -> None:
    """Roll the schema back to REVISION (e.g. `base`). Destroys data in dropped tables."""
    from vexe import migrate

    settings = settings_from_env()
    migrate.downgrade(settings.resolved_database_url, revision)
    click.echo(f"database at {revision}", err=True)
