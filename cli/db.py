"""`agency-registry db ...`: schema migrations."""

from __future__ import annotations

import typer

from registry import migrations

app = typer.Typer(help="Database schema.", no_args_is_help=True)


@app.command("upgrade")
def upgrade(revision: str = typer.Option("head", help="Target revision.")) -> None:
    """Migrate the database at DATABASE_URL up to REVISION."""
    migrations.upgrade(revision=revision)
    typer.echo(f"database upgraded to {revision}")


@app.command("downgrade")
def downgrade(revision: str = typer.Option(..., help="Target revision, e.g. base.")) -> None:
    """Migrate the database at DATABASE_URL down to REVISION."""
    migrations.downgrade(revision=revision)
    typer.echo(f"database downgraded to {revision}")
