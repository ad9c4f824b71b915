"""Public reporting: no account, no documents; follow a report with its code."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request

from api.deps import SessionDep
from api.errors import ERROR_RESPONSES
from api.ratelimit import RateLimiter, client_address
from registry.schemas.complaint import PublicReportIn, PublicStatus, ReportReceipt
from registry.services import complaints
from registry.settings import get_settings

router = APIRouter(
    prefix="/api/v1/reports",
    tags=["public reports"],
    responses={**ERROR_RESPONSES, 429: ERROR_RESPONSES[409] | {"description": "rate limited"}},
)

report_limiter = RateLimiter(capacity=get_settings().public_reports_per_hour, period=3600, name="reports")
lookup_limiter = RateLimiter(capacity=get_settings().public_lookups_per_minute, period=60, name="lookups")


def _report_quota(request: Request) -> None:
    report_limiter.check(client_address(request))


def _lookup_quota(request: Request) -> None:
    lookup_limiter.check(client_address(request))


@router.post("", status_code=201, dependencies=[Depends(_report_quota)])
def submit_report(session: SessionDep, body: PublicReportIn) -> ReportReceipt:
    """Report abuse by a company; keep the follow-up code to check on the report later."""
    return complaints.submit_public_report(session, report=body)


@router.get("/{follow_up_code}", dependencies=[Depends(_lookup_quota)])
def report_status(
    session: SessionDep,
    follow_up_code: Annotated[str, Path(min_length=8, max_length=30, pattern=r"^[A-Za-z0-9 -]+$")],
) -> PublicStatus:
    """The status of a report, in words; nothing else about it."""
    return complaints.public_status(session, follow_up_code=follow_up_code)
