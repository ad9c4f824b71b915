"""Training on synthetic history: sensible metrics, honest reason codes, refusal with too few labels."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pytest
from sklearn.calibration import _SigmoidCalibration
from sklearn.isotonic import IsotonicRegression

from scoring.config import DEFAULT_CONFIG, ScoringConfig
from scoring.encode import encode_events
from scoring.events import CompanyFacts, InspectionEvent, ListingEvent
from scoring.features import FeatureTable
from scoring.labels import build_labels, make_snapshots, outcome_known_on
from scoring.model import RISK_INCREASING_PREFIXES, InsufficientLabels, TrainedModel, train_model
from scoring.scores import score_companies
from scoring.synthetic import generate

from .conftest import END, SNAPSHOT_DATES


def test_training_recovers_the_hidden_signal(trained: TrainedModel) -> None:
    m = trained.metrics
    assert m.test_as_of == SNAPSHOT_DATES[-1]
    assert m.roc_auc > 0.7
    assert m.precision_top > 2 * m.base_rate
    assert m.brier < m.base_rate * (1 - m.base_rate)  # better than always predicting the base rate
    assert 0 <= m.ece < 0.08
    assert sum(b.count for b in m.calibration_bins) == m.n_test
    assert len(m.calibration_bins) == 10


def test_folds_are_chronological_with_the_gap(trained: TrainedModel) -> None:
    lag = DEFAULT_CONFIG.label_horizon_days + DEFAULT_CONFIG.label_gap_days
    first_testable = [d for d in SNAPSHOT_DATES if (d - SNAPSHOT_DATES[0]).days >= lag]
    tested = [f.test_as_of for f in trained.fold_metrics]
    # Folds whose training side lacks labels are skipped; the latest one is always there.
    assert set(tested) <= set(first_testable)
    assert tested == sorted(tested)
    assert tested[-1] == SNAPSHOT_DATES[-1]
    assert trained.training_start == SNAPSHOT_DATES[0]
    assert trained.training_end == SNAPSHOT_DATES[-1]
    assert trained.version.startswith("lr-20220701-")
    assert len(trained.data_snapshot_id) == 64


def test_conduct_features_never_lower_risk(trained: TrainedModel) -> None:
    pipeline = trained.estimator.calibrated_classifiers_[0].estimator.estimator
    coef = pipeline.named_steps["model"].coef_[0]
    for name, weight in zip(trained.used_features, coef, strict=True):
        if name.startswith(RISK_INCREASING_PREFIXES):
            assert weight >= 0, name


def test_reason_codes_name_only_used_features_at_most_four(trained: TrainedModel, snapshots) -> None:
    table = snapshots[-1].table
    all_reasons = trained.reasons(table)
    assert len(all_reasons) == len(table.company_ids)
    assert any(all_reasons)
    unused = set(table.names) - set(trained.used_features)
    assert unused  # the test only means something if some features were left out
    for reasons in all_reasons:
        assert len(reasons) <= 4
        assert {r.code for r in reasons} <= set(trained.used_features)
        weights = [r.weight for r in reasons]
        assert weights == sorted(weights, reverse=True)
        assert all(w >= DEFAULT_CONFIG.min_reason_weight for w in weights)
        assert all(r.text_en and r.text_ar and r.text_en != r.text_ar for r in reasons)


def test_reasons_of_the_riskiest_company_explain_its_probability(trained: TrainedModel, snapshots) -> None:
    table = snapshots[-1].table
    probabilities = trained.predict_proba(table)
    top = int(np.argmax(probabilities))
    contributions = trained.contributions(table)[top]
    reasons = trained.reasons(table)[top]
    assert reasons
    assert reasons[0].weight == pytest.approx(contributions.max())


def test_a_table_with_other_features_is_refused(trained: TrainedModel, snapshots) -> None:
    table = snapshots[-1].table
    renamed = FeatureTable(table.company_ids, (*table.names[:-1], "nationality"), table.matrix)
    with pytest.raises(ValueError, match="features"):
        trained.predict_proba(renamed)


def test_sigmoid_calibration_below_the_isotonic_threshold(snapshots) -> None:
    sigmoid = train_model(snapshots, replace(DEFAULT_CONFIG, isotonic_min_samples=10**9))
    isotonic = train_model(snapshots, replace(DEFAULT_CONFIG, isotonic_min_samples=10))
    assert isinstance(sigmoid, TrainedModel)
    assert isinstance(isotonic, TrainedModel)
    assert sigmoid.calibration == "sigmoid"
    assert isinstance(sigmoid.estimator.calibrated_classifiers_[0].calibrators[0], _SigmoidCalibration)
    assert isinstance(isotonic.estimator.calibrated_classifiers_[0].calibrators[0], IsotonicRegression)


def test_too_few_labels_refuses_and_scoring_falls_back_to_points() -> None:
    small = generate(
        n_companies=150, n_complaints=1500, n_inspections=300, start=date(2018, 1, 1), end=END, seed=3
    )
    snaps = make_snapshots(
        small.companies,
        small.complaints,
        small.findings,
        small.inspections,
        small.listings,
        as_of_dates=[date(2019, 7, 1), date(2021, 1, 1), date(2022, 7, 1)],
        known_until=END,
    )
    result = train_model(snaps)
    assert isinstance(result, InsufficientLabels)
    assert "insufficient labels" in result.reason
    assert result.positives < result.required
    scores = score_companies(
        small.companies, small.complaints, small.findings, small.inspections, as_of=END, model=result
    )
    assert {s.source for s in scores} == {"points_only"}
    assert all(s.probability is None and s.model_version is None for s in scores)
    assert all("insufficient labels" in (s.fallback_reason or "") for s in scores)
    assert any(s.reasons for s in scores)
    assert all(len(s.reasons) <= 4 for s in scores)


def test_no_late_enough_snapshot_means_no_model(snapshots) -> None:
    result = train_model(snapshots[:1])
    assert isinstance(result, InsufficientLabels)
    assert "insufficient labels" in result.reason


def test_scoring_with_a_model_gives_probabilities_and_points(trained: TrainedModel, synthetic) -> None:
    as_of = date(2023, 6, 1)
    scores = score_companies(
        synthetic.companies,
        synthetic.complaints,
        synthetic.findings,
        synthetic.inspections,
        as_of=as_of,
        model=trained,
    )
    assert len(scores) == len(synthetic.companies)
    assert {s.source for s in scores} == {"model+points"}
    assert all(s.probability is not None and 0.0 <= s.probability <= 1.0 for s in scores)
    assert all(s.model_version == trained.version and s.fallback_reason is None for s in scores)
    assert {s.tier for s in scores} <= {"low", "medium", "high", "critical"}
    assert any(s.recommend_listing for s in scores)
    for s in scores:
        assert len(s.point_reasons) <= 4
        # A listing recommendation always comes with the verified evidence behind it.
        if s.recommend_listing:
            assert any(
                r.text_en.startswith(("Inspection finding", "Substantiated complaint"))
                for r in s.point_reasons
            )


def test_labels_come_from_serious_inspections_and_listings_within_the_horizon() -> None:
    companies = [CompanyFacts(c, None, "active", None, 0, "small", None) for c in "ABCD"]
    as_of = date(2022, 1, 1)
    inspections = [
        InspectionEvent("A", date(2022, 6, 1), True),
        InspectionEvent("B", date(2022, 6, 1), False),
        InspectionEvent("C", date(2023, 6, 1), True),  # after the horizon
    ]
    listings = [ListingEvent("D", date(2022, 12, 31))]
    enc = encode_events(companies, [], [], inspections, listings)
    assert build_labels(enc, as_of=as_of).tolist() == [True, False, False, True]
    assert outcome_known_on(as_of) == date(2023, 4, 1)


def test_a_snapshot_whose_outcomes_are_not_yet_known_is_refused(synthetic) -> None:
    with pytest.raises(ValueError, match="only known from"):
        make_snapshots(
            synthetic.companies,
            synthetic.complaints,
            synthetic.findings,
            synthetic.inspections,
            synthetic.listings,
            as_of_dates=[date(2023, 6, 1)],
            known_until=END,
        )


def test_config_minimum_labels_is_what_refuses(snapshots) -> None:
    strict = ScoringConfig(min_positive_labels=10**6)
    result = train_model(snapshots, strict)
    assert isinstance(result, InsufficientLabels)
    assert result.required == 10**6
