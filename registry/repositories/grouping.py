"""One query for the child rows of many parents, handed back parent by parent."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from sqlmodel import Session, SQLModel, col, select

Child = TypeVar("Child", bound=SQLModel)


def children_by_parent(
    session: Session, model: type[Child], parent: str, parent_ids: Sequence[int], *, order_by: str = "id"
) -> dict[int, list[Child]]:
    """Rows of MODEL whose PARENT column is in PARENT_IDS, by parent (every id present), in ORDER_BY order."""
    grouped: dict[int, list[Child]] = {parent_id: [] for parent_id in parent_ids}
    if parent_ids:
        query = (
            select(model)
            .where(col(getattr(model, parent)).in_(parent_ids))
            .order_by(col(getattr(model, order_by)))
        )
        for row in session.exec(query).all():
            grouped[getattr(row, parent)].append(row)
    return grouped
