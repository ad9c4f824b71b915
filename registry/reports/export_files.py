"""Writing export tables as CSV files (one a table) and as one XLSX workbook (one sheet a table)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from registry.reports.suppression import THRESHOLD
from registry.tabular import write_csv_header, write_csv_row

README_EN = (
    "Counts from the registry of recruitment agencies. No complainant identity is included. "
    f"Counts from 1 to {THRESHOLD - 1} are suppressed (count empty, suppressed true), and further "
    "counts are suppressed where a hidden count could otherwise be worked out from a total."
)
README_AR = (
    "أعداد من سجل مكاتب الاستقدام. لا تتضمن أي بيانات تكشف هوية مقدمي الشكاوى. "
    f"حُجبت الأعداد من 1 إلى {THRESHOLD - 1}، وحُجبت أعداد أخرى حيث يمكن استنتاج العدد المحجوب من المجموع."
)


@dataclass(frozen=True)
class Table:
    """One export table: a name, its titles, its dimensions and rows (codes, labels, count or suppressed)."""

    name: str
    title_en: str
    title_ar: str
    dims: tuple[str, ...]
    rows: list[dict[str, Any]]


def columns(table: Table) -> list[str]:
    """The columns of TABLE: each dimension's code and labels, then the count and its flag."""
    return [name for dim in table.dims for name in (dim, f"{dim}_en", f"{dim}_ar")] + ["count", "suppressed"]


def csv_bytes(table: Table) -> bytes:
    """TABLE as CSV, UTF-8 with a byte-order mark so spreadsheet programs read the Arabic right."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns(table), lineterminator="\r\n")
    write_csv_header(writer)
    for row in table.rows:
        write_csv_row(
            writer,
            {
                **row,
                "count": "" if row["count"] is None else row["count"],
                "suppressed": str(row["suppressed"]).lower(),
            },
        )
    return out.getvalue().encode("utf-8-sig")


def write_csv(tables: Sequence[Table], directory: Path) -> list[Path]:
    """One CSV a table in DIRECTORY, and a README; the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for table in tables:
        path = directory / f"{table.name}.csv"
        path.write_bytes(csv_bytes(table))
        paths.append(path)
    (directory / "README.txt").write_text(f"{README_EN}\n\n{README_AR}\n", encoding="utf-8")
    return paths


def xlsx_bytes(tables: Sequence[Table]) -> bytes:
    """Every table in one workbook: a sheet a table, and a first sheet saying what was done."""
    book = Workbook()
    about = book.active
    about.title = "about"
    for line in (README_EN, README_AR, ""):
        about.append([line])
    for table in tables:
        about.append([table.name, table.title_en, table.title_ar])
        sheet = book.create_sheet(table.name[:31])
        sheet.append(columns(table))
        for row in table.rows:
            sheet.append([row.get(name) for name in columns(table)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
