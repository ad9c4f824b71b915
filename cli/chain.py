"""`agency-registry agencies|partnerships|courts ...` (files) and `agency-registry export ...` (sharing)."""

from __future__ import annotations

import getpass
from collections.abc import Callable, Sequence
from itertools import islice
from pathlib import Path

import typer
from sqlmodel import Session

from cli.accounts import operator
from cli.errors import domain_errors, refuse
from cli.progress import progress_bar
from registry.access import Action, Principal, Role
from registry.crypto import field_cipher
from registry.database import session_scope
from registry.errors import InvalidInput
from registry.models.export_log import ExportLog
from registry.models.types import utcnow
from registry.repositories import accounts as account_repo
from registry.services import agencies, audit, chain_files, court_files, embassy_export
from registry.services.audit import AuditEntry, Outcome
from registry.services.legal_time import local_date
from registry.services.rows import ImportReport
from registry.settings import get_settings
from registry.tabular import Row, open_table

agencies_app = typer.Typer(
    help="Foreign recruitment agencies and the complaints naming them.", no_args_is_help=True
)
partnerships_app = typer.Typer(
    help="Which Kuwaiti office works with which foreign agency.", no_args_is_help=True
)
courts_app = typer.Typer(help="Court cases and rulings.", no_args_is_help=True)
export_app = typer.Typer(
    help="Exports for embassies and other states (each one logged).", no_args_is_help=True
)

Batch = Callable[[Session, Sequence[Row]], ImportReport]
_FILE = typer.Argument(..., exists=True, dir_okay=False, readable=True, help="CSV, XLSX or JSON Lines.")
_SHOWN = 50


def _run(file: Path, check: Callable[[Sequence[str]], list[str]], batch: Batch, size: int = 200) -> None:
    try:
        table = open_table(file)
        warnings = check(table.columns) if table.columns else []
    except InvalidInput as exc:
        typer.echo(f"error: {exc.detail}", err=True)
        raise typer.Exit(2) from exc
    report = ImportReport()
    with progress_bar(unit="rows") as bar:
        task = bar.add_task("importing", total=None)
        while rows := list(islice(table.rows, size)):
            with session_scope() as session:
                report.merge(batch(session, rows))
            bar.advance(task, len(rows))
    for warning in [*table.warnings, *warnings]:
        typer.echo(f"warning: {warning}", err=True)
    for rejection in report.rejected[:_SHOWN]:
        column = f" column {rejection.column}:" if rejection.column else ""
        typer.echo(f"rejected line {rejection.line}:{column} {rejection.reason}", err=True)
    typer.echo(
        f"inserted {report.inserted}, updated {report.updated}, unchanged {report.unchanged}, "
        f"rejected {len(report.rejected)}"
    )
    if report.rejected:
        raise typer.Exit(1)


@agencies_app.command("import")
def import_agencies(file: Path = _FILE) -> None:
    """Upsert foreign agencies (by external_id, else country and licence number)."""
    _run(file, agencies.check_columns, lambda session, rows: agencies.import_batch(session, rows=rows))


@agencies_app.command("mentions")
def import_mentions(
    file: Path = _FILE, actor: str = typer.Option(getpass.getuser(), help="Who records them.")
) -> None:
    """Record the agency each complaint (complaint_ref) or inspection (inspection_ref) names."""
    columns = chain_files.MENTION_COLUMNS

    def check(given: Sequence[str]) -> list[str]:
        return chain_files.check_columns(given, columns, ())

    _run(file, check, lambda session, rows: chain_files.import_mentions(session, rows=rows, actor=actor))


@partnerships_app.command("import")
def import_partnerships(
    file: Path = _FILE, actor: str = typer.Option(getpass.getuser(), help="Who records them.")
) -> None:
    """Record partnerships (office, agency, source, dates); names go through the matchers."""

    def check(given: Sequence[str]) -> list[str]:
        return chain_files.check_columns(given, chain_files.PARTNERSHIP_COLUMNS, ("source",))

    _run(file, check, lambda session, rows: chain_files.import_partnerships(session, rows=rows, actor=actor))


@courts_app.command("import")
def import_courts(
    file: Path = _FILE, actor: str = typer.Option(getpass.getuser(), help="Who records them.")
) -> None:
    """Record or update court cases (charges and defendants in two cells, see README)."""
    _run(
        file,
        court_files.check_columns,
        lambda session, rows: court_files.import_batch(session, rows=rows, actor=actor),
    )


def _exports_dir() -> Path:
    folder = get_settings().data_dir / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@export_app.command("embassy")
def export_embassy(
    country: str = typer.Option(..., "--country", help="ISO 3166 code of the origin country, e.g. NP."),
    out: Path | None = typer.Option(None, help="File to write (default: DATA_DIR/exports/NAME)."),
    actor: str = typer.Option(getpass.getuser(), help="Who exports (kept in the export log)."),
    with_identities: bool = typer.Option(
        False,
        "--with-identities",
        help="Include the consented identities of the country's own workers, as an investigator (logged).",
    ),
) -> None:
    """Write the export for COUNTRY's embassy and record it in the export log."""
    code = country.strip().upper()
    if len(code) != 2 or not code.isalpha():
        refuse(f"{country!r} is not a two-letter country code")
    exporter = _exporter(actor, with_identities)
    now = utcnow()
    target = out or _exports_dir() / f"embassy-{code}.json.part"
    try:
        with domain_errors(), target.open("wb") as handle, session_scope() as session:
            log = embassy_export.export_embassy(
                session,
                country=code,
                exporter=exporter,
                out=handle,
                now=now,
                today=local_date(now),
                cipher=field_cipher(),
            )
            _audit_export(session, log)
    except BaseException:
        # A file cut short may hold identities already written, and no export log row says so.
        target.unlink(missing_ok=True)
        raise
    final = out or target.with_name(log.file_name)
    target.rename(final)
    typer.echo(f"exported {log.counts['complaints']} complaints for {code} to {final} (sha256 {log.sha256})")


def _exporter(actor: str, with_identities: bool) -> Principal:
    """Who exports: with identities, only an active investigator's account, named by --actor."""
    if not with_identities:
        return Principal(actor, Role.COMMITTEE)
    with session_scope() as session:
        account = account_repo.user_by_name(session, actor)
        usable = account is not None and account.disabled_at is None and account.role == Role.INVESTIGATOR
    if not usable:
        refuse("--with-identities needs --actor to name an active investigator's account")
    return Principal(actor, Role.INVESTIGATOR)


@export_app.command("ftm")
def export_ftm(
    out: Path | None = typer.Option(None, help="File to write (default: DATA_DIR/exports/NAME)."),
    actor: str = typer.Option(getpass.getuser(), help="Who exports (kept in the export log)."),
) -> None:
    """Write the blacklist and partner links as FollowTheMoney JSON lines and record the export."""
    # followthemoney takes a third of a second to import: only this command pays for it.
    from registry.services import ftm_export

    now = utcnow()
    target = out or _exports_dir() / "kw-blacklist.ftm.json.part"
    with target.open("wb") as handle, session_scope() as session:
        log = ftm_export.export_ftm(session, actor=actor, out=handle, now=now, today=local_date(now))
        _audit_export(session, log)
    final = out or target.with_name(log.file_name)
    target.rename(final)
    typer.echo(f"exported {log.counts['entities']} entities to {final} (sha256 {log.sha256})")


def _audit_export(session: Session, log: ExportLog) -> None:
    """Put a CLI export on the audit trail, as the API does for its exports."""
    entry = AuditEntry(
        actor=operator(),
        role=Role.ADMIN.value,
        action=Action.EXPORT.value,
        outcome=Outcome.OK,
        object_type="export",
        object_id=str(log.id),
        detail={"kind": str(log.kind), "country": log.country or "", "sha256": log.sha256}
        | ({"with_identity": log.counts["with_identity"]} if "with_identity" in log.counts else {}),
    )
    audit.append(session, entry=entry, now=utcnow())
