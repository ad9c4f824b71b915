"""`agency-registry db ...`: schema migrations, stored name keys brought up to the matcher's rules, and
complainant identities re-encrypted under the primary field key."""

from __future__ import annotations

import typer

from cli.progress import progress_bar
from registry import migrations
from registry.crypto import FieldCipher, field_cipher
from registry.database import session_scope
from registry.errors import ConfigurationError
from registry.services import key_rotation, name_keys
from registry.services.key_rotation import RotationReport

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


@app.command("rotate-keys")
def rotate_keys(
    batch_size: int = typer.Option(key_rotation.BATCH_SIZE, min=1, help="Complainants per transaction."),
) -> None:
    """Re-encrypt complainant identities under the first FIELD_ENCRYPTION_KEYS key (then drop old keys)."""
    report = RotationReport()
    try:
        _rotate_all(field_cipher(), report, batch_size)
    except ConfigurationError as exc:  # KeyUnavailable included: a missing key is the deployment's fault
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    finally:
        typer.echo(
            f"complainants read: {report.rows}, fields re-encrypted: {report.rotated}, "
            f"already under the primary key: {report.current}"
        )


def _rotate_all(cipher: FieldCipher, report: RotationReport, batch_size: int) -> None:
    with session_scope() as session:
        total = key_rotation.complainants(session)
    with progress_bar(unit="complainants") as bar:
        task = bar.add_task("re-encrypting", total=total)
        # One transaction a batch: row locks are short, and a stopped run keeps what it did.
        while True:
            with session_scope() as session:
                batch = key_rotation.rotate_batch(
                    session, cipher=cipher, after_id=report.last_id, size=batch_size
                )
            if not batch.rows:
                return
            report.merge(batch)
            bar.advance(task, batch.rows)
