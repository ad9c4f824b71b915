"""Reading and writing tabular files: CSV in any encoding Kuwaiti offices send, XLSX (tabular_xlsx) and
JSON Lines, dates as senders write them, safe CSV cells."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator
from datetime import date
from enum import StrEnum
from itertools import chain
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from registry import tabular_records
from registry.errors import InvalidInput
from registry.tabular_records import (
    FALLBACK_ENCODING as FALLBACK_ENCODING,
)
from registry.tabular_records import (
    Record,
    bounded_lines,
    byte_pieces,
    csv_records,
    utf16_pieces,
)
from registry.tabular_table import (
    ERROR,
    RESERVED,
    Row,
    Table,
    cells_of,
    checked_columns,
    column_name,
    unix_line_ends,
)
from registry.tabular_xlsx import open_xlsx

__all__ = [
    "FALLBACK_ENCODING",
    "MAX_CELL_CHARS",
    "DateOrder",
    "Row",
    "RowWriter",
    "Table",
    "open_table",
    "parse_date",
    "safe_cell",
    "write_csv_header",
    "write_csv_row",
    "write_csv_rows",
]
MAX_CELL_CHARS = 100_000
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def open_table(path: Path) -> Table:
    """Open a CSV or XLSX file for streaming; refuse other formats with a clear message."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return open_xlsx(path)
    if suffix in {".csv", ".txt", ".tsv"}:
        return _open_csv(path)
    if suffix in {".jsonl", ".ndjson"}:
        return _open_jsonl(path)
    raise InvalidInput(f"{path.name}: unsupported file type {suffix or '(none)'}; use .csv, .xlsx or .jsonl")


def _open_csv(path: Path) -> Table:
    handle = path.open("rb")
    try:
        pieces, warnings = _csv_pieces(handle)
        first = next(pieces, None)
        if first is None:
            raise InvalidInput(f"{path.name}: the file is empty")
        delimiter = _delimiter(path, first, warnings)
        records = csv_records(chain([first], pieces), delimiter)
        header = next(records, None)
        if header is None:  # a byte-order mark and nothing else
            raise InvalidInput(f"{path.name}: the file is empty")
        if header.too_long_at is not None or header.open_quote_line is not None:
            raise InvalidInput(f"{path.name}: the header line cannot be read (an open quote, or too long)")
        columns = checked_columns(path.name, [column_name(c) for c in header.cells])
    except BaseException:
        handle.close()
        raise
    table = Table(columns, iter(()), path.stat().st_size, warnings, [0])
    table.rows = _csv_rows(records, columns, handle, table)
    return table


def _csv_pieces(handle: BinaryIO) -> tuple[Iterator[str], list[str]]:
    head = handle.read(4)
    handle.seek(0)
    warnings: list[str] = []
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return utf16_pieces(handle), warnings
    return byte_pieces(handle, warnings, skip_bom=head.startswith(b"\xef\xbb\xbf")), warnings


def _delimiter(path: Path, header: str, warnings: list[str]) -> str:
    """A comma, unless the header line has none but tabs or semicolons (Excel's "Unicode text", locales)."""
    if path.suffix.lower() == ".tsv":
        return "\t"
    if "," in header:
        return ","
    for delimiter, name in (("\t", "tabs"), (";", "semicolons")):
        if delimiter in header:
            warnings.append(f"the header has no commas: the file was read as separated by {name}")
            return delimiter
    return ","


def _csv_rows(records: Iterator[Record], columns: list[str], handle: BinaryIO, table: Table) -> Iterator[Row]:
    width = len(columns)
    try:
        for record in records:
            table.position[0] = handle.tell() if not handle.closed else table.size
            if record.too_long_at is not None or record.open_quote_line is not None:
                yield _unreadable(record, columns, table)
                continue
            cells = record.cells
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > width and not any(c.strip() for c in cells[width:]):
                cells = cells[:width]
            yield Row(record.last_line, cells_of(columns, cells))
    finally:
        handle.close()


def _unreadable(record: Record, columns: list[str], table: Table) -> Row:
    """A row carrying why its record was not read; it names lines and columns, never the text."""
    if record.open_quote_line is not None:
        opened = record.open_quote_line
        reason = (
            f"a quoted cell opened on line {opened} is never closed, so lines {opened}-{record.last_line} "
            "(the rest of the file) were not imported; close the quote and import the file again"
        )
        table.warnings.append(f"line {opened}: {reason}")
        return Row(record.first_line, {ERROR: reason})
    at = record.too_long_at or 0
    column = f" (at column {columns[at]})" if at < len(columns) else ""
    bound = tabular_records.MAX_RECORD_CHARS
    reason = f"the row is longer than {bound:,} characters{column}; it was not read"
    return Row(record.last_line, {ERROR: reason})  # rows are numbered by the line they end on


def _open_jsonl(path: Path) -> Table:
    handle = path.open("rb")
    table = Table([], iter(()), path.stat().st_size, [], [0])
    table.rows = _jsonl_rows(handle, table)
    return table


def _jsonl_rows(handle: BinaryIO, table: Table) -> Iterator[Row]:
    """One JSON object per line; a line that is not one becomes a row carrying the parse error."""
    warnings: list[str] = []
    try:
        for number, text in bounded_lines(byte_pieces(handle, warnings, skip_bom=False)):
            table.position[0] = handle.tell()
            if text is None:
                bound = tabular_records.MAX_RECORD_CHARS
                yield Row(number, {ERROR: f"the line is longer than {bound:,} characters"})
            elif text.strip():
                yield Row(number, _json_cells(text))
    finally:
        table.warnings.extend(warnings)
        handle.close()


def _json_cells(text: str) -> dict[str, str]:
    try:
        value = json.loads(text, object_pairs_hook=_json_fields)
    except json.JSONDecodeError as exc:
        return {ERROR: f"not valid JSON ({exc.msg} at column {exc.colno})"}
    except _FieldProblem as problem:
        return {ERROR: str(problem)}
    if not isinstance(value, dict):
        return {ERROR: "each line must be a JSON object"}
    return {k: _json_text(v) for k, v in value.items()}


class _FieldProblem(ValueError):
    """A JSON line whose fields cannot be read as one row's cells; says which field, never its value."""


def _json_fields(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """An object's fields by column name; a repeated or nested field is refused, not silently dropped."""
    fields: dict[str, object] = {}
    for key, value in pairs:
        name = key.strip().lower()
        if name in RESERVED:
            raise _FieldProblem(f"the field {name!r} is reserved by the reader; rename it")
        if name in fields:
            raise _FieldProblem(f"the field {name!r} appears twice in one object of the line")
        if isinstance(value, dict) or (
            isinstance(value, list) and any(isinstance(v, dict | list) for v in value)
        ):
            raise _FieldProblem(
                f"the field {name!r} holds a nested object; give text, a number or a list of text"
            )
        fields[name] = value
    return fields


def _json_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "|".join(_json_text(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return unix_line_ends(str(value))


_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")
_SLASHED = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


class DateOrder(StrEnum):
    """How to read a slashed date: day first (Kuwait), month first, or refuse when it could be either."""

    AUTO = "auto"
    DMY = "dmy"
    MDY = "mdy"


def parse_date(text: str, order: DateOrder = DateOrder.DMY) -> date:
    """ISO (2024-03-05) or a slashed date read in ORDER; anything else, or an ambiguous date, is refused."""
    value = text.strip()
    if match := _ISO.match(value):
        year, month, day = (int(g) for g in match.groups())
    elif match := _SLASHED.match(value):
        first, second, year = (int(g) for g in match.groups())
        day, month = _day_month(value, first, second, order)
    elif value.isascii() and value.isdigit():
        # Excel keeps a date as its day count since 1900 and shows it as such when the cell is
        # formatted as a number: say so, rather than guess the spreadsheet's date system.
        raise ValueError(
            "is a number, not a date: write YYYY-MM-DD or dd/mm/yyyy (from a spreadsheet, format the "
            "column as dates before saving)"
        )
    else:
        raise ValueError("is not a date in ISO (YYYY-MM-DD) or dd/mm/yyyy form")
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"is not a real date: {exc}") from exc


def _day_month(value: str, first: int, second: int, order: DateOrder) -> tuple[int, int]:
    if order is DateOrder.DMY:
        return first, second
    if order is DateOrder.MDY:
        return second, first
    if first > 12 >= second or first == second:
        return first, second
    if second > 12 >= first:
        return second, first
    raise ValueError("is ambiguous (day/month or month/day?); state the order (dmy or mdy)")


def safe_cell(value: object) -> str:
    """A cell that spreadsheets will not run as a formula (OWASP CSV injection advice)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_csv_row(writer: csv.DictWriter[str], row: dict[str, object]) -> None:
    """Write ROW with every cell neutralised against formula injection."""
    writer.writerow({k: safe_cell(v) for k, v in row.items()})


def write_csv_header(writer: csv.DictWriter[str]) -> None:
    """Write the header row, neutralised too: column names can come from a user's own file."""
    writer.writerow({name: safe_cell(name) for name in writer.fieldnames})


class RowWriter(Protocol):
    """What csv.writer returns."""

    def writerow(self, row: Iterable[Any], /) -> Any:
        """Write one row."""


def write_csv_rows(writer: RowWriter, rows: Iterable[Iterable[object]]) -> None:
    """Write plain rows (csv.writer) with every cell neutralised against formula injection."""
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
