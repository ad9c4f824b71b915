"""Helpers for job tests: settings aimed at a temporary folder, and a lead to run slots under."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jobs.runner import Lead
from registry.settings import Settings

LEAD = Lead(runner="test-host:1:abc", epoch=1)


def job_settings(tmp_path: Path, **overrides: Any) -> Settings:
    """Settings whose data, model and publication folders are under TMP_PATH."""
    values = {
        "REGISTRY_DATA_DIR": str(tmp_path / "data"),
        "MODEL_DIR": str(tmp_path / "models"),
        "PUBLICATION_DIR": str(tmp_path / "publications"),
        **overrides,
    }
    return Settings(**values)
