"""A calibrated logistic model of past outcomes, with chronological evaluation and reason codes.

Why logistic regression rather than gradient boosting: its probabilities are already close to
calibrated, so the calibration step only corrects drift; each reason code is exact (coefficient times
the company's distance from the average company) instead of an approximation by perturbation; and a
judge can be shown the whole model as one table of weights. Features enter as log(1 + x) so that a few
companies with hundreds of complaints do not dominate the fit. A conduct feature (complaints, findings,
links) whose fitted weight comes out negative is dropped and the model refitted: more violations must
never lower a company's risk, whatever a correlation in the data suggests.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np

from scoring.config import DEFAULT_CONFIG, ScoringConfig
from scoring.encode import BoolArray, FloatArray
from scoring.explain import Reason, top_reasons
from scoring.features import FeatureTable
from scoring.labels import Snapshot, snapshot_id
from scoring.metrics import Metrics, evaluate

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline

RISK_INCREASING_PREFIXES = (
    "complaints_",
    "findings_",
    "serious_inspections",
    "workers_affected",
    "links_to_listed",
    "partners_flagged",
)


@dataclass(frozen=True)
class InsufficientLabels:
    """Training was refused: too few outcomes to fit and defend a model; score with points alone."""

    reason: str
    positives: int
    negatives: int
    required: int


@dataclass(frozen=True)
class TrainedModel:
    """A calibrated classifier with everything needed to use, explain, store and audit it."""

    estimator: Any
    feature_names: tuple[str, ...]
    used_features: tuple[str, ...]
    feature_means: tuple[float, ...]
    calibration: str
    metrics: Metrics
    fold_metrics: tuple[Metrics, ...]
    training_start: date
    training_end: date
    label_horizon_days: int
    label_gap_days: int
    data_snapshot_id: str
    version: str
    created_at: datetime
    probability_bounds: tuple[float, float]

    def _design(self, table: FeatureTable) -> FloatArray:
        if tuple(table.names) != self.feature_names:
            raise ValueError("feature table does not have the features this model was trained on")
        return _design(table, self.used_features)

    def predict_proba(self, table: FeatureTable) -> FloatArray:
        """Calibrated probability of a serious outcome within the horizon, per company."""
        return _predict(self.estimator, self._design(table), self.probability_bounds)

    def contributions(self, table: FeatureTable) -> FloatArray:
        """Per company and used feature: weight times distance from the average company, in log-odds."""
        base = _base_pipeline(self.estimator)
        scaled = base.named_steps["scale"].transform(self._design(table))
        return np.asarray(scaled * base.named_steps["model"].coef_[0], dtype=np.float64)

    def reasons(self, table: FeatureTable, config: ScoringConfig = DEFAULT_CONFIG) -> list[list[Reason]]:
        """Up to config.max_reasons reasons per company, drawn only from the features the model uses."""
        columns = [table.names.index(n) for n in self.used_features]
        return top_reasons(
            self.contributions(table),
            table.matrix[:, columns],
            self.used_features,
            self.feature_means,
            max_reasons=config.max_reasons,
            min_weight=config.min_reason_weight,
        )


def _base_pipeline(estimator: Any) -> Pipeline:
    """The fitted scaler-and-logistic pipeline inside the calibrated, frozen wrapper."""
    frozen = estimator.calibrated_classifiers_[0].estimator
    pipeline: Pipeline = frozen.estimator
    return pipeline


def _design(table: FeatureTable, used: Sequence[str]) -> FloatArray:
    columns = [table.names.index(n) for n in used]
    return np.log1p(np.maximum(table.matrix[:, columns], 0.0))


def _stack(snapshots: Sequence[Snapshot]) -> tuple[FeatureTable, BoolArray]:
    names = snapshots[0].table.names
    if any(s.table.names != names for s in snapshots):
        raise ValueError("snapshots have different feature names")
    ids = [cid for s in snapshots for cid in s.table.company_ids]
    matrix = np.vstack([s.table.matrix for s in snapshots])
    return FeatureTable(ids, names, matrix), np.concatenate([s.labels for s in snapshots])


def _calibration_rows(company_ids: Sequence[str], share: float) -> BoolArray:
    """A stable, company-level hold-out: the same company is never on both sides."""
    cut = share * 10_000
    return np.array([zlib.crc32(cid.encode()) % 10_000 < cut for cid in company_ids], dtype=np.bool_)


def _pipeline(config: ScoringConfig) -> Pipeline:
    # scikit-learn takes about a second to import, and every CLI command and API start loads this
    # module: it is imported where a model is fitted, not at the top.
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    model = LogisticRegression(C=config.regularisation_c, max_iter=2000)
    return Pipeline([("scale", StandardScaler()), ("model", model)])


def _fit_base(
    table: FeatureTable, labels: BoolArray, config: ScoringConfig
) -> tuple[Pipeline, tuple[str, ...]]:
    """Fit on non-constant features, dropping conduct features that come out with a negative weight."""
    used = [n for n in table.names if np.ptp(table.column(n)) > 0]
    while True:
        pipeline = _pipeline(config).fit(_design(table, used), labels)
        coef = pipeline.named_steps["model"].coef_[0]
        wrong = [
            (w, n)
            for n, w in zip(used, coef, strict=True)
            if w < 0 and n.startswith(RISK_INCREASING_PREFIXES)
        ]
        if not wrong:
            return pipeline, tuple(used)
        # One at a time, most negative first: dropping a collinear twin often rights the other's sign.
        used.remove(min(wrong)[1])


def _fit(snapshots: Sequence[Snapshot], config: ScoringConfig) -> tuple[Any, tuple[str, ...], str]:
    table, labels = _stack(snapshots)
    held = _calibration_rows(table.company_ids, config.calibration_share)
    base, used = _fit_base(table.subset(~held), labels[~held], config)
    method = "isotonic" if held.sum() >= config.isotonic_min_samples else "sigmoid"
    # Imported here for the reason given in _pipeline: scikit-learn is slow to import.
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.frozen import FrozenEstimator

    calibrated = CalibratedClassifierCV(FrozenEstimator(base), method=method)
    calibrated.fit(_design(table.subset(held), used), labels[held])
    return calibrated, used, method


def _bounds(config: ScoringConfig) -> tuple[float, float]:
    return (config.probability_floor, config.probability_ceiling)


def _predict(estimator: Any, design: FloatArray, bounds: tuple[float, float]) -> FloatArray:
    if len(design) == 0:
        return np.zeros(0)
    probabilities = np.asarray(estimator.predict_proba(design)[:, 1], dtype=np.float64)
    return np.clip(probabilities, *bounds)


def _folds(snapshots: Sequence[Snapshot], config: ScoringConfig) -> list[tuple[list[Snapshot], Snapshot]]:
    """Each snapshot as a test period, trained only on snapshots whose outcomes were known before it."""
    lag = timedelta(days=config.label_horizon_days + config.label_gap_days)
    ordered = sorted(snapshots, key=lambda s: s.as_of)
    folds = [([s for s in ordered if s.as_of + lag <= test.as_of], test) for test in ordered]
    return [(train, test) for train, test in folds if train]


def _shortfall(train: Sequence[Snapshot], test: Snapshot, config: ScoringConfig) -> InsufficientLabels | None:
    labels = np.concatenate([s.labels for s in train])
    held = _calibration_rows([cid for s in train for cid in s.table.company_ids], config.calibration_share)
    pos, neg = int(labels.sum()), int((~labels).sum())
    if pos < config.min_positive_labels or neg < config.min_negative_labels:
        need = max(config.min_positive_labels, config.min_negative_labels)
        return InsufficientLabels(f"insufficient labels: {pos} positive, {neg} negative", pos, neg, need)
    cal_pos, cal_neg = int(labels[held].sum()), int((~labels[held]).sum())
    if min(cal_pos, cal_neg) < 10:
        return InsufficientLabels("insufficient labels: calibration hold-out lacks a class", pos, neg, 10)
    test_pos = int(test.labels.sum())
    if test_pos < config.min_test_positives or test_pos == len(test.labels):
        reason = f"insufficient labels: {test_pos} positive outcomes in the latest test period"
        return InsufficientLabels(reason, pos, neg, config.min_test_positives)
    return None


def _fold_metrics(train: Sequence[Snapshot], test: Snapshot, config: ScoringConfig) -> Metrics:
    estimator, used, _ = _fit(train, config)
    probabilities = _predict(estimator, _design(test.table, used), _bounds(config))
    return evaluate(
        test.labels,
        probabilities,
        test_as_of=test.as_of,
        top_share=config.top_share,
        bins=config.calibration_bins,
    )


def train_model(
    snapshots: Sequence[Snapshot],
    config: ScoringConfig = DEFAULT_CONFIG,
    *,
    data_snapshot_id: str | None = None,
    created_at: datetime | None = None,
) -> TrainedModel | InsufficientLabels:
    """Evaluate on chronological folds, then fit on every snapshot; refuse when labels are too few."""
    folds = _folds(snapshots, config)
    if not folds:
        return InsufficientLabels("insufficient labels: no snapshot is late enough to test on", 0, 0, 2)
    if (short := _shortfall(*folds[-1], config)) is not None:
        return short
    scored = [f for f in folds if _shortfall(*f, config) is None]
    fold_metrics = tuple(_fold_metrics(train, test, config) for train, test in scored)
    estimator, used, method = _fit(snapshots, config)
    table, _ = _stack(snapshots)
    means = tuple(float(table.column(n).mean()) for n in used)
    data_id = data_snapshot_id or snapshot_id(snapshots)
    start, end = min(s.as_of for s in snapshots), max(s.as_of for s in snapshots)
    return TrainedModel(
        estimator=estimator,
        feature_names=table.names,
        used_features=used,
        feature_means=means,
        calibration=method,
        metrics=fold_metrics[-1],
        fold_metrics=fold_metrics,
        training_start=start,
        training_end=end,
        label_horizon_days=config.label_horizon_days,
        label_gap_days=config.label_gap_days,
        data_snapshot_id=data_id,
        version=f"lr-{end:%Y%m%d}-{data_id[:10]}",
        created_at=created_at or datetime.now(UTC),
        probability_bounds=_bounds(config),
    )


def evaluate_model(
    model: TrainedModel, snapshot: Snapshot, config: ScoringConfig = DEFAULT_CONFIG
) -> Metrics:
    """Metrics of an existing model on a snapshot, e.g. the current model on a candidate's latest fold."""
    probabilities = model.predict_proba(snapshot.table)
    return evaluate(
        snapshot.labels,
        probabilities,
        test_as_of=snapshot.as_of,
        top_share=config.top_share,
        bins=config.calibration_bins,
    )
