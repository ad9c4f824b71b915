"""How good a model is on a held-out later period, and how much a score distribution moved."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

import numpy as np

from scoring.encode import BoolArray, FloatArray

# Keeps the logarithm finite when a bin is empty in one of the two distributions.
_PSI_FLOOR = 1e-4


@dataclass(frozen=True)
class CalibrationBin:
    """One bin of a reliability diagram."""

    lower: float
    upper: float
    count: int
    mean_predicted: float
    observed_rate: float


@dataclass(frozen=True)
class Metrics:
    """Metrics of one chronological fold: trained on earlier snapshots, tested on test_as_of."""

    test_as_of: date
    n_test: int
    n_positive: int
    base_rate: float
    roc_auc: float
    precision_top: float
    top_share: float
    brier: float
    ece: float
    calibration_bins: tuple[CalibrationBin, ...]

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        data = asdict(self)
        data["test_as_of"] = self.test_as_of.isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Metrics:
        """The inverse of to_json."""
        bins = tuple(CalibrationBin(**b) for b in data["calibration_bins"])
        fields = {k: v for k, v in data.items() if k not in ("calibration_bins", "test_as_of")}
        return cls(test_as_of=date.fromisoformat(data["test_as_of"]), calibration_bins=bins, **fields)


def precision_at_top(labels: BoolArray, scores: FloatArray, share: float) -> float:
    """Share of positives among the highest-scored share of companies (ties broken by order)."""
    k = max(1, round(len(scores) * share))
    top = np.argsort(-scores, kind="stable")[:k]
    return float(labels[top].mean())


def calibration_bins(labels: BoolArray, probabilities: FloatArray, bins: int) -> tuple[CalibrationBin, ...]:
    """Equal-width probability bins with their mean prediction and observed positive rate."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    index = np.clip(np.digitize(probabilities, edges[1:-1]), 0, bins - 1)
    out = []
    for b in range(bins):
        rows = index == b
        count = int(rows.sum())
        mean_p = float(probabilities[rows].mean()) if count else 0.0
        rate = float(labels[rows].mean()) if count else 0.0
        out.append(CalibrationBin(float(edges[b]), float(edges[b + 1]), count, mean_p, rate))
    return tuple(out)


def expected_calibration_error(bins: tuple[CalibrationBin, ...]) -> float:
    """Count-weighted mean gap between predicted and observed rates over the bins."""
    total = sum(b.count for b in bins)
    if total == 0:
        return 0.0
    return sum(b.count * abs(b.mean_predicted - b.observed_rate) for b in bins) / total


def evaluate(
    labels: BoolArray, probabilities: FloatArray, *, test_as_of: date, top_share: float = 0.10, bins: int = 10
) -> Metrics:
    """All fold metrics from labels and calibrated probabilities."""
    # Imported here, not at the top: scikit-learn takes about a second to import (see scoring.model).
    from sklearn.metrics import brier_score_loss, roc_auc_score

    y = labels.astype(np.bool_)
    both_classes = 0 < y.sum() < len(y)
    auc = float(roc_auc_score(y, probabilities)) if both_classes else float("nan")
    cal = calibration_bins(y, probabilities, bins)
    return Metrics(
        test_as_of=test_as_of,
        n_test=len(y),
        n_positive=int(y.sum()),
        base_rate=float(y.mean()) if len(y) else 0.0,
        roc_auc=auc,
        precision_top=precision_at_top(y, probabilities, top_share),
        top_share=top_share,
        brier=float(brier_score_loss(y, probabilities)),
        ece=expected_calibration_error(cal),
        calibration_bins=cal,
    )


def population_stability_index(reference: FloatArray, current: FloatArray, bins: int = 10) -> float:
    """PSI of current against reference over reference deciles; above 0.25 is a major shift."""
    edges = np.unique(np.quantile(reference, np.linspace(0.0, 1.0, bins + 1)))
    inner = edges[1:-1]
    ref = np.bincount(np.digitize(reference, inner), minlength=len(inner) + 1) / max(1, len(reference))
    cur = np.bincount(np.digitize(current, inner), minlength=len(inner) + 1) / max(1, len(current))
    ref, cur = np.maximum(ref, _PSI_FLOOR), np.maximum(cur, _PSI_FLOOR)
    return float(np.sum((cur - ref) * np.log(cur / ref)))
