"""Risk scoring in the registry: history, changed-only rescoring, decay, fallback, priorities, training."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col

from registry.models.risk import RiskModelVersion, RiskScore
from registry.repositories import risk as risk_repo
from registry.services import risk
from registry.services.company_identity import merge
from registry.services.risk_events import DECISION_LAG_DAYS
from scoring.card import CARD_NAME, PLOT_NAME
from scoring.config import ScoringConfig
from scoring.synthetic import generate
from tests.conftest import both_backends
from tests.risk_support import (
    Visit,
    add_companies,
    add_complaints,
    add_inspections,
    complaint_row,
    load_synthetic,
)

AS_OF = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
# Small enough for a test database, large enough that the chronological folds have both classes.
SMALL_LABELS = ScoringConfig(min_positive_labels=40, min_negative_labels=40, min_test_positives=8)


def _critical(company_id: int, on: date) -> Visit:
    return Visit(company_id, on, (("PASSPORT_RETENTION", "critical", 1),))


def _scores(session: Session, company_id: int) -> list[RiskScore]:
    return list(risk_repo.history(session, company_id, limit=100))


def test_rescoring_appends_history(session: Session, tmp_path: Path) -> None:
    a, b = add_companies(session, [{}, {}])
    add_inspections(session, [_critical(a, date(2025, 5, 1))])
    risk.rescore(session, as_of=AS_OF, only_changed=False, model_dir=tmp_path)
    summary = risk.rescore(session, as_of=AS_OF + timedelta(days=30), only_changed=False, model_dir=tmp_path)
    assert summary.scored >= 2 and summary.source == "points_only"
    history = _scores(session, a)
    assert [h.computed_at for h in history] == [AS_OF + timedelta(days=30), AS_OF]
    assert history[0].point_reasons and history[0].point_reasons[0]["code"]
    assert {"text_en", "text_ar", "weight"} <= set(history[0].point_reasons[0])
    assert [h.tier for h in _scores(session, b)] == ["low", "low"]
    assert risk_repo.latest_for(session, [a, b])[a].computed_at == AS_OF + timedelta(days=30)


@both_backends
def test_score_history_refuses_update_and_delete(session: Session, tmp_path: Path) -> None:
    (company,) = add_companies(session, [{}])
    risk.rescore(session, as_of=AS_OF, only_changed=False, model_dir=tmp_path)
    for statement in ("UPDATE risk_score SET points = 0", "DELETE FROM risk_score"):
        with pytest.raises(DBAPIError, match="append-only"), session.begin_nested():
            session.execute(text(statement))
    assert len(_scores(session, company)) == 1


def test_points_decay_with_the_injected_clock(session: Session, tmp_path: Path) -> None:
    (company,) = add_companies(session, [{}])
    found_on = date(2024, 1, 1)
    add_inspections(session, [_critical(company, found_on)])
    seen = []
    for half_lives in (0, 1, 2):
        as_of = datetime.combine(found_on + timedelta(days=365 * half_lives), datetime.min.time(), UTC)
        risk.rescore(session, as_of=as_of, only_changed=False, model_dir=tmp_path)
        latest = risk_repo.latest_for(session, [company])[company]
        seen.append((latest.points, latest.tier, latest.recommend_listing))
    # One critical finding: 48 points (twice the listing threshold), halved each year.
    assert seen == [(48.0, "critical", True), (24.0, "critical", True), (12.0, "high", False)]


def test_a_decided_complaint_counts_as_unverified_until_its_decision_is_known(
    session: Session, tmp_path: Path
) -> None:
    (company,) = add_companies(session, [{}])
    received = date(2025, 1, 1)
    add_complaints(session, [complaint_row(company, received, status="substantiated")])
    early = datetime(2025, 1, 10, tzinfo=UTC)
    late = datetime.combine(received + timedelta(days=DECISION_LAG_DAYS), datetime.min.time(), UTC)
    risk.rescore(session, as_of=early, only_changed=False, model_dir=tmp_path)
    risk.rescore(session, as_of=late, only_changed=False, model_dir=tmp_path)
    later, earlier = _scores(session, company)
    assert earlier.points < later.points
    assert "not yet verified" in earlier.point_reasons[0]["text_en"]


def test_changed_only_rescoring_picks_only_changed_companies(session: Session, tmp_path: Path) -> None:
    a, b, c = add_companies(session, [{}, {}, {}])
    first = datetime.now(UTC)
    risk.rescore(session, as_of=first, only_changed=False, model_dir=tmp_path)
    add_complaints(session, [complaint_row(b, date.today())])
    (d,) = add_companies(session, [{}])
    assert {b, d} <= risk_repo.changed_companies(session)
    assert not {a, c} & risk_repo.changed_companies(session)
    summary = risk.rescore(session, as_of=datetime.now(UTC), only_changed=True, model_dir=tmp_path)
    scored = {r.company_id for r in _latest_run(session)}
    assert {b, d} <= scored and not {a, c} & scored
    assert summary.only_changed and summary.scored == len(scored)


def _latest_run(session: Session) -> list[RiskScore]:
    last = risk_repo.last_computed_at(session)
    return list(session.execute(select(RiskScore).where(col(RiskScore.computed_at) == last)).scalars())


def test_training_with_few_labels_falls_back_and_says_so(session: Session, tmp_path: Path) -> None:
    (company,) = add_companies(session, [{}])
    add_inspections(session, [_critical(company, date(2021, 3, 1))])
    add_complaints(session, [complaint_row(company, date(2020, 1, 1))])
    summary = risk.train(session, as_of=AS_OF, model_dir=tmp_path, docs_dir=tmp_path / "docs")
    assert not summary.trained and summary.reason.startswith("insufficient labels")
    risk.rescore(session, as_of=AS_OF, only_changed=False, model_dir=tmp_path)
    latest = risk_repo.latest_for(session, [company])[company]
    assert latest.source == "points_only" and latest.score is None
    assert latest.fallback_reason and latest.fallback_reason.startswith("insufficient labels")


def test_priorities_keep_their_random_share(session: Session, tmp_path: Path) -> None:
    ids = add_companies(session, [{} for _ in range(40)])
    add_inspections(
        session,
        [Visit(cid, date(2025, 1, 1), (("WAGE_THEFT", "high", 1 + i),)) for i, cid in enumerate(ids[:25])],
    )
    risk.rescore(session, as_of=AS_OF, only_changed=False, model_dir=tmp_path)
    listed = risk.priorities(session, count=20, random_share=0.1, seed=3)
    reasons = [item.reason for item in listed.items]
    assert len(reasons) == 20 and reasons.count("random") == 2 == listed.random_count
    assert listed.ranked_by == "points" and [i.rank for i in listed.items] == list(range(1, 21))
    targeted = [i for i in listed.items if i.reason == "risk"]
    drawn = [i for i in listed.items if i.reason == "random"]
    assert min(i.points for i in targeted) >= max(i.points for i in drawn)
    again = risk.priorities(session, count=20, random_share=0.1)
    assert again.items == risk.priorities(session, count=20, random_share=0.1).items
    assert risk.priorities(session, count=20, random_share=0.5, seed=3).random_count == 10


PINNED_FIRST_ID = 500_000


@pytest.fixture
def synthetic_registry(session: Session) -> dict[str, int]:
    # The model's calibration hold-out hashes company ids: pin them, so this registry gets the same ids
    # (and so the same model) whatever earlier tests drew from the sequence.
    session.execute(text(f"SELECT setval('company_id_seq', {PINNED_FIRST_ID}, false)"))
    data = generate(
        n_companies=1_500,
        n_complaints=22_500,
        n_inspections=7_500,
        start=date(2018, 1, 1),
        end=date(2024, 1, 1),
        seed=11,
    )
    return load_synthetic(session, data)


TRAIN_AS_OF = datetime(2024, 1, 1, tzinfo=UTC)


@pytest.mark.slow
def test_training_writes_the_card_and_promotes_only_a_better_model(
    session: Session, tmp_path: Path, synthetic_registry: dict[str, int]
) -> None:
    models, docs = tmp_path / "models", tmp_path / "docs"
    first = risk.train(session, as_of=TRAIN_AS_OF, model_dir=models, docs_dir=docs, config=SMALL_LABELS)
    assert first.trained and first.promoted, first.reason
    assert (docs / CARD_NAME).exists() and (docs / PLOT_NAME).stat().st_size > 1000
    card = (docs / CARD_NAME).read_text(encoding="utf-8")
    assert first.version and first.version in card and "ROC AUC" in card and "corridor" in card
    strict = ScoringConfig(**{**SMALL_LABELS.__dict__, "promotion_min_auc_gain": 1.0})
    later = TRAIN_AS_OF + timedelta(days=92)
    second = risk.train(session, as_of=later, model_dir=models, docs_dir=docs, config=strict)
    assert second.trained and not second.promoted and second.current_version == first.version
    assert "not promoted" in second.reason and (docs / CARD_NAME).read_text(encoding="utf-8") == card
    assert second.card_path and Path(second.card_path).exists()
    current = risk_repo.current_model(session)
    assert current is not None and current.version == first.version
    versions = session.execute(select(col(RiskModelVersion.version), col(RiskModelVersion.promoted))).all()
    assert sorted(versions, key=lambda v: v[1]) == [(second.version, False), (first.version, True)]


@pytest.mark.slow
def test_rescoring_with_the_promoted_model_gives_reasons_from_used_features(
    session: Session, tmp_path: Path, synthetic_registry: dict[str, int]
) -> None:
    summary = risk.train(
        session, as_of=TRAIN_AS_OF, model_dir=tmp_path, docs_dir=tmp_path, config=SMALL_LABELS
    )
    assert summary.promoted, summary.reason
    now = datetime.now(UTC)
    scored = risk.rescore(session, as_of=now, only_changed=False, model_dir=tmp_path, config=SMALL_LABELS)
    assert scored.source == "model+points" and scored.model_version == summary.version
    unchanged = risk.rescore(session, as_of=datetime.now(UTC), only_changed=True, model_dir=tmp_path)
    assert unchanged.scored == 0
    path = tmp_path / f"{summary.version}.json"
    used = set(json.loads(path.read_text())["used_features"])
    rows = _latest_run(session)
    assert all(r.score is not None and 0 < r.score < 1 for r in rows)
    assert {reason["code"] for r in rows for reason in r.reasons} <= used


@pytest.mark.slow
def test_a_swapped_model_file_is_refused(
    session: Session, tmp_path: Path, synthetic_registry: dict[str, int]
) -> None:
    summary = risk.train(
        session, as_of=TRAIN_AS_OF, model_dir=tmp_path, docs_dir=tmp_path, config=SMALL_LABELS
    )
    model_file = tmp_path / f"{summary.version}.skops"
    model_file.write_bytes(model_file.read_bytes() + b"\0")
    scored = risk.rescore(session, as_of=TRAIN_AS_OF, only_changed=False, model_dir=tmp_path)
    assert scored.source == "points_only"
    assert scored.fallback_reason and "refused" in scored.fallback_reason


def test_events_of_a_merged_company_count_for_the_survivor(session: Session, tmp_path: Path) -> None:
    survivor, merged = add_companies(session, [{}, {}])
    risk.rescore(session, as_of=datetime.now(UTC), only_changed=False, model_dir=tmp_path)
    add_inspections(session, [_critical(merged, date.today())])
    merge(session, source_id=merged, target_id=survivor, actor="test", reason="same business")
    summary = risk.rescore(session, as_of=datetime.now(UTC), only_changed=True, model_dir=tmp_path)
    assert summary.scored == 1 and summary.by_tier == {"critical": 1}
    assert risk_repo.latest_for(session, [survivor])[survivor].tier == "critical"
    assert risk.company_risk(session, company_id=merged).company_id == survivor
