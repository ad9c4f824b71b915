"""Court cases and the precedents search.

Roles (registry/access.py RULES): recording cases for investigator (public prosecution)
and admin; the full case (with registry links) for investigator and committee; precedents for
investigator (and inspector, committee).
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.deps import ActorDep, SessionDep
from api.errors import ERROR_RESPONSES
from api.security import allow
from registry.access import Action
from registry.models.court import CaseOutcome
from registry.repositories.courts import PrecedentFilter
from registry.schemas.court import CourtCaseIn, CourtCaseRead, PrecedentPage, law_code
from registry.schemas.text import Line
from registry.services import courts
from registry.settings import get_settings

router = APIRouter(prefix="/api/v1", responses=ERROR_RESPONSES)
_TAGS: list[str | Enum] = ["courts (officials)"]


@router.put("/court-cases", dependencies=[allow(Action.COURT_WRITE)], tags=_TAGS)
def record_case(session: SessionDep, actor: ActorDep, body: CourtCaseIn, response: Response) -> CourtCaseRead:
    """Record a case, or update the one of the same court and number (201 when new)."""
    case, outcome = courts.record_case(session, data=body, actor=actor)
    response.status_code = 201 if outcome == "inserted" else 200
    return courts.case_view(session, case_id=case.id or 0)


@router.get("/court-cases/{case_id}", dependencies=[allow(Action.COURT_READ)], tags=_TAGS)
def read_case(session: SessionDep, case_id: int) -> CourtCaseRead:
    """A case with its charges and defendants, linked to registry records."""
    return courts.case_view(session, case_id=case_id)


@router.get("/precedents", dependencies=[allow(Action.PRECEDENT_READ)], tags=_TAGS)
def precedents(
    session: SessionDep,
    law: Annotated[Line | None, Query(max_length=60, description='e.g. "91/2013"')] = None,
    article: Annotated[Line | None, Query(max_length=20)] = None,
    outcome: CaseOutcome | None = None,
    year: Annotated[int | None, Query(ge=1950, le=2100)] = None,
    final: bool | None = None,
    limit: Annotated[int, Query(ge=1, le=get_settings().page_size_max)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> PrecedentPage:
    """Rulings by charge, outcome and year; defendants only as the rulings made them public."""
    code = str(law_code(law)) if law else None
    flt = PrecedentFilter(law=code, article=article, outcome=outcome, year=year, final=final)
    return courts.precedents(session, flt=flt, limit=limit, offset=offset)
