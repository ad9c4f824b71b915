from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from cli.serve import default_workers
from registry.settings import get_settings


def test_postgresql_gets_one_worker_per_core_and_sqlite_one() -> None:
    assert default_workers(is_sqlite=False) == (os.cpu_count() or 1)
    assert default_workers(is_sqlite=True) == 1


def test_several_workers_on_sqlite_are_refused_before_serving(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'serve.db'}")
    monkeypatch.setenv("REGISTRY_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["serve", "--workers", "2"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 2
    assert "several workers need PostgreSQL" in result.output
