"""Aggregate queries for the committee's statistics, over a window of time, on both backends.

Months are counted with a CASE over the window's month boundaries (computed in Kuwait time by the
caller), which every backend runs the same way, instead of dialect-specific date functions.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from registry.models.company import Company
from registry.models.complaint import Complaint, ComplaintStatus, ComplaintStatusChange
from registry.models.import_batch import ImportBatch
from registry.models.inspection import Finding, Inspection
from registry.models.listing import GroundKind, Listing, ListingAction, ListingEvent, ListingGround
from registry.models.publication import Publication
from registry.models.violation import ViolationCode
from registry.models.visa_check import VisaCheck

DECISIONS = (ComplaintStatus.SUBSTANTIATED, ComplaintStatus.UNSUBSTANTIATED)


def _in(column: Any, start: Any, end: Any) -> sa.ColumnElement[bool]:
    return sa.and_(column >= start, column < end)


def _month_of(column: Any, bounds: Sequence[Any]) -> Any:
    """1..12: which of the twelve [bounds[i], bounds[i+1]) windows COLUMN falls in."""
    return sa.case(*((column < bounds[i + 1], i + 1) for i in range(12)), else_=None)


def _pairs(session: Session, query: Any) -> list[tuple[Any, int]]:
    return [(key, int(count)) for key, count in session.execute(query).all()]


def complaints_by(session: Session, column: str, start: datetime, end: datetime) -> list[tuple[Any, int]]:
    """Complaints received in [start, end) counted by one of their columns."""
    attribute = col(getattr(Complaint, column))
    query = (
        sa.select(attribute, func.count())
        .where(_in(col(Complaint.received_at), start, end))
        .group_by(attribute)
    )
    return _pairs(session, query)


def complaints_by_month(session: Session, bounds: Sequence[datetime]) -> list[tuple[Any, int]]:
    """Complaints counted by month; BOUNDS are the thirteen month boundaries of the year."""
    month = _month_of(col(Complaint.received_at), bounds)
    query = (
        sa.select(month, func.count())
        .where(_in(col(Complaint.received_at), bounds[0], bounds[12]))
        .group_by(month)
    )
    return _pairs(session, query)


def complaint_categories(session: Session, start: datetime, end: datetime) -> Iterator[list[str]]:
    """The category lists of the complaints received in [start, end), streamed."""
    query = select(Complaint.categories).where(_in(col(Complaint.received_at), start, end))
    for (categories,) in session.execute(query.execution_options(yield_per=5000)):
        yield list(categories or [])


def unregistered(session: Session, start: datetime, end: datetime) -> int:
    """Complaints received in [start, end) not linked to a registered company."""
    query = (
        sa.select(func.count())
        .select_from(Complaint)
        .where(_in(col(Complaint.received_at), start, end), col(Complaint.company_id).is_(None))
    )
    return int(session.execute(query).scalar_one())


def decision_times(session: Session, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """(received, first decided) of complaints received in [start, end) decided in the registry.

    A decision recorded at intake (no previous status) has no known date, so it is left out.
    """
    decided = (
        sa.select(
            col(ComplaintStatusChange.complaint_id).label("cid"),
            func.min(col(ComplaintStatusChange.at)).label("at"),
        )
        .where(
            col(ComplaintStatusChange.to_status).in_(DECISIONS),
            col(ComplaintStatusChange.from_status).is_not(None),
        )
        .group_by(col(ComplaintStatusChange.complaint_id))
        .subquery()
    )
    query = (
        sa.select(col(Complaint.received_at), decided.c.at)
        .join(decided, decided.c.cid == Complaint.id)
        .where(_in(col(Complaint.received_at), start, end))
    )
    return [(received, at) for received, at in session.execute(query).all()]


def inspections_by_outcome(session: Session, first: date, last: date) -> list[tuple[Any, int]]:
    """Inspections made from FIRST to LAST (inclusive) counted by outcome."""
    query = (
        sa.select(col(Inspection.outcome), func.count())
        .where(col(Inspection.inspected_on).between(first, last))
        .group_by(col(Inspection.outcome))
    )
    return _pairs(session, query)


def inspections_by_month(session: Session, bounds: Sequence[date]) -> list[tuple[Any, int]]:
    """Inspections counted by month; BOUNDS are the thirteen first days of the months."""
    month = _month_of(col(Inspection.inspected_on), bounds)
    query = (
        sa.select(month, func.count())
        .where(_in(col(Inspection.inspected_on), bounds[0], bounds[12]))
        .group_by(month)
    )
    return _pairs(session, query)


def inspection_totals(session: Session, first: date, last: date) -> tuple[int, int, int]:
    """(inspections, companies inspected, inspections with at least one finding) from FIRST to LAST."""
    window = col(Inspection.inspected_on).between(first, last)
    with_findings = sa.exists().where(col(Finding.inspection_id) == Inspection.id)
    query = sa.select(
        func.count(),
        func.count(sa.distinct(col(Inspection.company_id))),
        func.count().filter(with_findings),
    ).where(window)
    total, companies, found = session.execute(query).one()
    return int(total), int(companies), int(found)


def findings_by_violation(session: Session, first: date, last: date) -> list[tuple[Any, ...]]:
    """(code, title_en, title_ar, severity, findings, workers affected) of findings from FIRST to LAST."""
    query = (
        sa.select(
            col(ViolationCode.code),
            col(ViolationCode.title_en),
            col(ViolationCode.title_ar),
            col(ViolationCode.severity),
            func.count(),
            func.coalesce(func.sum(col(Finding.workers_affected)), 0),
        )
        .join(Inspection, col(Inspection.id) == Finding.inspection_id)
        .join(ViolationCode, col(ViolationCode.code) == Finding.violation_code)
        .where(col(Inspection.inspected_on).between(first, last))
        .group_by(
            col(ViolationCode.code),
            col(ViolationCode.title_en),
            col(ViolationCode.title_ar),
            col(ViolationCode.severity),
        )
        .order_by(func.count().desc(), col(ViolationCode.code))
    )
    return [tuple(row) for row in session.execute(query).all()]


def count_where(session: Session, model: Any, *conditions: Any) -> int:
    """How many rows of MODEL meet CONDITIONS."""
    query = sa.select(func.count()).select_from(model).where(*conditions)
    return int(session.execute(query).scalar_one())


def listing_moves(session: Session, first: date, last: date) -> dict[str, int]:
    """Listings proposed, started, expired, lifted and dismissed from FIRST to LAST."""
    removed = col(Listing.removed_on).between(first, last)
    return {
        "added": count_where(session, Listing, col(Listing.starts_on).between(first, last)),
        "expired": count_where(session, Listing, removed, col(Listing.removal_reason) == "expired"),
        "lifted": count_where(
            session, Listing, removed, col(Listing.removal_reason).in_(["lifted", "appeal_won"])
        ),
    }


def listings_by_month(
    session: Session, bounds: Sequence[date], column: str, *conditions: Any
) -> list[tuple[Any, int]]:
    """Listings counted by the month of one of their date columns."""
    attribute = col(getattr(Listing, column))
    month = _month_of(attribute, bounds)
    query = (
        sa.select(month, func.count())
        .where(_in(attribute, bounds[0], bounds[12]), *conditions)
        .group_by(month)
    )
    return _pairs(session, query)


def listing_events(session: Session, action: ListingAction, start: datetime, end: datetime) -> int:
    """Listing steps of one kind taken in [start, end)."""
    return count_where(
        session, ListingEvent, col(ListingEvent.action) == action, _in(col(ListingEvent.at), start, end)
    )


def in_force_on(session: Session, day: date) -> int:
    """Listings in force on DAY."""
    return count_where(
        session,
        Listing,
        col(Listing.starts_on) <= day,
        col(Listing.ends_on) >= day,
        sa.or_(col(Listing.removed_on).is_(None), col(Listing.removed_on) > day),
    )


def court_ruling_grounds(session: Session, first: date, last: date) -> int:
    """Listings started from FIRST to LAST with a court ruling among their grounds."""
    has_ruling = sa.exists().where(
        col(ListingGround.listing_id) == Listing.id, col(ListingGround.kind) == GroundKind.COURT_RULING
    )
    return count_where(session, Listing, col(Listing.starts_on).between(first, last), has_ruling)


def visa_checks_by(session: Session, start: datetime, end: datetime) -> list[tuple[Any, int]]:
    """Visa checks made in [start, end) counted by decision."""
    query = (
        sa.select(col(VisaCheck.decision), func.count())
        .where(_in(col(VisaCheck.checked_at), start, end))
        .group_by(col(VisaCheck.decision))
    )
    return _pairs(session, query)


def refusals_by_month(session: Session, bounds: Sequence[datetime]) -> list[tuple[Any, int]]:
    """Refused visa checks counted by month."""
    month = _month_of(col(VisaCheck.checked_at), bounds)
    query = (
        sa.select(month, func.count())
        .where(_in(col(VisaCheck.checked_at), bounds[0], bounds[12]), col(VisaCheck.decision) == "refuse")
        .group_by(month)
    )
    return _pairs(session, query)


def publications(session: Session, start: datetime, end: datetime) -> int:
    """Blacklist versions published in [start, end)."""
    return count_where(session, Publication, _in(col(Publication.created_at), start, end))


def companies_registered(session: Session, end: datetime) -> int:
    """Companies registered before END and not merged into another."""
    return count_where(session, Company, col(Company.created_at) < end, col(Company.merged_into_id).is_(None))


def import_sources(session: Session, start: datetime, end: datetime) -> int:
    """Distinct authorities that sent files in [start, end)."""
    query = sa.select(func.count(sa.distinct(col(ImportBatch.source)))).where(
        _in(col(ImportBatch.started_at), start, end)
    )
    return int(session.execute(query).scalar_one())


def violation_titles(session: Session) -> dict[str, tuple[str, str]]:
    """Violation code -> (English title, Arabic title)."""
    query = sa.select(col(ViolationCode.code), col(ViolationCode.title_en), col(ViolationCode.title_ar))
    return {code: (en, ar) for code, en, ar in session.execute(query).all()}


def crosstab(
    session: Session, model: Any, when: str, bounds: Sequence[Any], dims: Sequence[str], *conditions: Any
) -> list[tuple[Any, ...]]:
    """Rows of MODEL whose WHEN column falls in the year counted by DIMS ("month" or column names)."""
    column = col(getattr(model, when))
    keys = [_month_of(column, bounds) if d == "month" else col(getattr(model, d)) for d in dims]
    query = (
        sa.select(*keys, func.count()).where(_in(column, bounds[0], bounds[12]), *conditions).group_by(*keys)
    )
    return [tuple(row) for row in session.execute(query).all()]


def corridor_categories(
    session: Session, start: datetime, end: datetime
) -> Iterator[tuple[str | None, list[str]]]:
    """(corridor, categories) of the complaints received in [start, end), streamed."""
    query = select(Complaint.corridor, Complaint.categories).where(
        _in(col(Complaint.received_at), start, end)
    )
    for corridor, categories in session.execute(query.execution_options(yield_per=5000)):
        yield corridor, list(categories or [])
