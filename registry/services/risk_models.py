"""Which risk model is in use: the last one promoted, loaded only if its file is the one recorded.

Model files live in a directory given by the caller (the MODEL_DIR setting); the database records
each version with its file name, SHA-256 and metrics, so a file swapped on disk is refused even if
its own metadata was rewritten to match.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session

from registry.models.risk import RiskModelVersion
from registry.repositories import risk as risk_repo
from scoring.config import ScoringConfig
from scoring.features import feature_names
from scoring.model import TrainedModel
from scoring.store import ModelRejected, TamperedModel, load_model

REFUSAL_FILE = "training-refused.json"
NO_MODEL = "no trained model"


@dataclass(frozen=True)
class CurrentModel:
    """The model in use, or why there is none (then scores come from points alone)."""

    model: TrainedModel | None
    row: RiskModelVersion | None
    problem: str | None

    @property
    def fallback_reason(self) -> str | None:
        """What a points-only score says about why no model scored it."""
        return None if self.model else f"{self.problem or NO_MODEL}: scored with points alone"


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def current_model(session: Session, *, model_dir: Path, config: ScoringConfig) -> CurrentModel:
    """The last promoted model, checked against its recorded hash and today's feature names."""
    row = risk_repo.current_model(session)
    if row is None:
        return CurrentModel(None, None, _refusal(model_dir) or NO_MODEL)
    path = model_dir / row.file_path
    try:
        if file_sha256(path) != row.sha256:
            raise TamperedModel("the file's SHA-256 differs from the one recorded at training")
        model = load_model(path, expected_features=feature_names(config))
    except (OSError, ModelRejected) as exc:
        return CurrentModel(None, row, f"model {row.version} refused ({exc})")
    return CurrentModel(model, row, None)


def _refusal(model_dir: Path) -> str | None:
    path = model_dir / REFUSAL_FILE
    if not path.exists():
        return None
    return str(json.loads(path.read_text(encoding="utf-8"))["reason"])


def write_refusal(model_dir: Path, *, reason: str, at: datetime) -> None:
    """Remember why the last training produced no model, for scores made without one."""
    model_dir.mkdir(parents=True, exist_ok=True)
    body = {"reason": reason, "at": at.isoformat()}
    (model_dir / REFUSAL_FILE).write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")


def clear_refusal(model_dir: Path) -> None:
    """Forget a past refusal once a model was trained."""
    (model_dir / REFUSAL_FILE).unlink(missing_ok=True)


def finite(value: Any) -> Any:
    """The same JSON-ready structure with NaN and infinities as None (JSON columns refuse them)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [finite(v) for v in value]
    return value


def record(
    session: Session, model: TrainedModel, *, path: Path, promoted: bool, at: datetime
) -> RiskModelVersion:
    """Store a trained model's version row."""
    metrics = {"latest_fold": model.metrics.to_json(), "folds": [m.to_json() for m in model.fold_metrics]}
    row = RiskModelVersion(
        version=model.version,
        trained_at=at,
        file_path=path.name,
        sha256=file_sha256(path),
        metrics=finite(metrics),
        promoted=promoted,
        promoted_at=at if promoted else None,
        period_start=model.training_start,
        period_end=model.training_end,
    )
    return risk_repo.add_model_version(session, row)
