"""Complaints for officials: record, read (protected parts by policy), triage, assign, change status."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import ActorDep, PrincipalDep, SessionDep
from api.errors import ERROR_RESPONSES
from registry.schemas.complaint import AssignIn, ComplaintIn, ComplaintRead, StatusChangeIn, StatusChangeRead
from registry.services import complaints

router = APIRouter(prefix="/api/v1/complaints", tags=["complaints"], responses=ERROR_RESPONSES)


@router.post("", status_code=201)
def record(session: SessionDep, actor: ActorDep, principal: PrincipalDep, body: ComplaintIn) -> ComplaintRead:
    """Record a complaint taken on the hotline, at a desk, from an embassy or an NGO."""
    complaint = complaints.record_complaint(session, data=body, actor=actor)
    return complaints.complaint_view(session, complaint_id=complaint.id or 0, principal=principal)


@router.get("/{complaint_id}")
def read(session: SessionDep, principal: PrincipalDep, complaint_id: int) -> ComplaintRead:
    """A complaint; narrative and complainant identity only for those allowed to see them."""
    return complaints.complaint_view(session, complaint_id=complaint_id, principal=principal)


@router.post("/{complaint_id}/status")
def change_status(
    session: SessionDep, actor: ActorDep, principal: PrincipalDep, complaint_id: int, body: StatusChangeIn
) -> ComplaintRead:
    """Move a complaint to another status, with a reason."""
    complaints.change_status(session, complaint_id=complaint_id, change=body, actor=actor)
    return complaints.complaint_view(session, complaint_id=complaint_id, principal=principal)


@router.post("/{complaint_id}/assign")
def assign(
    session: SessionDep, actor: ActorDep, principal: PrincipalDep, complaint_id: int, body: AssignIn
) -> ComplaintRead:
    """Give a complaint to an inspector."""
    complaints.assign(session, complaint_id=complaint_id, inspector=body.inspector, actor=actor)
    return complaints.complaint_view(session, complaint_id=complaint_id, principal=principal)


@router.get("/{complaint_id}/history")
def history(session: SessionDep, complaint_id: int) -> list[StatusChangeRead]:
    """Every status change of a complaint: who, when, why."""
    return complaints.status_history(session, complaint_id=complaint_id)
