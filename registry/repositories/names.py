"""Queries feeding the in-memory name index."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlmodel import Session, col, func, select

from registry.models.company import Company, CompanyName, CompanyNameChange
from registry.repositories.bulk import in_id_order


def all_live_names(session: Session, *, batch: int = 20_000) -> Iterator[tuple[int, int, str]]:
    """(name_id, company_id, text) of every name of a company not merged away, in id order."""

    def page_after(last: int) -> Any:
        return (
            select(CompanyName.id, CompanyName.company_id, CompanyName.text)
            .join(Company, col(Company.id) == CompanyName.company_id)
            .where(col(Company.merged_into_id).is_(None), col(CompanyName.id) > last)
            .order_by(col(CompanyName.id))
            .limit(batch)
        )

    for name_id, company_id, text in in_id_order(session, page_after):
        yield name_id or 0, company_id, text


def last_change(session: Session) -> int:
    """The sequence number of the newest name change (0 when there is none)."""
    return int(session.exec(select(func.coalesce(func.max(CompanyNameChange.seq), 0))).one() or 0)


def changes_since(session: Session, seq: int) -> Sequence[CompanyNameChange]:
    """Name changes after SEQ, oldest first."""
    query = (
        select(CompanyNameChange).where(col(CompanyNameChange.seq) > seq).order_by(col(CompanyNameChange.seq))
    )
    return session.exec(query).all()


def names_by_ids(session: Session, name_ids: Sequence[int]) -> dict[int, tuple[int, str]]:
    """name_id → (company_id, text) for names that still exist."""
    if not name_ids:
        return {}
    query = select(CompanyName.id, CompanyName.company_id, CompanyName.text).where(
        col(CompanyName.id).in_(name_ids)
    )
    return {name_id or 0: (company_id, text) for name_id, company_id, text in session.exec(query).all()}
