"""Set-based inserts of new companies with their names, phones and officers (a few statements a batch)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert, tuple_
from sqlmodel import Session, select

from registry.models.company import Company, CompanyName, CompanyNameChange, CompanyPhone
from registry.models.officer import CompanyOfficer, Officer
from registry.models.types import utcnow


def insert_companies(session: Session, rows: Sequence[dict[str, Any]]) -> dict[str, int]:
    """Insert company rows; external_id -> new id."""
    table = Company.__table__  # type: ignore[attr-defined]
    result = session.execute(insert(table).returning(table.c.external_id, table.c.id), list(rows))
    return {external_id: company_id for external_id, company_id in result.all()}


def insert_names(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Insert names and log each in the name change log, as the ORM listeners do for single inserts."""
    if not rows:
        return
    names = CompanyName.__table__  # type: ignore[attr-defined]
    inserted = session.execute(insert(names).returning(names.c.id, names.c.company_id), list(rows)).all()
    now = utcnow()
    changes = [
        {"name_id": name_id, "company_id": company_id, "op": "upsert", "at": now}
        for name_id, company_id in inserted
    ]
    session.execute(insert(CompanyNameChange.__table__), changes)  # type: ignore[attr-defined]


def insert_phones(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Insert company phone rows."""
    if rows:
        session.execute(insert(CompanyPhone.__table__), list(rows))  # type: ignore[attr-defined]


def officer_ids(session: Session, identities: Sequence[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """(id_type, id_number) -> officer id, for the identities already known."""
    found: dict[tuple[str, str], int] = {}
    wanted = sorted(set(identities))
    for start in range(0, len(wanted), 1000):
        chunk = wanted[start : start + 1000]
        query = select(Officer.id_type, Officer.id_number, Officer.id).where(
            tuple_(Officer.id_type, Officer.id_number).in_(chunk)
        )
        found.update({(t, n): i or 0 for t, n, i in session.exec(query).all()})
    return found


def insert_officers(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Insert officers (people not known yet)."""
    if rows:
        session.execute(insert(Officer.__table__), list(rows))  # type: ignore[attr-defined]


def insert_roles(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Insert officer roles in companies."""
    if rows:
        session.execute(insert(CompanyOfficer.__table__), list(rows))  # type: ignore[attr-defined]
