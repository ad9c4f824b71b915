"""Merging and splitting companies, moving names, and the history of such changes."""

from __future__ import annotations

from fastapi import APIRouter

from api.audit import AuditDep
from api.deps import ActorDep, SessionDep
from api.errors import ERROR_RESPONSES
from api.security import allow
from registry.access import Action
from registry.schemas.company import CompanyDetail, CompanyNameRead
from registry.schemas.identity import CompanyEventRead, MergeRequest, MoveNameRequest, SplitRequest
from registry.services import companies
from registry.services import company_identity as identity

router = APIRouter(prefix="/api/v1", tags=["company identity"], responses=ERROR_RESPONSES)


@router.post("/companies/{company_id}/merge", dependencies=[allow(Action.COMPANY_IDENTITY)])
def merge(session: SessionDep, actor: ActorDep, company_id: int, body: MergeRequest) -> CompanyDetail:
    """Merge this company into another; the old id keeps resolving to the survivor."""
    target = identity.merge(
        session, source_id=company_id, target_id=body.into_company_id, actor=actor, reason=body.reason
    )
    return companies.company_detail(session, company_id=target.id or 0)


@router.post("/companies/{company_id}/split", status_code=201, dependencies=[allow(Action.COMPANY_IDENTITY)])
def split(
    session: SessionDep, actor: ActorDep, audit: AuditDep, company_id: int, body: SplitRequest
) -> CompanyDetail:
    """Create a new company from some names of this one."""
    created = identity.split(
        session,
        company_id=company_id,
        new=body.company,
        name_ids=body.name_ids,
        actor=actor,
        reason=body.reason,
    )
    audit.detail["created_company_id"] = created.id or 0
    return companies.company_detail(session, company_id=created.id or 0)


@router.get("/companies/{company_id}/history", dependencies=[allow(Action.COMPANY_READ)])
def history(session: SessionDep, company_id: int) -> list[CompanyEventRead]:
    """Merges, splits and moved names of a company."""
    return identity.history(session, company_id=company_id)


@router.get("/companies/{company_id}/resolve", dependencies=[allow(Action.COMPANY_READ)])
def resolve(session: SessionDep, company_id: int) -> CompanyDetail:
    """The company an id stands for today, following merges."""
    current = identity.resolve(session, company_id=company_id)
    return companies.company_detail(session, company_id=current.id or 0)


@router.post("/names/{name_id}/move", dependencies=[allow(Action.COMPANY_IDENTITY)])
def move_name(session: SessionDep, actor: ActorDep, name_id: int, body: MoveNameRequest) -> CompanyNameRead:
    """Attach a name to another company."""
    name = identity.move_name(
        session, name_id=name_id, to_company_id=body.to_company_id, actor=actor, reason=body.reason
    )
    return CompanyNameRead.model_validate(name)
