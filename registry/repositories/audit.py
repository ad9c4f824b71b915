"""Queries over the audit trail; the chain head row is the lock every writer takes."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy import func
from sqlmodel import Session, col, select

from registry.models.audit import AuditChainHead, AuditEvent

_HEAD = AuditChainHead.__table__  # type: ignore[attr-defined]
_EVENTS = AuditEvent.__table__  # type: ignore[attr-defined]
_HEAD_ID = 1
# Events fetched per round trip when verifying the whole chain.
STREAM_ROWS = 5_000


def take_turn(session: Session) -> tuple[int, str]:
    """Lock the chain head until this transaction ends; the next sequence number and the hash before it.

    The UPDATE comes first so that the lock is taken before anything is read: on PostgreSQL it holds
    the head row, and a concurrent writer's UPDATE waits and then sees this writer's committed head;
    on SQLite it takes the database's write lock (waiting up to busy_timeout).
    """
    statement = (
        sa.update(_HEAD)
        .where(_HEAD.c.id == _HEAD_ID)
        .values(seq=_HEAD.c.seq + 1)
        .returning(_HEAD.c.seq, _HEAD.c.hash)
    )
    seq, prev = session.execute(statement).one()
    return int(seq), str(prev)


def move_head(session: Session, *, seq: int, event_hash: str) -> None:
    """Name the event just added as the newest."""
    session.execute(
        sa.update(_HEAD).where(_HEAD.c.id == _HEAD_ID, _HEAD.c.seq == seq).values(hash=event_hash)
    )


def head(session: Session) -> tuple[int, str]:
    """The newest sequence number and hash the head names."""
    seq, value = session.execute(sa.select(_HEAD.c.seq, _HEAD.c.hash).where(_HEAD.c.id == _HEAD_ID)).one()
    return int(seq), str(value)


def stream(session: Session) -> Iterator[Any]:
    """Every event in chain order, fetched in batches (rows, not tracked objects)."""
    query = sa.select(_EVENTS).order_by(_EVENTS.c.seq).execution_options(yield_per=STREAM_ROWS)
    yield from session.execute(query)


def page(
    session: Session,
    *,
    actor: str | None,
    object_type: str | None,
    object_id: str | None,
    limit: int,
    offset: int,
) -> tuple[Sequence[AuditEvent], int]:
    """Events newest first, filtered, and how many match."""
    conditions = [
        column == value
        for column, value in (
            (col(AuditEvent.actor), actor),
            (col(AuditEvent.object_type), object_type),
            (col(AuditEvent.object_id), object_id),
        )
        if value is not None
    ]
    total = session.exec(select(func.count()).select_from(AuditEvent).where(*conditions)).one()
    query = (
        select(AuditEvent).where(*conditions).order_by(col(AuditEvent.seq).desc()).limit(limit).offset(offset)
    )
    return session.exec(query).all(), total
