"""The public lookup as JSON: the same words the public page shows, for apps and partners."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from api.deps import SessionDep
from api.errors import ERROR_RESPONSES
from api.language import LANG_PATTERN, request_language
from api.ratelimit import RateLimiter, client_address
from api.security import allow
from registry.access import Action
from registry.models.types import utcnow
from registry.schemas.public import PublicLookup
from registry.schemas.text import NameText
from registry.services import public_lookup
from registry.services.legal_time import local_date
from registry.settings import get_settings

router = APIRouter(
    prefix="/api/v1/public",
    tags=["public lookup"],
    responses={**ERROR_RESPONSES, 429: ERROR_RESPONSES[422] | {"description": "rate limited"}},
)

search_limiter = RateLimiter(capacity=get_settings().public_searches_per_minute, period=60, name="searches")


def search_quota(request: Request) -> None:
    """Take one search from the caller's allowance (shared by this endpoint and the public page)."""
    search_limiter.check(client_address(request))


async def answer(session: Session, *, query: str, language: str) -> PublicLookup:
    """The public answer to QUERY: from memory when it was asked moments ago (no thread, no database),
    else computed in the thread pool (the matcher and the status queries)."""
    today = local_date(utcnow())
    recent = public_lookup.recent(query=query, language=language, today=today)
    if recent is not None:
        return recent
    return await run_in_threadpool(public_lookup.lookup, session, query=query, language=language, today=today)


@router.get("/companies", dependencies=[allow(Action.PUBLIC_LOOKUP, limiter=search_limiter)])
async def search_companies(
    request: Request,
    response: Response,
    session: SessionDep,
    q: Annotated[NameText, Query(description="any name of the company, Arabic or English, as written")],
    lang: Annotated[
        str | None, Query(pattern=LANG_PATTERN, description="ar, en, …; else Accept-Language")
    ] = None,
) -> PublicLookup:
    """A company's status in words (licensed, licence suspended or expired, blacklisted, not found)."""
    language = request_language(request)
    response.headers["Content-Language"] = language
    return await answer(session, query=q, language=language)
