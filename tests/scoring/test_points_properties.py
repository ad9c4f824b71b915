"""Properties of points that must hold for any history, and agreement of the batch and single paths."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.encode import encode_events
from scoring.events import (
    COMPLAINT_STATUSES,
    SEVERITIES,
    VIOLATION_CODES,
    CompanyFacts,
    ComplaintEvent,
    FindingEvent,
)
from scoring.points import score_points
from scoring.points_batch import score_points_batch

AS_OF = date(2025, 1, 1)
COMPANIES = ("A", "B", "C")
days_back = st.integers(min_value=0, max_value=2000)

findings_st = st.builds(
    lambda cid, d, code, sev, w: FindingEvent(cid, AS_OF - timedelta(days=d), code, sev, w),
    st.sampled_from(COMPANIES),
    days_back,
    st.sampled_from(VIOLATION_CODES),
    st.sampled_from(SEVERITIES),
    st.integers(min_value=0, max_value=500),
)
complaints_st = st.builds(
    lambda cid, d, cats, status, reporter: ComplaintEvent(
        cid, AS_OF - timedelta(days=d), cats, status, reporter
    ),
    st.sampled_from(COMPANIES),
    days_back,
    st.lists(st.sampled_from(VIOLATION_CODES), max_size=3).map(tuple),
    st.sampled_from(COMPLAINT_STATUSES),
    st.one_of(st.none(), st.sampled_from(["r1", "r2", "r3"])),
)


def facts(cid: str, links: int = 0) -> CompanyFacts:
    return CompanyFacts(cid, None, "active", None, links, "small", None)


def total(complaints, findings, as_of: date = AS_OF) -> float:
    return score_points("A", complaints, findings, facts("A"), as_of=as_of).points


@settings(max_examples=60, deadline=None)
@given(st.lists(complaints_st, max_size=25), st.lists(findings_st, max_size=10), findings_st)
def test_adding_a_finding_never_lowers_points(complaints, findings, extra) -> None:
    extra = FindingEvent(
        "A", extra.inspected_on, extra.violation_code, extra.severity, extra.workers_affected
    )
    assert total(complaints, [*findings, extra]) >= total(complaints, findings) - 1e-9


@settings(max_examples=60, deadline=None)
@given(st.lists(complaints_st, max_size=25), st.lists(findings_st, max_size=10), complaints_st)
def test_adding_a_substantiated_complaint_never_lowers_points(complaints, findings, extra) -> None:
    extra = ComplaintEvent("A", extra.received_on, extra.categories, "substantiated", extra.reporter_key)
    assert total([*complaints, extra], findings) >= total(complaints, findings) - 1e-9


@settings(max_examples=60, deadline=None)
@given(st.lists(complaints_st, max_size=25), st.lists(findings_st, max_size=10), st.integers(0, 3000))
def test_decay_never_increases_points_over_time(complaints, findings, later_days) -> None:
    later = AS_OF + timedelta(days=later_days)
    assert total(complaints, findings, later) <= total(complaints, findings) + 1e-9


@settings(max_examples=40, deadline=None)
@given(
    st.lists(complaints_st, max_size=40),
    st.lists(findings_st, max_size=15),
    st.lists(st.integers(0, 5), min_size=3, max_size=3),
    st.integers(-400, 0),
)
def test_batch_points_agree_with_the_reference(complaints, findings, links, shift) -> None:
    companies = [facts(cid, n) for cid, n in zip(COMPANIES, links, strict=True)]
    as_of = AS_OF + timedelta(days=shift)
    enc = encode_events(companies, complaints, findings, [])
    batch = score_points_batch(enc, complaints, findings, as_of=as_of)
    for i, company in enumerate(companies):
        ref = score_points(company.company_id, complaints, findings, company, as_of=as_of)
        assert batch.points[i] == pytest.approx(ref.points, abs=1e-9)
        assert batch.verified_points[i] == pytest.approx(ref.verified_points, abs=1e-9)
        assert batch.tiers[i] == ref.tier
        assert bool(batch.recommend_listing[i]) == ref.recommend_listing
        heaviest = sorted((c.decayed for c in ref.contributions if c.decayed > 0), reverse=True)[:4]
        assert [c.decayed for c in batch.heaviest[i]] == pytest.approx(heaviest, abs=1e-9)
