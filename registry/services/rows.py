"""What every file import shares: a row error naming its column, rejections, and the report."""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import ValidationError

from registry.services.companies import Upsert
from registry.tabular_table import ERROR, Row


@dataclass(frozen=True)
class Rejection:
    """A row that was not imported, and why."""

    line: int
    column: str | None
    reason: str


@dataclass
class ImportReport:
    """Counts of what an import did, and every rejected row."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejection] = field(default_factory=list)

    def merge(self, other: ImportReport) -> None:
        """Add another batch's counts to this report."""
        self.inserted += other.inserted
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.rejected.extend(other.rejected)

    def count(self, outcome: Upsert) -> None:
        """Count one upsert outcome."""
        setattr(self, outcome.value, getattr(self, outcome.value) + 1)


class RowError(ValueError):
    """A row cannot be read; names the column at fault when known."""

    def __init__(self, column: str | None, reason: str) -> None:
        super().__init__(reason)
        self.column = column
        self.reason = reason


def readable_cells(row: Row) -> dict[str, str]:
    """ROW's cells, or RowError with why the reader could not read it (an open quote, a row too long)."""
    if ERROR in row.cells:
        raise RowError(None, row.cells[ERROR])
    return row.cells


def row_error(exc: ValidationError) -> RowError:
    """The first validation error of a row, naming its top-level field as the column."""
    error = exc.errors()[0]
    column = str(error["loc"][0]) if error["loc"] else None
    return RowError(column, str(error["msg"]).removeprefix("Value error, "))
