"""Visa checks for the Public Authority of Manpower."""

from __future__ import annotations

from fastapi import APIRouter

from api.audit import AuditDep
from api.deps import ActorDep, SessionDep
from api.errors import ERROR_RESPONSES
from api.security import allow
from registry.access import Action
from registry.models.types import utcnow
from registry.schemas.blacklist import VisaCheckIn, VisaCheckRead
from registry.services import visa_checks

router = APIRouter(prefix="/api/v1/visa-checks", tags=["visa checks"], responses=ERROR_RESPONSES)


@router.post("", status_code=201, dependencies=[allow(Action.VISA_CHECK)])
def check(session: SessionDep, actor: ActorDep, audit: AuditDep, body: VisaCheckIn) -> VisaCheckRead:
    """May this employer or agency get work visas? `clear`, `review` or `refuse`, with reasons; recorded."""
    answer = visa_checks.check(session, query=body, actor=actor, now=utcnow())
    audit.object_id, audit.detail["decision"] = str(answer.check_id), answer.decision.value
    return answer
