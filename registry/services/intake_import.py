"""Whole files of complaints or inspections from other authorities, imported idempotently.

The one service module that opens sessions itself (through session_scope, like the CLI and jobs): a
file is several units of work, and the same runner serves the CLI and the API upload.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import TypeVar

from sqlmodel import Session

from registry.database import session_scope
from registry.errors import InvalidInput
from registry.models.import_batch import BatchStatus, ImportBatch
from registry.models.types import utcnow
from registry.repositories import complaints as complaint_repo
from registry.repositories import imports as import_repo
from registry.schemas.dates import kuwait_today
from registry.services.intake_rows import (
    COMPLAINT_OPTIONAL,
    COMPLAINT_REQUIRED,
    INSPECTION_OPTIONAL,
    INSPECTION_REQUIRED,
    RowContext,
)
from registry.services.name_index import MatchedAhead, match_ahead
from registry.services.rows import Rejection, RowError
from registry.tabular import DateOrder, Row, Table, open_table

Progress = Callable[[int], None]
Record = TypeVar("Record")
SHOWN_REJECTIONS = 1000
# Who sent a file: a short name such as MOI, PAM or embassy:PH, as the batch and every record keep it.
SOURCE_MAX = 60
SOURCE_PATTERN = r"^[\w .:/-]+$"


class IntakeKind(StrEnum):
    """What a file holds."""

    COMPLAINTS = "complaints"
    INSPECTIONS = "inspections"


COLUMNS = {
    IntakeKind.COMPLAINTS: (COMPLAINT_REQUIRED, COMPLAINT_OPTIONAL),
    IntakeKind.INSPECTIONS: (INSPECTION_REQUIRED, INSPECTION_OPTIONAL),
}


@dataclass
class IntakeSummary:
    """What an import did: counts over all runs of this file, and its rejected rows (the first thousand)."""

    batch_id: int
    kind: IntakeKind
    source: str
    rows_read: int = 0
    inserted: int = 0
    duplicates: int = 0
    rejected: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    already_imported: bool = False
    path: str = "batched"


@dataclass(frozen=True)
class IntakeRequest:
    """A file to import and how to read it."""

    path: Path
    kind: IntakeKind
    source: str
    actor: str
    date_order: DateOrder = DateOrder.AUTO
    fast_path: bool = True
    # The name the sender gave the file (an upload's own name); the path's name when None.
    file_name: str | None = None

    @cached_property
    def sha256(self) -> str:
        """The file's SHA-256, which names its batch: read once however often a run asks."""
        return file_sha256(self.path)

    @property
    def shown_name(self) -> str:
        """The file's name as recorded with its batch: no folders, no control characters, 300 at most."""
        given = self.file_name or self.path.name
        base = re.split(r"[\\/]", given)[-1]
        printable = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip()
        return (printable or self.path.name)[:300]


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def check_source(source: str) -> None:
    """Refuse (InvalidInput) a source that is empty, too long or has characters the API refuses."""
    if not 1 <= len(source) <= SOURCE_MAX or not re.fullmatch(SOURCE_PATTERN, source):
        raise InvalidInput(
            f"the source must be 1 to {SOURCE_MAX} letters, digits, spaces or . : / - _ "
            "(such as MOI or embassy:PH)"
        )


def open_intake(request: IntakeRequest) -> Table:
    """Check the source, open the file and check its header; a missing required column refuses the file."""
    check_source(request.source)
    table = open_table(request.path)
    required, optional = COLUMNS[request.kind]
    if table.columns:
        missing = [c for c in required if c not in table.columns]
        if missing:
            raise InvalidInput(f"missing required column(s): {', '.join(missing)}")
        unknown = [c for c in table.columns if c not in required and c not in optional]
        if unknown:
            table.warnings.append(f"ignored unknown column(s): {', '.join(unknown)}")
    return table


def start_batch(request: IntakeRequest) -> tuple[ImportBatch, bool]:
    """The batch row of this file (new, or left running or failed by an earlier run); True if completed."""
    sha = request.sha256
    with session_scope() as session:
        batch = import_repo.find_batch(session, kind=request.kind, source=request.source, sha256=sha)
        if batch is None:
            new = {
                "kind": request.kind.value,
                "source": request.source,
                "file_sha256": sha,
                "file_name": request.shown_name,
                "status": BatchStatus.RUNNING.value,
                "started_at": utcnow(),
            }
            batch = import_repo.add_batch(session, new)
        elif batch.status == BatchStatus.FAILED:
            batch.status, batch.error, batch.finished_at = BatchStatus.RUNNING, None, None
        return batch, batch.status == BatchStatus.COMPLETED


def row_context(request: IntakeRequest) -> RowContext:
    """What row checks need: the source, the violation codes, the date order, today in Kuwait."""
    with session_scope() as session:
        codes = frozenset(complaint_repo.catalogue(session))
    return RowContext(source=request.source, codes=codes, date_order=request.date_order, today=kuwait_today())


def parsed(
    table: Table, parse: Callable[[Row, RowContext], Record], ctx: RowContext, rejections: list[Rejection]
) -> Iterator[Record]:
    """Records of the valid rows; every invalid row goes to REJECTIONS with its line, column and reason."""
    for row in table.rows:
        try:
            yield parse(row, ctx)
        except RowError as exc:
            rejections.append(Rejection(row.line, exc.column, exc.reason))


def parsed_chunks(
    table: Table, parse: Callable[[Row, RowContext], Record], ctx: RowContext, size: int
) -> Iterator[tuple[list[Record], list[Rejection]]]:
    """The valid records of TABLE by chunks of SIZE, each with the rows rejected while it was read.

    The last pair comes even when both are empty, so that a runner stores what follows the last chunk.
    """
    chunk: list[Record] = []
    rejections: list[Rejection] = []  # parsed() appends to this very list: copied out, then emptied
    for record in parsed(table, parse, ctx, rejections):
        chunk.append(record)
        if len(chunk) >= size:
            yield chunk, rejections.copy()
            chunk = []
            rejections.clear()
    yield chunk, rejections.copy()


def finish(session: Session, batch: ImportBatch, summary: IntakeSummary) -> IntakeSummary:
    """Mark the batch completed with its totals over all runs, and fill the summary from them."""
    stored = session.get(ImportBatch, batch.id)
    assert stored is not None
    summary.inserted = import_repo.count_records(session, batch.id or 0, summary.kind)
    summary.rejected = import_repo.count_rejections(session, batch.id or 0)
    summary.duplicates = max(0, summary.rows_read - summary.rejected - summary.inserted)
    stored.status, stored.finished_at, stored.error = BatchStatus.COMPLETED, utcnow(), None
    stored.rows_read, stored.inserted = summary.rows_read, summary.inserted
    stored.duplicates, stored.rejected = summary.duplicates, summary.rejected
    summary.rejections = _first_rejections(session, batch.id or 0)
    return summary


def _first_rejections(session: Session, batch_id: int) -> list[Rejection]:
    """The rejected rows an import's own answer shows: the first SHOWN_REJECTIONS, in line order."""
    rows = import_repo.rejections_after(session, batch_id, after_line=0, limit=SHOWN_REJECTIONS)
    return [Rejection(r.line, r.column, r.reason) for r in rows]


def completed_summary(batch: ImportBatch, kind: IntakeKind) -> IntakeSummary:
    """The summary of a file imported before: nothing is added again."""
    with session_scope() as session:
        shown = _first_rejections(session, batch.id or 0)
    return IntakeSummary(
        batch_id=batch.id or 0,
        kind=kind,
        source=batch.source,
        rows_read=batch.rows_read,
        inserted=batch.inserted,
        duplicates=batch.duplicates,
        rejected=batch.rejected,
        rejections=shown,
        already_imported=True,
    )


@contextmanager
def spellings_matched_ahead(spellings: Sequence[str] = ()) -> Iterator[MatchedAhead]:
    """The name index brought up to date, and SPELLINGS matched, on a thread of its own during the block.

    While an import's SQL checks its rows, this process only waits on the server: meanwhile the file's
    new spellings are matched on the other core. What the thread found is complete once the block has
    ended; it stays empty where sessions cannot be concurrent (name_index.match_ahead), and spellings
    are then matched where they are needed. A block that fails stops the thread first.
    """
    thread, ahead = match_ahead(spellings)
    try:
        yield ahead
    except BaseException:
        ahead.stop.set()
        raise
    finally:
        if thread is not None:
            thread.join()
