"""Queries over import batches and their rejected rows."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, text, update
from sqlmodel import Session, col, select

from registry.models.complaint import Complaint
from registry.models.import_batch import BatchStatus, ImportBatch, ImportRejection
from registry.models.inspection import Inspection
from registry.repositories.bulk import insert_ignoring_conflicts

# Rejected rows fetched per round trip when a whole report is written out.
STREAM_ROWS = 5000
# The first key of the advisory locks by which a run claims a batch (the batch id is the second), on
# PostgreSQL: held by the run's guard transaction, let go when it ends or its connection dies.
CLAIM_CLASS = 20_975
_CLAIMED = text(
    "SELECT objid::bigint FROM pg_locks WHERE locktype = 'advisory' AND classid = :class "
    "AND objsubid = 2 AND granted AND objid::bigint IN :ids "
    "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
).bindparams(bindparam("ids", expanding=True))


def find_batch(session: Session, *, kind: str, source: str, sha256: str) -> ImportBatch | None:
    """The batch of this file from this source, if it was seen before."""
    query = select(ImportBatch).where(
        ImportBatch.kind == kind, ImportBatch.source == source, ImportBatch.file_sha256 == sha256
    )
    return session.exec(query).first()


def add_rejections(
    session: Session, batch_id: int, rejections: Sequence[tuple[int, str | None, str]]
) -> None:
    """Keep rejected rows (line, column, reason) with the batch; a re-run does not add a line twice."""
    rows = [
        {"batch_id": batch_id, "line": line, "column": column, "reason": reason[:1000]}
        for line, column, reason in rejections
    ]
    insert_ignoring_conflicts(session, ImportRejection.__table__, rows, conflict=["batch_id", "line"])  # type: ignore[attr-defined]


def rejections_after(
    session: Session, batch_id: int, *, after_line: int, limit: int
) -> Sequence[ImportRejection]:
    """Up to LIMIT rejected rows of a batch after line AFTER_LINE, in line order (keyset paging)."""
    query = (
        select(ImportRejection)
        .where(ImportRejection.batch_id == batch_id, col(ImportRejection.line) > after_line)
        .order_by(col(ImportRejection.line))
        .limit(limit)
    )
    return session.exec(query).all()


def stream_rejections(session: Session, batch_id: int) -> Iterator[Any]:
    """Every rejected row of a batch as (line, column, reason), in line order, fetched in batches."""
    query = (
        select(ImportRejection.line, ImportRejection.column, ImportRejection.reason)
        .where(ImportRejection.batch_id == batch_id)
        .order_by(col(ImportRejection.line))
        .execution_options(yield_per=STREAM_ROWS)
    )
    yield from session.execute(query)


def page_batches(
    session: Session, *, kind: str | None, source: str | None, limit: int, offset: int
) -> tuple[Sequence[ImportBatch], int]:
    """Batches, newest first, filtered by kind and source; and how many match."""
    query = select(ImportBatch)
    if kind:
        query = query.where(col(ImportBatch.kind) == kind)
    if source:
        query = query.where(col(ImportBatch.source) == source)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    ordered = query.order_by(col(ImportBatch.started_at).desc(), col(ImportBatch.id).desc())
    return session.exec(ordered.limit(limit).offset(offset)).all(), int(total)


def count_rejections(session: Session, batch_id: int) -> int:
    """How many rows of a batch were rejected."""
    query = select(func.count()).select_from(ImportRejection).where(ImportRejection.batch_id == batch_id)
    return int(session.exec(query).one())


def count_records(session: Session, batch_id: int, kind: str) -> int:
    """How many records the batch inserted (over all its runs)."""
    model = Complaint if kind == "complaints" else Inspection
    query = select(func.count()).select_from(model).where(model.import_batch_id == batch_id)
    return int(session.exec(query).one())


def add_batch(session: Session, batch: dict[str, Any]) -> ImportBatch:
    """The batch of this kind, source and file: BATCH as given, or the one another run added first."""
    insert_ignoring_conflicts(
        session,
        ImportBatch.__table__,  # type: ignore[attr-defined]
        [batch],
        conflict=["kind", "source", "file_sha256"],
    )
    found = find_batch(session, kind=batch["kind"], source=batch["source"], sha256=batch["file_sha256"])
    assert found is not None
    return found


def try_claim(session: Session, batch_id: int) -> bool:
    """Claim BATCH_ID for this session's transaction (PostgreSQL); False if another run holds it."""
    statement = text("SELECT pg_try_advisory_xact_lock(:class, :id)")
    held = bool(session.execute(statement, {"class": CLAIM_CLASS, "id": batch_id}).scalar_one())
    # The claim's transaction then sits idle for the whole run: a server that ends idle transactions
    # must spare it, and this statement, which takes no snapshot, lets go of the SELECT's, so that
    # vacuum is not held back meanwhile.
    session.execute(text("SET LOCAL idle_in_transaction_session_timeout = 0"))
    return held


def claimed(session: Session, batch_ids: Sequence[int]) -> set[int]:
    """Which of BATCH_IDS some run holds a claim on at this moment (PostgreSQL)."""
    if not batch_ids:
        return set()
    rows = session.execute(_CLAIMED, {"class": CLAIM_CLASS, "ids": list(batch_ids)})
    return {int(row[0]) for row in rows}


def mark_failed(session: Session, batch_id: int, *, error: str, at: datetime) -> None:
    """Mark BATCH_ID failed with ERROR, unless it has completed meanwhile."""
    session.execute(
        update(ImportBatch)
        .where(col(ImportBatch.id) == batch_id, col(ImportBatch.status) == BatchStatus.RUNNING)
        .values(status=BatchStatus.FAILED, error=error[:1000], finished_at=at)
    )
