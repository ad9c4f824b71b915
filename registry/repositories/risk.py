"""Queries behind risk scoring: events streamed for the scorer, score history, model versions."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from typing import Any, TypeAlias

import sqlalchemy as sa
from sqlalchemy import Row, Select, and_, exists, func, insert, or_, union
from sqlalchemy.orm import aliased
from sqlalchemy.sql import Executable
from sqlmodel import Session, col, select

from registry.models.company import Company, CompanyPhone, LicenceStatus
from registry.models.complaint import Complaint
from registry.models.inspection import Finding, Inspection
from registry.models.listing import OPEN_STATES, CompanyLink, Listing
from registry.models.officer import CompanyOfficer
from registry.models.risk import RiskModelVersion, RiskScore

# A result row of any width; unpacked by position or read by column name.
AnyRow: TypeAlias = Row[*tuple[Any, ...]]
# Rows fetched per round trip when streaming a million events; large enough that latency is noise.
STREAM_ROWS = 20_000
INSERT_ROWS = 5_000
_IN_CHUNK = 1_000
# Up to this many companies, events are filtered in SQL; beyond, reading everything is as fast and an IN
# list would approach the driver's limit of 65,535 parameters.
MAX_FILTERED = 10_000
# Rows made by one insert get created_at and updated_at microseconds apart; a later change to a
# complaint (a decision in the registry's own workflow) moves updated_at by much more than this.
SAME_WRITE = timedelta(minutes=1)
# "Listed" until the blacklist exists: companies whose licence the authority cancelled or suspended.
LISTED_STATUSES = (LicenceStatus.CANCELLED.value, LicenceStatus.SUSPENDED.value)


def _stream(session: Session, query: Executable) -> Iterator[AnyRow]:
    # Through the Core connection: the ORM's row handling would triple the time for plain columns.
    yield from session.connection().execute(query.execution_options(yield_per=STREAM_ROWS))


def company_rows(session: Session) -> Sequence[AnyRow]:
    """Every company: id, licence status, licence issue date, sponsored workers, merged into."""
    query = sa.select(
        col(Company.id),
        col(Company.licence_status),
        col(Company.licence_issued),
        col(Company.sponsored_workers),
        col(Company.merged_into_id),
    )
    return session.execute(query).all()


def _is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _utc_day(session: Session, column: Any) -> Any:
    """The UTC day of a timestamp, computed by the database: a million dates load faster than datetimes."""
    if _is_postgres(session):
        return func.date(func.timezone("UTC", column), type_=sa.Date)
    return func.date(column, type_=sa.Date)  # SQLite keeps UTC wall time (see UTCDateTime)


def _changed_later(session: Session) -> Any:
    """True where a complaint was changed well after it was stored: a decision in the registry's workflow."""
    updated, created = col(Complaint.updated_at), col(Complaint.created_at)
    if _is_postgres(session):
        later = sa.type_coerce(created, sa.DateTime(timezone=True)) + sa.literal(SAME_WRITE, sa.Interval())
        return sa.type_coerce(updated, sa.DateTime(timezone=True)) > later
    return func.julianday(updated) - func.julianday(created) > SAME_WRITE.total_seconds() / 86_400


def complaint_rows(session: Session, *, only: Sequence[int] | None = None) -> Iterator[AnyRow]:
    """Complaints about known companies (or only these): company, received day, categories (JSON text),
    status, reporter, day of the last change, and whether that change came after the complaint was stored."""
    query = sa.select(
        col(Complaint.company_id),
        _utc_day(session, col(Complaint.received_at)),
        sa.cast(col(Complaint.categories), sa.Text),
        col(Complaint.status),
        col(Complaint.reporter_key),
        _utc_day(session, col(Complaint.updated_at)),
        _changed_later(session),
    ).where(col(Complaint.company_id).is_not(None))
    if only is not None:
        query = query.where(col(Complaint.company_id).in_(only))
    return _stream(session, query)


def inspection_rows(session: Session, *, only: Sequence[int] | None = None) -> Iterator[AnyRow]:
    """Inspections of known companies (or only these): id, company, date."""
    query = sa.select(col(Inspection.id), col(Inspection.company_id), col(Inspection.inspected_on)).where(
        col(Inspection.company_id).is_not(None)
    )
    if only is not None:
        query = query.where(col(Inspection.company_id).in_(only))
    return _stream(session, query)


def finding_rows(session: Session, *, only: Sequence[int] | None = None) -> Iterator[AnyRow]:
    """Findings (of inspections of only these companies): inspection id, code, severity, workers affected."""
    query = sa.select(
        col(Finding.inspection_id),
        col(Finding.violation_code),
        col(Finding.severity),
        col(Finding.workers_affected),
    )
    if only is not None:
        query = query.join(Inspection, col(Inspection.id) == Finding.inspection_id).where(
            col(Inspection.company_id).in_(only)
        )
    return _stream(session, query)


def corridor_counts(session: Session) -> Sequence[AnyRow]:
    """How many complaints about each company came from each corridor of origin (for fairness reports)."""
    query = (
        sa.select(col(Complaint.company_id), col(Complaint.corridor), func.count())
        .where(col(Complaint.company_id).is_not(None), col(Complaint.corridor).is_not(None))
        .group_by(col(Complaint.company_id), col(Complaint.corridor))
    )
    return session.execute(query).all()


def _shared(link: Any, key: str) -> Select[Any]:
    mine, theirs = aliased(link), aliased(link)
    return (
        sa.select(mine.company_id.label("company_id"), theirs.company_id.label("other_id"))
        .join(theirs, and_(getattr(theirs, key) == getattr(mine, key), theirs.company_id != mine.company_id))
        .join(Company, col(Company.id) == theirs.company_id)
        .where(col(Company.licence_status).in_(LISTED_STATUSES))
    )


def _linked_to_open_listings() -> Any:
    open_cases = sa.select(col(Listing.company_id)).where(
        col(Listing.state).in_([s.value for s in OPEN_STATES])
    )
    return sa.select(
        col(CompanyLink.company_id).label("company_id"), col(CompanyLink.linked_company_id).label("other_id")
    ).where(col(CompanyLink.linked_company_id).in_(open_cases))


def links_to_listed(session: Session) -> dict[int, int]:
    """Per company, how many distinct listed or proposed companies (through the blacklist's links), or
    cancelled or suspended ones sharing an officer or a phone, it is tied to."""
    shared = (_shared(CompanyOfficer, "officer_id"), _shared(CompanyPhone, "number"))
    pairs = union(*shared, _linked_to_open_listings()).subquery()
    query = sa.select(pairs.c.company_id, func.count()).group_by(pairs.c.company_id)
    return {int(company): int(count) for company, count in session.execute(query).all()}


def _last_scored() -> Any:
    return (
        sa.select(col(RiskScore.company_id), func.max(col(RiskScore.computed_at)).label("last"))
        .group_by(col(RiskScore.company_id))
        .subquery()
    )


def changed_companies(session: Session) -> set[int]:
    """Live companies never scored, or whose row, complaints, inspections or merged-in companies changed
    after their last score."""
    last = _last_scored()
    merged = aliased(Company)
    newer = or_(
        last.c.last.is_(None),
        col(Company.updated_at) > last.c.last,
        exists().where(col(Complaint.company_id) == Company.id, col(Complaint.updated_at) > last.c.last),
        exists().where(col(Inspection.company_id) == Company.id, col(Inspection.created_at) > last.c.last),
        exists().where(col(merged.merged_into_id) == Company.id, col(merged.updated_at) > last.c.last),
    )
    query = (
        sa.select(col(Company.id))
        .outerjoin(last, last.c.company_id == Company.id)
        .where(col(Company.merged_into_id).is_(None), newer)
    )
    return {int(cid) for cid in session.execute(query).scalars()}


def insert_scores(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Append score rows with Core executemany inserts, in chunks."""
    table = RiskScore.__table__  # type: ignore[attr-defined]
    for start in range(0, len(rows), INSERT_ROWS):
        session.execute(insert(table), list(rows[start : start + INSERT_ROWS]))


def _ranked() -> Any:
    order = (col(RiskScore.computed_at).desc(), col(RiskScore.id).desc())
    return func.row_number().over(partition_by=col(RiskScore.company_id), order_by=order).label("rank")


def latest_for(session: Session, company_ids: Sequence[int]) -> dict[int, RiskScore]:
    """The most recent score of each of these companies (companies never scored are absent)."""
    found: dict[int, RiskScore] = {}
    wanted = sorted(set(company_ids))
    for start in range(0, len(wanted), _IN_CHUNK):
        ranked = (
            sa.select(col(RiskScore.id), _ranked())
            .where(col(RiskScore.company_id).in_(wanted[start : start + _IN_CHUNK]))
            .subquery()
        )
        query = select(RiskScore).join(ranked, ranked.c.id == RiskScore.id).where(ranked.c.rank == 1)
        found.update((s.company_id, s) for s in session.exec(query).all())
    return found


def latest_all(session: Session) -> Sequence[AnyRow]:
    """Latest score of every live company: company id, score, points, tier, computed at."""
    ranked = sa.select(
        col(RiskScore.company_id),
        col(RiskScore.score),
        col(RiskScore.points),
        col(RiskScore.tier),
        col(RiskScore.computed_at),
        _ranked(),
    ).subquery()
    query = (
        sa.select(ranked.c.company_id, ranked.c.score, ranked.c.points, ranked.c.tier, ranked.c.computed_at)
        .join(Company, col(Company.id) == ranked.c.company_id)
        .where(ranked.c.rank == 1, col(Company.merged_into_id).is_(None))
    )
    return session.execute(query).all()


def history(session: Session, company_id: int, *, limit: int) -> Sequence[RiskScore]:
    """A company's scores, newest first."""
    query = (
        select(RiskScore)
        .where(RiskScore.company_id == company_id)
        .order_by(col(RiskScore.computed_at).desc(), col(RiskScore.id).desc())
        .limit(limit)
    )
    return session.exec(query).all()


def current_model(session: Session) -> RiskModelVersion | None:
    """The model promoted last, which scoring uses."""
    query = (
        select(RiskModelVersion)
        .where(col(RiskModelVersion.promoted).is_(True))
        .order_by(col(RiskModelVersion.promoted_at).desc(), col(RiskModelVersion.id).desc())
    )
    return session.exec(query).first()


def model_version(session: Session, version: str) -> RiskModelVersion | None:
    """A stored model version by its name."""
    return session.exec(select(RiskModelVersion).where(RiskModelVersion.version == version)).first()


def add_model_version(session: Session, row: RiskModelVersion) -> RiskModelVersion:
    """Record a trained model."""
    session.add(row)
    session.flush()
    return row


def last_computed_at(session: Session) -> datetime | None:
    """When the latest score was computed."""
    return session.execute(sa.select(func.max(col(RiskScore.computed_at)))).scalar()
