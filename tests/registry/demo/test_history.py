"""The demo history: plausible volumes, valid values, and a risk signal that is present but noisy."""

from __future__ import annotations

import random
import statistics
from collections import Counter
from datetime import date

import pytest

from registry.demo import (
    CHANNELS,
    LANGUAGES,
    REPORTER_TYPES,
    SEVERITIES,
    VIOLATION_CODES,
    DemoHistory,
    generate_history,
)
from registry.demo.risk import profiles
from registry.schemas.company import CompanyCreate

START, END = date(2021, 1, 1), date(2026, 10, 31)


def test_the_same_seed_gives_the_same_history(registry: list[CompanyCreate], history: DemoHistory) -> None:
    assert generate_history(registry, seed=5) == history


def test_another_seed_gives_another_history(registry: list[CompanyCreate], history: DemoHistory) -> None:
    other = generate_history(registry, seed=6)
    assert other.complaints != history.complaints
    assert other.latent_risk != history.latent_risk


def test_volumes_match_the_default_rates(history: DemoHistory) -> None:
    # 3,000 companies give 15-30k complaints and 3-6k inspections; 400 give proportionally fewer.
    assert 2_000 <= len(history.complaints) <= 4_000
    assert 400 <= len(history.inspections) <= 800


def test_rates_scale_the_volumes(registry: list[CompanyCreate], history: DemoHistory) -> None:
    doubled = generate_history(
        registry, seed=5, complaints_per_company_year=2.4, inspections_per_company_year=0.7
    )
    assert 1.7 < len(doubled.complaints) / len(history.complaints) < 2.3
    assert 1.7 < len(doubled.inspections) / len(history.inspections) < 2.3


def test_dates_fall_inside_the_period_and_in_order(history: DemoHistory) -> None:
    received = [c.received_on for c in history.complaints]
    inspected = [i.inspected_on for i in history.inspections]
    assert received == sorted(received) and inspected == sorted(inspected)
    assert START <= min(received) <= max(received) <= END
    assert START <= min(inspected) <= max(inspected) <= END


def test_a_shorter_period_keeps_every_date_inside(registry: list[CompanyCreate]) -> None:
    start, end = date(2024, 3, 1), date(2024, 8, 31)
    short = generate_history(registry[:100], seed=1, start=start, end=end)
    assert short.complaints and short.inspections
    assert all(start <= c.received_on <= end for c in short.complaints)
    assert all(start <= i.inspected_on <= end for i in short.inspections)


def test_end_before_start_is_refused(registry: list[CompanyCreate]) -> None:
    with pytest.raises(ValueError, match="before"):
        generate_history(registry, start=END, end=START)


def test_values_come_from_the_published_lists(history: DemoHistory) -> None:
    for complaint in history.complaints:
        assert complaint.channel in CHANNELS
        assert complaint.reporter_type in REPORTER_TYPES
        assert complaint.language in LANGUAGES
        assert 1 <= len(complaint.categories) <= 3 and set(complaint.categories) <= set(VIOLATION_CODES)
        assert len(set(complaint.categories)) == len(complaint.categories)
        assert len(complaint.corridor) == 2 and complaint.corridor.isupper()
        assert complaint.company_name_as_written.strip()
    for finding in (f for i in history.inspections for f in i.findings):
        assert finding.violation_code in VIOLATION_CODES
        assert finding.severity in SEVERITIES
        assert finding.workers_affected >= 1


def test_references_are_unique(history: DemoHistory) -> None:
    refs = [c.source_ref for c in history.complaints] + [i.source_ref for i in history.inspections]
    assert len(set(refs)) == len(refs)


def test_about_ten_percent_concern_unregistered_companies(
    registry: list[CompanyCreate], history: DemoHistory
) -> None:
    known = {c.external_id for c in registry}
    targets = [c.company_external_id for c in history.complaints]
    assert 0.07 < targets.count(None) / len(targets) < 0.13
    assert {t for t in targets if t is not None} <= known
    assert {i.company_external_id for i in history.inspections} <= known


def test_names_as_written_vary(history: DemoHistory) -> None:
    names: dict[str, set[str]] = {}
    for complaint in history.complaints:
        if complaint.company_external_id:
            names.setdefault(complaint.company_external_id, set()).add(complaint.company_name_as_written)
    assert max(len(written) for written in names.values()) >= 4


def test_latent_risk_covers_every_company(registry: list[CompanyCreate], history: DemoHistory) -> None:
    assert set(history.latent_risk) == {c.external_id for c in registry}
    assert all(0.0 < risk < 1.0 for risk in history.latent_risk.values())


def test_risk_shows_through_complaints_but_noisily(
    registry: list[CompanyCreate], history: DemoHistory
) -> None:
    per_company = Counter(c.company_external_id for c in history.complaints)
    risks = [history.latent_risk[c.external_id] for c in registry]
    counts = [per_company[c.external_id] for c in registry]
    assert 0.1 < statistics.correlation(risks, counts) < 0.7
    ranked = sorted(registry, key=lambda c: history.latent_risk[c.external_id])
    low, high = ranked[: len(ranked) // 4], ranked[-len(ranked) // 4 :]
    assert sum(per_company[c.external_id] for c in high) > 2 * sum(per_company[c.external_id] for c in low)
    assert sum(per_company[c.external_id] == 0 for c in high) > 0, "some risky companies stay silent"
    assert sum(per_company[c.external_id] > 0 for c in low) > 0, "some good companies still get complaints"


def test_substantiation_follows_risk(history: DemoHistory) -> None:
    decided = [
        (history.latent_risk[c.company_external_id], c.substantiated is True)
        for c in history.complaints
        if c.company_external_id and c.substantiated is not None
    ]
    risky = [substantiated for risk, substantiated in decided if risk > 0.5]
    safe = [substantiated for risk, substantiated in decided if risk < 0.15]
    assert sum(risky) / len(risky) > sum(safe) / len(safe) + 0.2
    assert any(c.substantiated is None for c in history.complaints)


def test_inspections_follow_complaints_and_findings_follow_risk(
    registry: list[CompanyCreate], history: DemoHistory
) -> None:
    complained = {c.company_external_id for c in history.complaints}
    visits = Counter(i.company_external_id for i in history.inspections)
    with_complaints = [visits[c.external_id] for c in registry if c.external_id in complained]
    without = [visits[c.external_id] for c in registry if c.external_id not in complained]
    assert statistics.mean(with_complaints) > 2 * statistics.mean(without)
    assert sum(without) > 0, "some inspections are random"
    found = [(history.latent_risk[i.company_external_id], len(i.findings)) for i in history.inspections]
    assert statistics.mean(n for r, n in found if r > 0.5) > 2 * statistics.mean(
        n for r, n in found if r < 0.15
    )
    assert any(not i.findings for i in history.inspections)


def test_some_companies_change_their_ways(registry: list[CompanyCreate]) -> None:
    hidden = profiles(random.Random(1), registry, start=START, end=END)
    drifting = [p for p in hidden if p.before != p.after]
    assert 0.05 < len(drifting) / len(hidden) < 0.2
    assert any(p.after > p.before for p in drifting) and any(p.after < p.before for p in drifting)
    assert all(
        p.propensity(p.changes_on - 1) == p.before and p.propensity(p.changes_on) == p.after for p in drifting
    )


def test_some_reporters_complain_again_and_again(history: DemoHistory) -> None:
    repeats = Counter((c.reporter_key, c.company_external_id) for c in history.complaints)
    assert max(repeats.values()) >= 5
    assert sum(count > 1 for count in repeats.values()) > 20


def test_an_empty_registry_gives_an_empty_history() -> None:
    assert generate_history([], seed=1) == DemoHistory(complaints=(), inspections=(), latent_risk={})


def test_companies_licensed_after_the_period_stay_quiet(registry: list[CompanyCreate]) -> None:
    end = date(2021, 6, 30)
    early = generate_history(registry, seed=1, end=end)
    late = {c.external_id for c in registry if c.licence_issued and c.licence_issued > end}
    assert late
    assert not late & {c.company_external_id for c in early.complaints}
    assert not late & {i.company_external_id for i in early.inspections}
