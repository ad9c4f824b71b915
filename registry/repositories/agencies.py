"""Queries over foreign agencies, their names, partnerships and mentions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from sqlalchemy import func
from sqlmodel import Session, col, or_, select

from registry.models.agency import (
    BAD_HOME_STATUSES,
    AgencyMention,
    ForeignAgency,
    ForeignAgencyName,
    Partnership,
)
from registry.models.complaint import Complaint, ComplaintStatus
from registry.models.inspection import Finding, Inspection
from registry.models.listing import ListedPartner, Listing, ListingState, PartnerState
from registry.repositories.grouping import children_by_parent


def get(session: Session, agency_id: int) -> ForeignAgency | None:
    """The agency, or None."""
    return session.get(ForeignAgency, agency_id)


def get_many(session: Session, agency_ids: Sequence[int]) -> dict[int, ForeignAgency]:
    """Agencies by id, for the ids that exist."""
    if not agency_ids:
        return {}
    rows = session.exec(select(ForeignAgency).where(col(ForeignAgency.id).in_(sorted(set(agency_ids))))).all()
    return {a.id or 0: a for a in rows}


def by_external_id(session: Session, external_id: str) -> ForeignAgency | None:
    """The agency with this external_id, or None."""
    return session.exec(select(ForeignAgency).where(ForeignAgency.external_id == external_id)).first()


def by_licence(session: Session, country: str, licence_no: str) -> ForeignAgency | None:
    """The agency holding this licence of this country, or None."""
    query = select(ForeignAgency).where(
        ForeignAgency.country == country, ForeignAgency.licence_no == licence_no
    )
    return session.exec(query).first()


def page(
    session: Session, *, country: str | None, name: str | None, limit: int, offset: int
) -> tuple[Sequence[ForeignAgency], int]:
    """One page of agencies (of a country, or whose Latin name contains NAME), by id, and the total."""
    query = select(ForeignAgency)
    if country is not None:
        query = query.where(ForeignAgency.country == country)
    if name:
        query = query.where(func.lower(col(ForeignAgency.name_latin)).contains(name.lower()))
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    items = session.exec(query.order_by(col(ForeignAgency.id)).limit(limit).offset(offset)).all()
    return items, total


def names_of(session: Session, agency_ids: Sequence[int]) -> dict[int, list[ForeignAgencyName]]:
    """Every name of each agency, by name id."""
    return children_by_parent(session, ForeignAgencyName, "agency_id", agency_ids)


def names_version(session: Session) -> tuple[int, int, int]:
    """A fingerprint of the agency names (count, newest id, sum of ids): it moves on every change."""
    row = session.execute(
        sa.select(
            func.count(),
            func.coalesce(func.max(col(ForeignAgencyName.id)), 0),
            func.coalesce(func.sum(col(ForeignAgencyName.id)), 0),
        )
    ).one()
    return int(row[0]), int(row[1]), int(row[2])


def all_names(session: Session) -> list[tuple[int, int, str, str]]:
    """(name id, agency id, country, text) of every agency name, by name id."""
    query = (
        sa.select(
            col(ForeignAgencyName.id),
            col(ForeignAgencyName.agency_id),
            col(ForeignAgency.country),
            col(ForeignAgencyName.text),
        )
        .join(ForeignAgency, col(ForeignAgency.id) == ForeignAgencyName.agency_id)
        .order_by(col(ForeignAgencyName.id))
    )
    return [(int(n), int(a), str(c), str(t)) for n, a, c, t in session.execute(query).all()]


def partnership(
    session: Session, company_id: int, agency_id: int, source: str, source_ref: str
) -> Partnership | None:
    """The partnership recorded from this source, or None."""
    query = select(Partnership).where(
        Partnership.company_id == company_id,
        Partnership.agency_id == agency_id,
        Partnership.source == source,
        Partnership.source_ref == source_ref,
    )
    return session.exec(query).first()


def partnerships_between(session: Session, company_id: int, agency_ids: Sequence[int]) -> set[int]:
    """Which of these agencies have at least one partnership with the company."""
    if not agency_ids:
        return set()
    query = sa.select(col(Partnership.agency_id)).where(
        col(Partnership.company_id) == company_id, col(Partnership.agency_id).in_(agency_ids)
    )
    return {int(a) for a in session.execute(query).scalars()}


def partnerships_of(
    session: Session, *, company_id: int | None = None, agency_id: int | None = None
) -> Sequence[Partnership]:
    """Partnerships of a company or of an agency, oldest first."""
    query = select(Partnership)
    if company_id is not None:
        query = query.where(Partnership.company_id == company_id)
    if agency_id is not None:
        query = query.where(Partnership.agency_id == agency_id)
    return session.exec(query.order_by(col(Partnership.id))).all()


def complaint_by_ref(session: Session, ref: str) -> Complaint | None:
    """A complaint by its reference (KW-C-00000042), its id written as digits, or its follow-up code."""
    digits = ref.removeprefix("KW-C-")
    if digits.isascii() and digits.isdigit() and len(digits) <= 10 and int(digits) <= 2**31 - 1:
        return session.get(Complaint, int(digits))
    return session.exec(select(Complaint).where(Complaint.follow_up_code == ref)).first()


def inspection_by_ref(session: Session, ref: str, company_id: int | None) -> Inspection | None:
    """The inspection with this source reference (of this company when several sources share it)."""
    query = select(Inspection).where(Inspection.source_ref == ref)
    if company_id is not None:
        query = query.where(or_(Inspection.company_id == company_id, col(Inspection.company_id).is_(None)))
    return session.exec(query.order_by(col(Inspection.id))).first()


def finding_with_inspection(session: Session, finding_id: int) -> tuple[Finding, Inspection] | None:
    """The finding and the inspection it was found at, or None."""
    query = (
        select(Finding, Inspection)
        .join(Inspection, col(Inspection.id) == Finding.inspection_id)
        .where(Finding.id == finding_id)
    )
    row = session.exec(query).first()
    return (row[0], row[1]) if row is not None else None


def findings_of_inspection(session: Session, inspection_id: int, code: str | None) -> Sequence[Finding]:
    """The findings of an inspection (of one violation code when given)."""
    query = select(Finding).where(Finding.inspection_id == inspection_id)
    if code:
        query = query.where(Finding.violation_code == code)
    return session.exec(query.order_by(col(Finding.id))).all()


def partners_of_listings(session: Session, listing_ids: Sequence[int]) -> dict[int, list[ListedPartner]]:
    """The partners named in each listing, by agency id."""
    return children_by_parent(session, ListedPartner, "listing_id", listing_ids, order_by="agency_id")


def mention_by_key(session: Session, dedupe_key: str) -> AgencyMention | None:
    """The mention recorded under this key, or None."""
    return session.exec(select(AgencyMention).where(AgencyMention.dedupe_key == dedupe_key)).first()


def flagged_partner_counts(session: Session, today: date) -> dict[int, int]:
    """Per company, how many distinct agencies it works with have a bad record (for scoring).

    A bad record: listed as a partner in a listing in force, suspended, cancelled or blacklisted at
    home, or named in a substantiated complaint. Partnerships that ended before TODAY do not count.
    """
    substantiated = (
        sa.select(col(AgencyMention.agency_id))
        .join(Complaint, col(Complaint.id) == AgencyMention.complaint_id)
        .where(
            col(Complaint.status) == ComplaintStatus.SUBSTANTIATED, col(AgencyMention.agency_id).is_not(None)
        )
    )
    listed = (
        sa.select(col(ListedPartner.agency_id))
        .join(Listing, col(Listing.id) == ListedPartner.listing_id)
        .where(col(ListedPartner.state) == PartnerState.LISTED, col(Listing.state) == ListingState.LISTED)
    )
    bad = [s.value for s in BAD_HOME_STATUSES]
    query = (
        sa.select(col(Partnership.company_id), func.count(func.distinct(col(Partnership.agency_id))))
        .join(ForeignAgency, col(ForeignAgency.id) == Partnership.agency_id)
        .where(or_(col(Partnership.until).is_(None), col(Partnership.until) >= today))
        .where(
            or_(
                col(ForeignAgency.status).in_(bad),
                col(Partnership.agency_id).in_(substantiated),
                col(Partnership.agency_id).in_(listed),
            )
        )
        .group_by(col(Partnership.company_id))
    )
    return {int(company): int(count) for company, count in session.execute(query).all()}


def complaint_ids_by_source_ref(session: Session, source: str, refs: Sequence[str]) -> dict[str, int]:
    """Complaint ids of one source by the source's own reference."""
    result: dict[str, int] = {}
    for start in range(0, len(refs), 5000):
        query = sa.select(col(Complaint.source_ref), col(Complaint.id)).where(
            col(Complaint.source) == source, col(Complaint.source_ref).in_(refs[start : start + 5000])
        )
        result.update({str(ref): int(cid) for ref, cid in session.execute(query).all()})
    return result
