from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from registry.errors import InvalidInput
from registry.tabular import DateOrder, open_table, parse_date, safe_cell

ARABIC_ROW = "KW-1,,شركة المطيري للتجارة العامة,\n"


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "encoding, prefix", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1256", b""), ("utf-16", b"")]
)
def test_csv_encodings_are_read_as_text(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    text = "external_id,name_en,name_ar,aliases\n" + ARABIC_ROW
    table = open_table(_write(tmp_path, "c.csv", prefix + text.encode(encoding)))
    rows = list(table.rows)
    assert table.columns == ["external_id", "name_en", "name_ar", "aliases"]
    assert rows[0].cells["name_ar"] == "شركة المطيري للتجارة العامة"
    assert rows[0].line == 2


def test_mixed_encodings_are_read_line_by_line_with_a_warning(tmp_path: Path) -> None:
    data = b"external_id,name_ar\n" + "A,مكتب\n".encode() + "B,مكتب\n".encode("cp1256")
    table = open_table(_write(tmp_path, "m.csv", data))
    rows = list(table.rows)
    assert [r.cells["name_ar"] for r in rows] == ["مكتب", "مكتب"]
    assert table.warnings == ["line 3: not UTF-8, read as Windows-1256"]


def test_xlsx_rows_keep_sheet_row_numbers(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path,
        "c.xlsx",
        [["External_ID", "name_en"], [1234, "Al-Safwa"], [None, None], ["X-2", "Al-Amana"]],
    )
    rows = list(open_table(path).rows)
    assert [(r.line, r.cells["external_id"]) for r in rows] == [(2, "1234"), (4, "X-2")]


def test_a_formula_without_a_saved_result_is_read_as_its_text_with_a_warning(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path,
        "f.xlsx",
        [
            ["company_name", "narrative"],
            ["Al-Safwa", '=HYPERLINK("http://x.example","click")'],
            ["Al-Amana", "plain text"],
        ],
    )
    table = open_table(path)
    rows = list(table.rows)
    assert [r.cells["narrative"] for r in rows] == ['=HYPERLINK("http://x.example","click")', "plain text"]
    assert len(table.warnings) == 1 and table.warnings[0].startswith("1 cell(s) hold a formula")


def _xlsx(tmp_path: Path, name: str, rows: list[list[object]]) -> Path:
    """A workbook of ROWS as openpyxl writes it: formulas without their results, as scripts write them."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def _saved_as_excel_would(path: Path, cells: dict[str, bytes]) -> None:
    """Rewrite PATH's sheet so that each formula cell holds the saved result Excel would have written."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"]
    for reference, saved in cells.items():
        sheet = re.sub(rb'<c r="' + reference.encode() + rb'"><f>(.*?)</f><v\s*/>', saved, sheet)
    members["xl/worksheets/sheet1.xml"] = sheet
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_formulas_with_a_saved_result_are_read_as_that_result(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path,
        "saved.xlsx",
        [
            ["source_ref", "workers", "narrative"],
            ['=IF(1=1,"","X")', "=1+1", '=HYPERLINK("http://x.example","click")'],
        ],
    )
    _saved_as_excel_would(
        path,
        {
            "A2": rb'<c r="A2" t="str"><f>\1</f><v></v>',
            "B2": rb'<c r="B2"><f>\1</f><v>2</v>',
            "C2": rb'<c r="C2" t="str"><f>\1</f><v>click</v>',
        },
    )
    table = open_table(path)
    assert [r.cells for r in table.rows] == [{"source_ref": "", "workers": "2", "narrative": "click"}]
    assert table.warnings == []


def test_unsaved_formulas_written_otherwise_are_read_or_counted(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path, "shared.xlsx", [["company_name", "narrative"], ["Al-Safwa", "=1+1"], ["Al-Amana", "=2+2"]]
    )
    _saved_as_excel_would(
        path,
        {"B2": rb"<c r='B2'><f>1+1</f><v />", "B3": rb'<c r="B3"><f t="shared" si="0"/><v />'},
    )
    table = open_table(path)
    assert [r.cells["narrative"] for r in table.rows] == ["=1+1", ""]
    assert table.warnings[0].startswith("2 cell(s) hold a formula") and "1 left empty" in table.warnings[0]


def test_unsupported_and_empty_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="unsupported"):
        open_table(_write(tmp_path, "c.pdf", b"%PDF"))
    with pytest.raises(InvalidInput, match="empty"):
        open_table(_write(tmp_path, "e.csv", b""))
    with pytest.raises(InvalidInput, match="XLSX"):
        open_table(_write(tmp_path, "bad.xlsx", b"not a zip"))


def test_extra_cells_are_flagged(tmp_path: Path) -> None:
    rows = list(open_table(_write(tmp_path, "x.csv", b"a,b\n1,2,3\n1,2,,\n")).rows)
    assert rows[0].cells["__extra__"] == "3"
    assert "__extra__" not in rows[1].cells


@pytest.mark.parametrize(
    "text, expected",
    [("2024-03-05", date(2024, 3, 5)), ("05/03/2024", date(2024, 3, 5)), ("5.3.2024", date(2024, 3, 5))],
)
def test_dates_are_iso_or_day_first(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["2024-02-30", "03/05/24", "March 5", "13/13/2024", ""])
def test_bad_dates_are_refused_with_a_reason(text: str) -> None:
    with pytest.raises(ValueError, match="date"):
        parse_date(text)


@pytest.mark.parametrize("cell", ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\tx"])
def test_formula_cells_are_neutralised(cell: str) -> None:
    assert safe_cell(cell) == "'" + cell


@given(st.text())
def test_safe_cells_never_start_a_formula(text: str) -> None:
    assert not safe_cell(text).startswith(("=", "+", "-", "@", "\t", "\r"))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("25/03/2024", date(2024, 3, 25)),
        ("03/25/2024", date(2024, 3, 25)),
        ("05/05/2024", date(2024, 5, 5)),
        ("2024-03-05T10:00:00Z", date(2024, 3, 5)),
    ],
)
def test_auto_order_reads_unambiguous_dates(text: str, expected: date) -> None:
    assert parse_date(text, DateOrder.AUTO) == expected


def test_a_spreadsheet_day_number_is_refused_with_how_to_mend_it() -> None:
    with pytest.raises(ValueError, match="is a number, not a date: write YYYY-MM-DD or dd/mm/yyyy"):
        parse_date("45731")


def test_auto_order_refuses_ambiguous_dates_and_explicit_orders_read_them() -> None:
    with pytest.raises(ValueError, match="ambiguous"):
        parse_date("03/05/2024", DateOrder.AUTO)
    assert parse_date("03/05/2024", DateOrder.DMY) == date(2024, 5, 3)
    assert parse_date("03/05/2024", DateOrder.MDY) == date(2024, 3, 5)


def test_json_lines_rows_and_bad_lines(tmp_path: Path) -> None:
    path = _write(tmp_path, "c.jsonl", b'{"Source_Ref": "A", "categories": ["X", "Y"]}\n\nnot json\n[1]\n')
    rows = list(open_table(path).rows)
    assert rows[0].cells == {"source_ref": "A", "categories": "X|Y"}
    assert [r.line for r in rows] == [1, 3, 4]
    assert "not valid JSON" in rows[1].cells["__error__"] and "object" in rows[2].cells["__error__"]


@pytest.mark.parametrize("header", [b"a,b,A\n", b"a,b, a \n", b"\xef\xbb\xbfa,b,a\n"])
def test_a_column_named_twice_refuses_the_csv_file(tmp_path: Path, header: bytes) -> None:
    with pytest.raises(InvalidInput, match=r"'a' appears twice \(columns 1 and 3\)"):
        open_table(_write(tmp_path, "d.csv", header + b"1,2,3\n"))


def test_blank_column_names_may_repeat(tmp_path: Path) -> None:
    rows = list(open_table(_write(tmp_path, "d.csv", b"a,,\n1,,\n")).rows)
    assert rows[0].cells["a"] == "1"


@pytest.mark.parametrize("name", ["__error__", "__EXTRA__"])
def test_a_column_named_as_the_readers_own_keys_refuses_the_file(tmp_path: Path, name: str) -> None:
    with pytest.raises(InvalidInput, match="is reserved by the reader"):
        open_table(_write(tmp_path, "r.csv", f"a,{name}\n1,2\n".encode()))
    rows = list(open_table(_write(tmp_path, "r.jsonl", f'{{"a": 1, "{name}": 2}}\n'.encode())).rows)
    assert rows[0].cells == {"__error__": f"the field {name.lower()!r} is reserved by the reader; rename it"}


def test_line_breaks_in_json_lines_are_written_as_in_a_csv(tmp_path: Path) -> None:
    rows = list(open_table(_write(tmp_path, "n.jsonl", b'{"narrative": "a\\r\\nb\\rc"}\n')).rows)
    assert rows[0].cells == {"narrative": "a\nb\nc"}


def test_a_column_named_twice_refuses_the_xlsx_file(tmp_path: Path) -> None:
    path = _xlsx(tmp_path, "d.xlsx", [["narrative", "company_name", "Narrative"], ["one", "Office", "two"]])
    with pytest.raises(InvalidInput, match="'narrative' appears twice"):
        open_table(path)


def test_json_lines_with_a_repeated_or_nested_field_are_rejected_rows(tmp_path: Path) -> None:
    lines = [
        b'{"narrative": "one", "Narrative": "two"}',
        b'{"narrative": {"text": "one"}}',
        b'{"categories": [["X"]]}',
        b'{"categories": ["X", 2]}',
    ]
    rows = list(open_table(_write(tmp_path, "n.jsonl", b"\n".join(lines))).rows)
    assert rows[0].cells == {"__error__": "the field 'narrative' appears twice in one object of the line"}
    assert "nested" in rows[1].cells["__error__"] and "nested" in rows[2].cells["__error__"]
    assert rows[3].cells == {"categories": "X|2"}


def test_bare_carriage_returns_end_lines(tmp_path: Path) -> None:
    mac = tmp_path / "mac.csv"
    mac.write_bytes(b"a,b\r1,2\r3,4\r")
    table = open_table(mac)
    assert [dict(row.cells) for row in table.rows] == [{"a": "1", "b": "2"}, {"a": "3", "b": "4"}]
