"""`agency-registry blacklist ...`: publish signed versions, verify a download, expire listings."""

from __future__ import annotations

import getpass
import json
from datetime import datetime
from pathlib import Path

import typer

from registry.database import session_scope
from registry.models.types import utcnow
from registry.services import audit, listings, publications
from registry.services.legal_time import local_date
from registry.services.publication_files import (
    MANIFEST_FILE,
    key_fingerprint,
    load_public_key,
    verify_directory,
)
from registry.settings import get_settings, load_secrets

blacklist_app = typer.Typer(help="The public blacklist: publish, verify, expire.", no_args_is_help=True)


@blacklist_app.command("publish")
def publish(
    out: Path | None = typer.Option(None, help="Where versions go (default: PUBLICATION_DIR)."),
    actor: str = typer.Option(getpass.getuser(), help="Who publishes (kept with the version)."),
) -> None:
    """Expire what is due, then publish the listings in force as the next signed, numbered version."""
    now = utcnow()
    out = out or get_settings().publication_dir
    key = load_secrets(get_settings()).signing_key
    with session_scope() as session:
        expired = listings.expire_due(session, today=local_date(now), now=now)
        head = audit.chain_head(session)
        done = publications.publish(
            session, signing_key=key, actor=actor, now=now, directory=out, audit_head=head
        )
    typer.echo(f"expired {len(expired.expired)} listing(s) before publishing")
    typer.echo(
        f"published version {done.version}: {done.listings} listings "
        f"(added {done.added}, removed {done.removed}, changed {done.changed}) "
        f"in {out / publications.version_folder(done.version)}"
    )


@blacklist_app.command("verify")
def verify(
    directory: Path = typer.Argument(..., exists=True, file_okay=False, help="A downloaded version folder."),
    public_key: Path | None = typer.Option(
        None,
        exists=True,
        dir_okay=False,
        help="PEM public key (GET /api/v1/blacklist/public-key); default: ours.",
    ),
) -> None:
    """Check the signature of manifest.json and the SHA-256 of every file; any changed byte fails."""
    try:
        key = (
            load_public_key(public_key.read_bytes())
            if public_key
            else load_secrets(get_settings()).signing_key.public_key()
        )
    except ValueError as exc:
        typer.echo(f"error: {public_key} does not hold an Ed25519 public key: {exc}", err=True)
        raise typer.Exit(2) from exc
    problems = verify_directory(directory, key)
    if problems:
        for problem in problems:
            typer.echo(f"TAMPERED: {problem}", err=True)
        raise typer.Exit(1)
    manifest = json.loads((directory / MANIFEST_FILE).read_bytes())
    typer.echo(
        f"OK: version {manifest['version']} of {manifest['created_at']}, "
        f"{manifest['counts']['listings']} listings, "
        f"every file intact, signed by key {key_fingerprint(key)[:16]}"
    )


@blacklist_app.command("expire")
def expire(
    today: datetime | None = typer.Option(
        None, formats=["%Y-%m-%d"], help="The day to expire for (default: today in Kuwait)."
    ),
) -> None:
    """Expire listings whose period has ended and flag response deadlines that passed."""
    now = utcnow()
    day = today.date() if today else local_date(now)
    with session_scope() as session:
        report = listings.expire_due(session, today=day, now=now)
    typer.echo(
        f"expired {len(report.expired)} listing(s); "
        f"{len(report.deadlines_passed)} response deadline(s) passed"
    )
