from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy.engine import Connection
from sqlmodel import Session
from typer.testing import CliRunner

from cli.main import app
from registry.services import companies as service
from registry.services.name_matching import record_mention
from tests.factories import company_data

runner = CliRunner()


def _seed(session: Session) -> dict[str, int]:
    rows = {
        "C1": company_data(external_id="C1", name_en="Al-Mutairi Cleaning Services Co.", name_ar=None),
        "C2": company_data(external_id="C2", name_en="Behbehani Cleaning Co.", name_ar=None),
    }
    return {k: service.create_company(session, data=v).id or 0 for k, v in rows.items()}


def test_match_file_writes_the_contract_columns(session: Session, tmp_path: Path) -> None:
    _seed(session)
    source = tmp_path / "mentions.csv"
    source.write_text(
        "mention_id,name\nm1,behbehani cleaning co\nm2,Zanzibar Fishing\nm3,\n", encoding="utf-8"
    )
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["match", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0]) == ["mention_id", "decision", "external_id", "score", "reasons"]
    by_id = {r["mention_id"]: r for r in rows}
    assert (by_id["m1"]["decision"], by_id["m1"]["external_id"]) == ("match", "C2")
    assert (by_id["m2"]["decision"], by_id["m2"]["external_id"]) == ("none", "")
    assert by_id["m3"]["decision"] == "none" and by_id["m3"]["reasons"]


def test_match_refuses_a_file_without_the_name_column(connection: Connection, tmp_path: Path) -> None:
    source = tmp_path / "bad.csv"
    source.write_text("id,company\n1,x\n", encoding="utf-8")
    result = runner.invoke(app, ["match", str(source), "--out", str(tmp_path / "o.csv")])
    assert result.exit_code == 2 and "mention_id, name" in result.output


def test_compare_names_passes_columns_through(tmp_path: Path) -> None:
    source = tmp_path / "pairs.csv"
    source.write_text(
        "case,name1,name2\n1,Al-Mutairi Cleaning Co.,almutairy cleaning company W.L.L.\n"
        "2,Al-Mutairi Cleaning Co.,Al-Mutairi General Trading\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    assert runner.invoke(app, ["compare-names", str(source), "--out", str(out)]).exit_code == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0]) == ["case", "name1", "name2", "score", "decision"]
    assert rows[0]["decision"] == "match" and rows[1]["decision"] != "match"
    assert float(rows[0]["score"]) > float(rows[1]["score"])


def test_review_merge_and_split_through_the_cli(session: Session) -> None:
    ids = _seed(session)
    mention = record_mention(session, text="Mutairi Co.", source="test")
    listed = runner.invoke(app, ["review", "list"])
    assert "Mutairi Co." in listed.output
    confirmed = runner.invoke(app, ["review", "confirm", str(mention.id), str(ids["C1"]), "--actor", "insp"])
    assert confirmed.exit_code == 0 and "confirmed" in confirmed.output
    again = runner.invoke(app, ["review", "reject", str(mention.id), str(ids["C1"]), "--actor", "insp"])
    assert again.exit_code == 0
    merged = runner.invoke(
        app, ["companies", "merge", str(ids["C2"]), "--into", str(ids["C1"]), "--reason", "dup"]
    )
    assert merged.exit_code == 0, merged.output
    alias = next(
        n for n in service.company_names(session, company_id=ids["C1"]) if n.text == "Behbehani Cleaning Co."
    )
    split = runner.invoke(
        app,
        [
            "companies",
            "split",
            str(ids["C1"]),
            "--external-id",
            "C3",
            "--name-en",
            "Behbehani Cleaning (new)",
            "--name-id",
            str(alias.id),
            "--reason",
            "separate again",
        ],
    )
    assert split.exit_code == 0, split.output
    missing = runner.invoke(app, ["companies", "merge", "999999", "--into", str(ids["C1"]), "--reason", "x"])
    assert missing.exit_code == 1 and "no company" in missing.output
