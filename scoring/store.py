"""Saving and loading models with skops (never pickle), checked against a hash and a type allow-list.

Each model is two files: NAME.skops (the estimator) and NAME.json beside it (feature names, library
versions, training period, data snapshot id, metrics, SHA-256 of the .skops file, creation time).
"""

from __future__ import annotations

import hashlib
import io
import json
import platform
import zipfile
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np

from scoring.config import DEFAULT_CONFIG, ScoringConfig
from scoring.metrics import Metrics
from scoring.model import TrainedModel

FORMAT_VERSION = 1

# Every type a stored model may contain, checked in the file's schema before anything is constructed.
# skops's own default trust list is wider (any scikit-learn estimator); this one admits only what
# train_model produces, so a swapped or wrapped estimator is refused rather than silently scored with.
TRUSTED_TYPES: tuple[str, ...] = (
    "builtins.bool",
    "builtins.dict",
    "builtins.float",
    "builtins.int",
    "builtins.list",
    "builtins.str",
    "builtins.tuple",
    "numpy.bool_",
    "numpy.dtype",
    "numpy.float64",
    "numpy.int32",
    "numpy.int64",
    "numpy.ndarray",
    "sklearn.calibration.CalibratedClassifierCV",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.frozen._frozen.FrozenEstimator",
    "sklearn.isotonic.IsotonicRegression",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.pipeline.Pipeline",
    "sklearn.preprocessing._data.StandardScaler",
)


class ModelRejected(Exception):
    """A stored model that must not be used."""


class TamperedModel(ModelRejected):
    """The .skops file is not the one whose hash the metadata records."""


class UntrustedModel(ModelRejected):
    """The .skops file contains a type outside TRUSTED_TYPES."""


class FeatureMismatch(ModelRejected):
    """The model was trained on other features than the caller provides."""


def metadata_path(path: Path) -> Path:
    """Where the JSON sidecar of a .skops file lives."""
    return path.with_suffix(".json")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _walk(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if "__class__" in node and "__module__" in node:
            yield f"{node['__module__']}.{node['__class__']}"
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def schema_types(data: bytes) -> set[str]:
    """Every type named anywhere in a skops file's schema."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        schema = json.loads(archive.read("schema.json"))
    return set(_walk(schema))


def untrusted_types(data: bytes) -> list[str]:
    """Types in a skops file that are not in TRUSTED_TYPES, from skops's check and the schema."""
    import skops.io as sio  # skops and scikit-learn take a second to import: only where a model is read

    named = set(sio.get_untrusted_types(data=data)) | schema_types(data)
    return sorted(named - set(TRUSTED_TYPES))


def _library_versions() -> dict[str, str]:
    import sklearn
    import skops

    return {
        "python": platform.python_version(),
        "scikit-learn": sklearn.__version__,
        "numpy": np.__version__,
        "skops": skops.__version__,
    }


def _metadata(model: TrainedModel, digest: str) -> dict[str, Any]:
    return {
        "format_version": FORMAT_VERSION,
        "model_version": model.version,
        "created_at": model.created_at.isoformat(),
        "sha256": digest,
        "libraries": _library_versions(),
        "feature_names": list(model.feature_names),
        "used_features": list(model.used_features),
        "feature_means": list(model.feature_means),
        "design": "log1p then standard scaling, logistic regression, calibrated on a company hold-out",
        "calibration": model.calibration,
        "probability_bounds": list(model.probability_bounds),
        "training_period": {
            "first_snapshot": model.training_start.isoformat(),
            "last_snapshot": model.training_end.isoformat(),
            "label_horizon_days": model.label_horizon_days,
            "label_gap_days": model.label_gap_days,
        },
        "data_snapshot_id": model.data_snapshot_id,
        "metrics": model.metrics.to_json(),
        "fold_metrics": [m.to_json() for m in model.fold_metrics],
    }


def save_model(model: TrainedModel, path: Path) -> Path:
    """Write the .skops file and its JSON sidecar; returns the sidecar's path."""
    import skops.io as sio

    data = sio.dumps(model.estimator)
    if strange := untrusted_types(data):
        raise UntrustedModel(f"refusing to save a model with types outside TRUSTED_TYPES: {strange}")
    path.write_bytes(data)
    sidecar = metadata_path(path)
    sidecar.write_text(json.dumps(_metadata(model, _sha256(data)), indent=2, ensure_ascii=False))
    return sidecar


def _minor(version: str) -> str:
    return ".".join(version.split(".")[:2])


def _check(meta: dict[str, Any], data: bytes, expected_features: Sequence[str]) -> None:
    if _sha256(data) != meta.get("sha256"):
        raise TamperedModel("the model file's SHA-256 does not match its metadata")
    if list(meta["feature_names"]) != list(expected_features):
        raise FeatureMismatch("the model was trained on different feature names than expected")
    import sklearn

    trained_with = meta["libraries"]["scikit-learn"]
    if _minor(trained_with) != _minor(sklearn.__version__):
        raise ModelRejected(
            f"trained with scikit-learn {trained_with}, running {sklearn.__version__}: retrain"
        )
    if strange := untrusted_types(data):
        raise UntrustedModel(f"the model file contains types outside TRUSTED_TYPES: {strange}")


def _model(estimator: Any, meta: dict[str, Any]) -> TrainedModel:
    period = meta["training_period"]
    return TrainedModel(
        estimator=estimator,
        feature_names=tuple(meta["feature_names"]),
        used_features=tuple(meta["used_features"]),
        feature_means=tuple(float(v) for v in meta["feature_means"]),
        calibration=meta["calibration"],
        metrics=Metrics.from_json(meta["metrics"]),
        fold_metrics=tuple(Metrics.from_json(m) for m in meta["fold_metrics"]),
        training_start=date.fromisoformat(period["first_snapshot"]),
        training_end=date.fromisoformat(period["last_snapshot"]),
        label_horizon_days=int(period["label_horizon_days"]),
        label_gap_days=int(period["label_gap_days"]),
        data_snapshot_id=meta["data_snapshot_id"],
        version=meta["model_version"],
        created_at=datetime.fromisoformat(meta["created_at"]),
        probability_bounds=(float(meta["probability_bounds"][0]), float(meta["probability_bounds"][1])),
    )


def load_model(path: Path, *, expected_features: Sequence[str]) -> TrainedModel:
    """Load a model after checking its hash, its feature names, its library version and its types."""
    sidecar = metadata_path(path)
    if not sidecar.exists():
        raise ModelRejected(f"no metadata beside {path.name}")
    meta = json.loads(sidecar.read_text())
    data = path.read_bytes()
    _check(meta, data, expected_features)
    import skops.io as sio
    from sklearn.calibration import CalibratedClassifierCV

    estimator = sio.loads(data, trusted=list(TRUSTED_TYPES))
    if not isinstance(estimator, CalibratedClassifierCV):
        raise UntrustedModel(f"expected a CalibratedClassifierCV, found {type(estimator).__name__}")
    if estimator.n_features_in_ != len(meta["used_features"]):
        raise FeatureMismatch("the estimator's input width does not match its used features")
    return _model(estimator, meta)


def should_promote(
    candidate_metrics: Metrics, current_metrics: Metrics | None, config: ScoringConfig = DEFAULT_CONFIG
) -> bool:
    """Promote when there is no current model, or the candidate beats it on the same latest fold.

    Beating means: ROC AUC higher by at least config.promotion_min_auc_gain, Brier score no worse
    than the current one plus config.promotion_brier_tolerance, and expected calibration error at
    most config.promotion_max_ece. Both sets of metrics must come from the same test period (score
    the current model on the candidate's latest snapshot with model.evaluate_model); comparing
    different periods would reward an easier year rather than a better model.
    """
    if candidate_metrics.ece > config.promotion_max_ece or np.isnan(candidate_metrics.roc_auc):
        return False
    if current_metrics is None:
        return True
    if candidate_metrics.test_as_of != current_metrics.test_as_of:
        raise ValueError("compare the candidate and the current model on the same test period")
    better_ranking = candidate_metrics.roc_auc >= current_metrics.roc_auc + config.promotion_min_auc_gain
    no_worse_calibrated = candidate_metrics.brier <= current_metrics.brier + config.promotion_brier_tolerance
    return bool(better_ranking and no_worse_calibrated)
