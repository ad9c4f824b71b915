"""`match` and `compare-names` on files a user gets wrong: the input kept, OUT whole or untouched."""

from __future__ import annotations

import csv
import os
import stat
import threading
from pathlib import Path

import pytest
from click.testing import Result
from sqlalchemy.engine import Connection
from sqlmodel import Session
from typer.testing import CliRunner

from cli.main import app
from registry.services import companies as service
from tests.conftest import both_backends
from tests.factories import company_data

runner = CliRunner()
MENTIONS = "mention_id,name\nm1,Behbehani Cleaning Co\nm2,Zanzibar Fishing\n"
PAIRS = "name1,name2\nAl-Mutairi Cleaning Co.,Al Mutairi Cleaning\n"
# The text of a quoted cell that is never closed: never to be copied into an output.
OPEN = "Salmiya Manpower"


def _refused(result: Result, message: str) -> None:
    """Exit 2 with MESSAGE on stderr, and no traceback."""
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert message in result.stderr


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(path.open(encoding="utf-8")))


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("spelling", ["same", "dotted", "symlink"])
@pytest.mark.parametrize(
    ("command", "content"), [("match", MENTIONS), ("compare-names", PAIRS)], ids=["match", "compare-names"]
)
def test_out_naming_the_input_is_refused_and_the_input_kept(
    connection: Connection,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    spelling: str,
    command: str,
    content: str,
) -> None:
    source = tmp_path / "input.csv"
    source.write_text(content, encoding="utf-8")
    (tmp_path / "link.csv").symlink_to(source)
    monkeypatch.chdir(tmp_path)
    out = {"same": str(source), "dotted": "./input.csv", "symlink": "link.csv"}[spelling]
    result = runner.invoke(app, [command, str(source), "--out", out])
    _refused(result, "is the input file")
    assert source.read_text(encoding="utf-8") == content
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("command", ["match", "compare-names"])
def test_out_in_a_missing_directory_or_on_a_directory_is_refused(
    connection: Connection, tmp_path: Path, command: str
) -> None:
    source = tmp_path / "input.csv"
    source.write_text(MENTIONS if command == "match" else PAIRS, encoding="utf-8")
    missing = runner.invoke(app, [command, str(source), "--out", str(tmp_path / "nowhere" / "o.csv")])
    _refused(missing, "does not exist")
    folder = runner.invoke(app, [command, str(source), "--out", str(tmp_path)])
    _refused(folder, "is a directory")


@both_backends
def test_match_writes_a_row_it_cannot_read_as_refused_and_matches_the_others(
    session: Session, tmp_path: Path
) -> None:
    service.create_company(
        session, data=company_data(external_id="C1", name_en="Behbehani Cleaning Co.", name_ar=None)
    )
    source = tmp_path / "mentions.csv"
    # Line 3 opens a quote that nothing closes: it swallows the rest of the file.
    source.write_text(
        f'mention_id,name\nm1,Behbehani Cleaning Co\nm2,"{OPEN}\nm3,Zanzibar\n', encoding="utf-8"
    )
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["match", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = _rows(out)
    assert (rows[0]["mention_id"], rows[0]["decision"], rows[0]["external_id"]) == ("m1", "match", "C1")
    assert rows[1]["decision"] == "none" and "never closed" in rows[1]["reasons"]
    assert OPEN not in out.read_text(encoding="utf-8") and "could not be read" in result.stderr
    assert _leftovers(tmp_path) == []


def test_compare_names_writes_a_row_it_cannot_read_as_none_and_keeps_out_whole(tmp_path: Path) -> None:
    source = tmp_path / "pairs.csv"
    source.write_text(f'name1,name2\nAl Kandari,Kandari\nx,"{OPEN}\ny,z\n', encoding="utf-8")
    out = tmp_path / "out.csv"
    out.write_text("an earlier run's result\n", encoding="utf-8")
    os.chmod(out, 0o640)
    result = runner.invoke(app, ["compare-names", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert [r["decision"] for r in _rows(out)] == ["match", "none"] and "line 3" in result.stderr
    assert (out.stat().st_mode & 0o777) == 0o640 and _leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("name1,name2,score,decision", "already has column(s) score, decision"),
        ("name1,name2,note,Note", "the column 'note' appears twice (columns 3 and 4)"),
        ("name1,name2,,", "several columns without a name"),
    ],
    ids=["added", "repeated", "unnamed"],
)
def test_compare_names_refuses_columns_it_would_overwrite_or_merge(
    tmp_path: Path, header: str, message: str
) -> None:
    source = tmp_path / "pairs.csv"
    source.write_text(f"{header}\nAl Mutairi,Al Mutairi,a,b\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    _refused(runner.invoke(app, ["compare-names", str(source), "--out", str(out)]), message)
    assert not out.exists()


def test_compare_names_warns_about_cells_beyond_the_header(tmp_path: Path) -> None:
    source = tmp_path / "pairs.csv"
    lines = [f"{i},Al Mutairi,Al Mutairi" + (",lost" if i % 2 else "") for i in range(1, 16)]
    source.write_text("case,name1,name2\n" + "\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["compare-names", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "8 row(s) have more cells than the header (line 2, 4, 6, 8, 10, …)" in result.stderr
    assert len(_rows(out)) == 15


@both_backends
def test_match_refuses_a_name_with_nul_in_its_row_and_warns_of_repeated_ids(
    session: Session, tmp_path: Path
) -> None:
    service.create_company(
        session, data=company_data(external_id="C1", name_en="Behbehani Cleaning Co.", name_ar=None)
    )
    source = tmp_path / "mentions.csv"
    source.write_text(
        "mention_id,name\nm1,Behbehani Cleaning Co\nm2,Behbe\x00hani Cleaning Co\n"
        "m1,Behbehani Cleaning Co.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["match", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = _rows(out)
    assert list(rows[0]) == ["mention_id", "decision", "external_id", "score", "reasons"]
    assert [(r["mention_id"], r["decision"]) for r in rows] == [
        ("m1", "match"),
        ("m2", "none"),
        ("m1", "match"),
    ]
    assert rows[1]["reasons"] == "refused: name contains control characters (such as NUL)"
    assert "(line 3)" in result.stderr
    assert "1 mention_id value(s) appear more than once ('m1')" in result.stderr


def test_out_may_be_a_fifo_written_into_and_left_a_fifo(tmp_path: Path) -> None:
    source = tmp_path / "pairs.csv"
    source.write_text(PAIRS, encoding="utf-8")
    fifo = tmp_path / "results"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text(encoding="utf-8")), daemon=True)
    reader.start()
    result = runner.invoke(app, ["compare-names", str(source), "--out", str(fifo)])
    reader.join(timeout=20)
    assert result.exit_code == 0, result.output
    assert received and received[0].startswith("name1,name2,score,decision")
    assert stat.S_ISFIFO(fifo.stat().st_mode) and _leftovers(tmp_path) == []


@pytest.mark.parametrize("column", ["__error__", "__extra__"])
def test_a_column_named_as_the_readers_own_keys_is_refused(tmp_path: Path, column: str) -> None:
    source = tmp_path / "pairs.csv"
    source.write_text(f"name1,name2,{column}\nA,B,x\n", encoding="utf-8")
    result = runner.invoke(app, ["compare-names", str(source), "--out", str(tmp_path / "out.csv")])
    _refused(result, "reserved by the reader")


def test_compare_names_does_not_score_a_name_with_control_characters(tmp_path: Path) -> None:
    source = tmp_path / "pairs.csv"
    source.write_text("name1,name2\nAl\x1bMutairi Cleaning,Al Mutairi Cleaning\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["compare-names", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert [(r["score"], r["decision"]) for r in _rows(out)] == [("0.0000", "none")]
    assert "control characters" in result.stderr
