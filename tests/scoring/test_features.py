"""The feature table: no forbidden attributes, exact values on a hand-made history, no look-ahead."""

from __future__ import annotations

import re
from datetime import date, timedelta

import numpy as np
import pytest

from scoring.config import DEFAULT_CONFIG
from scoring.events import CompanyFacts, ComplaintEvent, FindingEvent, InspectionEvent
from scoring.features import FORBIDDEN_WORDS, build_features, feature_names

AS_OF = date(2024, 1, 1)


def ago(days: int) -> date:
    return AS_OF - timedelta(days=days)


COMPANIES = [
    CompanyFacts("A", date(2014, 1, 1), "active", 200, 2, "medium", "IN", partners_flagged=3),
    CompanyFacts("B", None, "suspended", None, 0, "unknown", None),
    CompanyFacts("C", date(2030, 1, 1), "weird-status", 50, 0, "small", "PH"),
]
COMPLAINTS = [
    ComplaintEvent("A", ago(0), ("PASSPORT_RETENTION",), "substantiated", "r1"),
    ComplaintEvent("A", ago(365), ("PASSPORT_RETENTION", "WAGE_THEFT"), "substantiated", "r1"),
    ComplaintEvent("A", ago(180), ("WAGE_THEFT",), "received", "r2"),
    ComplaintEvent("A", ago(10), ("WAGE_THEFT",), "unsubstantiated", "r3"),
    ComplaintEvent("A", ago(-5), ("PHYSICAL_ABUSE",), "substantiated", None),
    ComplaintEvent("B", ago(30), ("SOMETHING_NEW",), "triaged", None),
    ComplaintEvent("ZZ", ago(1), ("THREATS",), "substantiated", None),
]
FINDINGS = [
    FindingEvent("A", ago(365), "DEBT_BONDAGE", "medium", 4),
    FindingEvent("A", ago(0), "EXCESSIVE_HOURS", "low", 2),
    FindingEvent("B", ago(-1), "PASSPORT_RETENTION", "critical", 9),
]
INSPECTIONS = [
    InspectionEvent("A", ago(365), True),
    InspectionEvent("A", ago(0), False),
    InspectionEvent("A", ago(-3), True),
]


@pytest.fixture(scope="module")
def table():
    return build_features(COMPANIES, COMPLAINTS, FINDINGS, INSPECTIONS, as_of=AS_OF)


def value(table, company: str, name: str) -> float:
    return float(table.matrix[table.company_ids.index(company), table.names.index(name)])


def test_no_forbidden_feature_ever(table) -> None:
    forbidden = re.compile("nationality|gender|sex|language|corridor|size|religion")
    assert not [n for n in table.names if forbidden.search(n)]
    assert set(FORBIDDEN_WORDS) >= {"nationality", "gender", "language", "corridor", "size"}
    assert len(set(table.names)) == len(table.names) == len(feature_names())


def test_table_shape_and_type(table) -> None:
    assert table.company_ids == ["A", "B", "C"]
    assert table.matrix.shape == (3, len(table.names))
    assert table.matrix.dtype == np.float64
    assert np.isfinite(table.matrix).all()
    assert (table.matrix >= 0).all()


def test_complaints_by_group_and_status_are_recency_weighted(table) -> None:
    # Today's substantiated complaint counts 1, the year-old one 0.5 (one half-life); both are forced labour.
    assert value(table, "A", "complaints_forced_labour_substantiated") == pytest.approx(1.5)
    assert value(table, "A", "complaints_wages_conditions_substantiated") == pytest.approx(0.5)
    assert value(table, "A", "complaints_wages_conditions_unverified") == pytest.approx(0.5)
    assert value(table, "A", "complaints_abuse_substantiated") == 0.0  # after as_of
    assert value(table, "B", "complaints_other_unverified") == pytest.approx(0.5 ** (30 / 180))


def test_findings_by_severity_repeats_and_workers(table) -> None:
    assert value(table, "A", "findings_critical") == pytest.approx(0.5)  # debt bondage is a critical code
    assert value(table, "A", "findings_low") == pytest.approx(1.0)
    assert value(table, "A", "findings_medium") == 0.0
    assert value(table, "A", "serious_inspections") == 1.0
    assert value(table, "A", "workers_affected") == pytest.approx(4 * 0.5 + 2)
    assert value(table, "B", "findings_critical") == 0.0  # after as_of


def test_rates_flags_age_licence_links_and_recency(table) -> None:
    weighted = 1.0 + 0.5 + 0.5  # substantiated today and a year ago, unverified one half-life ago
    assert value(table, "A", "complaints_per_100_workers") == pytest.approx(100 * weighted / 200)
    assert value(table, "A", "workforce_unknown") == 0.0
    assert value(table, "B", "workforce_unknown") == 1.0
    assert value(table, "B", "complaints_per_100_workers") == 0.0
    assert value(table, "A", "company_age_years") == pytest.approx(10.0, abs=0.01)
    assert value(table, "B", "registration_date_unknown") == 1.0
    assert value(table, "C", "company_age_years") == 0.0
    assert value(table, "A", "licence_active") == 1.0
    assert value(table, "B", "licence_suspended") == 1.0
    assert value(table, "C", "licence_unknown") == 1.0
    assert value(table, "A", "links_to_listed") == 2.0
    assert value(table, "A", "partners_flagged") == 3.0 and value(table, "B", "partners_flagged") == 0.0
    assert value(table, "A", "max_reporter_share") == pytest.approx(2 / 3)
    assert value(table, "A", "days_since_last_complaint") == 0.0
    assert value(table, "C", "days_since_last_complaint") == DEFAULT_CONFIG.no_event_days
    assert value(table, "B", "days_since_last_finding") == DEFAULT_CONFIG.no_event_days


def test_features_at_a_later_date_see_later_events() -> None:
    later = build_features(COMPANIES, COMPLAINTS, FINDINGS, INSPECTIONS, as_of=AS_OF + timedelta(days=10))
    assert value(later, "A", "complaints_abuse_substantiated") > 0
    assert value(later, "B", "findings_critical") > 0
    assert value(later, "A", "serious_inspections") == 2.0


def test_empty_inputs_give_an_empty_table() -> None:
    empty = build_features([], [], [], [], as_of=AS_OF)
    assert empty.matrix.shape == (0, len(feature_names()))
