"""Set-based queries behind a company's chain: one query per level of partnerships, then one per fact."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy import func
from sqlmodel import Session, col, or_

from registry.models.agency import AgencyMention, ForeignAgency, Partnership
from registry.models.company import Company
from registry.models.complaint import Complaint
from registry.models.listing import OPEN_STATES, ListedPartner, Listing

_OPEN = [s.value for s in OPEN_STATES]


def edges_of(session: Session, company_ids: Collection[int], agency_ids: Collection[int]) -> Sequence[Any]:
    """Partnership rows touching any of these companies or agencies."""
    conditions = []
    if company_ids:
        conditions.append(col(Partnership.company_id).in_(sorted(company_ids)))
    if agency_ids:
        conditions.append(col(Partnership.agency_id).in_(sorted(agency_ids)))
    if not conditions:
        return []
    query = sa.select(
        col(Partnership.id),
        col(Partnership.company_id),
        col(Partnership.agency_id),
        col(Partnership.since),
        col(Partnership.until),
        col(Partnership.source),
        col(Partnership.source_ref),
    ).where(or_(*conditions))
    return session.execute(query.order_by(col(Partnership.id))).all()


def agencies(session: Session, agency_ids: Collection[int]) -> Sequence[Any]:
    """Summary columns of these agencies."""
    if not agency_ids:
        return []
    query = sa.select(
        col(ForeignAgency.id),
        col(ForeignAgency.external_id),
        col(ForeignAgency.country),
        col(ForeignAgency.name_latin),
        col(ForeignAgency.name_local),
        col(ForeignAgency.licence_no),
        col(ForeignAgency.licence_authority),
        col(ForeignAgency.status),
    ).where(col(ForeignAgency.id).in_(sorted(agency_ids)))
    return session.execute(query).all()


def companies(session: Session, company_ids: Collection[int]) -> Sequence[Any]:
    """Summary columns of these companies."""
    if not company_ids:
        return []
    query = sa.select(
        col(Company.id),
        col(Company.external_id),
        func.coalesce(col(Company.name_en), col(Company.name_ar)),
        col(Company.licence_status),
    ).where(col(Company.id).in_(sorted(company_ids)))
    return session.execute(query).all()


def _named(agency_ids: Collection[int]) -> Any:
    """(agency, complaint) pairs of complaints naming these agencies, each pair once."""
    return (
        sa.select(
            col(AgencyMention.agency_id).label("agency_id"), col(AgencyMention.complaint_id).label("cid")
        )
        .where(
            col(AgencyMention.agency_id).in_(sorted(agency_ids)), col(AgencyMention.complaint_id).is_not(None)
        )
        .distinct()
    )


def complaint_counts(session: Session, agency_ids: Collection[int]) -> Sequence[Any]:
    """(agency id, status, complaints) for complaints naming these agencies."""
    if not agency_ids:
        return []
    named = _named(agency_ids).subquery()
    query = (
        sa.select(named.c.agency_id, col(Complaint.status), func.count())
        .join(Complaint, col(Complaint.id) == named.c.cid)
        .group_by(named.c.agency_id, col(Complaint.status))
    )
    return session.execute(query).all()


def latest_complaints(session: Session, agency_ids: Collection[int], per_agency: int) -> Sequence[Any]:
    """(agency id, complaint id, received at, status, categories, company id): the newest per agency."""
    if not agency_ids or per_agency <= 0:
        return []
    named = _named(agency_ids).subquery()
    rank = (
        func.row_number()
        .over(
            partition_by=named.c.agency_id,
            order_by=(col(Complaint.received_at).desc(), col(Complaint.id).desc()),
        )
        .label("rank")
    )
    ranked = (
        sa.select(
            named.c.agency_id,
            col(Complaint.id).label("complaint_id"),
            col(Complaint.received_at),
            col(Complaint.status),
            col(Complaint.categories),
            col(Complaint.company_id),
            rank,
        )
        .join(Complaint, col(Complaint.id) == named.c.cid)
        .subquery()
    )
    query = sa.select(
        ranked.c.agency_id,
        ranked.c.complaint_id,
        ranked.c.received_at,
        ranked.c.status,
        ranked.c.categories,
        ranked.c.company_id,
    ).where(ranked.c.rank <= per_agency)
    return session.execute(query.order_by(ranked.c.agency_id, ranked.c.rank)).all()


def finding_counts(session: Session, agency_ids: Collection[int]) -> dict[int, int]:
    """Inspection findings naming each of these agencies."""
    if not agency_ids:
        return {}
    query = (
        sa.select(col(AgencyMention.agency_id), func.count(func.distinct(col(AgencyMention.finding_id))))
        .where(
            col(AgencyMention.agency_id).in_(sorted(agency_ids)), col(AgencyMention.finding_id).is_not(None)
        )
        .group_by(col(AgencyMention.agency_id))
    )
    return {int(a): int(n) for a, n in session.execute(query).all()}


def partner_listings(session: Session, agency_ids: Collection[int]) -> Sequence[Any]:
    """(agency, listing id, listing state, partner state, listed company, ends on) of listings naming them."""
    if not agency_ids:
        return []
    query = (
        sa.select(
            col(ListedPartner.agency_id),
            col(Listing.id),
            col(Listing.state),
            col(ListedPartner.state),
            col(Listing.company_id),
            col(Listing.ends_on),
        )
        .join(Listing, col(Listing.id) == ListedPartner.listing_id)
        .where(col(ListedPartner.agency_id).in_(sorted(agency_ids)))
        .order_by(col(Listing.id))
    )
    return session.execute(query).all()


def open_listings(session: Session, company_ids: Collection[int]) -> dict[int, tuple[int, str]]:
    """Per company, its newest listing that is proposed, pending or in force: (listing id, state)."""
    if not company_ids:
        return {}
    query = (
        sa.select(col(Listing.company_id), col(Listing.id), col(Listing.state))
        .where(col(Listing.company_id).in_(sorted(company_ids)), col(Listing.state).in_(_OPEN))
        .order_by(col(Listing.id))
    )
    return {int(c): (int(i), str(s)) for c, i, s in session.execute(query).all()}
