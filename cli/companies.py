"""`agency-registry companies ...`: import and export company files."""

from __future__ import annotations

import csv
import getpass
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import TextIO

import typer
from pydantic import ValidationError

from cli.errors import domain_errors
from cli.ids import MAX_ID, id_argument, id_option
from cli.progress import progress_bar
from registry.database import session_scope
from registry.errors import InvalidInput
from registry.schemas.company import CompanyCreate
from registry.services import company_identity as identity
from registry.services.company_export import ExportFormat, export_companies
from registry.services.company_import import check_columns, import_batch
from registry.services.rows import ImportReport, Rejection
from registry.tabular import Row, Table, open_table, write_csv_rows

app = typer.Typer(help="Company files.", no_args_is_help=True)
_SHOWN_REJECTIONS = 50


@app.command("import")
def import_file(
    file: Path = typer.Argument(
        ..., exists=True, dir_okay=False, readable=True, help="CSV (UTF-8, UTF-8 BOM, Windows-1256) or XLSX."
    ),
    source: str = typer.Option("import", help="Recorded as the source of new names."),
    batch_size: int = typer.Option(500, min=1, max=10_000, help="Rows committed together."),
    rejected_out: Path | None = typer.Option(None, help="Write every rejected row to this CSV."),
) -> None:
    """Upsert companies by external_id; bad rows are reported and skipped, good rows always kept."""
    try:
        table = open_table(file)
        warnings = check_columns(table.columns)
    except InvalidInput as exc:
        typer.echo(f"error: {exc.detail}", err=True)
        raise typer.Exit(2) from exc
    report = _run_import(table, source=source, batch_size=batch_size)
    _print_report(report, [*table.warnings, *warnings], rejected_out)
    if report.rejected:
        raise typer.Exit(1)


def _run_import(table: Table, *, source: str, batch_size: int) -> ImportReport:
    report = ImportReport()
    with progress_bar(unit="bytes" if table.size and table.position else "rows") as bar:
        task = bar.add_task("importing", total=table.size or None)
        try:
            for batch in _batches(table.rows, batch_size):
                with session_scope() as session:
                    report.merge(import_batch(session, rows=batch, source=source))
                bar.update(task, completed=table.position[0])
        except InvalidInput as exc:
            typer.echo(f"error: {exc.detail}", err=True)
            report.rejected.append(Rejection(0, None, exc.detail))
    return report


def _batches(rows: Iterator[Row], size: int) -> Iterator[list[Row]]:
    while batch := list(islice(rows, size)):
        yield batch


def _print_report(report: ImportReport, warnings: list[str], rejected_out: Path | None) -> None:
    for warning in warnings:
        typer.echo(f"warning: {warning}", err=True)
    for rejection in report.rejected[:_SHOWN_REJECTIONS]:
        column = f" column {rejection.column}:" if rejection.column else ""
        typer.echo(f"rejected line {rejection.line}:{column} {rejection.reason}", err=True)
    if len(report.rejected) > _SHOWN_REJECTIONS:
        typer.echo(f"... and {len(report.rejected) - _SHOWN_REJECTIONS} more rejected rows", err=True)
    if rejected_out is not None:
        _write_rejections(report, rejected_out)
    typer.echo(
        f"inserted {report.inserted}, updated {report.updated}, unchanged {report.unchanged}, "
        f"rejected {len(report.rejected)}"
    )


def _write_rejections(report: ImportReport, path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        rows = ((r.line, r.column or "", r.reason) for r in report.rejected)
        write_csv_rows(writer, [("line", "column", "reason"), *rows])


@app.command("export")
def export(
    fmt: ExportFormat = typer.Option(ExportFormat.CSV, "--format", help="csv or json."),
    out: Path | None = typer.Option(None, help="File to write; standard output when omitted."),
) -> None:
    """Write every company in the import format (CSV cells safe against formula injection)."""
    with _output(out) as handle, session_scope() as session:
        count = export_companies(session, fmt=fmt, out=handle)
    if out is not None:
        typer.echo(f"exported {count} companies to {out}")


@contextmanager
def _output(path: Path | None) -> Iterator[TextIO]:
    if path is None:
        yield sys.stdout
        return
    with path.open("w", newline="", encoding="utf-8") as handle:
        yield handle


@app.command("merge")
def merge(
    source_id: int = id_argument("The company that goes away."),
    into: int = id_option("--into", help="The company that stays."),
    reason: str = typer.Option(..., help="Why (kept in the history)."),
    actor: str = typer.Option(getpass.getuser(), help="Who decided."),
) -> None:
    """Merge SOURCE_ID into another company; the old id keeps resolving to it."""
    with domain_errors(), session_scope() as session:
        identity.merge(session, source_id=source_id, target_id=into, actor=actor, reason=reason)
    typer.echo(f"company {source_id} merged into {into}")


@app.command("split")
def split(
    company_id: int = id_argument("The company to split."),
    external_id: str = typer.Option(..., help="external_id of the new company."),
    name_en: str | None = typer.Option(None, help="Official English name of the new company."),
    name_ar: str | None = typer.Option(None, help="Official Arabic name of the new company."),
    name_id: list[int] = typer.Option(
        [], "--name-id", min=1, max=MAX_ID, help="A name to move to the new company (repeatable)."
    ),
    reason: str = typer.Option(..., help="Why (kept in the history)."),
    actor: str = typer.Option(getpass.getuser(), help="Who decided."),
) -> None:
    """Create a new company from some names of COMPANY_ID."""
    with domain_errors(), session_scope() as session:
        new = _validated(CompanyCreate, {"external_id": external_id, "name_en": name_en, "name_ar": name_ar})
        created = identity.split(
            session, company_id=company_id, new=new, name_ids=name_id, actor=actor, reason=reason
        )
        typer.echo(f"company {created.id} ({external_id}) split from {company_id}")


def _validated(model: type[CompanyCreate], values: dict[str, object]) -> CompanyCreate:
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        raise InvalidInput(str(exc.errors()[0]["msg"])) from exc
