"""`agency-registry complaints import` and `inspections import`: files from other authorities."""

from __future__ import annotations

import csv
import getpass
from pathlib import Path

import typer

from cli.progress import progress_bar
from registry.errors import InvalidInput
from registry.services.complaint_intake import import_complaints
from registry.services.inspection_intake import import_inspections
from registry.services.intake_import import IntakeKind, IntakeRequest, IntakeSummary
from registry.tabular import DateOrder, write_csv_rows

complaints_app = typer.Typer(help="Complaint files.", no_args_is_help=True)
inspections_app = typer.Typer(help="Inspection files.", no_args_is_help=True)
_SHOWN = 50
FILE_HELP = "CSV (UTF-8, BOM, Windows-1256), XLSX or JSON Lines."


@complaints_app.command("import")
def import_complaint_file(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True, help=FILE_HELP),
    source: str = typer.Option(..., help="Who sent the file (MOI, PAM, an embassy, an NGO)."),
    date_order: DateOrder = typer.Option(DateOrder.AUTO, help="How to read dd/mm vs mm/dd dates."),
    fast: bool = typer.Option(True, help="On PostgreSQL, stream with COPY into a staging table."),
    rejected_out: Path | None = typer.Option(None, help="Write the rejected rows to this CSV."),
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
    rejected_out: Path | None = typer.Option(None, help="Write the rejected rows to this CSV."),
    actor: str = typer.Option(getpass.getuser(), help="Recorded as who imported."),
) -> None:
    """Import inspections with their findings; re-runs add nothing twice."""
    request = IntakeRequest(file, IntakeKind.INSPECTIONS, source, actor, date_order, False)
    _run(request, rejected_out)


def _run(request: IntakeRequest, rejected_out: Path | None) -> None:
    runner = import_complaints if request.kind is IntakeKind.COMPLAINTS else import_inspections
    try:
        with progress_bar(unit="bytes") as bar:
            task = bar.add_task(f"importing {request.kind}", total=request.path.stat().st_size)
            summary = runner(request, progress=lambda done: bar.update(task, completed=done))
    except InvalidInput as exc:
        typer.echo(f"error: {exc.detail}", err=True)
        raise typer.Exit(2) from exc
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
        with rejected_out.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            rows = ((r.line, r.column or "", r.reason) for r in summary.rejections)
            write_csv_rows(writer, [("line", "column", "reason"), *rows])
    note = " (this file was imported before: nothing added)" if summary.already_imported else ""
    typer.echo(
        f"batch {summary.batch_id}: read {summary.rows_read}, inserted {summary.inserted}, "
        f"duplicates {summary.duplicates}, rejected {summary.rejected}{note}"
    )
