"""Uploads of complaint and inspection files from other authorities, and the batches read back."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, UploadFile
from fastapi import Path as FastPath
from fastapi.responses import StreamingResponse

from api.audit import AuditDep
from api.deps import ActorDep, SessionDep
from api.downloads import download, spool
from api.errors import ERROR_RESPONSES
from api.security import allow
from registry.access import Action
from registry.schemas.imports import ImportBatchPage, ImportBatchRead, ImportSummaryRead, RejectionPage
from registry.services import import_batches
from registry.services.complaint_intake import import_complaints
from registry.services.inspection_intake import import_inspections
from registry.services.intake_import import IntakeKind, IntakeRequest
from registry.tabular import DateOrder

router = APIRouter(prefix="/api/v1/imports", tags=["imports"], responses=ERROR_RESPONSES)
_SUFFIXES = {".csv", ".tsv", ".txt", ".xlsx", ".jsonl", ".ndjson"}
SourceField = Annotated[str, Form(min_length=1, max_length=60, pattern=r"^[\w .:/-]+$")]
# Row ids are PostgreSQL integers: a larger id is no batch, and SQLite cannot even bind it.
BatchId = Annotated[int, FastPath(ge=1, le=2**31 - 1)]


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
    suffix = Path(file.filename or "upload.csv").suffix.lower()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix if suffix in _SUFFIXES else '.csv'}"
        with path.open("wb") as handle:
            shutil.copyfileobj(file.file, handle)
        request = IntakeRequest(path, kind, source, actor, date_order, file_name=file.filename)
        runner = import_complaints if kind is IntakeKind.COMPLAINTS else import_inspections
        summary = ImportSummaryRead.model_validate(asdict(runner(request)))
    audit.detail.update(kind=kind.value, source=source, inserted=summary.inserted, rejected=summary.rejected)
    return summary


@router.get("", dependencies=[allow(Action.IMPORT_READ)])
def list_batches(
    session: SessionDep,
    kind: IntakeKind | None = None,
    source: Annotated[str | None, Query(max_length=60)] = None,
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
