"""`agency-registry complaints import`, `inspections import` and `imports`: files from other authorities."""

from __future__ import annotations

import getpass
from pathlib import Path

import typer
from sqlalchemy.exc import OperationalError

from cli.errors import domain_errors, refuse
from cli.ids import id_argument
from cli.progress import progress_bar
from registry.database import session_scope
from registry.errors import DomainError, InvalidInput
from registry.schemas.imports import ImportBatchRead
from registry.services import import_batches
from registry.services.intake_import import IntakeKind, IntakeRequest, IntakeSummary
from registry.services.intake_runs import run_import
from registry.tabular import DateOrder

complaints_app = typer.Typer(help="Complaint files.", no_args_is_help=True)
inspections_app = typer.Typer(help="Inspection files.", no_args_is_help=True)
imports_app = typer.Typer(
    help="Complaint and inspection files received: batches and rejected rows.", no_args_is_help=True
)
_SHOWN = 50
_STALLED = "  (no run is working on it now: if that lasts, run the file again)"
FILE_HELP = "CSV (UTF-8, BOM, Windows-1256), XLSX or JSON Lines."


@complaints_app.command("import")
def import_complaint_file(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True, help=FILE_HELP),
    source: str = typer.Option(..., help="Who sent the file (MOI, PAM, an embassy, an NGO)."),
    date_order: DateOrder = typer.Option(DateOrder.AUTO, help="How to read dd/mm vs mm/dd dates."),
    fast: bool = typer.Option(True, help="On PostgreSQL, stream with COPY into a staging table."),
    rejected_out: Path | None = typer.Option(None, help="Write every rejected row to this CSV."),
    actor: str = typer.Option(getpass.getuser(), help="Recorded as who imported."),
) -> None:
    """Import complaints; the same file twice, or overlapping files, never add a record twice."""
    request = IntakeRequest(file, IntakeKind.COMPLAINTS, source, actor, date_order, fast)
    _run(request, rejected_out)


@inspections_app.command("import")
def import_inspection_file(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True, help=FILE_HELP),
    source: str = typer.Option(..., help="Who sent the file."),
    date_order: DateOrder = typer.Option(DateOrder.AUTO, help="How to read dd/mm vs mm/dd dates."),
    rejected_out: Path | None = typer.Option(None, help="Write every rejected row to this CSV."),
    actor: str = typer.Option(getpass.getuser(), help="Recorded as who imported."),
) -> None:
    """Import inspections with their findings; re-runs add nothing twice."""
    request = IntakeRequest(file, IntakeKind.INSPECTIONS, source, actor, date_order, False)
    _run(request, rejected_out)


def _run(request: IntakeRequest, rejected_out: Path | None) -> None:
    try:
        with progress_bar(unit="bytes") as bar:
            task = bar.add_task(f"importing {request.kind}", total=request.path.stat().st_size)
            summary = run_import(request, progress=lambda done: bar.update(task, completed=done))
    except InvalidInput as exc:
        refuse(exc.detail)
    except OperationalError as exc:
        if "database is locked" not in str(exc.orig):
            raise
        # SQLite serves one writer at a time: another import (or any write) held it past the wait.
        typer.echo(
            "error: the database is busy with another writer; run the file again when it is done", err=True
        )
        raise typer.Exit(1) from exc
    except DomainError as exc:
        # Also a run refused because another holds the file: only a failed batch wants running again.
        typer.echo(
            f"error: {exc.detail} (if `imports list` shows its batch failed, run the file again)", err=True
        )
        raise typer.Exit(1) from exc
    _report(summary, rejected_out)
    if summary.rejected:
        raise typer.Exit(1)


def _report(summary: IntakeSummary, rejected_out: Path | None) -> None:
    for warning in summary.warnings:
        typer.echo(f"warning: {warning}", err=True)
    for rejection in summary.rejections[:_SHOWN]:
        column = f" column {rejection.column}:" if rejection.column else ""
        typer.echo(f"rejected line {rejection.line}:{column} {rejection.reason}", err=True)
    if summary.rejected > _SHOWN:
        typer.echo(f"... and {summary.rejected - _SHOWN} more rejected rows", err=True)
    if rejected_out is not None:
        _write_rejections(summary.batch_id, rejected_out)
    note = " (this file was imported before: nothing added)" if summary.already_imported else ""
    typer.echo(
        f"batch {summary.batch_id}: read {summary.rows_read}, inserted {summary.inserted}, "
        f"duplicates {summary.duplicates}, rejected {summary.rejected}{note}"
    )


def _write_rejections(batch_id: int, out: Path) -> int:
    with session_scope() as session:
        import_batches.get(session, batch_id=batch_id)
        with out.open("wb") as handle:
            return import_batches.write_rejections(session, batch_id=batch_id, out=handle)


@imports_app.command("list")
def list_batches(
    kind: IntakeKind | None = typer.Option(None, help="Only complaint or inspection files."),
    source: str | None = typer.Option(None, help="Only files from this sender."),
    limit: int = typer.Option(20, min=1, max=1000),
    offset: int = typer.Option(0, min=0, max=10_000_000),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
) -> None:
    """Files received, newest first: id, kind, source, status, counts, file name."""
    with session_scope() as session:
        page = import_batches.history(session, kind=kind, source=source, limit=limit, offset=offset)
    for batch in page.items:
        typer.echo(batch.model_dump_json() if as_json else _line(batch))
    if not as_json:
        typer.echo(f"{len(page.items)} of {page.total} batch(es)")


@imports_app.command("rejections")
def rejections(
    batch_id: int = id_argument("The batch, as `imports list` or the import printed it."),
    out: Path = typer.Option(..., "--out", dir_okay=False, help="Write every rejected row to this CSV."),
) -> None:
    """Every row a batch rejected (line, column, reason), however many, as CSV."""
    with domain_errors():
        count = _write_rejections(batch_id, out)
    typer.echo(f"wrote {count} rejected row(s) of batch {batch_id} to {out}")


def _line(batch: ImportBatchRead) -> str:
    return (
        f"#{batch.id} {batch.kind:11} {batch.source[:20]:20} {batch.status:9} "
        f"{batch.started_at.isoformat(timespec='seconds')} read {batch.rows_read} inserted {batch.inserted} "
        f"duplicates {batch.duplicates} rejected {batch.rejected}  {batch.file_name}"
        + (f"  error: {batch.error}" if batch.error else "")
        + (_STALLED if batch.running_now is False else "")
    )
