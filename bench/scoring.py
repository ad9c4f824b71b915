"""Risk scoring benchmark (issue 5) on the demo generator's history.

Builds the demo registry and its history (50,000 companies, about a million complaints and 90,000
inspections by default), turns it straight into scoring events, and measures: training (quarterly
snapshots, chronological folds, final fit), feature build plus rescoring of every company, and the
quality of the latest fold - a later period the model was not trained on - beside two baselines in
the same run (ranking by points alone, and a random ranking). The hidden propensity of the demo is
printed only as a sanity check of how much signal the history holds; it is never a feature. A second
part loads a smaller history into a scratch PostgreSQL database and times the registry's load path.

    .venv/bin/python -m bench.scoring --companies 50000 --db-companies 10000
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
from sklearn.metrics import roc_auc_score

from bench._support import timed
from registry.demo import DemoHistory, generate_companies, generate_history
from registry.schemas.company import CompanyCreate
from registry.services.risk_events import (
    SERIOUS_SEVERITIES,
    RiskEvents,
    main_corridors,
    size_band,
    status_known_on,
)
from registry.services.risk_training import training_snapshots
from scoring.config import DEFAULT_CONFIG
from scoring.events import CompanyFacts, ComplaintEvent, FindingEvent, InspectionEvent
from scoring.features import build_features
from scoring.labels import Snapshot
from scoring.metrics import precision_at_top
from scoring.model import TrainedModel, train_model
from scoring.scores import score_companies

LISTED = frozenset({"cancelled", "suspended"})
STATUS = {True: "substantiated", False: "unsubstantiated", None: "received"}
T = TypeVar("T")


def _clock(label: str, action: Callable[[], T]) -> T:
    seconds, result = timed(action)
    print(f"  {label}: {seconds:.1f} s")
    return result  # type: ignore[return-value]


def _links(companies: Sequence[CompanyCreate]) -> dict[str, int]:
    """Distinct cancelled or suspended companies sharing an officer or a phone, as the registry counts."""
    holders: dict[str, set[str]] = defaultdict(set)
    for c in companies:
        for key in [f"o:{o.id_number}" for o in c.officers] + [f"p:{p}" for p in c.phones]:
            holders[key].add(c.external_id)
    listed = {c.external_id for c in companies if c.licence_status.value in LISTED}
    out: dict[str, int] = {}
    for c in companies:
        keys = [f"o:{o.id_number}" for o in c.officers] + [f"p:{p}" for p in c.phones]
        others = set().union(*(holders[k] for k in keys)) - {c.external_id} if keys else set()
        out[c.external_id] = len(others & listed)
    return out


def _demo_facts(companies: Sequence[CompanyCreate], history: DemoHistory) -> list[CompanyFacts]:
    links = _links(companies)
    corridors = main_corridors(
        (c.company_external_id, c.corridor, 1) for c in history.complaints if c.company_external_id
    )
    return [
        CompanyFacts(
            company_id=c.external_id,
            registered_on=c.licence_issued,
            licence_status=c.licence_status.value,
            workforce=c.sponsored_workers,
            links_to_listed=links[c.external_id],
            size_band=size_band(c.sponsored_workers),
            corridor=corridors.get(c.external_id),
        )
        for c in companies
    ]


def demo_events(companies: Sequence[CompanyCreate], history: DemoHistory) -> RiskEvents:
    """The demo registry and history as the registry would hand them to scoring."""
    facts = _demo_facts(companies, history)
    registered = [c for c in history.complaints if c.company_external_id]
    complaints = [
        ComplaintEvent(
            c.company_external_id or "", c.received_on, c.categories, STATUS[c.substantiated], c.reporter_key
        )
        for c in registered
    ]
    # The demo has no decision dates: a decided complaint counts from DECISION_LAG_DAYS after receipt.
    received = np.array([c.received_on.toordinal() for c in registered], dtype=np.int64)
    never = np.full(len(received), date.max.toordinal(), dtype=np.int64)
    known = status_known_on(received, never, np.zeros(len(received), dtype=np.bool_))
    findings = [
        FindingEvent(i.company_external_id, i.inspected_on, f.violation_code, f.severity, f.workers_affected)
        for i in history.inspections
        for f in i.findings
    ]
    inspections = [
        InspectionEvent(
            i.company_external_id, i.inspected_on, any(f.severity in SERIOUS_SEVERITIES for f in i.findings)
        )
        for i in history.inspections
    ]
    return RiskEvents(facts, complaints, known, findings, inspections)


def _auc(labels: Any, values: Any) -> float:
    return float(roc_auc_score(labels, values))


def baselines(events: RiskEvents, test: Snapshot, latent: dict[str, float], seed: int) -> None:
    """Points, random and (sanity only) hidden-propensity rankings on the model's test snapshot."""
    day = test.as_of
    points = score_companies(
        events.companies, events.complaints_at(day), events.findings, events.inspections, as_of=day
    )
    by_id = {s.company_id: s.points for s in points}
    ids, labels = test.table.company_ids, test.labels
    pts = np.array([by_id[c] for c in ids])
    noise = np.random.default_rng(seed).random(len(ids))
    base = float(labels.mean())
    # Ties in points (most companies have none) are broken at random, not by registry order.
    top = precision_at_top(labels, pts + noise * 1e-6, DEFAULT_CONFIG.top_share)
    print(f"  points only: ROC AUC {_auc(labels, pts):.3f}, top-10% precision {top:.3f} ({top / base:.2f}x)")
    print(f"  random ranking: ROC AUC {_auc(labels, noise):.3f}")
    hidden = np.array([latent.get(c, 0.0) for c in ids])
    print(f"  sanity only, hidden propensity (never a feature): ROC AUC {_auc(labels, hidden):.3f}")


def report_model(model: TrainedModel) -> None:
    """The latest fold's metrics against the issue's targets."""
    m = model.metrics
    lift = m.precision_top / m.base_rate if m.base_rate else float("nan")
    print(
        f"  test snapshot {m.test_as_of} ({m.n_test} companies, {m.n_positive} positive), {model.calibration}"
    )
    print(f"  ROC AUC {m.roc_auc:.3f} (target >= 0.85)")
    print(
        f"  top-10% precision {m.precision_top:.3f} vs base rate {m.base_rate:.3f}: {lift:.2f}x (target 3x)"
    )
    print(f"  ECE {m.ece:.4f} (target <= 0.05); Brier {m.brier:.4f}")
    folds = ", ".join(f"{f.test_as_of}: {f.roc_auc:.3f}" for f in model.fold_metrics)
    print(f"  ROC AUC by test snapshot: {folds}")
    print(f"  features used ({len(model.used_features)}): {', '.join(model.used_features)}")


def scoring_part(companies: int, seed: int) -> None:
    """Generate, convert, train, rescore; print times and quality."""
    print(f"== scoring, {companies} companies, seed {seed}")
    registry = _clock("generate companies", lambda: generate_companies(seed=seed, count=companies))
    history = _clock(
        "generate history",
        lambda: generate_history(
            registry, seed=seed, complaints_per_company_year=3.6, inspections_per_company_year=0.4
        ),
    )
    events = _clock("convert to scoring events", lambda: demo_events(registry, history))
    sizes = (len(events.complaints), len(events.inspections), len(events.findings))
    print("  {} complaints, {} inspections, {} findings".format(*sizes))
    end = max(c.received_on for c in events.complaints)
    snaps = _clock("training snapshots", lambda: training_snapshots(events, end, DEFAULT_CONFIG))
    model = _clock("train_model (folds + final fit)", lambda: train_model(snaps))
    assert isinstance(model, TrainedModel), model
    report_model(model)
    baselines(events, snaps[-1], history.latent_risk, seed)
    _clock(
        "build_features alone",
        lambda: build_features(
            events.companies, events.complaints_at(end), events.findings, events.inspections, as_of=end
        ),
    )
    scored = _clock(
        "rescore all (statuses at date + features + points + model + reasons)",
        lambda: _rescore(events, end, model),
    )
    print(f"  rescored {len(scored)} companies")


def _rescore(events: RiskEvents, day: date, model: TrainedModel | None) -> list[Any]:
    complaints = events.complaints_at(day)
    return score_companies(
        events.companies, complaints, events.findings, events.inspections, as_of=day, model=model
    )


def database_part(companies: int, seed: int, card_dir: Path | None) -> None:
    """Load a smaller demo history into PostgreSQL and time the registry's load, train and rescore path."""
    from bench._scoring_db import run_database_part

    run_database_part(companies, seed, card_dir)


def main() -> None:
    """Parse arguments and run both parts."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--companies", type=int, default=50_000, help="0 skips the scoring part")
    parser.add_argument("--db-companies", type=int, default=10_000, help="0 skips the database part")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--card-dir", type=Path, help="write the database run's model card here (e.g. docs)")
    args = parser.parse_args()
    if args.companies:
        scoring_part(args.companies, args.seed)
    if args.db_companies:
        database_part(args.db_companies, args.seed, args.card_dir)


if __name__ == "__main__":
    main()
