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
    """Summary columns of these agencies, one row per listing naming them (listing columns null if none)."""
    if not agency_ids:
        return []
    query: Any = (
        sa.select(
            col(ForeignAgency.id),
            col(ForeignAgency.external_id),
            col(ForeignAgency.country),
            col(ForeignAgency.name_latin),
            col(ForeignAgency.name_local),
            col(ForeignAgency.licence_no),
            col(ForeignAgency.licence_authority),
            col(ForeignAgency.status),
            col(Listing.id).label("listing_id"),
            col(Listing.state).label("listing_state"),
            col(ListedPartner.state).label("partner_state"),
            col(Listing.company_id).label("listed_company_id"),
            col(Listing.ends_on).label("ends_on"),
        )
        .outerjoin(ListedPartner, col(ListedPartner.agency_id) == col(ForeignAgency.id))
        .outerjoin(Listing, col(Listing.id) == col(ListedPartner.listing_id))
        .where(col(ForeignAgency.id).in_(sorted(agency_ids)))
        .order_by(col(ForeignAgency.id), col(Listing.id))
    )
    return session.execute(query).all()


def companies(session: Session, company_ids: Collection[int]) -> Sequence[Any]:
    """Summary columns of these companies with their listing proposed, pending or in force, if any."""
    if not company_ids:
        return []
    open_listing = sa.and_(col(Listing.company_id) == col(Company.id), col(Listing.state).in_(_OPEN))
    query = (
        sa.select(
            col(Company.id),
            col(Company.external_id),
            func.coalesce(col(Company.name_en), col(Company.name_ar)),
            col(Company.licence_status),
            col(Listing.id),
            col(Listing.state),
        )
        .outerjoin(Listing, open_listing)
        .where(col(Company.id).in_(sorted(company_ids)))
        .order_by(col(Company.id), col(Listing.id))
    )
    return session.execute(query).all()


def mention_counts(session: Session, agency_ids: Collection[int]) -> Sequence[Any]:
    """(agency id, complaint status, mentions) naming these agencies; a null status counts findings."""
    if not agency_ids:
        return []
    query = (
        sa.select(col(AgencyMention.agency_id), col(AgencyMention.complaint_status), func.count())
        .where(col(AgencyMention.agency_id).in_(sorted(agency_ids)))
        .group_by(col(AgencyMention.agency_id), col(AgencyMention.complaint_status))
    )
    return session.execute(query).all()


def latest_complaints(session: Session, agency_ids: Collection[int], per_agency: int) -> Sequence[Any]:
    """(agency id, complaint id, received at, status, categories, company id): the newest per agency."""
    if not agency_ids or per_agency <= 0:
        return []
    newest = _newest_lateral if session.get_bind().dialect.name == "postgresql" else _newest_ranked
    picked = newest(sorted(agency_ids), per_agency)
    query = (
        sa.select(
            picked.c.agency_id,
            col(Complaint.id),
            col(Complaint.received_at),
            col(Complaint.status),
            col(Complaint.categories),
            col(Complaint.company_id),
        )
        .join(Complaint, col(Complaint.id) == picked.c.cid)
        .order_by(picked.c.agency_id, col(Complaint.received_at).desc(), col(Complaint.id).desc())
    )
    return session.execute(query).all()


def _newest_lateral(agency_ids: list[int], per_agency: int) -> Any:
    # PostgreSQL: per agency, the first N entries of the (agency, received) index, nothing more read.
    wanted = sa.select(func.unnest(sa.literal(agency_ids, sa.ARRAY(sa.Integer))).label("aid")).subquery()
    top = (
        sa.select(col(AgencyMention.complaint_id).label("cid"))
        .where(col(AgencyMention.agency_id) == wanted.c.aid, col(AgencyMention.complaint_id).is_not(None))
        .order_by(col(AgencyMention.complaint_received_at).desc(), col(AgencyMention.complaint_id).desc())
        .limit(per_agency)
        .lateral()
    )
    return (
        sa.select(wanted.c.aid.label("agency_id"), top.c.cid)
        .select_from(wanted)
        .join(top, sa.true())
        .subquery()
    )


def _newest_ranked(agency_ids: list[int], per_agency: int) -> Any:
    rank = (
        func.row_number()
        .over(
            partition_by=col(AgencyMention.agency_id),
            order_by=(
                col(AgencyMention.complaint_received_at).desc(),
                col(AgencyMention.complaint_id).desc(),
            ),
        )
        .label("rank")
    )
    ranked = (
        sa.select(
            col(AgencyMention.agency_id).label("agency_id"),
            col(AgencyMention.complaint_id).label("cid"),
            rank,
        )
        .where(col(AgencyMention.agency_id).in_(agency_ids), col(AgencyMention.complaint_id).is_not(None))
        .subquery()
    )
    return sa.select(ranked.c.agency_id, ranked.c.cid).where(ranked.c.rank <= per_agency).subquery()
