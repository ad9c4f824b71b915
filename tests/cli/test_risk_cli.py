from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlmodel import Session
from typer.testing import CliRunner

from cli.main import app
from registry.repositories import risk as risk_repo
from scoring.synthetic import generate
from tests.risk_support import Visit, add_companies, add_inspections, load_synthetic

runner = CliRunner()


def test_score_all_then_changed(session: Session, tmp_path: Path) -> None:
    a, _ = add_companies(session, [{}, {}])
    add_inspections(session, [Visit(a, date(2026, 1, 1), (("THREATS", "high", 2),))])
    session.commit()
    result = runner.invoke(app, ["score", "--all", "--model-dir", str(tmp_path), "--as-of", "2026-02-01"])
    assert result.exit_code == 0, result.output
    assert "companies (all)" in result.output and "critical 1" in result.output
    assert "fallback: no trained model: scored with points alone" in result.output
    assert risk_repo.latest_for(session, [a])[a].tier == "critical"
    changed = runner.invoke(app, ["score", "--changed", "--model-dir", str(tmp_path)])
    assert changed.exit_code == 0 and "(changed only)" in changed.output


def test_model_train_refuses_without_labels_and_then_trains(session: Session, tmp_path: Path) -> None:
    models, docs = tmp_path / "models", tmp_path / "docs"
    args = ["model", "train", "--model-dir", str(models), "--docs-dir", str(docs), "--as-of", "2024-01-01"]
    refused = runner.invoke(app, args)
    assert (
        refused.exit_code == 0 and "trained: no" in refused.output and "insufficient labels" in refused.output
    )
    data = generate(
        n_companies=700,
        n_complaints=9_000,
        n_inspections=4_000,
        start=date(2018, 1, 1),
        end=date(2024, 1, 1),
        seed=5,
    )
    load_synthetic(session, data)
    session.commit()
    trained = runner.invoke(app, args)
    assert trained.exit_code == 0, trained.output
    assert "trained: yes" in trained.output and "version: lr-" in trained.output
    card = trained.output.split("card: ")[1].strip()
    assert Path(card).name == "model-card.md" and Path(card).exists()
