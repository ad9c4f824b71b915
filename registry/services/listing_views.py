"""What officials see of listing cases: every state, grounds, listed persons and every step."""

from __future__ import annotations

from sqlmodel import Session

from registry.errors import NotFound
from registry.models.company import Company
from registry.models.listing import Listing, ListingState
from registry.repositories import companies as company_repo
from registry.repositories import listings as listing_repo
from registry.schemas.blacklist import EventRead, GroundRead, ListingPage, ListingRead, PersonRead
from registry.services import listing_partners


def get_listing(session: Session, *, listing_id: int) -> Listing:
    """The listing, or NotFound."""
    listing = listing_repo.get(session, listing_id)
    if listing is None:
        raise NotFound(f"no listing with id {listing_id}")
    return listing


def listing_view(session: Session, *, listing_id: int) -> ListingRead:
    """A listing case with its grounds, listed persons and every step, for officials."""
    listing = get_listing(session, listing_id=listing_id)
    company = company_repo.get(session, listing.company_id)
    assert company is not None
    view = _read(listing, company)
    view.grounds = [
        GroundRead.model_validate(g, from_attributes=True)
        for g in listing_repo.grounds_of(session, listing_id)
    ]
    view.persons = [
        PersonRead(officer_id=o.id or 0, full_name=o.full_name, role=p.role)
        for p, o in listing_repo.persons_of(session, [listing_id])[listing_id]
    ]
    view.partners = listing_partners.partner_reads(session, [listing_id])[listing_id]
    view.events = [EventRead.model_validate(e) for e in listing_repo.events_of(session, listing_id)]
    return view


def listings_page(session: Session, *, state: ListingState | None, limit: int, offset: int) -> ListingPage:
    """A page of listing cases (every state, for officials), newest first."""
    items, total = listing_repo.page(session, state=state, limit=limit, offset=offset)
    companies = company_repo.get_many(session, [item.company_id for item in items])
    reads = [_read(item, companies[item.company_id]) for item in items]
    return ListingPage(items=reads, total=total, limit=limit, offset=offset)


def _read(listing: Listing, company: Company) -> ListingRead:
    return ListingRead.model_validate(
        {
            **listing.model_dump(),
            "external_id": company.external_id,
            "company_name": company.name_en or company.name_ar,
        }
    )
