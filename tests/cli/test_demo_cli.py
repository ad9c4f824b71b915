from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select
from typer.testing import CliRunner

from cli.main import app
from registry.database import get_engine, session_factory
from registry.models import Company, Complaint, RiskScore
from registry.settings import get_settings

runner = CliRunner()


@pytest.fixture
def sqlite_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("REGISTRY_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("MODEL_DIR", str(tmp_path / "models"))
    get_settings.cache_clear()
    get_engine.cache_clear()
    session_factory.reset()
    yield url
    get_engine().dispose()
    get_settings.cache_clear()
    get_engine.cache_clear()
    session_factory.reset()


def test_demo_loads_companies_history_and_scores_without_serving(sqlite_env: str) -> None:
    result = runner.invoke(app, ["demo", "--companies", "80", "--seed", "7", "--no-serve"])
    assert result.exit_code == 0, result.output
    assert "demo risk scores: 80 companies scored" in result.output
    engine = create_engine(sqlite_env)
    with engine.connect() as conn:
        counts = [
            conn.execute(select(func.count()).select_from(m)).scalar_one()
            for m in (Company, Complaint, RiskScore)
        ]
    engine.dispose()
    assert counts[0] == 80 and counts[1] > 0 and counts[2] == 80
