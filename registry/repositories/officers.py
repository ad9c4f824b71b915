"""Queries over officers and their roles in companies."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from registry.models.officer import CompanyOfficer, Officer


def by_identity(session: Session, id_type: str, id_number: str) -> Officer | None:
    """The officer holding this identity document, or None."""
    query = select(Officer).where(Officer.id_type == id_type, Officer.id_number == id_number)
    return session.exec(query).first()


def roles_of(session: Session, company_ids: Sequence[int]) -> dict[int, list[tuple[CompanyOfficer, Officer]]]:
    """Each company's officer roles with the officer, in the order they were added."""
    result: dict[int, list[tuple[CompanyOfficer, Officer]]] = {cid: [] for cid in company_ids}
    if not company_ids:
        return result
    query = (
        select(CompanyOfficer, Officer)
        .join(Officer, col(Officer.id) == CompanyOfficer.officer_id)
        .where(col(CompanyOfficer.company_id).in_(company_ids))
        .order_by(col(CompanyOfficer.id))
    )
    for link, officer in session.exec(query).all():
        result[link.company_id].append((link, officer))
    return result


def companies_sharing_officer(session: Session, officer_id: int) -> list[int]:
    """Ids of every company this officer holds a role in."""
    query = select(CompanyOfficer.company_id).where(CompanyOfficer.officer_id == officer_id).distinct()
    return list(session.exec(query).all())
