"""Complaint files: on PostgreSQL in sets (intake_sql), else COPY or batches; each spelling matched once."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from typing import Any

from sqlmodel import Session

from registry.crypto import FieldCipher, field_cipher
from registry.database import session_scope
from registry.models.complaint import Complainant, Complaint, ComplaintStatusChange
from registry.models.import_batch import ImportBatch
from registry.repositories import complaint_bulk
from registry.repositories import complaints as complaint_repo
from registry.repositories import imports as import_repo
from registry.repositories import mentions as mention_repo
from registry.repositories.bulk import insert_ignoring_conflicts
from registry.services import intake_sql
from registry.services.complaints import follow_up_code_from
from registry.services.intake_import import (
    IntakeRequest,
    IntakeSummary,
    Progress,
    completed_summary,
    finish,
    open_intake,
    parsed,
    parsed_chunks,
    row_context,
    start_batch,
)
from registry.services.intake_rows import ComplaintRecord, RowContext, parse_complaint
from registry.services.mention_batch import MentionRef, resolve_spellings
from registry.services.rows import Rejection
from registry.tabular import Table

BATCH_ROWS = 2000


def import_complaints(request: IntakeRequest, *, progress: Progress | None = None) -> IntakeSummary:
    """Import a complaint file; running it again, or a file overlapping it, never adds a record twice."""
    table = open_intake(request)
    batch, done = start_batch(request)
    if done:
        return completed_summary(batch, request.kind)
    summary = IntakeSummary(
        batch_id=batch.id or 0, kind=request.kind, source=request.source, warnings=table.warnings
    )
    with session_scope() as session:
        postgres = session.get_bind().dialect.name == "postgresql"
    if postgres and request.fast_path:
        return _copy_path(request, table, batch, summary, progress)
    return _batched_path(request, table, batch, summary, progress)


def _copy_path(
    request: IntakeRequest,
    table: Table,
    batch: ImportBatch,
    summary: IntakeSummary,
    progress: Progress | None,
) -> IntakeSummary:
    """One transaction: the file in sets (intake_sql), or else read by Python and COPYed row by row."""
    ctx = row_context(request)
    with session_scope() as session:
        read = intake_sql.import_file(session, request, table, ctx, batch.id or 0, progress)
        summary.path = "copy" if read is None else "sql"
        if read is None:
            read = _python_copy(session, request, table, ctx, batch, progress)
        summary.rows_read = read
        return finish(session, batch, summary)


def _python_copy(
    session: Session,
    request: IntakeRequest,
    table: Table,
    ctx: RowContext,
    batch: ImportBatch,
    progress: Progress | None,
) -> int:
    """Rows read by Python and COPYed into staging; each spelling matched once; what is new inserted."""
    rejections: list[Rejection] = []
    spellings: dict[str, str] = {}
    records = _records(table, ctx, rejections, progress)
    complaint_bulk.create_staging(session)
    read = complaint_bulk.copy_rows(
        session,
        "complaint_staging",
        complaint_bulk.STAGING_COLUMNS,
        _staged(records, spellings, field_cipher()),
    )
    refs = resolve_spellings(session, spellings=spellings, source=request.source)
    complaint_bulk.copy_rows(
        session,
        "spelling_map",
        ("name_key", "mention_id", "company_id", "decision", "score"),
        ((k, r.mention_id, r.company_id, r.decision, r.score) for k, r in refs.items()),
    )
    complaint_bulk.insert_fresh(
        session,
        source=request.source,
        batch_id=batch.id or 0,
        reason=f"imported from {request.source}",
        actor=request.actor,
    )
    import_repo.add_rejections(session, batch.id or 0, [(r.line, r.column, r.reason) for r in rejections])
    complaint_bulk.drop_staging(session)
    return read + len(rejections)


def _records(
    table: Table, ctx: RowContext, rejections: list[Rejection], progress: Progress | None
) -> Iterator[ComplaintRecord]:
    for count, record in enumerate(parsed(table, parse_complaint, ctx, rejections), start=1):
        if progress is not None and count % 10_000 == 0:
            progress(table.position[0])
        yield record


def _staged(
    records: Iterator[ComplaintRecord], spellings: dict[str, str], cipher: FieldCipher
) -> Iterator[tuple[Any, ...]]:
    randomness = b""
    for record in records:
        if len(randomness) < 10:
            randomness = os.urandom(10 * 4096)  # one system call for thousands of codes
        code, randomness = follow_up_code_from(randomness[:10]), randomness[10:]
        spellings.setdefault(record.name_key, record.company_name)
        yield _staging_row(record, code, cipher)


def _staging_row(record: ComplaintRecord, code: str, cipher: FieldCipher) -> tuple[Any, ...]:
    contact = record.contact
    secret = (
        (None, None, None, None)
        if contact is None
        else (
            cipher.encrypt(contact.name),
            cipher.encrypt(contact.phone),
            cipher.encrypt(contact.document),
            cipher.encrypt(contact.nationality),
        )
    )
    return (
        record.line,
        record.content_hash,
        code,
        record.source_ref,
        record.received_at,
        record.channel,
        record.reporter_type,
        record.language,
        record.company_name,
        record.name_key,
        json.dumps(list(record.categories)),
        record.narrative,
        record.status,
        record.corridor,
        record.consent,
        record.reporter_key,
        *secret,
    )


def _batched_path(
    request: IntakeRequest,
    table: Table,
    batch: ImportBatch,
    summary: IntakeSummary,
    progress: Progress | None,
) -> IntakeSummary:
    """Chunks of rows, each chunk its own transaction; a re-run after a crash completes the file."""
    for chunk, rejections in parsed_chunks(table, parse_complaint, row_context(request), BATCH_ROWS):
        summary.rows_read += _store_chunk(request, batch, chunk, rejections)
        if progress is not None:
            progress(table.position[0])
    with session_scope() as session:
        return finish(session, batch, summary)


def _store_chunk(
    request: IntakeRequest,
    batch: ImportBatch,
    chunk: Sequence[ComplaintRecord],
    rejections: Sequence[Rejection],
) -> int:
    """Store one chunk and the rows rejected since the last, in one transaction; return the rows covered."""
    with session_scope() as session:
        import_repo.add_rejections(session, batch.id or 0, [(r.line, r.column, r.reason) for r in rejections])
        fresh = _fresh(session, chunk)
        refs = resolve_spellings(
            session, spellings={r.name_key: r.company_name for r in fresh}, source=request.source
        )
        inserted = _insert(session, fresh, refs, request, batch.id or 0)
        mention_repo.count_occurrences(session, complaint_ids=[cid for cid, _ in inserted])
    return len(chunk) + len(rejections)


def _fresh(session: Session, chunk: Sequence[ComplaintRecord]) -> list[ComplaintRecord]:
    stored = complaint_repo.existing_hashes(session, [r.content_hash for r in chunk])
    fresh: dict[str, ComplaintRecord] = {}
    for record in chunk:
        if record.content_hash not in stored:
            fresh.setdefault(record.content_hash, record)
    return list(fresh.values())


def _insert(
    session: Session,
    fresh: Sequence[ComplaintRecord],
    refs: dict[str, MentionRef],
    request: IntakeRequest,
    batch_id: int,
) -> list[tuple[Any, ...]]:
    cipher = field_cipher()
    rows = [
        _complaint_row(r, refs[r.name_key], _complainant_id(session, r, cipher), request, batch_id)
        for r in fresh
    ]
    table = Complaint.__table__  # type: ignore[attr-defined]
    inserted = insert_ignoring_conflicts(
        session, table, rows, conflict=["content_hash"], returning=["id", "status"]
    )
    session.add_all(
        ComplaintStatusChange(
            complaint_id=cid,
            from_status=None,
            to_status=status,
            reason=f"imported from {request.source}",
            actor=request.actor,
        )
        for cid, status in inserted
    )
    session.flush()
    return inserted


def _complainant_id(session: Session, record: ComplaintRecord, cipher: FieldCipher) -> int | None:
    contact = record.contact
    if contact is None:
        return None
    row = Complainant(
        name_enc=cipher.encrypt(contact.name),
        phone_enc=cipher.encrypt(contact.phone),
        document_enc=cipher.encrypt(contact.document),
        nationality_enc=cipher.encrypt(contact.nationality),
    )
    session.add(row)
    session.flush()
    return row.id


def _complaint_row(
    record: ComplaintRecord,
    ref: MentionRef,
    complainant_id: int | None,
    request: IntakeRequest,
    batch_id: int,
) -> dict[str, Any]:
    return {
        "follow_up_code": follow_up_code_from(os.urandom(10)),
        "received_at": record.received_at,
        "channel": record.channel,
        "reporter_type": record.reporter_type,
        "language": record.language,
        "company_name_written": record.company_name,
        "mention_id": ref.mention_id,
        "company_id": ref.company_id,
        "match_decision": ref.decision,
        "match_score": ref.score,
        "categories": list(record.categories),
        "narrative": record.narrative,
        "status": record.status,
        "corridor": record.corridor,
        "consent_to_share": record.consent,
        "reporter_key": record.reporter_key,
        "complainant_id": complainant_id,
        "source": request.source,
        "source_ref": record.source_ref,
        "content_hash": record.content_hash,
        "import_batch_id": batch_id,
        "created_at": record.received_at,
        "updated_at": record.received_at,
    }
