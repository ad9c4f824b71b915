from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sqlalchemy.engine import Connection
from typer.main import get_command
from typer.testing import CliRunner

from cli.main import app

runner = CliRunner()
HEADER = "external_id,name_en,name_ar,aliases,phone\n"
ROWS = (
    "C-1,Al-Amana Cleaning Co.,شركة الأمانة للتنظيف,Amana Cleaning|=cmd(),22334455\n"
    "C-2,Al-Najma Security Services,,,\n"
)


def _all_command_paths() -> list[list[str]]:
    root = get_command(app)
    paths: list[list[str]] = [[]]
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        paths.append([name])
        paths.extend([name, sub] for sub in getattr(command, "commands", {}))
    return paths


@pytest.mark.parametrize("path", _all_command_paths(), ids=lambda p: " ".join(p) or "root")
def test_every_command_has_help(path: list[str]) -> None:
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output


def test_import_reports_summary_and_rejections(connection: Connection, tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(HEADER + ROWS + "C-3,,,,\n", encoding="utf-8")
    result = runner.invoke(app, ["companies", "import", str(path), "--rejected-out", str(tmp_path / "r.csv")])
    assert result.exit_code == 1
    assert "inserted 2, updated 0, unchanged 0, rejected 1" in result.output
    assert "rejected line 4" in result.output
    assert list(csv.reader((tmp_path / "r.csv").open()))[1][0] == "4"
    again = runner.invoke(app, ["companies", "import", str(path)])
    assert "inserted 0, updated 0, unchanged 2, rejected 1" in again.output


def test_import_refuses_a_file_without_required_columns(connection: Connection, tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("external_id,name_en\nX,Y\n", encoding="utf-8")
    result = runner.invoke(app, ["companies", "import", str(path)])
    assert result.exit_code == 2
    assert "missing required column(s): name_ar, aliases" in result.output


def test_export_round_trips_and_neutralises_formulas(connection: Connection, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(HEADER + ROWS, encoding="utf-8")
    assert runner.invoke(app, ["companies", "import", str(source)]).exit_code == 0
    out = tmp_path / "out.csv"
    assert runner.invoke(app, ["companies", "export", "--out", str(out)]).exit_code == 0
    rows = {r["external_id"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert rows["C-1"]["aliases"] == "Amana Cleaning|=cmd()"
    assert rows["C-1"]["phone"] == "96522334455"
    reimport = runner.invoke(app, ["companies", "import", str(out)])
    assert "unchanged 2" in reimport.output


def test_formula_at_the_start_of_a_cell_is_neutralised(connection: Connection, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(HEADER + "F-1,=HYPERLINK(1),,,\n", encoding="utf-8")
    runner.invoke(app, ["companies", "import", str(source)])
    out = tmp_path / "out.csv"
    runner.invoke(app, ["companies", "export", "--out", str(out)])
    assert next(csv.DictReader(out.open(encoding="utf-8")))["name_en"] == "'=HYPERLINK(1)"


def test_export_json(connection: Connection, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(HEADER + ROWS, encoding="utf-8")
    runner.invoke(app, ["companies", "import", str(source)])
    out = tmp_path / "out.json"
    assert runner.invoke(app, ["companies", "export", "--format", "json", "--out", str(out)]).exit_code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {d["external_id"] for d in data} == {"C-1", "C-2"}
    assert next(d for d in data if d["external_id"] == "C-1")["name_ar"] == "شركة الأمانة للتنظيف"


def test_db_upgrade_migrates_the_configured_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from registry.settings import get_settings

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    get_settings.cache_clear()
    try:
        result = runner.invoke(app, ["db", "upgrade"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert (tmp_path / "cli.db").exists()
