"""Companies: list, read, create, update with optimistic locking, names."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.audit import AuditDep
from api.deps import SessionDep
from api.errors import ERROR_RESPONSES
from api.security import allow
from registry.access import Action
from registry.models.company import Activity, Governorate, LicenceStatus
from registry.repositories.companies import CompanyFilter
from registry.schemas.company import (
    CompanyCreate,
    CompanyDetail,
    CompanyNameIn,
    CompanyNameRead,
    CompanyPage,
    CompanyUpdate,
)
from registry.schemas.text import Line
from registry.services import companies as service
from registry.settings import get_settings

router = APIRouter(prefix="/api/v1/companies", tags=["companies"], responses=ERROR_RESPONSES)


@router.get("", dependencies=[allow(Action.COMPANY_READ)])
def list_companies(
    session: SessionDep,
    name: Annotated[str | None, Query(max_length=200, description="part of any name, normalised")] = None,
    governorate: Governorate | None = None,
    activity: Activity | None = None,
    licence_status: LicenceStatus | None = None,
    legal_form: Annotated[Line | None, Query(max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=get_settings().page_size_max)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> CompanyPage:
    """A page of companies, filtered."""
    flt = CompanyFilter(
        name=service.search_key(name),
        governorate=governorate,
        activity=activity,
        licence_status=licence_status,
        legal_form=legal_form,
    )
    return service.list_companies(session, flt=flt, limit=limit, offset=offset)


@router.post("", status_code=201, dependencies=[allow(Action.COMPANY_WRITE)])
def create_company(session: SessionDep, audit: AuditDep, body: CompanyCreate) -> CompanyDetail:
    """Register a company."""
    company = service.create_company(session, data=body)
    audit.object_id = str(company.id)
    return service.company_detail(session, company_id=company.id or 0)


@router.get("/{company_id}", dependencies=[allow(Action.COMPANY_READ)])
def get_company(session: SessionDep, company_id: int) -> CompanyDetail:
    """A company with its names, phones and officers."""
    return service.company_detail(session, company_id=company_id)


@router.patch("/{company_id}", dependencies=[allow(Action.COMPANY_WRITE)])
def update_company(session: SessionDep, company_id: int, body: CompanyUpdate) -> CompanyDetail:
    """Change a company; send the version you read, or get 409."""
    service.update_company(session, company_id=company_id, data=body)
    return service.company_detail(session, company_id=company_id)


@router.get("/{company_id}/names", dependencies=[allow(Action.COMPANY_READ)])
def list_names(session: SessionDep, company_id: int) -> list[CompanyNameRead]:
    """Every name the company is known by."""
    return service.company_names(session, company_id=company_id)


@router.post("/{company_id}/names", status_code=201, dependencies=[allow(Action.COMPANY_WRITE)])
def add_name(session: SessionDep, company_id: int, body: CompanyNameIn) -> CompanyNameRead:
    """Add a name (trade, former or observed) to a company."""
    return CompanyNameRead.model_validate(service.add_name(session, company_id=company_id, name=body))
