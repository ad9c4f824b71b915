"""Bulk reads and writes that both backends support: pages in id order, insert-or-ignore with RETURNING."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session


def insert_ignoring_conflicts(
    session: Session,
    table: Table,
    rows: Sequence[dict[str, Any]],
    *,
    conflict: Sequence[str],
    returning: Sequence[str] = (),
) -> list[tuple[Any, ...]]:
    """Insert ROWS, skipping those that collide on the CONFLICT columns; return RETURNING of inserted rows."""
    if not rows:
        return []
    dialect = sqlite if session.get_bind().dialect.name == "sqlite" else postgresql
    statement = dialect.insert(table).on_conflict_do_nothing(index_elements=list(conflict))
    if not returning:
        session.execute(statement, list(rows))
        return []
    result = session.execute(statement.returning(*(table.c[name] for name in returning)), list(rows))
    return [tuple(row) for row in result.all()]


def in_id_order(session: Session, page_after: Callable[[int], Any]) -> Iterator[Any]:
    """Every row of the query PAGE_AFTER(last id) makes, a page at a time; a row's first column is its id."""
    last = 0
    while True:
        rows = session.exec(page_after(last)).all()
        if not rows:
            return
        yield from rows
        last = rows[-1][0] or last
