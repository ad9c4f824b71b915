"""Uploads of complaint and inspection files from other authorities, and the batches read back."""

from __future__ import annotations

import logging
import shutil
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, File, Form, Query, Response, UploadFile
from fastapi import Path as FastPath
from fastapi.responses import StreamingResponse

from api.audit import AuditDep
from api.deps import ActorDep, SessionDep
from api.downloads import download, spool
from api.errors import ERROR_RESPONSES
from api.security import allow
from registry.access import Action
from registry.errors import DomainError
from registry.schemas.imports import ImportBatchPage, ImportBatchRead, ImportSummaryRead, RejectionPage
from registry.schemas.text import Line
from registry.services import import_batches, intake_runs
from registry.services.intake_import import SOURCE_MAX, SOURCE_PATTERN, IntakeKind, IntakeRequest
from registry.tabular import DateOrder

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api/v1/imports", tags=["imports"], responses=ERROR_RESPONSES)
_SUFFIXES = {".csv", ".tsv", ".txt", ".xlsx", ".jsonl", ".ndjson"}
SourceField = Annotated[str, Form(min_length=1, max_length=SOURCE_MAX, pattern=SOURCE_PATTERN)]
# Row ids are PostgreSQL integers: a larger id is no batch, and SQLite cannot even bind it.
BatchId = Annotated[int, FastPath(ge=1, le=2**31 - 1)]


def _saved(file: UploadFile) -> Path:
    """The upload, in a temporary folder of its own, under a name that keeps its type."""
    suffix = Path(file.filename or "upload.csv").suffix.lower()
    path = Path(tempfile.mkdtemp(prefix="upload-")) / f"upload{suffix if suffix in _SUFFIXES else '.csv'}"
    try:
        with path.open("wb") as handle:
            shutil.copyfileobj(file.file, handle)
    except BaseException:
        _discard(path)
        raise
    return path


def _discard(path: Path) -> None:
    shutil.rmtree(path.parent, ignore_errors=True)


def _run_then_discard(request: IntakeRequest) -> None:
    """A background import: how it ended is kept on its batch; an unforeseen error goes to the log too."""
    try:
        intake_runs.run_import(request)
    except DomainError:
        return  # the batch says why, and no one else is waiting for the answer
    except Exception:
        log.exception("background import of %s from %s failed", request.kind, request.source)
    finally:
        _discard(request.path)


@router.post("/{kind}", status_code=201, dependencies=[allow(Action.IMPORT)])
def upload(
    kind: IntakeKind,
    actor: ActorDep,
    audit: AuditDep,
    file: Annotated[UploadFile, File()],
    source: SourceField,
    date_order: Annotated[DateOrder, Form()] = DateOrder.AUTO,
) -> ImportSummaryRead:
    """Import an uploaded file; the same file again adds nothing, bad rows come back with line and reason."""
    path = _saved(file)
    try:
        request = IntakeRequest(path, kind, source, actor, date_order, file_name=file.filename)
        summary = ImportSummaryRead.model_validate(asdict(intake_runs.run_import(request)))
    finally:
        _discard(path)
    audit.detail.update(kind=kind.value, source=source, inserted=summary.inserted, rejected=summary.rejected)
    return summary


@router.post("/{kind}/background", status_code=202, dependencies=[allow(Action.IMPORT)])
def upload_in_background(
    kind: IntakeKind,
    actor: ActorDep,
    audit: AuditDep,
    tasks: BackgroundTasks,
    response: Response,
    file: Annotated[UploadFile, File()],
    source: SourceField,
    date_order: Annotated[DateOrder, Form()] = DateOrder.AUTO,
) -> ImportBatchRead:
    """Start importing an uploaded file and answer at once; follow its batch at the Location given."""
    path = _saved(file)
    request = IntakeRequest(path, kind, source, actor, date_order, file_name=file.filename)
    try:
        batch = ImportBatchRead.model_validate(intake_runs.begin_import(request))
    except BaseException:
        _discard(path)
        raise
    tasks.add_task(_run_then_discard, request)
    response.headers["Location"] = f"/api/v1/imports/{batch.id}"
    audit.detail.update(kind=kind.value, source=source, batch_id=batch.id, background=True)
    return batch


@router.get("", dependencies=[allow(Action.IMPORT_READ)])
def list_batches(
    session: SessionDep,
    kind: IntakeKind | None = None,
    source: Annotated[Line | None, Query(max_length=60)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> ImportBatchPage:
    """Files received, newest first: kind, source, file name and hash, status, counts, times."""
    return import_batches.history(session, kind=kind, source=source, limit=limit, offset=offset)


@router.get("/{batch_id}", dependencies=[allow(Action.IMPORT_READ)])
def get_batch(session: SessionDep, batch_id: BatchId) -> ImportBatchRead:
    """One file received, with its counts over all its runs."""
    return import_batches.get(session, batch_id=batch_id)


@router.get("/{batch_id}/rejections", dependencies=[allow(Action.IMPORT_READ)])
def list_rejections(
    session: SessionDep,
    batch_id: BatchId,
    after_line: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
    limit: Annotated[int, Query(ge=1, le=5000)] = 1000,
) -> RejectionPage:
    """Rejected rows in line order after AFTER_LINE; pass next_after_line back for the next page."""
    return import_batches.rejections_page(session, batch_id=batch_id, after_line=after_line, limit=limit)


@router.get(
    "/{batch_id}/rejections.csv",
    dependencies=[allow(Action.IMPORT_READ)],
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}}}},
)
def download_rejections(session: SessionDep, batch_id: BatchId) -> StreamingResponse:
    """Every rejected row as CSV (line, column, reason), cells safe to open in a spreadsheet."""
    out = spool()
    import_batches.write_rejections(session, batch_id=batch_id, out=out)
    return download(out, f"rejected-rows-batch-{batch_id}.csv", "text/csv; charset=utf-8")
