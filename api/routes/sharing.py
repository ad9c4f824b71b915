"""Exports to embassies and other states; each one recorded in the export log.

Roles (registry/access.py RULES): committee and admin; every export also goes on the audit trail.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from api.audit import AuditDep
from api.deps import ActorDep, PrincipalDep, SessionDep
from api.downloads import download, spool
from api.errors import ERROR_RESPONSES
from api.security import allow
from registry.access import Action
from registry.crypto import field_cipher
from registry.models.types import utcnow
from registry.schemas.agency import Country
from registry.services import embassy_export, ftm_export, sharing
from registry.services.legal_time import local_date
from registry.settings import get_settings

router = APIRouter(prefix="/api/v1", responses=ERROR_RESPONSES)
_TAGS: list[str | Enum] = ["sharing (committee)"]


@router.post(
    "/exports/embassy", dependencies=[allow(Action.EXPORT)], tags=_TAGS, response_class=StreamingResponse
)
def export_embassy(
    session: SessionDep, principal: PrincipalDep, audit: AuditDep, country: Country
) -> StreamingResponse:
    """COUNTRY's export for its embassy (consented identities only in an investigator's export); logged."""
    out = spool()
    now = utcnow()
    log = embassy_export.export_embassy(
        session,
        country=country,
        exporter=principal,
        out=out,
        now=now,
        today=local_date(now),
        cipher=field_cipher(),
    )
    audit.object_id = str(log.id)
    audit.detail = {"kind": "embassy", "country": country, "sha256": log.sha256}
    audit.detail["with_identity"] = log.counts["with_identity"]
    return download(out, log.file_name, "application/json")


@router.post(
    "/exports/ftm", dependencies=[allow(Action.EXPORT)], tags=_TAGS, response_class=StreamingResponse
)
def export_ftm(session: SessionDep, actor: ActorDep, audit: AuditDep) -> StreamingResponse:
    """The blacklist and partner links as FollowTheMoney JSON lines (loadable by yente); logged."""
    out = spool()
    now = utcnow()
    log = ftm_export.export_ftm(session, actor=actor, out=out, now=now, today=local_date(now))
    audit.object_id, audit.detail = str(log.id), {"kind": "ftm", "sha256": log.sha256}
    return download(out, log.file_name, "application/x-ndjson")


@router.get("/exports", dependencies=[allow(Action.EXPORT_LOG_READ)], tags=_TAGS)
def list_exports(
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=get_settings().page_size_max)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> sharing.ExportPage:
    """Every export made, newest first: who, what, which country, when, counts, SHA-256."""
    return sharing.exports_page(session, limit=limit, offset=offset)
