"""Running an import of either kind, with the outcome kept on its batch: completed, or failed and why.

The CLI and the API upload call `run_import`; the API's background upload calls `begin_import` first,
so that a file refused whole is refused before the caller is told the import has started.
"""

from __future__ import annotations

from registry.database import session_scope
from registry.errors import DomainError
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
    file_sha256,
    open_intake,
    start_batch,
)

# What a batch says of an error the registry did not foresee; its details go to the log of whoever
# ran the import (the CLI's terminal, the API's log), not to the batch that admins read.
UNEXPECTED = "the import stopped on an unexpected error (see the server log); run the file again"
INTERRUPTED = "the import was interrupted; run the file again to complete it"


def run_import(request: IntakeRequest, *, progress: Progress | None = None) -> IntakeSummary:
    """Import REQUEST's file; if that fails, mark its batch failed with the reason and raise the error."""
    runner = import_complaints if request.kind is IntakeKind.COMPLAINTS else import_inspections
    try:
        return runner(request, progress=progress)
    except DomainError as exc:
        _record_failure(request, exc.detail)
        raise
    except Exception:
        _record_failure(request, UNEXPECTED)
        raise
    except BaseException:
        _record_failure(request, INTERRUPTED)
        raise


def begin_import(request: IntakeRequest) -> ImportBatch:
    """Check REQUEST's header (InvalidInput if it lacks a required column) and open or find its batch."""
    open_intake(request)
    batch, _ = start_batch(request)
    return batch


def _record_failure(request: IntakeRequest, error: str) -> None:
    """Mark the file's batch failed with ERROR, in a transaction of its own: the run's own rolled back."""
    sha = file_sha256(request.path)
    with session_scope() as session:
        batch = import_repo.find_batch(session, kind=request.kind, source=request.source, sha256=sha)
        if batch is not None and batch.status != BatchStatus.COMPLETED:
            batch.status, batch.error, batch.finished_at = BatchStatus.FAILED, error[:1000], utcnow()
