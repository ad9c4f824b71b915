"""What every table reader (CSV, XLSX, JSON Lines) hands on: rows of cells under checked column names."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from registry.errors import InvalidInput

# The readers' own keys: a row they could not read, and cells beyond the header.
ERROR, EXTRA = "__error__", "__extra__"
RESERVED = (ERROR, EXTRA)


@dataclass(frozen=True)
class Row:
    """One data row: its line (or sheet row) number in the file and its cells by column name."""

    line: int
    cells: dict[str, str]


@dataclass
class Table:
    """A file being read: its column names, its rows (lazily), and what was noticed on the way."""

    columns: list[str]
    rows: Iterator[Row]
    size: int
    warnings: list[str] = field(default_factory=list)
    position: list[int] = field(default_factory=lambda: [0])


def column_name(raw: str) -> str:
    """A header cell as a column name: trimmed, without a byte-order mark, lower case."""
    return raw.strip().strip("\ufeff").lower()


def checked_columns(file_name: str, columns: list[str]) -> list[str]:
    """COLUMNS, refused when a named column appears twice (one would be lost unseen) or is reserved."""
    first_at: dict[str, int] = {}
    for number, name in enumerate(columns, start=1):
        if name in RESERVED:
            raise InvalidInput(f"{file_name}: the column {name!r} is reserved by the reader; rename it")
        if name and name in first_at:
            raise InvalidInput(
                f"{file_name}: the column {name!r} appears twice (columns {first_at[name]} and {number}); "
                "keep one and send the file again"
            )
        first_at.setdefault(name, number)
    return columns


def cells_of(columns: list[str], record: list[str]) -> dict[str, str]:
    """RECORD's cells by column name; cells beyond the header are kept, joined, under EXTRA."""
    cells = {name: (record[i] if i < len(record) else "") for i, name in enumerate(columns)}
    if len(record) > len(columns):
        cells[EXTRA] = "|".join(record[len(columns) :])
    return cells


def unix_line_ends(text: str) -> str:
    """TEXT with every line break (\\r\\n, a lone \\r) written as \\n, as the CSV reader has them."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
