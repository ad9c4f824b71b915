"""Queries over company history events."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from registry.models.history import CompanyEvent


def events_of(session: Session, company_id: int) -> Sequence[CompanyEvent]:
    """A company's identity events, oldest first."""
    query = select(CompanyEvent).where(CompanyEvent.company_id == company_id).order_by(col(CompanyEvent.id))
    return session.exec(query).all()
