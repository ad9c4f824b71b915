"""Queries behind the public lookup: final listings in force and what their grounds were about."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy import and_
from sqlmodel import Session, col

from registry.models.company import Company
from registry.models.inspection import Finding
from registry.models.listing import GroundKind, Listing, ListingGround, ListingState
from registry.repositories.companies import CompanyRef


@dataclass
class GroundCounts:
    """What the grounds of one listing were: violation codes found, complaints, court rulings."""

    violation_codes: set[str] = field(default_factory=set)
    complaints: int = 0
    court_rulings: int = 0


class CompanyStanding(NamedTuple):
    """What the public is told of a company, read as plain columns (no ORM objects to build)."""

    id: int
    name_en: str | None
    name_ar: str | None
    licence_no: str | None
    licence_status: str
    licence_expires: date | None


class ListingInForce(NamedTuple):
    """A final listing in force, as the public page shows it."""

    id: int
    starts_on: date | None
    ends_on: date | None
    decision_reason: str | None


_COMPANY_COLUMNS = [col(getattr(Company, name)) for name in CompanyStanding._fields]
_LISTING_COLUMNS = [col(getattr(Listing, name)) for name in ListingInForce._fields]


def standing(
    session: Session, company_ids: Sequence[int], today: date
) -> dict[int, tuple[CompanyStanding, ListingInForce | None]]:
    """Each of these companies with its listing in force on TODAY (a final decision), if any: one query."""
    if not company_ids:
        return {}
    in_force = and_(
        col(Listing.company_id) == col(Company.id),
        col(Listing.state) == ListingState.LISTED,
        col(Listing.starts_on) <= today,
        col(Listing.ends_on) >= today,
    )
    query = (
        sa.select(*_COMPANY_COLUMNS, *_LISTING_COLUMNS)
        .select_from(Company)
        .outerjoin(Listing, in_force)
        .where(col(Company.id).in_(sorted(set(company_ids))))
        .order_by(col(Listing.id))
    )
    split = len(_COMPANY_COLUMNS)
    found: dict[int, tuple[CompanyStanding, ListingInForce | None]] = {}
    for row in session.execute(query).all():
        listing = ListingInForce(*row[split:]) if row[split] is not None else None
        found[int(row[0])] = (CompanyStanding(*row[:split]), listing)
    return found


class ListedRow(NamedTuple):
    """A final listing of a company (in force or not on a given day), as the snapshot holds it."""

    company_id: int
    listing: ListingInForce


# Read in bulk and kept as rows: building 100,000 named tuples would cost more than the reading.
_EVERY_COMPANY = sa.select(*_COMPANY_COLUMNS, col(Company.external_id), col(Company.merged_into_id))
_REF_AT = len(_COMPANY_COLUMNS)


def every_company(session: Session, *, slice_size: int) -> Iterator[Sequence[Sequence[Any]]]:
    """Every company as rows, SLICE_SIZE at a time (streamed): `standing_of` and `ref_of` read a row."""
    result = session.execute(_EVERY_COMPANY.execution_options(yield_per=slice_size))
    yield from result.partitions()


def standing_of(row: Sequence[Any]) -> CompanyStanding:
    """A company's public standing from its row of `every_company`."""
    return CompanyStanding(*row[:_REF_AT])


def ref_of(row: Sequence[Any]) -> CompanyRef:
    """A company's matching reference from its row of `every_company`."""
    return CompanyRef(row[0], row[_REF_AT], row[_REF_AT + 1])


def final_listings(session: Session) -> list[ListedRow]:
    """Every listing in the listed state, whatever its dates, oldest first."""
    query = (
        sa.select(col(Listing.company_id), *_LISTING_COLUMNS)
        .where(col(Listing.state) == ListingState.LISTED)
        .order_by(col(Listing.id))
    )
    return [ListedRow(int(row[0]), ListingInForce(*row[1:])) for row in session.execute(query).all()]


def ground_counts(session: Session, listing_ids: Sequence[int]) -> dict[int, GroundCounts]:
    """Per listing: the violation codes of its finding grounds and how many other grounds of each kind."""
    result = {listing_id: GroundCounts() for listing_id in listing_ids}
    if not listing_ids:
        return result
    query = (
        sa.select(col(ListingGround.listing_id), col(ListingGround.kind), col(Finding.violation_code))
        .outerjoin(Finding, col(Finding.id) == ListingGround.finding_id)
        .where(col(ListingGround.listing_id).in_(list(listing_ids)))
    )
    for listing_id, kind, code in session.execute(query).all():
        counts = result[int(listing_id)]
        if code is not None:
            counts.violation_codes.add(str(code))
        elif kind == GroundKind.COMPLAINT:
            counts.complaints += 1
        elif kind == GroundKind.COURT_RULING:
            counts.court_rulings += 1
    return result
