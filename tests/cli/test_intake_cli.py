from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sqlalchemy.engine import Connection
from typer.testing import CliRunner

from cli.main import app
from registry.repositories import complaint_sql
from tests.conftest import both_backends

runner = CliRunner()
HEADER = "source_ref,received_on,company_name,categories\n"
BAD_ROWS = 1234


def _file(tmp_path: Path) -> Path:
    rows = "".join(f"B-{i},2025-13-45,Some Office,WAGE_THEFT\n" for i in range(BAD_ROWS))
    path = tmp_path / "moi.csv"
    path.write_text(HEADER + "G-1,2025-03-01,Some Office,WAGE_THEFT\n" + rows, encoding="utf-8")
    return path


def _lines(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


@both_backends
def test_rejected_out_holds_every_rejected_row(connection: Connection, tmp_path: Path) -> None:
    out = tmp_path / "rejected.csv"
    args = ["complaints", "import", str(_file(tmp_path)), "--source", "MOI", "--rejected-out", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    assert f"inserted 1, duplicates 0, rejected {BAD_ROWS}" in result.output
    assert f"... and {BAD_ROWS - 50} more rejected rows" in result.output
    rows = _lines(out)
    assert rows[0] == ["line", "column", "reason"] and len(rows) == BAD_ROWS + 1
    assert [int(r[0]) for r in rows[1:]] == list(range(3, 3 + BAD_ROWS))


def test_batches_are_listed_and_their_rejections_written_later(
    connection: Connection, tmp_path: Path
) -> None:
    runner.invoke(app, ["complaints", "import", str(_file(tmp_path)), "--source", "MOI"])
    listed = runner.invoke(app, ["imports", "list", "--json"])
    assert listed.exit_code == 0, listed.output
    batch = json.loads(listed.output.splitlines()[0])
    assert (batch["file_name"], batch["rejected"], batch["inserted"]) == ("moi.csv", BAD_ROWS, 1)
    plain = runner.invoke(app, ["imports", "list", "--kind", "complaints", "--source", "MOI"])
    assert f"#{batch['id']} complaints" in plain.output and "1 of 1 batch(es)" in plain.output
    out = tmp_path / "later.csv"
    written = runner.invoke(app, ["imports", "rejections", str(batch["id"]), "--out", str(out)])
    assert written.exit_code == 0 and f"wrote {BAD_ROWS} rejected row(s)" in written.output
    assert len(_lines(out)) == BAD_ROWS + 1


def test_rejections_of_an_unknown_batch_write_nothing(connection: Connection, tmp_path: Path) -> None:
    out = tmp_path / "none.csv"
    result = runner.invoke(app, ["imports", "rejections", "424242", "--out", str(out)])
    assert result.exit_code == 1 and "no import batch 424242" in result.output
    assert not out.exists()


def test_a_refused_import_says_why_and_its_batch_is_listed_failed(
    connection: Connection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = complaint_sql.REFERENCES
    monkeypatch.setattr(complaint_sql, "REFERENCES", {**kept, "name_mention": "SELECT -1 AS id"})
    result = runner.invoke(app, ["complaints", "import", str(_file(tmp_path)), "--source", "MOI"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "name_mention" in result.output and "run the file again" in result.output
    listed = runner.invoke(app, ["imports", "list"])
    assert " failed " in listed.output and "error: " in listed.output


@both_backends
@pytest.mark.parametrize(
    "args",
    [
        ["imports", "rejections", str(2**31), "--out", "o.csv"],
        ["imports", "rejections", str(2**63), "--out", "o.csv"],
        ["imports", "list", "--offset", str(2**63)],
    ],
)
def test_numbers_no_batch_can_have_are_refused_plainly(connection: Connection, args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and "Invalid value" in result.output


@both_backends
@pytest.mark.parametrize("source", ["", "M" * 61, "MOI\x00", "<script>"])
def test_a_source_the_api_would_refuse_is_refused_before_a_batch_opens(
    connection: Connection, tmp_path: Path, source: str
) -> None:
    result = runner.invoke(app, ["complaints", "import", str(_file(tmp_path)), "--source", source])
    assert result.exit_code == 2, result.output
    assert "the source must be 1 to 60" in result.output and "Traceback" not in result.output
    listed = runner.invoke(app, ["imports", "list", "--json"])
    assert listed.exit_code == 0 and listed.stdout.strip() == ""  # one JSON line per batch: none
