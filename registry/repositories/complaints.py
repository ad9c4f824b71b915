"""Queries over complaints, their status history, complainants and the violation catalogue."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from registry.models.complaint import Complaint, ComplaintStatusChange
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
