"""Every insert, move or removal of a CompanyName appends to company_name_change in the same transaction.

ORM events rather than calls in each service: a service that forgets to log would leave other
processes' name indexes stale, and this way none can forget.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, insert
from sqlalchemy.orm import Mapper

from registry.models.company import CompanyName, CompanyNameChange
from registry.models.types import utcnow

_CHANGE = CompanyNameChange.__table__  # type: ignore[attr-defined]


def _log(connection: Any, target: CompanyName, op: str) -> None:
    connection.execute(
        insert(_CHANGE).values(name_id=target.id, company_id=target.company_id, op=op, at=utcnow())
    )


@event.listens_for(CompanyName, "after_insert")
def _after_insert(_mapper: Mapper[CompanyName], connection: Any, target: CompanyName) -> None:
    _log(connection, target, "upsert")


@event.listens_for(CompanyName, "after_update")
def _after_update(_mapper: Mapper[CompanyName], connection: Any, target: CompanyName) -> None:
    _log(connection, target, "upsert")


@event.listens_for(CompanyName, "after_delete")
def _after_delete(_mapper: Mapper[CompanyName], connection: Any, target: CompanyName) -> None:
    _log(connection, target, "delete")
