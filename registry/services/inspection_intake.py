"""Inspection files from other authorities: batches of inspections with their findings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlmodel import Session

from registry.database import session_scope
from registry.models.import_batch import ImportBatch
from registry.models.inspection import Finding, Inspection
from registry.repositories import companies as company_repo
from registry.repositories import complaints as complaint_repo
from registry.repositories import imports as import_repo
from registry.repositories.bulk import insert_ignoring_conflicts
from registry.services.intake_import import (
    IntakeRequest,
    IntakeSummary,
    Progress,
    completed_summary,
    finish,
    open_intake,
    parsed_chunks,
    row_context,
    start_batch,
)
from registry.services.intake_rows import InspectionRecord, parse_inspection
from registry.services.mention_batch import resolve_spellings
from registry.services.rows import Rejection

BATCH_ROWS = 1000


def import_inspections(request: IntakeRequest, *, progress: Progress | None = None) -> IntakeSummary:
    """Import an inspection file; the natural key (source, source_ref) makes re-runs add nothing twice."""
    table = open_intake(request)
    batch, done = start_batch(request)
    if done:
        return completed_summary(batch, request.kind)
    summary = IntakeSummary(
        batch_id=batch.id or 0, kind=request.kind, source=request.source, warnings=table.warnings
    )
    for chunk, rejections in parsed_chunks(table, parse_inspection, row_context(request), BATCH_ROWS):
        summary.rows_read += _store(request, batch, chunk, rejections)
        if progress is not None:
            progress(table.position[0])
    with session_scope() as session:
        return finish(session, batch, summary)


def _store(
    request: IntakeRequest,
    batch: ImportBatch,
    chunk: Sequence[InspectionRecord],
    rejections: Sequence[Rejection],
) -> int:
    """Store one chunk and the rows rejected since the last, in one transaction; return the rows covered."""
    with session_scope() as session:
        companies, unknown = _companies(session, chunk, request.source)
        fresh = _first_per_ref([r for r in chunk if r.line in companies])
        rows = [_row(r, companies, request.source, batch.id or 0) for r in fresh]
        table = Inspection.__table__  # type: ignore[attr-defined]
        inserted = dict(
            insert_ignoring_conflicts(
                session, table, rows, conflict=["source", "source_ref"], returning=["source_ref", "id"]
            )
        )
        _add_findings(session, [r for r in fresh if r.source_ref in inserted], inserted)
        refused = [*rejections, *unknown]
        import_repo.add_rejections(session, batch.id or 0, [(r.line, r.column, r.reason) for r in refused])
    # A row refused for its external_id is in CHUNK already: counted once, not again as a rejection.
    return len(chunk) + len(rejections)


def _first_per_ref(records: Sequence[InspectionRecord]) -> list[InspectionRecord]:
    """The first row of each source_ref: a later one is a duplicate, its findings not added."""
    first: dict[str, InspectionRecord] = {}
    for record in records:
        first.setdefault(record.source_ref, record)
    return list(first.values())


def _add_findings(session: Session, stored: Sequence[InspectionRecord], ids: dict[str, int]) -> None:
    """The findings of the rows just inserted, each under its own inspection."""
    catalogue = complaint_repo.catalogue(session)
    session.add_all(
        Finding(
            inspection_id=ids[r.source_ref],
            violation_code=f.code,
            severity=catalogue[f.code].severity,
            workers_affected=f.workers_affected,
        )
        for r in stored
        for f in r.findings
    )


def _companies(
    session: Session, chunk: Sequence[InspectionRecord], source: str
) -> tuple[dict[int, tuple[int | None, int | None]], list[Rejection]]:
    """line -> (company id, mention id), and the rows refused for naming an unknown external_id."""
    by_external = company_repo.by_external_ids(session, [r.external_id for r in chunk if r.external_id])
    spellings = {
        r.name_key: r.company_name for r in chunk if not r.external_id and r.name_key and r.company_name
    }
    refs = resolve_spellings(session, spellings=spellings, source=source)
    found: dict[int, tuple[int | None, int | None]] = {}
    unknown: list[Rejection] = []
    for record in chunk:
        if record.external_id:
            company = by_external.get(record.external_id)
            if company is None:
                unknown.append(
                    Rejection(record.line, "external_id", "no registered company has this external_id")
                )
                continue
            found[record.line] = (company.id, None)
        else:
            ref = refs[record.name_key or ""]
            found[record.line] = (ref.company_id, ref.mention_id)
    return found, unknown


def _row(
    record: InspectionRecord, companies: dict[int, tuple[int | None, int | None]], source: str, batch_id: int
) -> dict[str, Any]:
    company_id, mention_id = companies[record.line]
    return {
        "inspected_on": record.inspected_on,
        "inspector": record.inspector,
        "company_id": company_id,
        "company_name_written": record.company_name,
        "mention_id": mention_id,
        "site": record.site,
        "workers_interviewed": record.workers_interviewed,
        "outcome": record.outcome,
        "notes": record.notes,
        "source": source,
        "source_ref": record.source_ref,
        "import_batch_id": batch_id,
    }
