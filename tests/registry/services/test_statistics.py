"""The committee's statistics for a year of a small registry, on both backends."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import Session

from registry.errors import InvalidInput
from registry.services import statistics
from tests.conftest import both_backends
from tests.statistics_support import YEAR, small_year

NOW = datetime(YEAR + 1, 1, 15, tzinfo=UTC)


def _counts(rows: list) -> dict[str, int]:
    return {row.key: row.count for row in rows}


@both_backends
def test_a_year_of_complaints_in_kuwait_time(session: Session) -> None:
    small_year(session)
    stats = statistics.annual(session, year=YEAR, now=NOW)
    c = stats.complaints
    assert c.total == 13 and _counts(c.by_channel) == {"hotline": 9, "web": 3, "embassy": 1}
    assert [m.count for m in c.by_month][:7] == [3, 2, 2, 2, 3, 0, 1], "the 22:00 UTC complaint is January's"
    assert c.by_month[0].label_ar == "يناير" and c.by_channel[0].label_ar == "الخط الساخن"
    assert _counts(c.by_category) == {"WAGE_THEFT": 12, "PASSPORT_RETENTION": 3, "PHYSICAL_ABUSE": 1}
    assert _counts(c.by_corridor) == {"PH": 9, "IN": 3, "ET": 1}
    assert {r.key: r.label_en for r in c.by_corridor}["PH"] == "Philippines"
    assert (c.decided, c.substantiated, c.substantiated_share) == (4, 3, 0.75)
    assert (c.decisions_timed, c.decision_days_median) == (2, 15.0)
    assert c.unregistered_company == 1


@both_backends
def test_inspections_listings_visas_and_indicators(session: Session) -> None:
    small_year(session)
    stats = statistics.annual(session, year=YEAR, now=NOW)
    i = stats.inspections
    assert (i.total, i.companies_inspected, i.with_violations, i.findings, i.workers_affected) == (
        3,
        3,
        2,
        3,
        12,
    )
    assert [(v.code, v.findings) for v in i.by_violation] == [("WAGE_THEFT", 2), ("PASSPORT_RETENTION", 1)]
    listings = stats.listings
    assert (listings.proposed, listings.added, listings.lifted, listings.in_force_at_end) == (2, 2, 1, 1)
    assert [m.added for m in listings.by_month][1] == 2 and listings.by_month[5].lifted == 1
    v = stats.visa_checks
    assert (v.total, v.refused, v.refused_share) == (4, 2, 0.5) and v.by_month[2].count == 2
    indicators = {row.code: row.value for row in stats.indicators}
    assert indicators["companies_registered"] == 3 and indicators["companies_inspected_share"] == 1.0
    assert indicators["critical_findings"] == 1 and indicators["complaints_through_partners"] == 1
    assert {row.pillar for row in stats.indicators} == {
        "prevention",
        "protection",
        "prosecution",
        "cooperation",
    }
    assert {row.pillar for row in stats.not_held} == {
        "prevention",
        "protection",
        "prosecution",
        "cooperation",
    }


def test_a_year_without_data_has_zeros_and_no_shares(session: Session) -> None:
    stats = statistics.annual(session, year=1999 + 2, now=NOW)
    assert stats.complaints.total == 0 and stats.complaints.substantiated_share is None
    assert stats.complaints.decision_days_median is None and len(stats.complaints.by_month) == 12
    with pytest.raises(InvalidInput):
        statistics.annual(session, year=1800, now=NOW)
