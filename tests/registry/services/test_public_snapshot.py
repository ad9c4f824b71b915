from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import Session

from registry.repositories import companies as company_repo
from registry.repositories import public as public_repo
from registry.repositories.companies import CompanyRef
from registry.repositories.public import CompanyStanding, ListingInForce
from registry.schemas.public import PublicState
from registry.services import public_lookup
from registry.services.public_snapshot import PublicSnapshot, SnapshotHolder, read_snapshot
from tests.conftest import Setting, both_backends
from tests.public_support import LICENSED_EN, Clock, Registry, build_registry, today


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(public_lookup, "public_snapshot", SnapshotHolder(timer=clock))
    return clock


@pytest.fixture
def no_answer_cache(setting: Setting) -> None:
    setting("PUBLIC_LOOKUP_CACHE_SECONDS", "0")


@pytest.fixture
def registry(session: Session) -> Registry:
    return build_registry(session)


def _state(session: Session) -> PublicState:
    return public_lookup.lookup(session, query=LICENSED_EN, language="en", today=today()).results[0].state


def test_a_change_shows_once_the_snapshot_is_older_than_its_age(
    session: Session, registry: Registry, clock: Clock, no_answer_cache: None
) -> None:
    assert _state(session) is PublicState.LICENSED
    registry.licensed.licence_status = "suspended"
    session.add(registry.licensed)
    session.flush()
    clock.now += 23  # read again at a random point between 24 and 30 s
    assert _state(session) is PublicState.LICENSED
    clock.now += 8
    assert _state(session) is PublicState.LICENCE_SUSPENDED


@both_backends
def test_the_snapshot_reads_what_the_database_queries_read(session: Session, registry: Registry) -> None:
    ids = [c.id or 0 for c in (registry.licensed, registry.suspended, registry.listed, registry.proposed)]
    snapshot = read_snapshot(session)
    assert {i: snapshot.refs[i] for i in ids} == company_repo.refs(session, ids)
    for day in (today(), (registry.listing.ends_on or today()) + timedelta(days=1)):
        assert snapshot.standing_on(ids, day) == public_repo.standing(session, ids, day)
    listed = registry.listing.id or 0
    assert snapshot.grounds[listed] == public_repo.ground_counts(session, [listed])[listed]


def test_a_zero_age_turns_the_snapshot_off(session: Session) -> None:
    assert SnapshotHolder().current(session, max_age=0) is None


def test_sessions_bound_to_one_connection_read_it_where_it_is_needed(session: Session) -> None:
    assert SnapshotHolder().read_ahead() is None


def _listing(listing_id: int, starts: date, ends: date) -> ListingInForce:
    return ListingInForce(listing_id, starts, ends, "grounds")


def test_standing_skips_unknown_companies_and_takes_the_newest_listing_in_force() -> None:
    day = date(2026, 6, 1)
    standing = CompanyStanding(1, "Bright Horizon", None, "L-1", "active", None)
    snapshot = PublicSnapshot(
        companies={1: (*standing, "KW-1", None)},
        listings={
            1: [
                _listing(7, date(2026, 1, 1), date(2026, 12, 31)),
                _listing(9, date(2026, 5, 1), date(2027, 4, 30)),
                _listing(11, date(2026, 7, 1), date(2027, 6, 30)),
            ]
        },
        grounds={},
        rejections={},
    )
    assert snapshot.standing_on([1, 2], day) == {
        1: (standing, _listing(9, date(2026, 5, 1), date(2027, 4, 30)))
    }
    assert snapshot.standing_on([1], date(2027, 8, 1)) == {1: (standing, None)}
    assert snapshot.refs[1] == CompanyRef(1, "KW-1", None) and 2 not in snapshot.refs
