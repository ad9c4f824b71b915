"""What an import of a file from another authority reports."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict


class RejectionRead(BaseModel):
    """A row that was not taken."""

    model_config = ConfigDict(from_attributes=True)

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


class ImportBatchRead(BaseModel):
    """One file received: from whom, when, how far it got and what it counted over all its runs."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    source: str
    file_name: str
    file_sha256: str
    status: str
    rows_read: int
    inserted: int
    duplicates: int
    rejected: int
    started_at: datetime
    finished_at: datetime | None
    error: str | None
    # For a running batch: whether a run works on it at this moment. False means its run stopped
    # without a word (killed, or its server went down): run the file again. None where the database
    # cannot tell (SQLite), and for a batch that is not running.
    running_now: bool | None = None


class ImportBatchPage(BaseModel):
    """A page of batches, newest first, and how many match."""

    items: list[ImportBatchRead]
    total: int


class RejectionPage(BaseModel):
    """Rejected rows of a batch in line order; ask again with after_line=next_after_line for more."""

    batch_id: int
    items: list[RejectionRead]
    next_after_line: int | None
