"""The blacklist: listing cases for officials (every state), and the public list (final decisions only).

Public routes read only signed publications, so a proposal, a pending case, an appeal or a score can
never reach them. Officials' routes need a bearer token whose role `registry.access.RULES` allows;
the actor is the token's user, whom the four-eyes rule compares with the proposer.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from api.audit import AuditDep
from api.deps import ActorDep, SessionDep
from api.errors import ERROR_RESPONSES
from api.ratelimit import lookup_limiter
from api.security import allow
from registry.access import Action
from registry.models.listing import ListingState
from registry.models.types import utcnow
from registry.schemas.blacklist import (
    ChangeFeed,
    DecisionIn,
    ExtendIn,
    LiftIn,
    LinkRead,
    ListingPage,
    ListingRead,
    NoticeIn,
    ProposalIn,
    ResponseIn,
    VersionDetail,
)
from registry.services import links, listing_views, listings, publications
from registry.services.publication_files import DATA_FILES, MANIFEST_FILE, SIGNATURE_FILE
from registry.settings import get_settings, load_secrets

router = APIRouter(prefix="/api/v1", responses=ERROR_RESPONSES)

VERSIONS_URL = "/api/v1/blacklist/versions"
_OFFICIAL: list[str | Enum] = ["blacklist (officials)"]
_PUBLIC: list[str | Enum] = ["blacklist (public)"]
_PUBLIC_RULE = [allow(Action.PUBLIC_BLACKLIST, limiter=lookup_limiter)]
_MEDIA = {".csv": "text/csv; charset=utf-8", ".sig": "text/plain; charset=ascii"}
FileName = Annotated[
    str,
    Path(pattern="^(" + "|".join(re.escape(n) for n in (*DATA_FILES, MANIFEST_FILE, SIGNATURE_FILE)) + ")$"),
]


@router.post("/listings", status_code=201, tags=_OFFICIAL, dependencies=[allow(Action.LISTING_PROPOSE)])
def propose(session: SessionDep, actor: ActorDep, audit: AuditDep, body: ProposalIn) -> ListingRead:
    """Propose listing a company, on findings, complaints or a court ruling about it."""
    listing = listings.propose(session, data=body, actor=actor, now=utcnow())
    audit.object_id = str(listing.id)
    return listing_views.listing_view(session, listing_id=listing.id or 0)


@router.get("/listings", tags=_OFFICIAL, dependencies=[allow(Action.LISTING_READ)])
def list_listings(
    session: SessionDep,
    state: ListingState | None = None,
    limit: Annotated[int, Query(ge=1, le=get_settings().page_size_max)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> ListingPage:
    """Listing cases in any state (proposed and under appeal included), newest first."""
    return listing_views.listings_page(session, state=state, limit=limit, offset=offset)


@router.get("/listings/{listing_id}", tags=_OFFICIAL, dependencies=[allow(Action.LISTING_READ)])
def read_listing(session: SessionDep, listing_id: int) -> ListingRead:
    """A listing case with its grounds, listed persons and every step."""
    return listing_views.listing_view(session, listing_id=listing_id)


@router.post("/listings/{listing_id}/notice", tags=_OFFICIAL, dependencies=[allow(Action.LISTING_PROCESS)])
def serve_notice(session: SessionDep, actor: ActorDep, listing_id: int, body: NoticeIn) -> ListingRead:
    """Record the notice served on the company; its response deadline follows (21 days by default)."""
    listings.serve_notice(session, listing_id=listing_id, notice=body, actor=actor, now=utcnow())
    return listing_views.listing_view(session, listing_id=listing_id)


@router.post("/listings/{listing_id}/responses", tags=_OFFICIAL, dependencies=[allow(Action.LISTING_PROCESS)])
def record_response(session: SessionDep, actor: ActorDep, listing_id: int, body: ResponseIn) -> ListingRead:
    """Record the company's response or appeal."""
    listings.record_response(session, listing_id=listing_id, response=body, actor=actor, now=utcnow())
    return listing_views.listing_view(session, listing_id=listing_id)


@router.post("/listings/{listing_id}/decision", tags=_OFFICIAL, dependencies=[allow(Action.LISTING_DECIDE)])
def decide(session: SessionDep, actor: ActorDep, listing_id: int, body: DecisionIn) -> ListingRead:
    """List (someone other than the proposer, after the deadline) or dismiss."""
    listings.decide(session, listing_id=listing_id, decision=body, actor=actor, now=utcnow())
    return listing_views.listing_view(session, listing_id=listing_id)


@router.post("/listings/{listing_id}/lift", tags=_OFFICIAL, dependencies=[allow(Action.LISTING_DECIDE)])
def lift(session: SessionDep, actor: ActorDep, listing_id: int, body: LiftIn) -> ListingRead:
    """End a listing early, with the reason (lifted, or an appeal won)."""
    listings.lift(session, listing_id=listing_id, lifting=body, actor=actor, now=utcnow())
    return listing_views.listing_view(session, listing_id=listing_id)


@router.post("/listings/{listing_id}/extend", tags=_OFFICIAL, dependencies=[allow(Action.LISTING_DECIDE)])
def extend(session: SessionDep, actor: ActorDep, listing_id: int, body: ExtendIn) -> ListingRead:
    """Keep a company listed until a later day."""
    listings.extend(session, listing_id=listing_id, extension=body, actor=actor, now=utcnow())
    return listing_views.listing_view(session, listing_id=listing_id)


@router.get("/companies/{company_id}/links", tags=_OFFICIAL, dependencies=[allow(Action.LINK_READ)])
def company_links(session: SessionDep, company_id: int) -> list[LinkRead]:
    """Ties of a company to listed or proposed companies (shared officers, phones, addresses, names)."""
    return links.links_view(session, company_id=company_id)


@router.get("/blacklist", tags=_PUBLIC, response_class=Response, dependencies=_PUBLIC_RULE)
def current_list(session: SessionDep) -> Response:
    """The current public list: the JSON file of the newest signed version."""
    content = publications.current_list(session)
    return Response(content, media_type="application/json")


@router.get("/blacklist/versions", tags=_PUBLIC, dependencies=_PUBLIC_RULE)
def list_versions(
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=get_settings().page_size_max)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    """Every published version, newest first."""
    items, total = publications.versions_page(session, limit=limit, offset=offset)
    return {"items": [item.model_dump(mode="json") for item in items], "total": total}


@router.get("/blacklist/versions/{version}", tags=_PUBLIC, dependencies=_PUBLIC_RULE)
def read_version(session: SessionDep, version: int) -> VersionDetail:
    """One version: its signed manifest, signature and files."""
    return publications.version_detail(session, version=version, url_prefix=VERSIONS_URL)


@router.get(
    "/blacklist/versions/{version}/files/{name}",
    tags=_PUBLIC,
    response_class=Response,
    dependencies=_PUBLIC_RULE,
)
def read_version_file(session: SessionDep, version: int, name: FileName) -> Response:
    """One file of a version, byte for byte as signed."""
    content = publications.version_file(session, version=version, name=name)
    media = _MEDIA.get(name[name.rfind(".") :], "application/json")
    return Response(
        content, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@router.get("/blacklist/changes", tags=_PUBLIC, dependencies=_PUBLIC_RULE)
def changes(
    session: SessionDep,
    since: Annotated[int, Query(ge=0, description="the last version you hold (0 for everything)")] = 0,
    after: Annotated[int, Query(ge=0, description="`next_after` of the previous page")] = 0,
    limit: Annotated[int, Query(ge=1, le=5000)] = 1000,
) -> ChangeFeed:
    """Entries added, removed (with the reason) and changed after version SINCE, oldest first."""
    return publications.change_feed(session, since=since, after=after, limit=limit)


@router.get("/blacklist/public-key", tags=_PUBLIC, response_class=Response, dependencies=_PUBLIC_RULE)
def public_key() -> Response:
    """The Ed25519 public key (PEM) that signs every manifest.json."""
    return Response(load_secrets(get_settings()).public_key_pem(), media_type="application/x-pem-file")
