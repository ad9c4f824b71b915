"""Shared synthetic data and a model trained on it, built once per test session."""

from __future__ import annotations

from datetime import date

import pytest

from scoring.labels import Snapshot, make_snapshots
from scoring.model import TrainedModel, train_model
from scoring.synthetic import SyntheticData, generate

START, END = date(2018, 1, 1), date(2024, 1, 1)
SNAPSHOT_DATES = [date(2019, 7, 1), date(2020, 4, 1), date(2021, 1, 1), date(2021, 10, 1), date(2022, 7, 1)]


@pytest.fixture(scope="session")
def synthetic() -> SyntheticData:
    return generate(n_companies=2000, n_complaints=24_000, n_inspections=5000, start=START, end=END, seed=7)


@pytest.fixture(scope="session")
def snapshots(synthetic: SyntheticData) -> list[Snapshot]:
    return make_snapshots(
        synthetic.companies,
        synthetic.complaints,
        synthetic.findings,
        synthetic.inspections,
        synthetic.listings,
        as_of_dates=SNAPSHOT_DATES,
        known_until=END,
    )


@pytest.fixture(scope="session")
def trained(snapshots: list[Snapshot]) -> TrainedModel:
    model = train_model(snapshots)
    assert isinstance(model, TrainedModel), model
    return model
