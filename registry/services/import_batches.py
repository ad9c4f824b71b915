"""Import batches read back: the files received, one file's counts, and every row it rejected.

An import answers with its first thousand rejected rows; these give the rest, to the CLI and the API,
long after the import itself.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import IO

from sqlmodel import Session

from registry.errors import NotFound
from registry.models.import_batch import BatchStatus, ImportBatch
from registry.repositories import imports as import_repo
from registry.schemas.imports import ImportBatchPage, ImportBatchRead, RejectionPage, RejectionRead
from registry.services import intake_runs
from registry.tabular import write_csv_rows

REJECTION_COLUMNS = ("line", "column", "reason")


def history(
    session: Session, *, kind: str | None, source: str | None, limit: int, offset: int
) -> ImportBatchPage:
    """Batches, newest first, filtered by kind and source."""
    rows, total = import_repo.page_batches(session, kind=kind, source=source, limit=limit, offset=offset)
    return ImportBatchPage(items=_read(session, rows), total=total)


def get(session: Session, *, batch_id: int) -> ImportBatchRead:
    """One batch, or NotFound."""
    return _read(session, [_batch(session, batch_id)])[0]


def _read(session: Session, batches: Sequence[ImportBatch]) -> list[ImportBatchRead]:
    """BATCHES as read, each running one saying whether a run works on it now."""
    running = [b.id or 0 for b in batches if b.status == BatchStatus.RUNNING]
    held = intake_runs.running_now(session, running) if running else None
    reads = [ImportBatchRead.model_validate(b) for b in batches]
    for read in reads:
        if held is not None and read.id in running:
            read.running_now = read.id in held
    return reads


def rejections_page(session: Session, *, batch_id: int, after_line: int, limit: int) -> RejectionPage:
    """Up to LIMIT rejected rows of a batch after line AFTER_LINE; NotFound if there is no such batch."""
    _batch(session, batch_id)
    rows = import_repo.rejections_after(session, batch_id, after_line=after_line, limit=limit)
    items = [RejectionRead.model_validate(row) for row in rows]
    following = items[-1].line if len(items) == limit else None
    return RejectionPage(batch_id=batch_id, items=items, next_after_line=following)


def write_rejections(session: Session, *, batch_id: int, out: IO[bytes]) -> int:
    """Write every rejected row of a batch to OUT as UTF-8 CSV (line, column, reason); return how many."""
    _batch(session, batch_id)
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    count = 0
    try:
        writer = csv.writer(text)
        write_csv_rows(writer, [REJECTION_COLUMNS])
        for line, column, reason in import_repo.stream_rejections(session, batch_id):
            write_csv_rows(writer, [(line, column or "", reason)])
            count += 1
    finally:
        text.flush()
        # The caller owns OUT: leave it open once the text layer is gone.
        text.detach()
    return count


def _batch(session: Session, batch_id: int) -> ImportBatch:
    batch = session.get(ImportBatch, batch_id)
    if batch is None:
        raise NotFound(f"no import batch {batch_id}")
    return batch
