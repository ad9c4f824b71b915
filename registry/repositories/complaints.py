"""Queries over complaints, their status history, complainants and the violation catalogue."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import bindparam, func, or_, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from registry.models.complaint import Complainant, Complaint, ComplaintStatusChange
from registry.models.violation import ViolationCode


def by_code(session: Session, follow_up_code: str) -> Complaint | None:
    """The complaint with this follow-up code, or None."""
    return session.exec(select(Complaint).where(Complaint.follow_up_code == follow_up_code)).first()


def get(session: Session, complaint_id: int) -> Complaint | None:
    """The complaint with this id, or None."""
    return session.get(Complaint, complaint_id)


def history(session: Session, complaint_id: int) -> Sequence[ComplaintStatusChange]:
    """Status transitions of a complaint, oldest first."""
    query = (
        select(ComplaintStatusChange)
        .where(ComplaintStatusChange.complaint_id == complaint_id)
        .order_by(col(ComplaintStatusChange.id))
    )
    return session.exec(query).all()


def last_status_change(session: Session, complaint_id: int) -> datetime | None:
    """When the complaint's status last changed; an assignment (the same status again) is not a change."""
    changed = or_(
        col(ComplaintStatusChange.from_status).is_(None),
        col(ComplaintStatusChange.from_status) != col(ComplaintStatusChange.to_status),
    )
    query = select(func.max(ComplaintStatusChange.at)).where(
        col(ComplaintStatusChange.complaint_id) == complaint_id, changed
    )
    last: datetime | None = session.exec(query).one()
    return last


def catalogue(session: Session) -> dict[str, ViolationCode]:
    """Every violation code, by code."""
    return {v.code: v for v in session.exec(select(ViolationCode)).all()}


def for_company(session: Session, company_id: int, *, limit: int, offset: int) -> Sequence[Complaint]:
    """A company's complaints, newest first."""
    query = (
        select(Complaint)
        .where(Complaint.company_id == company_id)
        .order_by(col(Complaint.received_at).desc(), col(Complaint.id).desc())
        .limit(limit)
        .offset(offset)
    )
    return session.exec(query).all()


def existing_hashes(session: Session, hashes: Sequence[str]) -> set[str]:
    """Which of these content hashes are already stored."""
    if not hashes:
        return set()
    query = select(Complaint.content_hash).where(col(Complaint.content_hash).in_(list(set(hashes))))
    return set(session.exec(query).all())


class SealedIdentity(NamedTuple):
    """A complainant's encrypted fields as stored (Fernet tokens or None)."""

    id: int
    name_enc: str | None
    phone_enc: str | None
    document_enc: str | None
    nationality_enc: str | None


_SEALED = tuple(getattr(Complainant, field) for field in SealedIdentity._fields)


def complainant_count(session: Session) -> int:
    """How many complainants are stored."""
    return session.exec(select(func.count()).select_from(Complainant)).one()


def sealed_after(session: Session, *, after_id: int, limit: int) -> list[SealedIdentity]:
    """The next LIMIT complainants with an id above AFTER_ID, in id order, locked until commit."""
    # Keyset paging: each page is an index range scan, so the millionth row costs what the first did.
    query = sa_select(*(col(c) for c in _SEALED)).where(col(Complainant.id) > after_id)
    query = query.order_by(col(Complainant.id)).limit(limit).with_for_update()
    return [SealedIdentity(*row) for row in session.execute(query).all()]


def reseal(session: Session, rows: Sequence[SealedIdentity]) -> None:
    """Store ROWS' four encrypted fields over those of the complainants with their ids."""
    fields = SealedIdentity._fields[1:]
    statement = (
        update(Complainant)
        .where(col(Complainant.id) == bindparam("row_id"))
        .values({field: bindparam(f"new_{field}") for field in fields})
    )
    params = [{"row_id": row.id, **{f"new_{f}": getattr(row, f) for f in fields}} for row in rows]
    if params:
        session.connection().execute(statement, params)


def complaint_ids_of(session: Session, complainant_id: int) -> list[int]:
    """The ids of the complaints that name this complainant, lowest first."""
    query = select(Complaint.id).where(Complaint.complainant_id == complainant_id).order_by(col(Complaint.id))
    return [complaint_id for complaint_id in session.exec(query).all() if complaint_id is not None]
