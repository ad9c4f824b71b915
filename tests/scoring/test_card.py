"""The model card: metrics, calibration plot, stability and flag rates by group, known limits."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest

from scoring.card import PLOT_NAME, score_values, write_model_card
from scoring.metrics import population_stability_index
from scoring.model import TrainedModel
from scoring.scores import score_companies


@pytest.fixture(scope="module")
def scores(trained: TrainedModel, synthetic):
    return score_companies(
        synthetic.companies,
        synthetic.complaints,
        synthetic.findings,
        synthetic.inspections,
        as_of=date(2023, 6, 1),
        model=trained,
    )


def test_card_reports_metrics_plot_stability_and_fairness(trained, synthetic, scores, tmp_path: Path) -> None:
    previous = score_values(scores) * 0.5
    card = write_model_card(
        trained, out_dir=tmp_path, previous_scores=previous, companies=synthetic.companies, scores=scores
    )
    text = card.read_text(encoding="utf-8")
    assert card.name == "model-card.md"
    assert f"ROC AUC: {trained.metrics.roc_auc:.3f}" in text
    assert "Brier score" in text
    assert "Expected calibration error" in text
    assert "base rate" in text
    assert trained.training_start.isoformat() in text
    assert trained.training_end.isoformat() in text
    psi = population_stability_index(previous, score_values(scores))
    assert f"{psi:.3f}" in text
    assert "Flag rates by company size band" in text
    assert "Flag rates by workers' corridor of origin" in text
    for band in {c.size_band for c in synthetic.companies}:
        assert f"| {band} |" in text
    assert "| unknown |" in text  # companies without a recorded corridor
    assert "## Known limits" in text
    plot = tmp_path / PLOT_NAME
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert f"({PLOT_NAME})" in text


def test_card_without_a_previous_model_says_so(trained, synthetic, scores, tmp_path: Path) -> None:
    card = write_model_card(
        trained, out_dir=tmp_path, previous_scores=None, companies=synthetic.companies, scores=scores
    )
    assert "no previous model" in card.read_text(encoding="utf-8")


def test_population_stability_index_is_zero_for_the_same_scores_and_grows_with_shift() -> None:
    rng = np.random.default_rng(0)
    reference = rng.random(5000)
    assert population_stability_index(reference, reference) == pytest.approx(0.0, abs=1e-9)
    small = population_stability_index(reference, np.clip(reference + 0.02, 0, 1))
    large = population_stability_index(reference, reference**3)
    assert 0 < small < 0.1 < 0.25 < large
