"""Scale benchmark, not collected by pytest.

Run: python -m tests.scoring.bench_scoring [N_COMPANIES N_COMPLAINTS N_INSPECTIONS]
"""

from __future__ import annotations

import sys
import time
from datetime import date

from scoring.features import build_features
from scoring.labels import make_snapshots
from scoring.model import TrainedModel, train_model
from scoring.scores import score_companies
from scoring.synthetic import generate

START, END = date(2018, 1, 1), date(2025, 1, 1)
SNAPSHOTS = [date(2020, 1, 1), date(2021, 1, 1), date(2022, 1, 1), date(2023, 1, 1)]


def main(n_companies: int, n_complaints: int, n_inspections: int) -> None:
    t0 = time.perf_counter()
    data = generate(
        n_companies=n_companies, n_complaints=n_complaints, n_inspections=n_inspections, start=START, end=END
    )
    t1 = time.perf_counter()
    print(f"generate: {t1 - t0:.1f}s ({len(data.complaints)} complaints, {len(data.findings)} findings)")
    snapshots = make_snapshots(
        data.companies,
        data.complaints,
        data.findings,
        data.inspections,
        data.listings,
        as_of_dates=SNAPSHOTS,
        known_until=END,
    )
    t2 = time.perf_counter()
    model = train_model(snapshots)
    t3 = time.perf_counter()
    assert isinstance(model, TrainedModel), model
    m = model.metrics
    print(f"snapshots: {t2 - t1:.1f}s; train_model (all folds + final fit): {t3 - t2:.1f}s")
    print(
        f"latest fold {m.test_as_of}: ROC AUC {m.roc_auc:.3f}, top-10% precision {m.precision_top:.3f} "
        f"vs base rate {m.base_rate:.3f}, Brier {m.brier:.4f}, ECE {m.ece:.4f} ({model.calibration})"
    )
    table = build_features(data.companies, data.complaints, data.findings, data.inspections, as_of=END)
    t4 = time.perf_counter()
    scores = score_companies(
        data.companies, data.complaints, data.findings, data.inspections, as_of=END, model=model
    )
    t5 = time.perf_counter()
    score_companies(data.companies, data.complaints, data.findings, data.inspections, as_of=END)
    t6 = time.perf_counter()
    print(f"build_features alone: {t4 - t3:.1f}s ({table.matrix.shape})")
    print(
        f"score_companies (features + points + model + reasons): {t5 - t4:.1f}s for {len(scores)} companies"
    )
    print(f"score_companies, points only (with reasons from points): {t6 - t5:.1f}s")


if __name__ == "__main__":
    sizes = [int(a) for a in sys.argv[1:4]] or [50_000, 1_000_000, 100_000]
    main(*sizes)
