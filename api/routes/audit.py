"""The audit trail, for admins."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import SessionDep
from api.errors import ERROR_RESPONSES
from api.security import allow
from registry.access import Action
from registry.schemas.account import AuditPage
from registry.schemas.text import Line
from registry.services import audit

router = APIRouter(prefix="/api/v1/audit", tags=["audit"], responses=ERROR_RESPONSES)


@router.get("/events", dependencies=[allow(Action.AUDIT_READ)])
def events(
    session: SessionDep,
    actor: Annotated[Line | None, Query(max_length=120)] = None,
    object_type: Annotated[Line | None, Query(max_length=40)] = None,
    object_id: Annotated[Line | None, Query(max_length=80)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> AuditPage:
    """Who did or tried what, newest first; filter by actor or object."""
    return audit.events_page(
        session, actor=actor, object_type=object_type, object_id=object_id, limit=limit, offset=offset
    )
