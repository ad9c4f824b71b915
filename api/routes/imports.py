"""Uploads of complaint and inspection files from other authorities."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile

from api.audit import AuditDep
from api.deps import ActorDep
from api.errors import ERROR_RESPONSES
from api.security import allow
from registry.access import Action
from registry.schemas.imports import ImportSummaryRead
from registry.services.complaint_intake import import_complaints
from registry.services.inspection_intake import import_inspections
from registry.services.intake_import import IntakeKind, IntakeRequest
from registry.tabular import DateOrder

router = APIRouter(prefix="/api/v1/imports", tags=["imports"], responses=ERROR_RESPONSES)
_SUFFIXES = {".csv", ".tsv", ".txt", ".xlsx", ".jsonl", ".ndjson"}
SourceField = Annotated[str, Form(min_length=1, max_length=60, pattern=r"^[\w .:/-]+$")]


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
        request = IntakeRequest(path, kind, source, actor, date_order)
        runner = import_complaints if kind is IntakeKind.COMPLAINTS else import_inspections
        summary = ImportSummaryRead.model_validate(asdict(runner(request)))
    audit.detail.update(kind=kind.value, source=source, inserted=summary.inserted, rejected=summary.rejected)
    return summary
