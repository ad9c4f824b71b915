"""Public reporting: no account, no documents; follow a report with its code."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from api.deps import SessionDep
from api.errors import ERROR_RESPONSES
from api.ratelimit import lookup_limiter, report_limiter
from api.security import allow
from registry.access import Action
from registry.schemas.complaint import PublicReportIn, PublicStatus, ReportReceipt
from registry.services import complaints

router = APIRouter(prefix="/api/v1/reports", tags=["public reports"], responses=ERROR_RESPONSES)

__all__ = ["lookup_limiter", "report_limiter", "router"]


@router.post("", status_code=201, dependencies=[allow(Action.PUBLIC_REPORT, limiter=report_limiter)])
def submit_report(session: SessionDep, body: PublicReportIn) -> ReportReceipt:
    """Report abuse by a company; keep the follow-up code to check on the report later."""
    return complaints.submit_public_report(session, report=body)


@router.get("/{follow_up_code}", dependencies=[allow(Action.PUBLIC_LOOKUP, limiter=lookup_limiter)])
def report_status(
    session: SessionDep,
    follow_up_code: Annotated[str, Path(min_length=8, max_length=30, pattern=r"^[A-Za-z0-9 -]+$")],
) -> PublicStatus:
    """The status of a report, in words; nothing else about it."""
    return complaints.public_status(session, follow_up_code=follow_up_code)
