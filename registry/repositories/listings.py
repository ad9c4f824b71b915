"""Queries over listings, their grounds, events, listed persons and company links."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import func
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from registry.models.company import Company, CompanyName, CompanyPhone
from registry.models.complaint import Complaint
from registry.models.inspection import Finding, Inspection
from registry.models.listing import (
    OPEN_STATES,
    CompanyLink,
    ListedPerson,
    Listing,
    ListingEvent,
    ListingGround,
    ListingState,
)
from registry.models.officer import CompanyOfficer, Officer
from registry.models.publication import Publication

_OPEN = [s.value for s in OPEN_STATES]
_IN_CHUNK = 5000


def get(session: Session, listing_id: int) -> Listing | None:
    """The listing, or None."""
    return session.get(Listing, listing_id)


def get_for_update(session: Session, listing_id: int) -> Listing | None:
    """The listing, its row locked until the transaction ends (where supported)."""
    return session.exec(select(Listing).where(Listing.id == listing_id).with_for_update()).first()


def open_for_company(session: Session, company_id: int) -> Listing | None:
    """The company's listing that is proposed, pending or in force, if any."""
    query = select(Listing).where(Listing.company_id == company_id, col(Listing.state).in_(_OPEN))
    return session.exec(query.order_by(col(Listing.id).desc())).first()


def page(session: Session, *, state: str | None, limit: int, offset: int) -> tuple[Sequence[Listing], int]:
    """One page of listings (in one state, or all), newest first, and the total."""
    query = select(Listing)
    if state is not None:
        query = query.where(Listing.state == state)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    items = session.exec(query.order_by(col(Listing.id).desc()).limit(limit).offset(offset)).all()
    return items, total


def grounds_of(session: Session, listing_id: int) -> Sequence[ListingGround]:
    """The grounds of a listing, in the order given."""
    query = select(ListingGround).where(ListingGround.listing_id == listing_id)
    return session.exec(query.order_by(col(ListingGround.id))).all()


def add_event(
    session: Session,
    listing: Listing,
    *,
    action: str,
    before: str | None,
    to: str,
    actor: str,
    at: datetime,
    reason: str,
    detail: dict[str, Any] | None = None,
) -> None:
    """Append one step to LISTING's history (never updated or deleted)."""
    session.add(
        ListingEvent(
            listing_id=listing.id or 0,
            action=action,
            from_state=before,
            to_state=to,
            actor=actor,
            at=at,
            reason=reason,
            detail=detail or {},
        )
    )


def events_of(session: Session, listing_id: int) -> Sequence[ListingEvent]:
    """Every step of a listing, oldest first."""
    query = select(ListingEvent).where(ListingEvent.listing_id == listing_id)
    return session.exec(query.order_by(col(ListingEvent.id))).all()


def persons_of(session: Session, listing_ids: Sequence[int]) -> dict[int, list[tuple[ListedPerson, Officer]]]:
    """The listed persons of each listing, with the officer."""
    result: dict[int, list[tuple[ListedPerson, Officer]]] = {lid: [] for lid in listing_ids}
    if not listing_ids:
        return result
    query = (
        select(ListedPerson, Officer)
        .join(Officer, col(Officer.id) == ListedPerson.officer_id)
        .where(col(ListedPerson.listing_id).in_(listing_ids))
        .order_by(col(ListedPerson.id))
    )
    for person, officer in session.exec(query).all():
        result[person.listing_id].append((person, officer))
    return result


def finding_companies(session: Session, finding_ids: Sequence[int]) -> dict[int, int | None]:
    """The company each finding's inspection concerned, for the findings that exist."""
    query = (
        sa.select(col(Finding.id), col(Inspection.company_id))
        .join(Inspection, col(Inspection.id) == Finding.inspection_id)
        .where(col(Finding.id).in_(finding_ids))
    )
    return {int(fid): cid for fid, cid in session.execute(query).all()}


def complaint_companies(session: Session, complaint_ids: Sequence[int]) -> dict[int, int | None]:
    """The company each complaint concerns, for the complaints that exist."""
    query = sa.select(col(Complaint.id), col(Complaint.company_id)).where(
        col(Complaint.id).in_(complaint_ids)
    )
    return {int(cid): company for cid, company in session.execute(query).all()}


def names_by_kind(session: Session, company_ids: Sequence[int]) -> dict[int, list[tuple[str, str]]]:
    """(text, kind) of every name of these companies, without loading ORM objects (publications)."""
    result: dict[int, list[tuple[str, str]]] = {cid: [] for cid in company_ids}
    for start in range(0, len(company_ids), _IN_CHUNK):
        query = sa.select(col(CompanyName.company_id), col(CompanyName.text), col(CompanyName.kind)).where(
            col(CompanyName.company_id).in_(company_ids[start : start + _IN_CHUNK])
        )
        for company_id, text, kind in session.execute(query).all():
            result[int(company_id)].append((str(text), str(kind)))
    return result


def due_to_expire(session: Session, today: date) -> Sequence[Listing]:
    """Listings in force whose last day is before TODAY."""
    query = select(Listing).where(Listing.state == ListingState.LISTED, col(Listing.ends_on) < today)
    return session.exec(query.order_by(col(Listing.id))).all()


def deadlines_passed(session: Session, today: date) -> Sequence[Listing]:
    """Served notices whose response deadline is before TODAY and not yet flagged."""
    query = select(Listing).where(
        Listing.state == ListingState.NOTICE_SERVED,
        col(Listing.response_deadline) < today,
        col(Listing.deadline_passed_on).is_(None),
    )
    return session.exec(query.order_by(col(Listing.id))).all()


def in_force(session: Session, today: date) -> Sequence[tuple[Listing, Company]]:
    """Listings in force on TODAY with their companies, by listing id."""
    query = (
        select(Listing, Company)
        .join(Company, col(Company.id) == Listing.company_id)
        .where(Listing.state == ListingState.LISTED, col(Listing.ends_on) >= today)
        .order_by(col(Listing.id))
    )
    return session.exec(query).all()


def last_event_id(session: Session) -> int:
    """The id of the newest listing step (0 before the first): the listing data's version."""
    return int(session.execute(sa.select(func.coalesce(func.max(col(ListingEvent.id)), 0))).scalar_one())


def data_versions(session: Session) -> tuple[int, int | None]:
    """In one round trip: the newest listing step id (0 before the first) and published version."""
    steps = sa.select(func.coalesce(func.max(col(ListingEvent.id)), 0)).scalar_subquery()
    published = sa.select(func.max(col(Publication.version))).scalar_subquery()
    step, version = session.execute(sa.select(steps, published)).one()
    return int(step), int(version) if version is not None else None


def watched_company_ids(session: Session) -> set[int]:
    """Companies with a listing that is proposed, pending or in force."""
    query = sa.select(col(Listing.company_id)).where(col(Listing.state).in_(_OPEN)).distinct()
    return {int(cid) for cid in session.execute(query).scalars()}


def watched_names(session: Session) -> list[tuple[int, int, str]]:
    """(name id, company id, text) of every name of a company with an open listing, by name id."""
    open_cases = sa.select(col(Listing.company_id)).where(col(Listing.state).in_(_OPEN))
    query = (
        sa.select(col(CompanyName.id), col(CompanyName.company_id), col(CompanyName.text))
        .where(col(CompanyName.company_id).in_(open_cases))
        .order_by(col(CompanyName.id))
    )
    return [(int(n), int(c), str(t)) for n, c, t in session.execute(query).all()]


def _sharing(link: Any, key: str, company_ids: Sequence[int], others: Sequence[int] | None) -> sa.Select[Any]:
    mine, theirs = aliased(link), aliased(link)
    query = (
        sa.select(mine.company_id, theirs.company_id, getattr(mine, key))
        .join(theirs, getattr(theirs, key) == getattr(mine, key))
        .where(mine.company_id.in_(company_ids), theirs.company_id != mine.company_id)
    )
    return query if others is None else query.where(theirs.company_id.in_(others))


def shared_officers(
    session: Session, company_ids: Sequence[int], others: Sequence[int] | None
) -> list[tuple[int, int, int]]:
    """(company, other company, officer id) for officers the two share (others: any when None)."""
    rows = session.execute(_sharing(CompanyOfficer, "officer_id", company_ids, others)).all()
    return sorted({(int(a), int(b), int(o)) for a, b, o in rows})


def shared_phones(
    session: Session, company_ids: Sequence[int], others: Sequence[int] | None
) -> list[tuple[int, int, str]]:
    """(company, other company, number) for phone numbers the two share (others: any when None)."""
    rows = session.execute(_sharing(CompanyPhone, "number", company_ids, others)).all()
    return sorted({(int(a), int(b), str(n)) for a, b, n in rows})


def addresses(session: Session, company_ids: Sequence[int] | None = None) -> dict[int, str]:
    """Addresses of these companies (or of every live company), for those that have one."""
    query = sa.select(col(Company.id), col(Company.address)).where(col(Company.address).is_not(None))
    if company_ids is not None:
        query = query.where(col(Company.id).in_(company_ids))
    else:
        query = query.where(col(Company.merged_into_id).is_(None))
    return {int(cid): str(text) for cid, text in session.execute(query).all()}


def existing_links(session: Session, company_ids: Sequence[int]) -> set[tuple[int, int, str, str]]:
    """(company, linked company, kind, evidence) of links already recorded for these companies."""
    query = sa.select(
        col(CompanyLink.company_id),
        col(CompanyLink.linked_company_id),
        col(CompanyLink.kind),
        col(CompanyLink.evidence),
    ).where(col(CompanyLink.company_id).in_(company_ids))
    return {(int(a), int(b), str(k), str(e)) for a, b, k, e in session.execute(query).all()}


def open_links_of(session: Session, company_id: int) -> Sequence[tuple[CompanyLink, Listing]]:
    """Links of a company to companies whose listing is proposed, pending or in force."""
    query = (
        select(CompanyLink, Listing)
        .join(Listing, col(Listing.company_id) == CompanyLink.linked_company_id)
        .where(CompanyLink.company_id == company_id, col(Listing.state).in_(_OPEN))
        .order_by(col(CompanyLink.id))
    )
    return session.exec(query).all()


def listed_officers_of(session: Session, company_id: int, today: date) -> Sequence[tuple[Officer, Listing]]:
    """Officers of the company who are listed persons of a listing in force on TODAY."""
    query = (
        select(Officer, Listing)
        .join(CompanyOfficer, col(CompanyOfficer.officer_id) == Officer.id)
        .join(ListedPerson, col(ListedPerson.officer_id) == Officer.id)
        .join(Listing, col(Listing.id) == ListedPerson.listing_id)
        .where(CompanyOfficer.company_id == company_id, Listing.state == ListingState.LISTED)
        .where(col(Listing.ends_on) >= today)
    )
    return session.exec(query).all()


def links_to_listed(session: Session) -> dict[int, int]:
    """Per company, how many distinct companies with an open listing it is linked to (for scoring)."""
    query = (
        sa.select(col(CompanyLink.company_id), func.count(func.distinct(col(CompanyLink.linked_company_id))))
        .join(Listing, col(Listing.company_id) == CompanyLink.linked_company_id)
        .where(col(Listing.state).in_(_OPEN))
        .group_by(col(CompanyLink.company_id))
    )
    return {int(company): int(count) for company, count in session.execute(query).all()}
