"""Reading the first sheet of an XLSX workbook as rows, streamed (openpyxl's read-only mode).

A formula whose result the file does not keep (scripts write formulas without computing them; openpyxl
then reads None) is read as its formula text, as a CSV would have it, with a warning. openpyxl cannot
tell such a cell from a formula whose saved result is an empty string (`t="str"` with an empty `<v>`),
so the sheet's XML is scanned alongside for formula cells without a saved result: by regular
expressions over the raw bytes, because a second full parse doubled the reading time. A cell that
shares another cell's formula (`<f t="shared" si="0"/>`), or has no cell reference, stays empty and is
counted in the warning.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from registry.errors import InvalidInput
from registry.tabular_table import Row, Table, cells_of, checked_columns, column_name, unix_line_ends

_NS = rb"(?:\w+:)?"
# A cell holding a formula: its attributes, then what follows "<f" up to the cell's end. The cell's
# content never runs past another cell's start or end, so a match cannot swallow a neighbour.
_FORMULA_CELL = re.compile(
    rb"<"
    + _NS
    + rb"c\b([^>]*)>(?:[^<]|<(?!/?"
    + _NS
    + rb"c\b|"
    + _NS
    + rb"f\b))*<"
    + _NS
    + rb"f\b(.*?)</"
    + _NS
    + rb"c>",
    re.DOTALL,
)
_FORMULA_TEXT = re.compile(rb"[^>]*?(?:/>|>(.*?)</" + _NS + rb"f>)", re.DOTALL)
_VALUE = re.compile(rb"<" + _NS + rb"v\s*/>|<" + _NS + rb"v\b[^>]*>(.*?)</" + _NS + rb"v>", re.DOTALL)
_REFERENCE = re.compile(rb"""\br=["']([A-Z]{1,3})([0-9]+)["']""")
_TYPE = re.compile(rb"""\bt=["']([^"']*)["']""")
_PIECE = 1 << 20


def open_xlsx(path: Path) -> Table:
    """The first sheet of the workbook at PATH, its header checked, its rows read lazily."""
    workbook = _workbook(path)
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    try:
        if header is None:
            raise InvalidInput(f"{path.name}: the first sheet is empty")
        columns = checked_columns(path.name, [column_name(str(c or "")) for c in header])
    except InvalidInput:
        workbook.close()
        raise
    unsaved = _unsaved_formulas(path, getattr(sheet, "_worksheet_path", "xl/worksheets/sheet1.xml"))
    table = Table(columns, iter(()), sheet.max_row or 0, [], [0])
    table.rows = _rows(rows, unsaved, columns, workbook, table)
    return table


def _workbook(path: Path) -> Any:
    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many unrelated types for a corrupt file
        raise InvalidInput(f"{path.name}: not a readable XLSX workbook ({type(exc).__name__})") from exc


def _rows(
    rows: Iterator[tuple[object, ...]],
    unsaved: Iterator[tuple[int, int, str]],
    columns: list[str],
    workbook: Any,
    table: Table,
) -> Iterator[Row]:
    """Each non-blank row, with the formulas the file keeps no result of read as their text."""
    pending, read_as_text, left_empty = next(unsaved, None), 0, 0
    try:
        for number, values in enumerate(rows, start=2):
            table.position[0] = number
            record = ["" if v is None else _text(v) for v in values]
            while pending is not None and pending[0] <= number:
                row, column, formula = pending
                if row == 0:
                    left_empty += 1
                elif row == number and column < len(record) and values[column] is None:
                    record[column], read_as_text = formula, read_as_text + 1
                pending = next(unsaved, None)
            if any(cell.strip() for cell in record):
                yield Row(number, cells_of(columns, record))
    finally:
        workbook.close()
        _warn_unsaved(table, read_as_text, left_empty)


def _warn_unsaved(table: Table, read_as_text: int, left_empty: int) -> None:
    if not read_as_text + left_empty:
        return
    table.warnings.append(
        f"{read_as_text + left_empty} cell(s) hold a formula whose result the file does not keep (it was "
        f"not saved by a spreadsheet program): {read_as_text} read as their formula text, {left_empty} left "
        "empty (a formula shared with another cell, or a cell without a reference); open and save the file "
        "in Excel, then import it again, to read the results instead"
    )


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "date") and callable(value.date):
        return str(value.date())
    return unix_line_ends(str(value))


def _unsaved_formulas(path: Path, member: str) -> Iterator[tuple[int, int, str]]:
    """(row, column index, "=formula") of each formula cell of MEMBER without a saved result, in order."""
    with zipfile.ZipFile(path) as archive, archive.open(member) as stream:
        carry = b""
        while piece := stream.read(_PIECE):
            buffer = carry + piece
            # Cut after the last row tag ("</row>", "<x:row>"...): no cell is ever split between scans.
            cut = buffer.rfind(b"row>") + 4
            if cut < 4:
                carry = buffer
                continue
            yield from _scan(buffer[:cut])
            carry = buffer[cut:]
        yield from _scan(carry)


def _scan(xml: bytes) -> Iterator[tuple[int, int, str]]:
    """Each formula cell of XML without a saved result; (0, -1, "") for one that cannot be placed or has
    no text of its own (no cell reference; a shared formula's other cells), so that it is counted."""
    if xml.find(b"<f") < 0 and xml.find(b":f>") < 0 and xml.find(b":f ") < 0:
        return
    for cell in _FORMULA_CELL.finditer(xml):
        attributes, rest = cell.group(1), cell.group(2)
        value, kind = _VALUE.search(rest), _TYPE.search(attributes)
        saved_empty_text = kind is not None and kind.group(1) == b"str"
        if value is not None and (value.group(1) or saved_empty_text):
            continue
        reference, formula = _REFERENCE.search(attributes), _FORMULA_TEXT.match(rest)
        text = formula.group(1) if formula is not None else None
        if reference is None or not text:
            yield 0, -1, ""
        else:
            yield int(reference.group(2)), _column_index(reference.group(1)), "=" + _unescape(text)


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + letter - 64
    return index - 1


def _unescape(text: bytes) -> str:
    return unix_line_ends(html.unescape(text.decode("utf-8", "replace")))
