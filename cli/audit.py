"""`agency-registry audit verify`: check the audit trail's hash chain from the first event to the head."""

from __future__ import annotations

import typer

from registry.database import session_scope
from registry.services.audit import verify_chain

audit_app = typer.Typer(help="The audit trail.", no_args_is_help=True)


@audit_app.command("verify")
def verify() -> None:
    """Recompute every link; exit 1 and name the first broken one if the trail was tampered with."""
    with session_scope() as session:
        report = verify_chain(session)
    if not report.intact:
        typer.echo(f"BROKEN at event {report.broken_seq}: {report.problem}", err=True)
        typer.echo(f"{report.events} event(s) before it hold", err=True)
        raise typer.Exit(1)
    typer.echo(
        f"OK: {report.events} event(s), every link holds; head {report.head_seq} {report.head_hash} "
        "(record this hash elsewhere to detect a rewrite of the whole trail)"
    )
