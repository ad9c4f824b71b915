"""Stored comparison keys: keyed names and spellings read in id order, keys rewritten, spellings merged."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

from sqlalchemy import bindparam, delete, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from registry.models.agency import ForeignAgencyName
from registry.models.company import CompanyName
from registry.models.complaint import Complaint
from registry.models.inspection import Inspection
from registry.models.mention import MatchDecision, MatchRejection, MentionStatus, NameMention
from registry.repositories.bulk import in_id_order

KeyedName = type[CompanyName] | type[ForeignAgencyName] | type[NameMention]
Keyed = KeyedName | type[MatchRejection]
# A key no name can have (keys are folded words), held for a moment so that two rows may swap keys
# without meeting on the unique constraint.
_PARKED = "#rekey#"
# Ids per IN (...) list: SQLite binds at most 32,766 parameters a statement.
_CHUNK = 1000


class StoredMention(NamedTuple):
    """What merging two spellings needs to know about each."""

    id: int
    text: str
    key: str
    status: str
    occurrences: int
    company_id: int | None


def keyed(session: Session, model: KeyedName, *, batch: int = 20_000) -> Iterator[tuple[int, str, str]]:
    """(id, text, key) of every row of MODEL, in id order."""

    def page_after(last: int) -> Any:
        query = select(model.id, model.text, model.key).where(col(model.id) > last)
        return query.order_by(col(model.id)).limit(batch)

    for row_id, text, key in in_id_order(session, page_after):
        yield row_id or 0, text, key


def mentions(session: Session) -> list[StoredMention]:
    """Every spelling with its status and count, in id order."""
    # More columns than sqlmodel's select() is typed for, so SQLAlchemy's own.
    columns = (
        NameMention.id,
        NameMention.text,
        NameMention.key,
        NameMention.status,
        NameMention.occurrences,
        NameMention.company_id,
    )
    query = sa_select(*(col(c) for c in columns)).order_by(col(NameMention.id))
    return [StoredMention(i or 0, *rest) for i, *rest in session.execute(query).all()]


def set_keys(
    session: Session, model: Keyed, changes: Sequence[tuple[int, str]], *, column: str = "key"
) -> None:
    """Give each row id of CHANGES its new key in COLUMN (parked first: rows may take each other's keys)."""
    statement = (
        update(model).where(col(model.id) == bindparam("row_id")).values({column: bindparam("new_key")})
    )
    connection = session.connection()
    parked = [{"row_id": row_id, "new_key": f"{_PARKED}{row_id}"} for row_id, _ in changes]
    final = [{"row_id": row_id, "new_key": key} for row_id, key in changes]
    for rows in (parked, final):
        if rows:
            connection.execute(statement, rows)


def merge_mentions(session: Session, *, survivor: int, merged: Sequence[int], occurrences: int) -> None:
    """Point what MERGED's spellings label at SURVIVOR, which now counts OCCURRENCES; drop MERGED."""
    for model in (Complaint, Inspection):
        session.execute(update(model).where(col(model.mention_id).in_(merged)).values(mention_id=survivor))
    session.execute(
        update(NameMention).where(col(NameMention.id) == survivor).values(occurrences=occurrences)
    )
    session.execute(delete(NameMention).where(col(NameMention.id).in_(merged)))


def reopen(session: Session, *, mention_id: int) -> None:
    """Send a spelling back to the review queue, linked to no company and decided by nobody."""
    values = {
        "status": MentionStatus.PENDING,
        "decision": MatchDecision.REVIEW,
        "company_id": None,
        "resolved_by": None,
        "resolved_at": None,
    }
    session.execute(update(NameMention).where(col(NameMention.id) == mention_id).values(values))


def rejections(session: Session) -> list[tuple[int, str, int]]:
    """(id, mention key, company id) of every remembered rejection, oldest first."""
    query = select(MatchRejection.id, MatchRejection.mention_key, MatchRejection.company_id)
    return [(i or 0, k, c) for i, k, c in session.exec(query.order_by(col(MatchRejection.id))).all()]


def delete_rejections(session: Session, ids: Sequence[int]) -> None:
    """Forget the rejections with these ids (each repeats another under its new key)."""
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        session.execute(delete(MatchRejection).where(col(MatchRejection.id).in_(chunk)))
