"""Training a risk model from the stored history: snapshots, fit, card, and a guarded promotion.

Snapshots are taken every quarter, from a year after the first event (so features have history)
to the last date whose outcomes are known at as_of. The candidate is compared with the model in use
on the candidate's latest test snapshot; the current model may have been fitted on that snapshot,
which favours it, so a candidate that still wins is better. Every model and its card are kept beside
each other in the model directory; the card is copied into the docs only for the model promoted.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
from sqlmodel import Session

from registry.repositories import risk as risk_repo
from registry.schemas.risk import TrainSummary
from registry.services import risk_models
from registry.services.risk_events import RiskEvents, first_event_day, quarterly_dates, snapshots
from registry.services.risk_load import load_events
from registry.services.risk_models import CurrentModel
from scoring.card import CARD_NAME, PLOT_NAME, write_model_card
from scoring.config import DEFAULT_CONFIG, ScoringConfig
from scoring.labels import Snapshot
from scoring.metrics import Metrics
from scoring.model import InsufficientLabels, TrainedModel, evaluate_model, train_model
from scoring.scores import score_companies
from scoring.store import save_model, should_promote

# Three years of quarters: seven chronological folds to see a trend, and 50,000 companies train within
# the two-minute budget (on the demo history, sixteen quarters took 1.6 times as long for the same ROC AUC).
MAX_SNAPSHOTS = 12


@dataclass(frozen=True)
class _Run:
    """One training run's inputs."""

    events: RiskEvents
    snapshots: list[Snapshot]
    as_of: datetime
    model_dir: Path
    docs_dir: Path
    config: ScoringConfig

    @property
    def day(self) -> date:
        return self.as_of.astimezone(UTC).date()


def train(
    session: Session,
    *,
    as_of: datetime,
    model_dir: Path,
    docs_dir: Path,
    config: ScoringConfig = DEFAULT_CONFIG,
) -> TrainSummary:
    """Train on the stored history up to as_of; keep the model and its card; promote only a better one."""
    events = load_events(session, with_corridors=True)
    snaps = training_snapshots(events, as_of.astimezone(UTC).date(), config)
    result = train_model(snaps, config, created_at=as_of)
    if isinstance(result, InsufficientLabels):
        risk_models.write_refusal(model_dir, reason=result.reason, at=as_of)
        return TrainSummary(trained=False, promoted=False, reason=result.reason, snapshots=len(snaps))
    risk_models.clear_refusal(model_dir)
    if risk_repo.model_version(session, result.version) is not None:
        reason = f"model {result.version} was already trained on exactly this data; nothing changed"
        return TrainSummary(trained=True, promoted=False, reason=reason, version=result.version)
    return _keep(session, result, _Run(events, snaps, as_of, model_dir, docs_dir, config))


def training_snapshots(events: RiskEvents, day: date, config: ScoringConfig) -> list[Snapshot]:
    """Quarterly snapshots of the history whose outcomes are known at day."""
    first = first_event_day(events)
    dates = quarterly_dates(first, day, config, limit=MAX_SNAPSHOTS) if first else []
    return snapshots(events, dates, known_until=day, config=config)


def _keep(session: Session, model: TrainedModel, run: _Run) -> TrainSummary:
    run.model_dir.mkdir(parents=True, exist_ok=True)
    path = run.model_dir / f"{model.version}.skops"
    save_model(model, path)
    current = risk_models.current_model(session, model_dir=run.model_dir, config=run.config)
    current_metrics = evaluate_model(current.model, run.snapshots[-1], run.config) if current.model else None
    promote = should_promote(model.metrics, current_metrics, run.config)
    decision = _decision(model.metrics, current, current_metrics, promote, run.config)
    card = _write_card(model, current, run)
    with card.open("a", encoding="utf-8") as handle:
        handle.write(f"\n## Promotion\n\n- {decision}\n")
    if promote:
        card = _publish(card, run.docs_dir)
    risk_models.record(session, model, path=path, promoted=promote, at=run.as_of)
    return TrainSummary(
        trained=True,
        promoted=promote,
        reason=decision,
        version=model.version,
        snapshots=len(run.snapshots),
        period_start=model.training_start,
        period_end=model.training_end,
        metrics=risk_models.finite(_headline(model.metrics)),
        current_version=current.row.version if current.row else None,
        current_metrics=risk_models.finite(_headline(current_metrics)) if current_metrics else None,
        model_path=str(path),
        card_path=str(card),
    )


def _headline(m: Metrics) -> dict[str, object]:
    return {
        "test_as_of": m.test_as_of.isoformat(),
        "n_test": m.n_test,
        "base_rate": m.base_rate,
        "roc_auc": m.roc_auc,
        "precision_top": m.precision_top,
        "lift_top": m.precision_top / m.base_rate if m.base_rate else None,
        "brier": m.brier,
        "ece": m.ece,
    }


def _decision(
    candidate: Metrics,
    current: CurrentModel,
    current_metrics: Metrics | None,
    promoted: bool,
    config: ScoringConfig,
) -> str:
    ours = f"ROC AUC {candidate.roc_auc:.3f}, Brier {candidate.brier:.4f}, ECE {candidate.ece:.3f}"
    if current_metrics is None or current.row is None:
        why = "no model in use" if current.row is None else f"model in use is unusable: {current.problem}"
        verdict = "promoted" if promoted else f"not promoted: ECE above {config.promotion_max_ece}"
        return f"{verdict} ({why}); candidate on {candidate.test_as_of}: {ours}"
    theirs = f"ROC AUC {current_metrics.roc_auc:.3f}, Brier {current_metrics.brier:.4f}"
    verdict = "promoted: beats" if promoted else "not promoted: does not beat"
    return (
        f"{verdict} model {current.row.version} on {candidate.test_as_of} "
        f"(candidate {ours}; current {theirs}; needed ROC AUC gain {config.promotion_min_auc_gain})"
    )


def _write_card(model: TrainedModel, current: CurrentModel, run: _Run) -> Path:
    """The card beside the model file, with flag rates and drift over today's companies."""
    events, day = run.events, run.day
    scored = (events.companies, events.complaints_at(day), events.findings, events.inspections)
    scores = score_companies(*scored, as_of=day, model=model, config=run.config)
    previous = None
    if current.model is not None:
        before = score_companies(*scored, as_of=day, model=current.model, config=run.config)
        previous = np.array([s.probability or 0.0 for s in before], dtype=np.float64)
    out_dir = run.model_dir / f"{model.version}-card"
    return write_model_card(
        model, out_dir=out_dir, previous_scores=previous, companies=events.companies, scores=scores
    )


def _publish(card: Path, docs_dir: Path) -> Path:
    """Copy the card and its plot into the docs: the published card is the model in use."""
    docs_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(card.parent / PLOT_NAME, docs_dir / PLOT_NAME)
    return Path(shutil.copyfile(card, docs_dir / CARD_NAME))
