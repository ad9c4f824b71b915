"""Foreign partners "dealing with" a listed company, heard through the same due process as the company.

A partner is named in the company's listing case (only an agency with a recorded partnership with
the company can be), is served its own notice with its own deadline, may respond or appeal, and can
be listed only by the decision that lists the company: by someone other than whoever named it, after
its deadline. A partner never named, never served, or still within its deadline cannot be listed;
a dismissed case releases every partner. Each step is an append-only event of the listing.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session

from registry.errors import Conflict, Forbidden, InvalidInput, NotFound
from registry.models.listing import (
    OPEN_STATES,
    ListedPartner,
    Listing,
    ListingAction,
    ListingState,
    PartnerState,
)
from registry.repositories import agencies as agency_repo
from registry.repositories import listings as listing_repo
from registry.schemas.blacklist import LiftIn, NoticeIn, PartnerRead, ResponseIn, ResponseKind
from registry.schemas.listing_partner import PartnersIn
from registry.services.legal_time import local_date

_BEFORE_DECISION = OPEN_STATES - {ListingState.LISTED}
_HEARD = frozenset({PartnerState.NOTICE_SERVED, PartnerState.RESPONDED})


def name_partners(
    session: Session, *, listing_id: int, data: PartnersIn, actor: str, now: datetime
) -> list[ListedPartner]:
    """Name agencies as dealing with the company of a case not yet decided."""
    listing = _listing(session, listing_id, _BEFORE_DECISION, "name partners in")
    return add_partners(
        session, listing=listing, agency_ids=data.agency_ids, reason=data.reason, actor=actor, now=now
    )


def add_partners(
    session: Session, *, listing: Listing, agency_ids: list[int], reason: str, actor: str, now: datetime
) -> list[ListedPartner]:
    """Add named partners to a listing (checked: each works with the company, none named twice)."""
    check_dealing(session, company_id=listing.company_id, agency_ids=agency_ids)
    named = {p.agency_id for p in partners_of(session, listing.id or 0)}
    again = sorted(set(agency_ids) & named)
    if again:
        raise Conflict(f"agency {', '.join(map(str, again))} is already named in listing {listing.id}")
    rows = [
        ListedPartner(
            listing_id=listing.id or 0,
            agency_id=agency_id,
            state=PartnerState.NAMED,
            named_by=actor,
            named_at=now,
            reason=reason,
        )
        for agency_id in sorted(set(agency_ids))
    ]
    session.add_all(rows)
    for row in rows:
        _event(session, listing, ListingAction.PARTNER_NAMED, actor, now, reason, row)
    session.flush()
    return rows


def check_dealing(session: Session, *, company_id: int, agency_ids: list[int]) -> None:
    """Refuse agencies that do not exist or have no recorded partnership with the company."""
    known = agency_repo.get_many(session, agency_ids)
    missing = sorted(set(agency_ids) - set(known))
    if missing:
        raise NotFound(f"no foreign agency with id {', '.join(map(str, missing))}")
    strangers = sorted(set(agency_ids) - agency_repo.partnerships_between(session, company_id, agency_ids))
    if strangers:
        raise InvalidInput(
            f"agency {', '.join(map(str, strangers))} has no recorded partnership with company {company_id}"
        )


def serve_notice(
    session: Session, *, listing_id: int, agency_id: int, notice: NoticeIn, actor: str, now: datetime
) -> ListedPartner:
    """Record the notice served on a named partner, and its own deadline to respond."""
    listing = _listing(session, listing_id, _BEFORE_DECISION, "serve a partner notice in")
    partner = _partner(session, listing_id, agency_id, {PartnerState.NAMED})
    served = notice.served_on or local_date(now)
    if served > local_date(now):
        raise InvalidInput("a notice cannot be recorded as served in the future")
    partner.notice_served_on, partner.response_deadline = (
        served,
        served + timedelta(days=notice.response_days),
    )
    partner.state = PartnerState.NOTICE_SERVED
    _event(session, listing, ListingAction.PARTNER_NOTICE, actor, now, notice.note, partner)
    return partner


def record_response(
    session: Session, *, listing_id: int, agency_id: int, response: ResponseIn, actor: str, now: datetime
) -> ListedPartner:
    """Record a partner's response or appeal; an appeal after listing leaves it listed until lifted."""
    listing = _listing(session, listing_id, OPEN_STATES, "record a partner response in")
    allowed = {*_HEARD, PartnerState.LISTED} if response.kind is ResponseKind.APPEAL else set(_HEARD)
    partner = _partner(session, listing_id, agency_id, allowed)
    partner.responded_on = response.received_on or local_date(now)
    if partner.state != PartnerState.LISTED:
        partner.state = PartnerState.RESPONDED
    detail = {"kind": response.kind, "received_on": partner.responded_on.isoformat()}
    _event(session, listing, ListingAction.PARTNER_RESPONSE, actor, now, response.summary, partner, detail)
    return partner


def lift(
    session: Session, *, listing_id: int, agency_id: int, lifting: LiftIn, actor: str, now: datetime
) -> ListedPartner:
    """End a partner's listing early (lifted, or its appeal won); the company's listing stays."""
    listing = _listing(session, listing_id, {ListingState.LISTED}, "lift a partner of")
    partner = _partner(session, listing_id, agency_id, {PartnerState.LISTED})
    partner.state, partner.removed_on, partner.removal_reason = (
        PartnerState.LIFTED,
        local_date(now),
        lifting.ground,
    )
    _event(session, listing, ListingAction.PARTNER_LIFTED, actor, now, lifting.reason, partner)
    return partner


def decide_partners(
    session: Session, *, listing: Listing, listed_ids: list[int], actor: str, today: date
) -> list[int]:
    """At the decision to list: list the partners it names (each heard), release the others."""
    partners = {p.agency_id: p for p in partners_of(session, listing.id or 0)}
    unknown = sorted(set(listed_ids) - set(partners))
    if unknown:
        raise InvalidInput(f"agency {', '.join(map(str, unknown))} was not named as a partner in this case")
    for agency_id in sorted(set(listed_ids)):
        _check_heard(partners[agency_id], actor, today)
    for agency_id, partner in partners.items():
        partner.state = PartnerState.LISTED if agency_id in listed_ids else PartnerState.RELEASED
    return sorted(set(listed_ids))


def release_all(session: Session, *, listing: Listing) -> None:
    """A dismissed case releases every partner named in it."""
    for partner in partners_of(session, listing.id or 0):
        partner.state = PartnerState.RELEASED


def _check_heard(partner: ListedPartner, actor: str, today: date) -> None:
    if partner.state not in _HEARD or partner.response_deadline is None:
        raise Conflict(f"agency {partner.agency_id} was never served notice; it cannot be listed")
    if today <= partner.response_deadline:
        raise Conflict(f"agency {partner.agency_id} may respond until {partner.response_deadline}")
    if partner.named_by.strip().casefold() == actor.strip().casefold():
        raise Forbidden(f"four-eyes rule: agency {partner.agency_id} was named by {partner.named_by}")


def partners_of(session: Session, listing_id: int) -> list[ListedPartner]:
    """The partners named in a listing, by agency."""
    return agency_repo.partners_of_listings(session, [listing_id])[listing_id]


def partner_reads(session: Session, listing_ids: list[int]) -> dict[int, list[PartnerRead]]:
    """The partners named in each listing, as officials see them."""
    rows = agency_repo.partners_of_listings(session, listing_ids)
    agencies = agency_repo.get_many(session, [p.agency_id for ps in rows.values() for p in ps])
    return {
        lid: [
            PartnerRead.model_validate(
                {
                    **p.model_dump(),
                    "external_id": agencies[p.agency_id].external_id,
                    "country": agencies[p.agency_id].country,
                    "name": agencies[p.agency_id].name_latin,
                }
            )
            for p in ps
        ]
        for lid, ps in rows.items()
    }


def published_partners(session: Session, listing_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The partners listed with each listing, as the public list shows them (only those listed)."""
    rows = agency_repo.partners_of_listings(session, listing_ids)
    agencies = agency_repo.get_many(session, [p.agency_id for ps in rows.values() for p in ps])
    return {
        lid: [
            {
                "agency_id": p.agency_id,
                "external_id": agencies[p.agency_id].external_id,
                "country": agencies[p.agency_id].country,
                "name": agencies[p.agency_id].name_latin,
                "name_local": agencies[p.agency_id].name_local,
                "licence_no": agencies[p.agency_id].licence_no,
                "licence_authority": agencies[p.agency_id].licence_authority,
            }
            for p in ps
            if p.state == PartnerState.LISTED
        ]
        for lid, ps in rows.items()
    }


def _listing(session: Session, listing_id: int, allowed: Any, what: str) -> Listing:
    listing = listing_repo.get_for_update(session, listing_id)
    if listing is None:
        raise NotFound(f"no listing with id {listing_id}")
    if listing.state not in allowed:
        raise Conflict(f"cannot {what} a listing that is {listing.state}")
    return listing


def _partner(session: Session, listing_id: int, agency_id: int, allowed: set[PartnerState]) -> ListedPartner:
    found = next((p for p in partners_of(session, listing_id) if p.agency_id == agency_id), None)
    if found is None:
        raise NotFound(f"agency {agency_id} is not named in listing {listing_id}")
    if found.state not in allowed:
        raise Conflict(f"partner {agency_id} of listing {listing_id} is {found.state}")
    return found


def _event(
    session: Session,
    listing: Listing,
    action: ListingAction,
    actor: str,
    now: datetime,
    reason: str,
    partner: ListedPartner,
    detail: dict[str, Any] | None = None,
) -> None:
    state = ListingState(listing.state)
    info = {"agency_id": partner.agency_id, "partner_state": partner.state, **(detail or {})}
    if partner.response_deadline is not None:
        info["response_deadline"] = partner.response_deadline.isoformat()
    listing_repo.add_event(
        session,
        listing,
        action=action,
        before=state,
        to=state,
        actor=actor,
        at=now,
        reason=reason,
        detail=info,
    )
