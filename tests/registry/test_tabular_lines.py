"""Where lines and records of an import file begin and end: breaks, long cells, open quotes, delimiters."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import Session, select

from registry import tabular_records
from registry.errors import InvalidInput
from registry.models.complaint import Complaint
from registry.services.complaint_intake import import_complaints
from registry.services.intake_import import IntakeKind, IntakeRequest
from registry.tabular import DateOrder, open_table
from tests.conftest import both_backends

HEADER = "source_ref,received_on,company_name,categories,narrative\n"
# Every character str.splitlines breaks at that neither csv nor JSON Lines treats as a line end.
UNICODE_BREAKS = "\u2028\u2029\x85\x0b\x0c\x1c\x1d\x1e"


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _row(ref: str, narrative: str) -> str:
    return f"{ref},2025-01-01,Golden Falcon Manpower,WAGE_THEFT,{narrative}\n"


def test_only_newlines_and_carriage_returns_end_a_csv_line(tmp_path: Path) -> None:
    body = "".join(_row(f"LS-{i}", f"before{c}after") for i, c in enumerate(UNICODE_BREAKS))
    old_mac, windows = _row("CR", "x").replace("\n", "\r"), _row("CRLF", "y").replace("\n", "\r\n")
    rows = list(open_table(_write(tmp_path, "c.csv", HEADER + body + old_mac + windows)).rows)
    assert [r.cells["narrative"] for r in rows] == [f"before{c}after" for c in UNICODE_BREAKS] + ["x", "y"]
    assert [r.line for r in rows] == list(range(2, len(UNICODE_BREAKS) + 4))


def test_a_json_line_holding_a_unicode_line_separator_is_one_line(tmp_path: Path) -> None:
    text = '{"source_ref": "J-1", "narrative": "sep\u2028arated"}\n{"source_ref": "J-2"}\n'
    rows = list(open_table(_write(tmp_path, "c.jsonl", text)).rows)
    assert [(r.line, r.cells["source_ref"]) for r in rows] == [(1, "J-1"), (2, "J-2")]
    assert rows[0].cells["narrative"] == "sep\u2028arated"


def test_a_cell_past_the_csv_module_default_limit_is_read(tmp_path: Path) -> None:
    body = _row("L-1", "x" * 500_000) + _row("L-2", "ok")
    rows = list(open_table(_write(tmp_path, "c.csv", HEADER + body)).rows)
    assert [len(r.cells["narrative"]) for r in rows] == [500_000, 2]


@pytest.mark.parametrize("quoted", [False, True], ids=["plain", "quoted-over-lines"])
def test_a_record_past_the_bound_is_one_rejected_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, quoted: bool
) -> None:
    monkeypatch.setattr(tabular_records, "MAX_RECORD_CHARS", 1_000)
    monkeypatch.setattr(tabular_records, "_PIECE", 64)  # the long line arrives in many pieces
    secret = ("y" * 300 + "\n") * 10 if quoted else "y" * 3_000
    body = _row("L-1", "ok") + _row("L-2", f'"{secret}"' if quoted else secret) + _row("L-3", "ok")
    table = open_table(_write(tmp_path, "c.csv", HEADER + body))
    rows = list(table.rows)
    assert [r.cells.get("source_ref") for r in rows] == ["L-1", None, "L-3"]
    # Numbered by the line it ends on, as every row is (and as the PostgreSQL path numbers it).
    assert rows[1].line == (13 if quoted else 3) and "narrative" in rows[1].cells["__error__"]
    assert "yyy" not in rows[1].cells["__error__"]
    assert rows[2].line == (14 if quoted else 4)


def test_a_quote_open_at_the_end_of_the_file_rejects_its_record_and_warns(tmp_path: Path) -> None:
    body = _row("UT-1", "ok") + _row("UT-2", '"never closed') + _row("UT-3", "x")
    table = open_table(_write(tmp_path, "c.csv", HEADER + body))
    rows = list(table.rows)
    assert rows[0].cells["source_ref"] == "UT-1"
    assert rows[1].line == 3 and "line 3" in rows[1].cells["__error__"] and len(rows) == 2
    assert any("line 3" in warning and "never closed" in warning for warning in table.warnings)


def test_a_closed_quote_at_the_end_of_the_file_is_fine(tmp_path: Path) -> None:
    rows = list(open_table(_write(tmp_path, "c.csv", HEADER + '1,2,3,4,"a\n""b"""')).rows)
    assert rows[0].cells["narrative"] == 'a\n"b"' and rows[0].line == 3


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_a_csv_with_semicolons_or_tabs_is_read_with_a_warning(tmp_path: Path, delimiter: str) -> None:
    text = (HEADER + _row("SC-1", "not paid")).replace(",", delimiter)
    table = open_table(_write(tmp_path, "c.csv", text))
    assert table.columns == HEADER.strip().split(",")
    assert next(table.rows).cells["company_name"] == "Golden Falcon Manpower"
    assert "the header has no commas" in table.warnings[0]


def test_excel_unicode_text_is_read_as_tab_separated(tmp_path: Path) -> None:
    text = (HEADER + _row("T-1", "لم يدفع")).replace(",", "\t").replace("\n", "\r\n")
    table = open_table(_write(tmp_path, "c.txt", text, encoding="utf-16"))
    row = next(table.rows)
    assert (row.line, row.cells["narrative"]) == (2, "لم يدفع")


_CELLS = st.text(alphabet=st.sampled_from(list('ab,"\n\r ;' + UNICODE_BREAKS + "م")), max_size=12)


@settings(max_examples=200, deadline=None)
@given(
    records=st.lists(st.lists(_CELLS, min_size=1, max_size=4), min_size=1, max_size=6),
    piece=st.integers(1, 9),
)
def test_records_are_what_csv_reader_reads_whatever_the_piece_size(
    records: list[list[str]], piece: int
) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(records)
    text = out.getvalue().replace("\r", "\n")  # a bare carriage return is read as a line end
    expected = list(csv.reader(io.StringIO(text, newline="")))
    original, tabular_records._PIECE = tabular_records._PIECE, piece
    try:
        pieces = tabular_records.byte_pieces(io.BytesIO(text.encode()), [], skip_bom=False)
        found = [r.cells for r in tabular_records.csv_records(pieces, ",")]
    finally:
        tabular_records._PIECE = original
    assert found == expected


def _request(path: Path, fast: bool) -> IntakeRequest:
    return IntakeRequest(path, IntakeKind.COMPLAINTS, "MOI", "tester", DateOrder.AUTO, fast)


@both_backends
@pytest.mark.parametrize("fast", [True, False], ids=["copy", "batched"])
def test_a_complaint_file_with_breaks_long_cells_and_an_open_quote(
    session: Session, tmp_path: Path, fast: bool
) -> None:
    body = (
        _row("E-1", "before\u2028after")
        + _row("E-2", "x" * 500_000)
        + _row("E-3", "ff\x0cx")  # a control character: the importer's own rule rejects it
        + _row("E-4", "ok")
        + _row("E-5", '"never closed')
        + _row("E-6", "swallowed")
    )
    summary = import_complaints(_request(_write(tmp_path, "c.csv", HEADER + body), fast))
    assert (summary.rows_read, summary.inserted, summary.rejected) == (5, 2, 3)
    reasons = {r.line: (r.column, r.reason) for r in summary.rejections}
    assert set(reasons) == {3, 4, 6} and reasons[3][0] == "narrative" and "line 6" in reasons[6][1]
    assert any("never closed" in warning for warning in summary.warnings)
    stored = session.exec(select(Complaint).where(Complaint.source_ref == "E-1")).one()
    assert stored.narrative == "before\u2028after"


def test_a_file_with_only_a_byte_order_mark_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf")
    with pytest.raises(InvalidInput, match="the file is empty"):
        open_table(path)


def test_windows_1256_with_old_mac_line_ends_stays_arabic_past_a_piece(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With only \r between lines the whole file is one physical line, read in pieces.
    monkeypatch.setattr(tabular_records, "_PIECE", 64)
    body = "".join(f"A-{i},2025-01-01,شركة المطيري,WAGE_THEFT,x\r" for i in range(20))
    table = open_table(_write(tmp_path, "mac.csv", HEADER.replace("\n", "\r") + body, "cp1256"))
    names = {row.cells["company_name"] for row in table.rows}
    assert names == {"شركة المطيري"}
    assert any("read as Windows-1256" in w for w in table.warnings)


def test_utf16_line_end_split_between_two_pieces_ends_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tabular_records, "_PIECE", 8)
    text = "h1,h2\r\n" + "a,yyyyy\r\n" + 'b,"two\r\nlines"\r\n' + "c,d\r\n"
    records = list(
        tabular_records.csv_records(tabular_records.utf16_pieces(io.BytesIO(text.encode("utf-16"))), ",")
    )
    assert [(r.first_line, r.cells) for r in records] == [
        (1, ["h1", "h2"]),
        (2, ["a", "yyyyy"]),
        (3, ["b", "two\nlines"]),
        (5, ["c", "d"]),
    ]
