"""What every export shares: bytes counted and hashed as they are written, and the export log.

Every export is recorded (who, what, for which country, when, counts, SHA-256 of the bytes) in the
append-only export_log table, in the same transaction as the export's reads.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session

from registry.models.export_log import ExportKind, ExportLog
from registry.repositories import sharing as sharing_repo


class ByteSink(Protocol):
    """Anything bytes can be written to: a file, a spooled temporary file, a buffer."""

    def write(self, data: bytes, /) -> object:
        """Write DATA."""
        ...


class HashingWriter:
    """Writes to a binary stream while counting the bytes and hashing them."""

    def __init__(self, out: ByteSink) -> None:
        self._out = out
        self._hash = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> None:
        """Write DATA through."""
        self._out.write(data)
        self._hash.update(data)
        self.size += len(data)

    @property
    def sha256(self) -> str:
        """The hex SHA-256 of everything written so far."""
        return self._hash.hexdigest()


class ExportRead(BaseModel):
    """One recorded export."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    country: str | None
    actor: str
    at: datetime
    counts: dict[str, Any]
    file_name: str
    sha256: str
    size: int


class ExportPage(BaseModel):
    """A page of recorded exports."""

    items: list[ExportRead]
    total: int
    limit: int
    offset: int


def record_export(
    session: Session,
    *,
    kind: ExportKind,
    country: str | None,
    actor: str,
    at: datetime,
    counts: dict[str, Any],
    file_name: str,
    written: HashingWriter,
) -> ExportLog:
    """Append the export to the log."""
    log = ExportLog(
        kind=kind,
        country=country,
        actor=actor,
        at=at,
        counts=counts,
        file_name=file_name,
        sha256=written.sha256,
        size=written.size,
    )
    session.add(log)
    session.flush()
    return log


def exports_page(session: Session, *, limit: int, offset: int) -> ExportPage:
    """Recorded exports, newest first."""
    items, total = sharing_repo.export_logs(session, limit=limit, offset=offset)
    return ExportPage(
        items=[ExportRead.model_validate(i) for i in items], total=total, limit=limit, offset=offset
    )


def file_stamp(at: datetime) -> str:
    """A timestamp for file names (UTC, to the second)."""
    return at.strftime("%Y%m%dT%H%M%SZ")
