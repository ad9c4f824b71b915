"""Inspections and the violation catalogue."""

from __future__ import annotations

from fastapi import APIRouter

from api.audit import AuditDep
from api.deps import ActorDep, SessionDep
from api.errors import ERROR_RESPONSES
from api.ratelimit import lookup_limiter
from api.security import allow
from registry.access import Action
from registry.schemas.complaint import InspectionIn, InspectionRead, ViolationRead
from registry.services import inspections

router = APIRouter(prefix="/api/v1", tags=["inspections"], responses=ERROR_RESPONSES)


@router.post("/inspections", status_code=201, dependencies=[allow(Action.INSPECTION_WRITE)])
def record(session: SessionDep, actor: ActorDep, audit: AuditDep, body: InspectionIn) -> InspectionRead:
    """Record an inspection with its findings."""
    inspection = inspections.record_inspection(session, data=body, inspector=actor)
    audit.object_id = str(inspection.id)
    return inspections.inspection_view(session, inspection_id=inspection.id or 0)


@router.get("/inspections/{inspection_id}", dependencies=[allow(Action.INSPECTION_READ)])
def read(session: SessionDep, inspection_id: int) -> InspectionRead:
    """An inspection with its findings."""
    return inspections.inspection_view(session, inspection_id=inspection_id)


@router.get("/violation-codes", dependencies=[allow(Action.PUBLIC_LOOKUP, limiter=lookup_limiter)])
def violation_codes(session: SessionDep) -> list[ViolationRead]:
    """The catalogue of violations with severities and legal grounds."""
    return inspections.catalogue_view(session)
