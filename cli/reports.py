"""`agency-registry report ...`: the committee's annual report and the research export."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from registry.database import session_scope
from registry.errors import ConfigurationError, DomainError
from registry.models.types import utcnow
from registry.reports import export_files
from registry.services import annual_report, research_export
from registry.settings import get_settings

report_app = typer.Typer(help="Reports for the national committee.", no_args_is_help=True)
_YEAR = typer.Option(..., "--year", min=2000, max=2100, help="Calendar year (Kuwait time).")
_OUT = typer.Option(None, "--out", help="Folder to write into (default: REPORT_DIR).")


class ExportFormat(StrEnum):
    """Which files the research export writes."""

    CSV = "csv"
    XLSX = "xlsx"
    BOTH = "both"


@report_app.command("annual")
def annual(
    year: int = _YEAR,
    out: Path | None = _OUT,
    pdf: bool = typer.Option(True, help="Also print the PDF with Chromium."),
) -> None:
    """Write the bilingual (Arabic and English) annual report as HTML, PDF and JSON figures."""
    settings = get_settings()
    target = out or settings.report_dir
    try:
        with session_scope() as session:
            files = annual_report.write_annual(
                session, year=year, now=utcnow(), out_dir=target, chromium=settings.chromium if pdf else None
            )
    except (ConfigurationError, RuntimeError, DomainError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    s = files.statistics
    typer.echo(
        f"{year}: {s.complaints.total} complaints, {s.inspections.total} inspections, "
        f"{s.listings.added} companies listed, {s.visa_checks.refused} visa checks refused"
    )
    for path in (files.html, files.pdf, files.json):
        if path is not None:
            typer.echo(f"wrote {path}")


@report_app.command("research")
def research(
    year: int = _YEAR,
    out: Path | None = _OUT,
    fmt: ExportFormat = typer.Option(ExportFormat.BOTH, "--format", help="csv, xlsx or both."),
) -> None:
    """Write the research export: counts only, no complainant identity, counts below 5 suppressed."""
    target = (out or get_settings().report_dir) / f"research-{year}"
    with session_scope() as session:
        tables = research_export.tables(session, year=year)
    if fmt in (ExportFormat.CSV, ExportFormat.BOTH):
        export_files.write_csv(tables, target)
    if fmt in (ExportFormat.XLSX, ExportFormat.BOTH):
        target.mkdir(parents=True, exist_ok=True)
        (target / f"research-{year}.xlsx").write_bytes(export_files.xlsx_bytes(tables))
    hidden = sum(row["suppressed"] for table in tables for row in table.rows)
    typer.echo(f"wrote {len(tables)} tables to {target} ({hidden} counts suppressed)")
