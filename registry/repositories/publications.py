"""Queries over publications, their files and the change feed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy import func, insert
from sqlmodel import Session, col, select

from registry.models.listing import Listing
from registry.models.publication import Publication, PublicationChange, PublicationFile

_INSERT_ROWS = 2000


def latest(session: Session) -> Publication | None:
    """The newest publication, or None before the first."""
    return session.exec(select(Publication).order_by(col(Publication.version).desc()).limit(1)).first()


def latest_version(session: Session) -> int | None:
    """The newest version number, or None before the first."""
    value = session.execute(sa.select(func.max(col(Publication.version)))).scalar()
    return int(value) if value is not None else None


def by_version(session: Session, version: int) -> Publication | None:
    """The publication with this version number, or None."""
    return session.exec(select(Publication).where(Publication.version == version)).first()


def page(session: Session, *, limit: int, offset: int) -> tuple[Sequence[Publication], int]:
    """Publications newest first, and how many there are."""
    total = session.exec(select(func.count()).select_from(Publication)).one()
    query = select(Publication).order_by(col(Publication.version).desc()).limit(limit).offset(offset)
    return session.exec(query).all(), total


def file_of(session: Session, publication_id: int, name: str) -> PublicationFile | None:
    """One stored file of a publication, or None."""
    query = select(PublicationFile).where(
        PublicationFile.publication_id == publication_id, PublicationFile.name == name
    )
    return session.exec(query).first()


def file_list(session: Session, publication_id: int) -> Sequence[tuple[str, str, int]]:
    """(name, sha256, size) of each file of a publication, without the content."""
    query = (
        sa.select(col(PublicationFile.name), col(PublicationFile.sha256), col(PublicationFile.size))
        .where(col(PublicationFile.publication_id) == publication_id)
        .order_by(col(PublicationFile.name))
    )
    return [(str(n), str(s), int(b)) for n, s, b in session.execute(query).all()]


def listings_by_id(session: Session, listing_ids: Sequence[int]) -> dict[int, Listing]:
    """Listings by id, for the ids that exist."""
    if not listing_ids:
        return {}
    rows = session.exec(select(Listing).where(col(Listing.id).in_(listing_ids))).all()
    return {row.id or 0: row for row in rows}


def insert_changes(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Append change rows with Core executemany inserts, in chunks."""
    table = PublicationChange.__table__  # type: ignore[attr-defined]
    for start in range(0, len(rows), _INSERT_ROWS):
        session.execute(insert(table), list(rows[start : start + _INSERT_ROWS]))


def changes_after(session: Session, *, since: int, after: int, limit: int) -> Sequence[PublicationChange]:
    """Changes of versions after SINCE (and with ids after AFTER), oldest first."""
    query = (
        select(PublicationChange)
        .where(col(PublicationChange.version) > since, col(PublicationChange.id) > after)
        .order_by(col(PublicationChange.id))
        .limit(limit)
    )
    return session.exec(query).all()
