"""Risk: a company's score with reasons and history, and the inspection priority list."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import SessionDep
from api.errors import ERROR_RESPONSES
from api.security import allow
from registry.access import Action
from registry.schemas.risk import CompanyRisk, PriorityList
from registry.services import risk as service
from scoring.config import DEFAULT_CONFIG

router = APIRouter(prefix="/api/v1", tags=["risk"], responses=ERROR_RESPONSES)


@router.get("/companies/{company_id}/risk", dependencies=[allow(Action.RISK_READ)])
def company_risk(session: SessionDep, company_id: int) -> CompanyRisk:
    """The company's latest risk score with its reasons, and how its score changed."""
    return service.company_risk(session, company_id=company_id)


@router.get("/risk/priorities", dependencies=[allow(Action.RISK_PRIORITIES)])
def risk_priorities(
    session: SessionDep,
    count: Annotated[int, Query(ge=1, le=service.MAX_PRIORITIES)] = 100,
    random_share: Annotated[float, Query(ge=0.0, le=1.0)] = DEFAULT_CONFIG.random_share,
) -> PriorityList:
    """Whom to inspect next: the riskiest companies, with a share drawn by lot for comparison."""
    return service.priorities(session, count=count, random_share=random_share)
