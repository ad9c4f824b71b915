"""Queries behind the exports to embassies and other states; each streams or runs once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy import func
from sqlmodel import Session, col

from registry.models.agency import AgencyMention, ForeignAgency, Partnership
from registry.models.company import Company
from registry.models.complaint import Complainant, Complaint
from registry.models.export_log import ExportLog
from registry.models.listing import ListedPartner, Listing, ListingState, PartnerState

_STREAM_ROWS = 5000


def _country_agencies(country: str) -> Any:
    return sa.select(col(ForeignAgency.id)).where(col(ForeignAgency.country) == country)


def named_pairs(session: Session, country: str) -> dict[int, list[int]]:
    """Per complaint, the agencies of COUNTRY it names."""
    query = sa.select(col(AgencyMention.complaint_id), col(AgencyMention.agency_id)).where(
        col(AgencyMention.agency_id).in_(_country_agencies(country)),
        col(AgencyMention.complaint_id).is_not(None),
    )
    result: dict[int, list[int]] = {}
    for complaint_id, agency_id in session.execute(query.distinct()).all():
        result.setdefault(int(complaint_id), []).append(int(agency_id))
    return result


def partner_offices(session: Session, country: str) -> set[int]:
    """Kuwaiti offices with a partnership with an agency of COUNTRY."""
    query = sa.select(col(Partnership.company_id)).where(
        col(Partnership.agency_id).in_(_country_agencies(country))
    )
    return {int(c) for c in session.execute(query.distinct()).scalars()}


def _selected(country: str) -> Any:
    named: Any = sa.select(col(AgencyMention.complaint_id).label("cid")).where(
        col(AgencyMention.agency_id).in_(_country_agencies(country)),
        col(AgencyMention.complaint_id).is_not(None),
    )
    offices = sa.select(col(Partnership.company_id)).where(
        col(Partnership.agency_id).in_(_country_agencies(country))
    )
    from_partners: Any = sa.select(col(Complaint.id).label("cid")).where(
        col(Complaint.company_id).in_(offices), col(Complaint.corridor) == country
    )
    return sa.union(named, from_partners).subquery()


def offices_complained_of(session: Session, country: str) -> set[int]:
    """The offices that the complaints exported for COUNTRY are about."""
    selected = _selected(country)
    query = (
        sa.select(col(Complaint.company_id))
        .join(selected, selected.c.cid == col(Complaint.id))
        .where(col(Complaint.company_id).is_not(None))
        .distinct()
    )
    return {int(c) for c in session.execute(query).scalars()}


def complaints_for_country(session: Session, country: str, *, identities: bool) -> Iterator[Any]:
    """Complaints naming an agency of COUNTRY, or about an office working with one and made by a
    worker from COUNTRY; by id, streamed. Complainant columns are read only when IDENTITIES is asked
    for, and then only where a worker from COUNTRY consented: an embassy gets its own nationals'."""
    selected = _selected(country)
    consented = sa.and_(
        sa.true() if identities else sa.false(),
        col(Complaint.consent_to_share).is_(True),
        col(Complaint.corridor) == country,
        col(Complainant.id) == col(Complaint.complainant_id),
    )
    query = (
        sa.select(
            col(Complaint.id),
            col(Complaint.received_at),
            col(Complaint.channel),
            col(Complaint.reporter_type),
            col(Complaint.categories),
            col(Complaint.status),
            col(Complaint.corridor),
            col(Complaint.company_id),
            col(Complaint.consent_to_share),
            col(Complaint.complainant_id),
            col(Complainant.name_enc),
            col(Complainant.phone_enc),
            col(Complainant.document_enc),
            col(Complainant.nationality_enc),
        )
        .join(selected, selected.c.cid == col(Complaint.id))
        .outerjoin(Complainant, consented)
        .order_by(col(Complaint.id))
        .execution_options(stream_results=True, yield_per=_STREAM_ROWS)
    )
    yield from session.execute(query)


def companies_brief(session: Session, company_ids: set[int]) -> dict[int, tuple[str, str | None]]:
    """(external_id, name) of these companies."""
    result: dict[int, tuple[str, str | None]] = {}
    ids = sorted(company_ids)
    for start in range(0, len(ids), _STREAM_ROWS):
        query = sa.select(
            col(Company.id),
            col(Company.external_id),
            func.coalesce(col(Company.name_en), col(Company.name_ar)),
        ).where(col(Company.id).in_(ids[start : start + _STREAM_ROWS]))
        result.update({int(i): (str(e), n) for i, e, n in session.execute(query).all()})
    return result


def agencies_of(session: Session, country: str) -> list[ForeignAgency]:
    """Every agency of COUNTRY, by id."""
    query = (
        sa.select(ForeignAgency).where(col(ForeignAgency.country) == country).order_by(col(ForeignAgency.id))
    )
    return list(session.execute(query).scalars())


def listed_partners(session: Session, country: str, today: date) -> list[tuple[ListedPartner, Listing]]:
    """Agencies of COUNTRY listed, with the listing in force on TODAY that lists them."""
    query = (
        sa.select(ListedPartner, Listing)
        .join(Listing, col(Listing.id) == ListedPartner.listing_id)
        .where(
            col(ListedPartner.agency_id).in_(_country_agencies(country)),
            col(ListedPartner.state) == PartnerState.LISTED,
            col(Listing.state) == ListingState.LISTED,
            col(Listing.ends_on) >= today,
        )
        .order_by(col(Listing.id), col(ListedPartner.agency_id))
    )
    return [(p, listing) for p, listing in session.execute(query).all()]


def listed_offices(session: Session, company_ids: set[int], today: date) -> list[Listing]:
    """Listings in force on TODAY of these offices."""
    if not company_ids:
        return []
    query = (
        sa.select(Listing)
        .where(
            col(Listing.company_id).in_(sorted(company_ids)),
            col(Listing.state) == ListingState.LISTED,
            col(Listing.ends_on) >= today,
        )
        .order_by(col(Listing.id))
    )
    return list(session.execute(query).scalars())


def partnerships_of_companies(session: Session, company_ids: list[int]) -> list[Partnership]:
    """Every partnership of these companies, by id."""
    if not company_ids:
        return []
    query = (
        sa.select(Partnership)
        .where(col(Partnership.company_id).in_(company_ids))
        .order_by(col(Partnership.id))
    )
    return list(session.execute(query).scalars())


def export_logs(session: Session, *, limit: int, offset: int) -> tuple[list[ExportLog], int]:
    """Recorded exports, newest first, and their total."""
    total = int(session.execute(sa.select(func.count()).select_from(ExportLog)).scalar_one())
    query = sa.select(ExportLog).order_by(col(ExportLog.id).desc()).limit(limit).offset(offset)
    return list(session.execute(query).scalars()), total
