"""Every CSV the registry writes goes through the formula-safe writers of registry/tabular.py."""

from __future__ import annotations

import ast
import csv
from pathlib import Path

from typer.testing import CliRunner

from cli.main import app
from registry.services.publication_files import render_csv

ROOT = Path(__file__).resolve().parents[2]
# The only module allowed to call the csv writers directly, and the demo generator, whose files are
# import fixtures (read back by the importer, never opened in a spreadsheet by a person).
ALLOWED = {Path("registry/tabular.py"), Path("registry/demo/files.py")}
WRITER_METHODS = {"writerow", "writerows", "writeheader"}


def _raw_writes() -> list[str]:
    found = []
    for package in ("registry", "api", "cli", "jobs"):
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if relative in ALLOWED:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                call = node.func if isinstance(node, ast.Call) else None
                if isinstance(call, ast.Attribute) and call.attr in WRITER_METHODS:
                    found.append(f"{relative}:{node.lineno} .{call.attr}()")
    return found


def test_no_csv_is_written_around_the_safe_writers() -> None:
    assert _raw_writes() == [], "use write_csv_header / write_csv_row / write_csv_rows from registry.tabular"


def test_published_csv_neutralises_every_cell() -> None:
    entry = {
        "reference": "KW-BL-000001",
        "listing_id": 1,
        "external_id": "=1+1",
        "name_en": "@SUM(A1:A9)",
        "name_ar": "-2",
        "other_names": ["+cmd|' /C calc'!A0"],
        "phones": [],
        "persons": [],
        "reason": '=HYPERLINK("http://x")',
    }
    text = render_csv([entry]).decode("utf-8-sig")
    row = next(csv.DictReader(text.splitlines()))
    for column in ("external_id", "name_en", "name_ar", "other_names", "reason"):
        assert row[column].startswith("'"), column


def test_compare_names_neutralises_headers_taken_from_the_users_file(tmp_path: Path) -> None:
    source = tmp_path / "pairs.csv"
    source.write_text('name1,name2,=cmd\n"=A1","Al Noor Co.",@x\n', encoding="utf-8")
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(app, ["compare-names", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    header, row = list(csv.reader(out.open(encoding="utf-8")))[:2]
    assert "'=cmd" in header and row[0] == "'=A1" and row[2] == "'@x"
