"""Queries over companies, their names and phones."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import func
from sqlmodel import Session, col, select

from registry.models.company import Company, CompanyName, CompanyPhone
from registry.repositories.grouping import children_by_parent


@dataclass(frozen=True)
class CompanyFilter:
    """Criteria for listing companies; None means any."""

    name: str | None = None
    governorate: str | None = None
    activity: str | None = None
    licence_status: str | None = None
    legal_form: str | None = None


def get(session: Session, company_id: int) -> Company | None:
    """The company with this id, or None."""
    return session.get(Company, company_id)


def get_for_update(session: Session, company_id: int) -> Company | None:
    """The company with this id, its row locked until the transaction ends (where supported)."""
    return session.exec(select(Company).where(Company.id == company_id).with_for_update()).first()


def lock(session: Session, company_ids: Iterable[int]) -> dict[int, Company]:
    """These companies (those that exist), their rows locked until the transaction ends (PostgreSQL).

    Lowest id first, so two transactions locking overlapping companies never wait on each other in a
    circle. FOR NO KEY UPDATE, the lock an UPDATE of the row takes: merges and review decisions wait
    for each other, while inserts that merely reference a company (complaints, names) do not wait.
    populate_existing: a copy already in the session may be older than the row the lock waited for.
    """
    ids = sorted(set(company_ids))
    if not ids:
        return {}
    query = (
        select(Company)
        .where(col(Company.id).in_(ids))
        .order_by(col(Company.id))
        .with_for_update(key_share=True)
        .execution_options(populate_existing=True)
    )
    return {c.id or 0: c for c in session.exec(query).all()}


def by_external_ids(session: Session, external_ids: Iterable[str]) -> dict[str, Company]:
    """Companies keyed by external_id, for the given ids that exist."""
    ids = list(set(external_ids))
    if not ids:
        return {}
    rows = session.exec(select(Company).where(col(Company.external_id).in_(ids))).all()
    return {c.external_id: c for c in rows}


def external_id_exists(session: Session, external_id: str) -> bool:
    """True when some company already uses EXTERNAL_ID."""
    return session.exec(select(Company.id).where(Company.external_id == external_id)).first() is not None


def page(session: Session, flt: CompanyFilter, *, limit: int, offset: int) -> tuple[Sequence[Company], int]:
    """One page of companies matching FLT, ordered by id, and the total count."""
    query = select(Company)
    for column, value in (
        (Company.governorate, flt.governorate),
        (Company.activity, flt.activity),
        (Company.licence_status, flt.licence_status),
        (Company.legal_form, flt.legal_form),
    ):
        if value is not None:
            query = query.where(column == value)
    if flt.name:
        named = select(CompanyName.company_id).where(col(CompanyName.key).contains(flt.name))
        query = query.where(col(Company.id).in_(named))
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    items = session.exec(query.order_by(col(Company.id)).limit(limit).offset(offset)).all()
    return items, total


def iterate_batches(session: Session, *, batch: int = 1000) -> Iterator[Sequence[Company]]:
    """Every company in id order, a batch at a time (keyset paging, so memory stays flat)."""
    last = 0
    while True:
        rows = session.exec(
            select(Company).where(col(Company.id) > last).order_by(col(Company.id)).limit(batch)
        ).all()
        if not rows:
            return
        yield rows
        last = rows[-1].id or last
        session.expunge_all()


def names_of(session: Session, company_ids: Sequence[int]) -> dict[int, list[CompanyName]]:
    """Names of each company, oldest first."""
    return children_by_parent(session, CompanyName, "company_id", company_ids)


def phones_of(session: Session, company_ids: Sequence[int]) -> dict[int, list[str]]:
    """Canonical phone numbers of each company, sorted."""
    result: dict[int, list[str]] = {cid: [] for cid in company_ids}
    if not company_ids:
        return result
    rows = session.exec(
        select(CompanyPhone)
        .where(col(CompanyPhone.company_id).in_(company_ids))
        .order_by(CompanyPhone.number)
    ).all()
    for row in rows:
        result[row.company_id].append(row.number)
    return result


class CompanyRef(NamedTuple):
    """What matching needs of a candidate company: its ids and whether it was merged into another."""

    id: int
    external_id: str
    merged_into_id: int | None


def refs(session: Session, company_ids: Sequence[int]) -> dict[int, CompanyRef]:
    """Ids and merge state of these companies, for the ids that exist (three columns, no ORM objects)."""
    if not company_ids:
        return {}
    query = select(col(Company.id), col(Company.external_id), col(Company.merged_into_id)).where(
        col(Company.id).in_(sorted(set(company_ids)))
    )
    return {int(i or 0): CompanyRef(int(i or 0), ext, merged) for i, ext, merged in session.exec(query).all()}


def get_many(session: Session, company_ids: Sequence[int]) -> dict[int, Company]:
    """Companies by id, for the ids that exist."""
    ids = list(set(company_ids))
    if not ids:
        return {}
    return {c.id or 0: c for c in session.exec(select(Company).where(col(Company.id).in_(ids))).all()}
