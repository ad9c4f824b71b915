"""The research export: no identity of any complainant, and no count below five, in CSV and XLSX."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import load_workbook
from sqlmodel import Session

from registry.reports import export_files
from registry.services import research_export
from tests.statistics_support import IDENTITIES, YEAR, small_year

IDENTITY_COLUMNS = {"name", "phone", "document", "nationality", "follow_up_code", "reporter_key", "narrative"}


def test_the_export_holds_no_identity_and_no_small_count(session: Session, tmp_path: Path) -> None:
    small_year(session)
    tables = research_export.tables(session, year=YEAR)
    paths = export_files.write_csv(tables, tmp_path / "csv")
    workbook = tmp_path / "export.xlsx"
    workbook.write_bytes(export_files.xlsx_bytes(tables))
    assert len(paths) == len(tables) >= 7
    everything = ""
    for path in paths:
        text = path.read_text(encoding="utf-8-sig")
        everything += text
        rows = list(csv.DictReader(io.StringIO(text)))
        assert not IDENTITY_COLUMNS & {c.lower() for c in rows[0]} if rows else True
        for row in rows:
            assert row["count"] == "" or int(row["count"]) == 0 or int(row["count"]) >= 5, (path.name, row)
            assert (row["count"] == "") == (row["suppressed"] == "true")
    book = load_workbook(workbook, read_only=True)
    for sheet in book.worksheets[1:]:
        header, *rows = list(sheet.iter_rows(values_only=True))
        counts = [r[header.index("count")] for r in rows]
        assert all(c is None or c == 0 or c >= 5 for c in counts), sheet.title
        everything += " ".join(str(v) for r in rows for v in r)
    for identity in IDENTITIES:
        assert identity not in everything


def test_counts_that_are_large_enough_are_shown_and_small_ones_hidden(session: Session) -> None:
    small_year(session)
    by_name = {t.name: t for t in research_export.tables(session, year=YEAR)}
    channel = by_name["complaints_by_corridor_channel"].rows
    shown = {(r["corridor"], r["channel"]): r["count"] for r in channel}
    assert shown[("PH", "hotline")] == 9 and shown[("all", "all")] == 13
    assert shown[("IN", "web")] is None and shown[("ET", "embassy")] is None
    assert {r["channel_ar"] for r in channel if r["channel"] == "hotline"} == {"الخط الساخن"}
