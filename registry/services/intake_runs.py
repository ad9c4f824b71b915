"""Running an import of either kind, with the outcome kept on its batch: completed, or failed and why.

The CLI and the API upload call `run_import`; the API's background upload calls `begin_import` first,
so that a file refused whole is refused before the caller is told the import has started. A run
claims its batch for as long as it works on it: a second run of the same file meanwhile is refused
(409) rather than racing the first, and only the run holding the claim marks the batch failed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlmodel import Session

from registry.database import session_scope
from registry.errors import Conflict, DomainError
from registry.models.import_batch import BatchStatus, ImportBatch
from registry.models.types import utcnow
from registry.repositories import imports as import_repo
from registry.services.complaint_intake import import_complaints
from registry.services.inspection_intake import import_inspections
from registry.services.intake_import import (
    IntakeKind,
    IntakeRequest,
    IntakeSummary,
    Progress,
    open_intake,
    start_batch,
)

# What a batch says of an error the registry did not foresee; its details go to the log of whoever
# ran the import (the CLI's terminal, the API's log), not to the batch that admins read.
UNEXPECTED = "the import stopped on an unexpected error (see the server log); run the file again"
INTERRUPTED = "the import was interrupted; run the file again to complete it"
# Imports at once in one process; more wait their turn. A run holds up to four pooled connections (its
# claim, its own, the name index's and the matching thread's), and two cores gain nothing from more.
PARALLEL_RUNS = 3
_turns = threading.BoundedSemaphore(PARALLEL_RUNS)
# SQLite has no advisory locks: runs in this process claim batches here (SQLite serves one process).
_local_claims: set[int] = set()
_local_lock = threading.Lock()


def run_import(request: IntakeRequest, *, progress: Progress | None = None) -> IntakeSummary:
    """Import REQUEST's file; if that fails, mark its batch failed with the reason and raise the error."""
    with _turns:
        return _run(request, progress)


def _run(request: IntakeRequest, progress: Progress | None) -> IntakeSummary:
    runner = import_complaints if request.kind is IntakeKind.COMPLAINTS else import_inspections
    batch = begin_import(request)
    if batch.status == BatchStatus.COMPLETED:
        return runner(request)
    batch_id = batch.id or 0
    with _claim(batch_id) as guard:
        try:
            return runner(request, progress=progress)
        except BaseException as exc:
            # Kept by the guard's own transaction, so that the claim is let go only once the
            # failure is recorded: no other run can start the file in between.
            import_repo.mark_failed(guard, batch_id, error=_reason(exc), at=utcnow())
            stopped = exc
    raise stopped


def _reason(exc: BaseException) -> str:
    if isinstance(exc, DomainError):
        return exc.detail
    return UNEXPECTED if isinstance(exc, Exception) else INTERRUPTED


def begin_import(request: IntakeRequest) -> ImportBatch:
    """Check REQUEST's header (InvalidInput if it lacks a required column) and open or find its batch."""
    open_intake(request)
    batch, _ = start_batch(request)
    return batch


def running_now(session: Session, batch_ids: list[int]) -> set[int] | None:
    """Which of BATCH_IDS a run works on at this moment; None where the database cannot tell (SQLite)."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    return import_repo.claimed(session, batch_ids)


@contextmanager
def _claim(batch_id: int) -> Iterator[Session]:
    """Hold BATCH_ID for the block, with a session of its own; Conflict if another run holds it."""
    with session_scope() as guard:
        if guard.get_bind().dialect.name == "postgresql":
            if not import_repo.try_claim(guard, batch_id):
                raise _busy(batch_id)
            yield guard
            return
        with _locally_claimed(batch_id):
            yield guard


@contextmanager
def _locally_claimed(batch_id: int) -> Iterator[None]:
    with _local_lock:
        if batch_id in _local_claims:
            raise _busy(batch_id)
        _local_claims.add(batch_id)
    try:
        yield
    finally:
        with _local_lock:
            _local_claims.discard(batch_id)


def _busy(batch_id: int) -> Conflict:
    return Conflict(f"import batch {batch_id} is being imported now by another run: follow it, or try later")
