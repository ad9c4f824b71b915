"""The few queries a visa check makes, in Core (no ORM objects): it is the hottest path of the API.

A check used to make seven round trips through the ORM; these give the same facts in two reads and
one insert, which is most of what keeps its latency down under load (see bench/blacklist.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy import func
from sqlmodel import Session, col

from registry.models.company import Company
from registry.models.listing import (
    OPEN_STATES,
    CompanyLink,
    ListedPerson,
    Listing,
    ListingEvent,
    ListingState,
)
from registry.models.officer import CompanyOfficer, Officer
from registry.models.publication import Publication
from registry.models.risk import RiskScore
from registry.models.visa_check import VisaCheck

_OPEN = sorted(s.value for s in OPEN_STATES)


@dataclass(frozen=True)
class Subject:
    """A company as a visa check sees it: its latest score, its open listing and the data versions."""

    id: int
    external_id: str
    merged_into_id: int | None
    score: float | None
    tier: str | None
    score_computed_at: datetime | None
    listing_id: int | None
    listing_state: str | None
    listing_ends_on: date | None
    listing_seq: int
    publication_version: int | None


@dataclass(frozen=True)
class ListedOfficer:
    """An officer of the company who is a listed person of a listing in force."""

    officer_id: int
    full_name: str
    listing_id: int


@dataclass(frozen=True)
class OpenLink:
    """A tie of the company to a company whose listing is proposed, pending or in force."""

    kind: str
    linked_company_id: int


def data_versions() -> tuple[Any, Any]:
    """Scalar subqueries: the newest listing step id (0 before the first) and published version."""
    step = sa.select(func.coalesce(func.max(col(ListingEvent.id)), 0)).scalar_subquery()
    return step, sa.select(func.max(col(Publication.version))).scalar_subquery()


# The statements are built once, with bind parameters: building a select and computing its cache key
# on every call cost about as much as running it. They run on the session's connection (Core), since
# there are no ORM objects to load.
@cache
def _subject_query(by_id: bool) -> sa.Select[Any]:
    latest = (
        sa.select(col(RiskScore.id))
        .where(col(RiskScore.company_id) == Company.id)
        .order_by(col(RiskScore.computed_at).desc(), col(RiskScore.id).desc())
        .limit(1)
        .correlate(Company)
        .scalar_subquery()
    )
    open_case = (
        sa.select(col(Listing.id))
        .where(col(Listing.company_id) == Company.id, col(Listing.state).in_(_OPEN))
        .order_by(col(Listing.id).desc())
        .limit(1)
        .correlate(Company)
        .scalar_subquery()
    )
    query = (
        sa.select(
            col(Company.id),
            col(Company.external_id),
            col(Company.merged_into_id),
            col(RiskScore.score),
            col(RiskScore.tier),
            col(RiskScore.computed_at),
            col(Listing.id),
            col(Listing.state),
            col(Listing.ends_on),
            *data_versions(),
        )
        .select_from(Company)
        .outerjoin(RiskScore, col(RiskScore.id) == latest)
        .outerjoin(Listing, col(Listing.id) == open_case)
    )
    key = col(Company.id) if by_id else col(Company.external_id)
    return query.where(key == sa.bindparam("key"))


@cache
def _ties_query() -> sa.Select[Any]:
    company_id, today = sa.bindparam("company_id", type_=sa.Integer), sa.bindparam("today", type_=sa.Date)
    officers: sa.Select[Any, Any, Any, Any] = (
        sa.select(
            sa.literal(0).label("part"),
            col(Officer.id).label("a"),
            col(Listing.id).label("b"),
            col(Officer.full_name).label("text"),
        )
        .select_from(Officer)
        .join(CompanyOfficer, col(CompanyOfficer.officer_id) == Officer.id)
        .join(ListedPerson, col(ListedPerson.officer_id) == Officer.id)
        .join(Listing, col(Listing.id) == ListedPerson.listing_id)
        .where(col(CompanyOfficer.company_id) == company_id, col(Listing.state) == ListingState.LISTED.value)
        .where(col(Listing.ends_on) >= today)
    )
    links: sa.Select[Any, Any, Any, Any] = (
        sa.select(
            sa.literal(1).label("part"),
            col(CompanyLink.id).label("a"),
            col(CompanyLink.linked_company_id).label("b"),
            col(CompanyLink.kind).label("text"),
        )
        .join(Listing, col(Listing.company_id) == CompanyLink.linked_company_id)
        .where(col(CompanyLink.company_id) == company_id, col(Listing.state).in_(_OPEN))
    )
    both = sa.union_all(officers, links).subquery()
    return sa.select(both).order_by(both.c.part, both.c.a, both.c.b)


@cache
def _insert() -> sa.Insert:
    table = VisaCheck.__table__  # type: ignore[attr-defined]
    return sa.insert(table).returning(table.c.id)


def subject(
    session: Session, *, external_id: str | None = None, company_id: int | None = None
) -> Subject | None:
    """The company with this external_id (or id) and what a check needs of it, in one round trip."""
    session.flush()  # what the session.execute of the ORM would have done before reading
    by_id = company_id is not None
    query = _subject_query(by_id)
    row = session.connection().execute(query, {"key": company_id if by_id else external_id}).first()
    return None if row is None else Subject(*row)


def data_version_now(session: Session) -> tuple[int, int | None]:
    """The newest listing step id and published version, for a check that found no company."""
    step, version = session.execute(sa.select(*data_versions())).one()
    return int(step), version


def ties(session: Session, company_id: int, today: date) -> tuple[list[ListedOfficer], list[OpenLink]]:
    """Listed officers of the company (in force on TODAY) and its links to open cases, in one round trip."""
    listed: list[ListedOfficer] = []
    linked: list[OpenLink] = []
    rows = session.connection().execute(_ties_query(), {"company_id": company_id, "today": today})
    for part, a, b, text in rows.all():
        if part == 0:
            listed.append(ListedOfficer(officer_id=int(a), full_name=str(text), listing_id=int(b)))
        else:
            linked.append(OpenLink(kind=str(text), linked_company_id=int(b)))
    return listed, linked


def record(session: Session, values: dict[str, Any]) -> int:
    """Store one check (columns of visa_check) and return its id."""
    return int(session.connection().execute(_insert(), values).scalar_one())
