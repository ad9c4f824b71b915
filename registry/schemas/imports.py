"""What an import of a file from another authority reports."""

from __future__ import annotations

from pydantic import BaseModel


class RejectionRead(BaseModel):
    """A row that was not taken."""

    line: int
    column: str | None
    reason: str


class ImportSummaryRead(BaseModel):
    """Counts over all runs of the file, and its rejected rows (the first thousand)."""

    batch_id: int
    kind: str
    source: str
    rows_read: int
    inserted: int
    duplicates: int
    rejected: int
    already_imported: bool
    path: str
    warnings: list[str]
    rejections: list[RejectionRead]
