"""Stored models: a faithful round trip, and refusal of tampered, untrusted or mismatched files."""

from __future__ import annotations

import ast
import hashlib
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest
import skops.io as sio
from sklearn.calibration import CalibratedClassifierCV
from sklearn.frozen import FrozenEstimator
from sklearn.tree import DecisionTreeClassifier

from scoring.features import feature_names
from scoring.metrics import Metrics
from scoring.model import TrainedModel
from scoring.store import (
    TRUSTED_TYPES,
    FeatureMismatch,
    ModelRejected,
    TamperedModel,
    UntrustedModel,
    load_model,
    metadata_path,
    save_model,
    should_promote,
)

SCORING = Path(__file__).resolve().parents[2] / "scoring"


class Wrapper:
    """A harmless-looking custom class; anything not allow-listed must be refused."""

    def __init__(self, inner: object) -> None:
        self.inner = inner


@pytest.fixture
def saved(trained: TrainedModel, tmp_path: Path) -> Path:
    path = tmp_path / "risk.skops"
    save_model(trained, path)
    return path


def _swap_estimator(path: Path, estimator: object) -> None:
    """Replace the stored estimator and update the recorded hash, as a careful attacker would."""
    data = sio.dumps(estimator)
    path.write_bytes(data)
    meta = json.loads(metadata_path(path).read_text())
    meta["sha256"] = hashlib.sha256(data).hexdigest()
    metadata_path(path).write_text(json.dumps(meta))


def test_round_trip_predicts_the_same(trained: TrainedModel, saved: Path, snapshots) -> None:
    loaded = load_model(saved, expected_features=feature_names())
    table = snapshots[-1].table
    np.testing.assert_allclose(loaded.predict_proba(table), trained.predict_proba(table))
    assert loaded.reasons(table)[:50] == trained.reasons(table)[:50]
    assert loaded.version == trained.version
    assert loaded.metrics == trained.metrics
    assert loaded.fold_metrics == trained.fold_metrics
    assert loaded.created_at == trained.created_at


def test_sidecar_records_what_an_auditor_needs(trained: TrainedModel, saved: Path) -> None:
    meta = json.loads(metadata_path(saved).read_text())
    assert meta["sha256"] == hashlib.sha256(saved.read_bytes()).hexdigest()
    assert meta["feature_names"] == list(feature_names())
    assert set(meta["libraries"]) >= {"scikit-learn", "numpy", "skops"}
    assert meta["training_period"]["first_snapshot"] == trained.training_start.isoformat()
    assert meta["training_period"]["last_snapshot"] == trained.training_end.isoformat()
    assert meta["data_snapshot_id"] == trained.data_snapshot_id
    assert meta["metrics"]["roc_auc"] == pytest.approx(trained.metrics.roc_auc)
    assert meta["created_at"] == trained.created_at.isoformat()


def test_a_feature_mismatch_is_refused(saved: Path) -> None:
    with pytest.raises(FeatureMismatch):
        load_model(saved, expected_features=[*feature_names()[:-1], "days_since_anything"])
    with pytest.raises(FeatureMismatch):
        load_model(saved, expected_features=feature_names()[1:])


def test_a_tampered_file_is_refused(saved: Path) -> None:
    data = bytearray(saved.read_bytes())
    data[len(data) // 2] ^= 0xFF
    saved.write_bytes(bytes(data))
    with pytest.raises(TamperedModel):
        load_model(saved, expected_features=feature_names())


def test_a_custom_class_is_refused_even_with_a_matching_hash(trained: TrainedModel, saved: Path) -> None:
    _swap_estimator(saved, Wrapper(trained.estimator))
    with pytest.raises(UntrustedModel, match="Wrapper"):
        load_model(saved, expected_features=feature_names())


def test_a_scikit_learn_type_outside_the_allow_list_is_refused(saved: Path, snapshots) -> None:
    table = snapshots[-1].table
    tree = DecisionTreeClassifier(max_depth=2).fit(table.matrix, snapshots[-1].labels)
    swapped = CalibratedClassifierCV(FrozenEstimator(tree)).fit(table.matrix, snapshots[-1].labels)
    assert "sklearn.tree._classes.DecisionTreeClassifier" not in TRUSTED_TYPES
    # skops alone would trust a decision tree; the project's allow-list is narrower on purpose.
    assert "sklearn.tree._classes.DecisionTreeClassifier" not in sio.get_untrusted_types(
        data=sio.dumps(swapped)
    )
    _swap_estimator(saved, swapped)
    with pytest.raises(UntrustedModel, match="DecisionTreeClassifier"):
        load_model(saved, expected_features=feature_names())


def test_saving_a_model_with_an_untrusted_type_is_refused(trained: TrainedModel, tmp_path: Path) -> None:
    with pytest.raises(UntrustedModel):
        save_model(replace(trained, estimator=Wrapper(trained.estimator)), tmp_path / "bad.skops")
    assert not (tmp_path / "bad.skops").exists()


def test_missing_metadata_or_other_library_version_is_refused(saved: Path) -> None:
    meta = json.loads(metadata_path(saved).read_text())
    meta["libraries"]["scikit-learn"] = "0.24.2"
    metadata_path(saved).write_text(json.dumps(meta))
    with pytest.raises(ModelRejected, match="retrain"):
        load_model(saved, expected_features=feature_names())
    metadata_path(saved).unlink()
    with pytest.raises(ModelRejected, match="metadata"):
        load_model(saved, expected_features=feature_names())


def metrics(auc: float, brier: float, ece: float = 0.01, on: date = date(2024, 1, 1)) -> Metrics:
    return Metrics(on, 1000, 100, 0.1, auc, 0.3, 0.1, brier, ece, ())


def test_promotion_rule() -> None:
    current = metrics(0.80, 0.080)
    assert should_promote(metrics(0.82, 0.079), None)
    assert should_promote(metrics(0.82, 0.079), current)
    assert not should_promote(metrics(0.802, 0.070), current)  # AUC gain below the minimum
    assert not should_promote(metrics(0.85, 0.090), current)  # ranks better, calibrated worse
    assert not should_promote(metrics(0.85, 0.070, ece=0.2), current)  # badly calibrated
    assert not should_promote(metrics(float("nan"), 0.07), None)
    with pytest.raises(ValueError, match="same test period"):
        should_promote(metrics(0.9, 0.05, on=date(2025, 1, 1)), current)


def test_no_pickle_or_joblib_anywhere_in_scoring() -> None:
    for path in SCORING.rglob("*.py"):
        tree = ast.parse(path.read_text())
        imported = {
            alias.name.split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in (node.names if isinstance(node, ast.Import) else [ast.alias(node.module or "")])
        }
        assert not imported & {"pickle", "joblib", "cloudpickle", "dill"}, path
        assert not imported & {
            "fastapi",
            "starlette",
            "sqlalchemy",
            "sqlmodel",
            "psycopg",
            "alembic",
            "uvicorn",
        }
        assert not imported & {"registry", "api", "jobs", "cli"}, path
