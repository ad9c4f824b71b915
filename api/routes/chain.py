"""The recruitment chain for officials: foreign agencies, partnerships, mentions, a company's chain,
and foreign partners named in listing cases (heard like the company).

Roles (registry/access.py RULES): reads for inspector, investigator, committee and pam_officer;
agency, partnership and mention writes for pam_officer and inspector; partner steps in a listing case
as for the company's own steps (committee decides).
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import ActorDep, SessionDep
from api.errors import ERROR_RESPONSES
from api.security import allow
from registry.access import Action
from registry.models.types import utcnow
from registry.schemas.agency import (
    AgencyIn,
    AgencyPage,
    AgencyRead,
    Country,
    MentionIn,
    MentionRead,
    PartnershipIn,
    PartnershipRead,
)
from registry.schemas.blacklist import LiftIn, ListingRead, NoticeIn, ResponseIn
from registry.schemas.chain import ChainRead
from registry.schemas.listing_partner import PartnersIn
from registry.schemas.text import Line
from registry.services import agencies, chain, listing_partners, listing_views, partnerships
from registry.services.legal_time import local_date
from registry.settings import get_settings

router = APIRouter(prefix="/api/v1", responses=ERROR_RESPONSES)
_TAGS: list[str | Enum] = ["recruitment chain (officials)"]


@router.post("/agencies", dependencies=[allow(Action.AGENCY_WRITE)], status_code=201, tags=_TAGS)
def create_agency(session: SessionDep, body: AgencyIn) -> AgencyRead:
    """Register a foreign recruitment agency (names in Latin and local script, licence at home)."""
    agency = agencies.create_agency(session, data=body)
    return agencies.agency_view(session, agency_id=agency.id or 0)


@router.get("/agencies", dependencies=[allow(Action.AGENCY_READ)], tags=_TAGS)
def list_agencies(
    session: SessionDep,
    country: Country | None = None,
    name: Annotated[Line | None, Query(max_length=300)] = None,
    limit: Annotated[int, Query(ge=1, le=get_settings().page_size_max)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> AgencyPage:
    """Foreign agencies, of a country or by part of the Latin name."""
    return agencies.agencies_page(session, country=country, name=name, limit=limit, offset=offset)


@router.get("/agencies/{agency_id}", dependencies=[allow(Action.AGENCY_READ)], tags=_TAGS)
def read_agency(session: SessionDep, agency_id: int) -> AgencyRead:
    """A foreign agency with every name it is known by."""
    return agencies.agency_view(session, agency_id=agency_id)


@router.get("/agencies/{agency_id}/partnerships", dependencies=[allow(Action.AGENCY_READ)], tags=_TAGS)
def agency_partnerships(session: SessionDep, agency_id: int) -> list[PartnershipRead]:
    """The Kuwaiti offices an agency works with, per source."""
    agencies.get_agency(session, agency_id=agency_id)
    return partnerships.partnerships_view(session, agency_id=agency_id)


@router.post("/partnerships", dependencies=[allow(Action.AGENCY_WRITE)], status_code=201, tags=_TAGS)
def record_partnership(session: SessionDep, actor: ActorDep, body: PartnershipIn) -> PartnershipRead:
    """Record that an office works with an agency (PAM record, inspection contract or complaint)."""
    found, _ = partnerships.record_partnership(session, data=body, actor=actor)
    return PartnershipRead.model_validate(found)


@router.get("/companies/{company_id}/partnerships", dependencies=[allow(Action.AGENCY_READ)], tags=_TAGS)
def company_partnerships(session: SessionDep, company_id: int) -> list[PartnershipRead]:
    """The foreign agencies a company works with, per source."""
    partnerships.live_company(session, company_id)
    return partnerships.partnerships_view(session, company_id=company_id)


@router.post("/agency-mentions", dependencies=[allow(Action.AGENCY_WRITE)], status_code=201, tags=_TAGS)
def record_mention(session: SessionDep, actor: ActorDep, body: MentionIn) -> MentionRead:
    """Record the agency a complaint or an inspection finding names (by id, or written, for the matcher)."""
    return partnerships.mention_view(partnerships.record_mention(session, data=body, actor=actor))


@router.get("/companies/{company_id}/chain", dependencies=[allow(Action.AGENCY_READ)], tags=_TAGS)
def company_chain(
    session: SessionDep,
    company_id: int,
    depth: Annotated[int, Query(ge=1, le=chain.MAX_DEPTH)] = chain.DEFAULT_DEPTH,
    latest: Annotated[int, Query(ge=0, le=50)] = chain.DEFAULT_LATEST,
) -> ChainRead:
    """The company's partners with their complaints and statuses, and the offices and agencies beyond."""
    today = local_date(utcnow())
    return chain.company_chain(session, company_id=company_id, today=today, depth=depth, latest=latest)


@router.post("/listings/{listing_id}/partners", dependencies=[allow(Action.LISTING_PROPOSE)], tags=_TAGS)
def name_partners(session: SessionDep, actor: ActorDep, listing_id: int, body: PartnersIn) -> ListingRead:
    """Name foreign agencies as dealing with the company of a case not yet decided."""
    listing_partners.name_partners(session, listing_id=listing_id, data=body, actor=actor, now=utcnow())
    return listing_views.listing_view(session, listing_id=listing_id)


@router.post(
    "/listings/{listing_id}/partners/{agency_id}/notice",
    dependencies=[allow(Action.LISTING_PROCESS)],
    tags=_TAGS,
)
def serve_partner_notice(
    session: SessionDep, actor: ActorDep, listing_id: int, agency_id: int, body: NoticeIn
) -> ListingRead:
    """Record the notice served on a named partner; its own deadline follows."""
    listing_partners.serve_notice(
        session, listing_id=listing_id, agency_id=agency_id, notice=body, actor=actor, now=utcnow()
    )
    return listing_views.listing_view(session, listing_id=listing_id)


@router.post(
    "/listings/{listing_id}/partners/{agency_id}/responses",
    dependencies=[allow(Action.LISTING_PROCESS)],
    tags=_TAGS,
)
def record_partner_response(
    session: SessionDep, actor: ActorDep, listing_id: int, agency_id: int, body: ResponseIn
) -> ListingRead:
    """Record a named partner's response or appeal."""
    listing_partners.record_response(
        session, listing_id=listing_id, agency_id=agency_id, response=body, actor=actor, now=utcnow()
    )
    return listing_views.listing_view(session, listing_id=listing_id)


@router.post(
    "/listings/{listing_id}/partners/{agency_id}/lift",
    dependencies=[allow(Action.LISTING_DECIDE)],
    tags=_TAGS,
)
def lift_partner(
    session: SessionDep, actor: ActorDep, listing_id: int, agency_id: int, body: LiftIn
) -> ListingRead:
    """End a partner's listing early (the company's listing stays)."""
    listing_partners.lift(
        session, listing_id=listing_id, agency_id=agency_id, lifting=body, actor=actor, now=utcnow()
    )
    return listing_views.listing_view(session, listing_id=listing_id)
