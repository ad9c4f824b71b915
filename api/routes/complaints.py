"""Complaints for officials: record, read (protected parts by policy), triage, assign, change status."""

from __future__ import annotations

from fastapi import APIRouter
from sqlmodel import Session

from api.audit import AuditContext, AuditDep
from api.deps import ActorDep, PrincipalDep, SessionDep
from api.errors import ERROR_RESPONSES
from api.security import allow
from registry.access import Action, Principal
from registry.schemas.complaint import AssignIn, ComplaintIn, ComplaintRead, StatusChangeIn, StatusChangeRead
from registry.services import complaints

router = APIRouter(prefix="/api/v1/complaints", tags=["complaints"], responses=ERROR_RESPONSES)


@router.post("", status_code=201, dependencies=[allow(Action.COMPLAINT_CREATE)])
def record(
    session: SessionDep, actor: ActorDep, principal: PrincipalDep, audit: AuditDep, body: ComplaintIn
) -> ComplaintRead:
    """Record a complaint taken on the hotline, at a desk, from an embassy or an NGO."""
    complaint = complaints.record_complaint(session, data=body, actor=actor)
    audit.object_id = str(complaint.id)
    return _shown(session, principal, audit, complaint.id or 0)


@router.get("/{complaint_id}", dependencies=[allow(Action.COMPLAINT_READ)])
def read(session: SessionDep, principal: PrincipalDep, audit: AuditDep, complaint_id: int) -> ComplaintRead:
    """A complaint; narrative and complainant identity only for those allowed to see them."""
    return _shown(session, principal, audit, complaint_id)


@router.post("/{complaint_id}/status", dependencies=[allow(Action.COMPLAINT_MANAGE)])
def change_status(
    session: SessionDep,
    actor: ActorDep,
    principal: PrincipalDep,
    audit: AuditDep,
    complaint_id: int,
    body: StatusChangeIn,
) -> ComplaintRead:
    """Move a complaint to another status, with a reason."""
    complaints.change_status(session, complaint_id=complaint_id, change=body, actor=actor)
    audit.detail["status"] = body.status.value
    return _shown(session, principal, audit, complaint_id)


@router.post("/{complaint_id}/assign", dependencies=[allow(Action.COMPLAINT_MANAGE)])
def assign(
    session: SessionDep,
    principal: PrincipalDep,
    audit: AuditDep,
    complaint_id: int,
    body: AssignIn,
) -> ComplaintRead:
    """Give a complaint to an inspector."""
    complaints.assign(session, complaint_id=complaint_id, inspector=body.inspector, by=principal)
    audit.detail["assigned_to"] = body.inspector
    return _shown(session, principal, audit, complaint_id)


@router.get("/{complaint_id}/history", dependencies=[allow(Action.COMPLAINT_READ)])
def history(session: SessionDep, complaint_id: int) -> list[StatusChangeRead]:
    """Every status change of a complaint: who, when, why."""
    return complaints.status_history(session, complaint_id=complaint_id)


def _shown(session: Session, principal: Principal, audit: AuditContext, complaint_id: int) -> ComplaintRead:
    view = complaints.complaint_view(session, complaint_id=complaint_id, principal=principal)
    audit.detail["disclosed"] = complaints.disclosed(view)
    return view
