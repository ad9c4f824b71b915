"""Queries over court cases, their charges and defendants."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy import func
from sqlmodel import Session, col, select

from registry.models.court import CourtCase, CourtCharge, CourtDefendant
from registry.models.officer import CompanyOfficer
from registry.repositories.grouping import children_by_parent


@dataclass(frozen=True)
class PrecedentFilter:
    """Criteria of the precedents search; None means any."""

    law: str | None = None
    article: str | None = None
    outcome: str | None = None
    year: int | None = None
    final: bool | None = None


def get(session: Session, case_id: int) -> CourtCase | None:
    """The case, or None."""
    return session.get(CourtCase, case_id)


def by_number(session: Session, court: str, case_number: str) -> CourtCase | None:
    """The case of this court with this number, or None."""
    query = select(CourtCase).where(CourtCase.court == court, CourtCase.case_number == case_number)
    return session.exec(query).first()


def charges_of(session: Session, case_ids: Sequence[int]) -> dict[int, list[CourtCharge]]:
    """The charges of each case, in the order recorded."""
    return children_by_parent(session, CourtCharge, "case_id", case_ids)


def defendants_of(session: Session, case_ids: Sequence[int]) -> dict[int, list[CourtDefendant]]:
    """The defendants of each case, in the order recorded."""
    return children_by_parent(session, CourtDefendant, "case_id", case_ids)


def replace_parts(
    session: Session, case_id: int, charges: Sequence[CourtCharge], defendants: Sequence[CourtDefendant]
) -> None:
    """Replace every charge and defendant of a case with these."""
    session.execute(sa.delete(CourtCharge).where(col(CourtCharge.case_id) == case_id))
    session.execute(sa.delete(CourtDefendant).where(col(CourtDefendant.case_id) == case_id))
    session.add_all([*charges, *defendants])
    session.flush()


def precedents(
    session: Session, flt: PrecedentFilter, *, limit: int, offset: int
) -> tuple[Sequence[CourtCase], int]:
    """Ruled cases matching FLT, newest ruling first, and their total."""
    query = select(CourtCase).where(col(CourtCase.ruling_on).is_not(None))
    if flt.law is not None or flt.article is not None:
        charged = sa.select(col(CourtCharge.case_id))
        if flt.law is not None:
            charged = charged.where(col(CourtCharge.law) == flt.law)
        if flt.article is not None:
            charged = charged.where(col(CourtCharge.article) == flt.article)
        query = query.where(col(CourtCase.id).in_(charged))
    if flt.outcome is not None:
        query = query.where(CourtCase.outcome == flt.outcome)
    if flt.year is not None:
        query = query.where(col(CourtCase.ruling_on).between(date(flt.year, 1, 1), date(flt.year, 12, 31)))
    if flt.final is not None:
        query = query.where(CourtCase.is_final == flt.final)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    ordered = query.order_by(col(CourtCase.ruling_on).desc(), col(CourtCase.id).desc())
    return session.exec(ordered.limit(limit).offset(offset)).all(), total


def case_concerns_company(session: Session, case_id: int, company_id: int) -> bool:
    """True when the company, or one of its officers, is a defendant of the case."""
    officers = sa.select(col(CompanyOfficer.officer_id)).where(col(CompanyOfficer.company_id) == company_id)
    query = sa.select(func.count()).where(
        col(CourtDefendant.case_id) == case_id,
        sa.or_(
            col(CourtDefendant.company_id) == company_id,
            col(CourtDefendant.officer_id).in_(officers),
        ),
    )
    return int(session.execute(query).scalar_one()) > 0
