from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session

from registry.matching.normalize import name_key
from registry.models.mention import MatchRejection
from registry.models.risk import RiskScore
from registry.models.types import utcnow
from registry.repositories.public import GroundCounts
from registry.schemas.blacklist import LiftIn, ResponseIn
from registry.schemas.public import LookupOutcome, PublicState
from registry.services import listings, public_lookup, public_reports
from registry.services.public_cache import recent_lookups
from registry.services.public_lookup import ground_lines, lookup
from registry.services.public_snapshot import public_snapshot
from tests.blacklist_support import DECIDER
from tests.conftest import Setting, both_backends
from tests.public_support import (
    LICENSED_AR,
    LICENSED_EN,
    LISTED_AR,
    LISTED_EN,
    PROPOSED_EN,
    SUSPENDED_EN,
    Registry,
    build_registry,
    company,
    today,
)


@pytest.fixture(autouse=True, params=["snapshot", "database"])
def standing_source(request: pytest.FixtureRequest, setting: Setting) -> str:
    """Every test twice: standing read from the in-memory snapshot, and from the database."""
    if request.param == "database":
        setting("PUBLIC_STANDING_MAX_AGE_SECONDS", "0")
    return str(request.param)


@pytest.fixture
def registry(session: Session) -> Registry:
    return build_registry(session)


def test_a_licensed_company_is_found_by_either_name_and_a_misspelling(
    session: Session, registry: Registry
) -> None:
    for query in (
        LICENSED_EN,
        LICENSED_AR,
        "brigt horizon domestic labor office",
        "مكتب الافق المشرق لاستقدام العماله المنزليه",
    ):
        found = lookup(session, query=query, language="en", today=today())
        assert found.outcome is LookupOutcome.FOUND, query
        assert [r.name_en for r in found.results] == [LICENSED_EN]
        assert found.results[0].state is PublicState.LICENSED
        assert found.results[0].status.startswith("Licensed")


def test_part_of_a_name_lists_the_company_among_similar_names(session: Session, registry: Registry) -> None:
    found = lookup(session, query="bright horizn", language="en", today=today())
    assert found.outcome is LookupOutcome.SIMILAR
    assert [r.name_en for r in found.results] == [LICENSED_EN]


def test_a_name_below_the_review_threshold_is_still_offered_as_similar(
    session: Session, registry: Registry, setting: Setting
) -> None:
    # "Brite Horizon Domestic" scores about 0.71: `none` for an inspector's queue, a hint for a worker.
    found = lookup(session, query="Brite Horizon Domestic", language="en", today=today())
    assert found.outcome is LookupOutcome.SIMILAR
    assert [r.name_en for r in found.results] == [LICENSED_EN]
    setting("PUBLIC_SIMILAR_THRESHOLD", "0.8")
    recent_lookups.clear()
    stricter = lookup(session, query="Brite Horizon Domestic", language="en", today=today())
    assert stricter.outcome is LookupOutcome.NOT_FOUND


def test_words_come_in_the_asked_language(session: Session, registry: Registry) -> None:
    found = lookup(session, query=LICENSED_EN, language="ar", today=today())
    assert found.language == "ar" and found.results[0].status.startswith("مرخّصة")
    assert "السجل" in found.message


@both_backends
def test_a_blacklisted_company_shows_its_period_and_grounds(session: Session, registry: Registry) -> None:
    found = lookup(session, query=LISTED_AR, language="en", today=today())
    (result,) = found.results
    assert result.state is PublicState.BLACKLISTED
    assert result.listing is not None and result.listing.reference == f"KW-BL-{registry.listing.id:06d}"
    assert result.listing.listed_on == registry.listing.starts_on
    assert str(registry.listing.ends_on.year) in result.status and "Blacklisted from" in result.status
    assert result.listing.grounds == ["Found by inspectors: Passport or ID kept by the employer or agency"]
    arabic = lookup(session, query=LISTED_EN, language="ar", today=today()).results[0]
    assert arabic.listing is not None and arabic.listing.grounds[0].startswith("ما وجده المفتشون")


@both_backends
def test_a_listing_ends_being_shown_when_lifted_or_past_its_period(
    session: Session, registry: Registry
) -> None:
    listing = registry.listing
    assert listing.ends_on is not None
    after = lookup(session, query=LISTED_EN, language="en", today=listing.ends_on + timedelta(days=1))
    assert after.results[0].state is not PublicState.BLACKLISTED and after.results[0].listing is None
    listings.lift(
        session,
        listing_id=listing.id or 0,
        lifting=LiftIn(reason="appeal accepted by the court"),
        actor=DECIDER,
        now=utcnow(),
    )
    public_snapshot.reset()  # as when the snapshot is next read (test_public_snapshot.py: its age)
    assert lookup(session, query=LISTED_EN, language="en", today=today()).results[0].listing is None


def test_non_final_cases_and_scores_never_show(session: Session, registry: Registry) -> None:
    session.add(
        RiskScore(
            company_id=registry.proposed.id or 0,
            score=0.97,
            tier="critical",
            points=97,
            source="model",
            model_version="t",
            computed_at=utcnow(),
            reasons=[],
        )
    )
    found = lookup(session, query=PROPOSED_EN, language="en", today=today())
    (result,) = found.results
    assert result.state is PublicState.LICENSED and result.listing is None
    text = found.model_dump_json()
    assert "0.97" not in text and "critical" not in text and "propos" not in text.lower()


def test_an_appeal_against_a_listing_leaves_it_in_force(session: Session, registry: Registry) -> None:
    listings.record_response(
        session,
        listing_id=registry.listing.id or 0,
        response=ResponseIn(kind="appeal", summary="the company appeals"),
        actor=DECIDER,
        now=utcnow(),
    )
    assert (
        lookup(session, query=LISTED_EN, language="en", today=today()).results[0].state
        is PublicState.BLACKLISTED
    )


@pytest.mark.parametrize(
    ("fields", "state"),
    [
        ({"licence_status": "suspended"}, PublicState.LICENCE_SUSPENDED),
        ({"licence_status": "expired"}, PublicState.LICENCE_EXPIRED),
        ({"licence_status": "cancelled"}, PublicState.LICENCE_CANCELLED),
        ({"licence_status": "unknown"}, PublicState.LICENCE_UNCONFIRMED),
        ({"licence_status": "active", "licence_expires": "2020-01-31"}, PublicState.LICENCE_EXPIRED),
    ],
)
def test_licence_standing_in_words(session: Session, fields: dict[str, str], state: PublicState) -> None:
    made = company(session, name_en="Qurtuba Zephyr Manpower Supply Co.", **fields)
    found = lookup(session, query="Qurtuba Zephyr Manpower Supply", language="en", today=today())
    assert [(r.name_en, r.state) for r in found.results] == [(made.name_en, state)]
    assert found.results[0].advice


def test_unknown_names_get_advice_and_similar_names_a_short_list(
    session: Session, registry: Registry
) -> None:
    missing = lookup(session, query="Zanzibar Quantum Widgets", language="en", today=today())
    assert missing.outcome is LookupOutcome.NOT_FOUND and missing.results == []
    assert "spelling" in missing.advice and "hotline" in missing.advice
    company(session, name_en="Al Mutairi General Trading Co.")
    company(session, name_en="Al Mutairi Cleaning Services Co.")
    similar = lookup(session, query="Al Mutairi", language="en", today=today())
    assert similar.outcome in {LookupOutcome.SIMILAR, LookupOutcome.NOT_FOUND}
    assert len(similar.results) <= public_lookup.MAX_SIMILAR
    if similar.outcome is LookupOutcome.SIMILAR:
        assert {r.name_en for r in similar.results} <= {
            "Al Mutairi General Trading Co.",
            "Al Mutairi Cleaning Services Co.",
        }


def test_suspended_company(session: Session, registry: Registry) -> None:
    found = lookup(session, query=SUSPENDED_EN, language="ar", today=today())
    assert found.results[0].state is PublicState.LICENCE_SUSPENDED and "موقوف" in found.results[0].status


def test_ground_summary_counts_each_kind() -> None:
    counts = GroundCounts(violation_codes={"WAGE_THEFT", "NEW_CODE"}, complaints=3, court_rulings=1)
    assert ground_lines(counts, "en") == [
        "Found by inspectors: NEW_CODE",
        "Found by inspectors: Wages unpaid or withheld",
        "Complaints from workers: 3",
        "Court rulings: 1",
    ]


def test_report_choices_and_status_words(session: Session) -> None:
    categories = public_reports.categories(session, language="ar")
    assert categories[0].code == "PASSPORT_RETENTION" and len(categories) == 13
    assert all(c.label and c.label != c.code for c in categories)
    kinds = public_reports.reporter_types("en")
    assert kinds[0].code == "victim" and kinds[0].label == "I am the worker"


def test_a_spelling_a_person_rejected_for_a_company_never_finds_it(
    session: Session, registry: Registry
) -> None:
    assert lookup(session, query=LICENSED_EN, language="en", today=today()).outcome is LookupOutcome.FOUND
    session.add(
        MatchRejection(
            mention_key=name_key(LICENSED_EN), company_id=registry.licensed.id or 0, rejected_by="i"
        )
    )
    session.flush()
    public_snapshot.reset()
    recent_lookups.clear()
    found = lookup(session, query=LICENSED_EN, language="en", today=today())
    assert registry.licensed.name_en not in [r.name_en for r in found.results]
