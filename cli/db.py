"""`agency-registry db ...`: schema migrations, and stored name keys brought up to the matcher's rules."""

from __future__ import annotations

import typer

from registry import migrations
from registry.database import session_scope
from registry.services import name_keys

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


@app.command("rekey")
def rekey() -> None:
    """Recompute the stored comparison keys of names, spellings and rejections (run after an upgrade)."""
    with session_scope() as session:
        report = name_keys.rekey(session)
    typer.echo(
        f"keys rewritten: {report.company_names} company names, {report.agency_names} agency names, "
        f"{report.mentions} spellings ({report.merged_mentions} merged into another, {report.reopened} "
        f"sent back to review), {report.rejections} rejections"
    )
