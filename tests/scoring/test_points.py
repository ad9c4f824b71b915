"""Points arithmetic: decay, thresholds, critical findings, complaints and the reporter cap."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest

from scoring.config import DEFAULT_CONFIG, ScoringConfig
from scoring.events import CompanyFacts, ComplaintEvent, FindingEvent
from scoring.points import decay, score_points, tier_for

AS_OF = date(2025, 6, 1)
CID = "C1"


def finding(
    days_ago: int, code: str = "WAGE_THEFT", severity: str = "high", workers: int = 1
) -> FindingEvent:
    return FindingEvent(CID, AS_OF - timedelta(days=days_ago), code, severity, workers)


def complaint(
    days_ago: int, status: str = "substantiated", reporter: str | None = None, categories=("WAGE_THEFT",)
) -> ComplaintEvent:
    return ComplaintEvent(CID, AS_OF - timedelta(days=days_ago), tuple(categories), status, reporter)


def facts(links: int = 0) -> CompanyFacts:
    return CompanyFacts(CID, date(2010, 1, 1), "active", 100, links, "medium", "NP")


def points(complaints=(), findings=(), *, links: int = 0, as_of: date = AS_OF, config=DEFAULT_CONFIG):
    return score_points(CID, complaints, findings, facts(links), as_of=as_of, config=config)


def test_decay_halves_exactly_at_each_half_life() -> None:
    assert decay(48.0, 0, 365) == 48.0
    assert decay(48.0, 365, 365) == 24.0
    assert decay(48.0, 730, 365) == 12.0


def test_a_finding_one_half_life_old_counts_half() -> None:
    fresh = points(findings=[finding(0)]).points
    year_old = points(findings=[finding(365)]).points
    assert fresh == DEFAULT_CONFIG.severity_points["high"]
    assert year_old == pytest.approx(fresh / 2, abs=1e-12)


def test_unverified_complaints_decay_with_their_own_shorter_half_life() -> None:
    result = points(complaints=[complaint(180, status="received")])
    assert result.points == pytest.approx(DEFAULT_CONFIG.unverified_complaint_points / 2)


def test_events_after_as_of_are_ignored() -> None:
    future = [finding(-1, code="PASSPORT_RETENTION", severity="critical")]
    future_complaint = [complaint(-30)]
    result = points(future_complaint, future)
    assert result.points == 0.0
    assert result.contributions == []
    assert result.tier == "low"


@pytest.mark.parametrize("code", sorted(DEFAULT_CONFIG.critical_codes))
def test_one_critical_finding_alone_recommends_listing(code: str) -> None:
    result = points(findings=[finding(0, code=code, severity="medium", workers=1)])
    assert result.recommend_listing
    assert result.tier == "critical"
    # Still recommended exactly one half-life later, and no longer after that.
    assert points(findings=[finding(365, code=code)]).recommend_listing
    assert not points(findings=[finding(400, code=code)]).recommend_listing


def test_a_critical_severity_on_any_code_is_enough_but_a_high_one_is_not() -> None:
    assert points(findings=[finding(0, code="WAGE_THEFT", severity="critical")]).recommend_listing
    high = points(findings=[finding(0, code="WAGE_THEFT", severity="high")])
    assert not high.recommend_listing
    assert high.tier == "high"


@pytest.mark.parametrize("status", ["unsubstantiated", "closed"])
def test_rejected_or_closed_complaints_add_nothing(status: str) -> None:
    result = points(complaints=[complaint(0, status=status) for _ in range(50)])
    assert result.points == 0.0
    assert result.contributions == []


def test_substantiated_complaints_weigh_much_more_than_unverified() -> None:
    substantiated = points(complaints=[complaint(0)]).points
    unverified = points(complaints=[complaint(0, status="under_investigation")]).points
    assert substantiated >= 5 * unverified > 0


def test_unverified_allegations_alone_never_recommend_listing() -> None:
    many = [complaint(0, status="received", reporter=f"r{i}") for i in range(40)]
    result = points(complaints=many, links=10)
    assert result.tier == "critical"
    assert result.verified_points == 0.0
    assert not result.recommend_listing


def test_one_reporter_cannot_flood_a_company() -> None:
    flood = [complaint(0, reporter="flooder") for _ in range(20)]
    alone = points(complaints=flood)
    # A sole reporter counts for their heaviest single complaint, not twenty.
    assert alone.points == pytest.approx(DEFAULT_CONFIG.substantiated_complaint_points)
    others = [complaint(0, reporter="a"), complaint(0, reporter="b")]
    mixed = points(complaints=flood + others)
    flooder_points = sum(c.decayed for c in mixed.contributions[:20])
    assert flooder_points / mixed.points == pytest.approx(DEFAULT_CONFIG.reporter_share_cap)
    assert all(c.capped for c in mixed.contributions[:20])
    assert "one reporter" in mixed.contributions[0].text_en


def test_anonymous_complaints_are_not_merged_into_one_reporter() -> None:
    result = points(complaints=[complaint(0, reporter=None) for _ in range(3)])
    assert result.points == pytest.approx(3 * DEFAULT_CONFIG.substantiated_complaint_points)


def test_a_repeated_violation_weighs_more() -> None:
    result = points(findings=[finding(100), finding(0)])
    first, repeat = result.contributions
    assert not first.repeat
    assert repeat.repeat
    assert repeat.points == pytest.approx(first.points * DEFAULT_CONFIG.repeat_multiplier)


def test_workers_affected_scale_by_log() -> None:
    one = points(findings=[finding(0, workers=1)]).points
    hundred = points(findings=[finding(0, workers=100)]).points
    assert hundred == pytest.approx(one * (1 + DEFAULT_CONFIG.workers_log_scale * math.log(100)))


def test_links_to_listed_companies_add_capped_unverified_points() -> None:
    result = points(links=100)
    assert result.points == DEFAULT_CONFIG.max_link_points
    assert result.verified_points == 0.0


def test_other_companies_events_are_not_counted() -> None:
    other = FindingEvent("C2", AS_OF, "PASSPORT_RETENTION", "critical", 5)
    assert points(findings=[other]).points == 0.0


@pytest.mark.parametrize(
    ("value", "tier"),
    [
        (0.0, "low"),
        (5.99, "low"),
        (6.0, "medium"),
        (11.99, "medium"),
        (12.0, "high"),
        (23.9, "high"),
        (24.0, "critical"),
    ],
)
def test_tier_thresholds(value: float, tier: str) -> None:
    assert tier_for(value) == tier


def test_contributions_speak_english_and_arabic() -> None:
    result = points(findings=[finding(90, code="PASSPORT_RETENTION", workers=3)])
    (c,) = result.contributions
    day = (AS_OF - timedelta(days=90)).isoformat()
    assert c.text_en.startswith("Inspection finding: passport retention (critical)")
    assert day in c.text_en
    assert "3 workers" in c.text_en
    assert "حجز جواز السفر" in c.text_ar
    assert day in c.text_ar


def test_a_configuration_where_one_critical_finding_cannot_list_is_refused() -> None:
    with pytest.raises(ValueError, match="critical"):
        ScoringConfig(recommend_listing_threshold=100.0)
    with pytest.raises(ValueError, match="ascending"):
        ScoringConfig(tier_thresholds={"medium": 20.0, "high": 12.0, "critical": 24.0})
