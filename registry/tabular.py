"""Reading and writing tabular files: CSV in any encoding Kuwaiti offices send, XLSX, safe CSV cells."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from registry.errors import InvalidInput

# Arabic Windows machines save "CSV" as Windows-1256; Excel's "Unicode text" is UTF-16.
FALLBACK_ENCODING = "cp1256"
MAX_CELL_CHARS = 100_000
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
csv.field_size_limit(MAX_CELL_CHARS * 4)


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


def open_table(path: Path) -> Table:
    """Open a CSV or XLSX file for streaming; refuse other formats with a clear message."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _open_xlsx(path)
    if suffix in {".csv", ".txt", ".tsv"}:
        return _open_csv(path)
    if suffix in {".jsonl", ".ndjson"}:
        return _open_jsonl(path)
    raise InvalidInput(f"{path.name}: unsupported file type {suffix or '(none)'}; use .csv, .xlsx or .jsonl")


def _open_csv(path: Path) -> Table:
    handle = path.open("rb")
    head = handle.read(4)
    handle.seek(0)
    warnings: list[str] = []
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        lines: Iterator[str] = _utf16_lines(handle)
    else:
        lines = _decoded_lines(handle, warnings, skip_bom=head.startswith(b"\xef\xbb\xbf"))
    reader = csv.reader(lines, delimiter="\t" if path.suffix.lower() == ".tsv" else ",")
    try:
        header = next(_guarded(reader), None)
    except InvalidInput:
        handle.close()
        raise
    if header is None:
        handle.close()
        raise InvalidInput(f"{path.name}: the file is empty")
    columns = [_column_name(c) for c in header]
    table = Table(columns, iter(()), path.stat().st_size, warnings, [0])
    table.rows = _csv_rows(reader, columns, handle, table)
    return table


def _decoded_lines(handle: BinaryIO, warnings: list[str], *, skip_bom: bool) -> Iterator[str]:
    """Decode line by line: UTF-8 where it is valid, Windows-1256 where not, so mixed files survive."""
    for number, raw in enumerate(handle, start=1):
        if number == 1 and skip_bom:
            raw = raw[3:]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            if len(warnings) < 20:
                warnings.append(f"line {number}: not UTF-8, read as Windows-1256")
            text = raw.decode(FALLBACK_ENCODING, errors="replace")
        # A bare carriage return ends a line too (old Mac files); the csv module refuses it inside one.
        yield from text.replace("\r\n", "\n").replace("\r", "\n").splitlines(keepends=True)


def _utf16_lines(handle: BinaryIO) -> Iterator[str]:
    import io

    yield from io.TextIOWrapper(handle, encoding="utf-16", newline="")


def _column_name(raw: str) -> str:
    return raw.strip().strip("\ufeff").lower()


def _csv_rows(
    reader: Iterable[list[str]], columns: list[str], handle: BinaryIO, table: Table
) -> Iterator[Row]:
    width = len(columns)
    try:
        for record in _guarded(reader):
            table.position[0] = handle.tell() if not handle.closed else table.size
            if not any(cell.strip() for cell in record):
                continue
            line = getattr(reader, "line_num", 0)
            if len(record) > width:
                record = record[:width] if not any(c.strip() for c in record[width:]) else record
            yield Row(line, _cells(columns, record))
    finally:
        handle.close()


def _guarded(reader: Iterable[list[str]]) -> Iterator[list[str]]:
    """Turn the csv module's parse errors into an InvalidInput naming the line."""
    iterator = iter(reader)
    while True:
        try:
            yield next(iterator)
        except StopIteration:
            return
        except csv.Error as exc:
            line = getattr(reader, "line_num", "?")
            raise InvalidInput(f"line {line}: malformed CSV ({exc}); the rows before it were read") from exc


def _cells(columns: list[str], record: list[str]) -> dict[str, str]:
    cells = {name: (record[i] if i < len(record) else "") for i, name in enumerate(columns)}
    if len(record) > len(columns):
        cells["__extra__"] = "|".join(record[len(columns) :])
    return cells


def _open_xlsx(path: Path) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many unrelated types for a corrupt file
        raise InvalidInput(f"{path.name}: not a readable XLSX workbook ({type(exc).__name__})") from exc
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        workbook.close()
        raise InvalidInput(f"{path.name}: the first sheet is empty")
    columns = [_column_name(str(c or "")) for c in header]
    table = Table(columns, iter(()), sheet.max_row or 0, [], [0])
    table.rows = _xlsx_rows(rows, columns, workbook, table)
    return table


def _xlsx_rows(
    rows: Iterator[tuple[object, ...]], columns: list[str], workbook: object, table: Table
) -> Iterator[Row]:
    try:
        for number, values in enumerate(rows, start=2):
            table.position[0] = number
            record = ["" if v is None else _xlsx_text(v) for v in values]
            if any(cell.strip() for cell in record):
                yield Row(number, _cells(columns, record))
    finally:
        workbook.close()  # type: ignore[attr-defined]


def _xlsx_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "date") and callable(value.date):
        return str(value.date())
    return str(value)


def _open_jsonl(path: Path) -> Table:
    handle = path.open("rb")
    table = Table([], iter(()), path.stat().st_size, [], [0])
    table.rows = _jsonl_rows(handle, table)
    return table


def _jsonl_rows(handle: BinaryIO, table: Table) -> Iterator[Row]:
    """One JSON object per line; a line that is not one becomes a row carrying the parse error."""
    warnings: list[str] = []
    try:
        for number, text in enumerate(_decoded_lines(handle, warnings, skip_bom=False), start=1):
            table.position[0] = handle.tell()
            if text.strip():
                yield Row(number, _json_cells(text))
    finally:
        table.warnings.extend(warnings)
        handle.close()


def _json_cells(text: str) -> dict[str, str]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        return {"__error__": f"not valid JSON ({exc.msg} at column {exc.colno})"}
    if not isinstance(value, dict):
        return {"__error__": "each line must be a JSON object"}
    return {str(k).strip().lower(): _json_text(v) for k, v in value.items()}


def _json_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "|".join(_json_text(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


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
