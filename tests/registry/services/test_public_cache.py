from __future__ import annotations

import pytest
from sqlmodel import Session

from registry.schemas.public import PublicState
from registry.services import public_lookup
from registry.services.public_cache import RecentLookups
from tests.conftest import Setting
from tests.public_support import LICENSED_EN, Clock, Registry, build_registry, today


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(public_lookup, "recent_lookups", RecentLookups(timer=clock))
    return clock


@pytest.fixture(autouse=True)
def standing_from_the_database(setting: Setting) -> None:
    """These tests are about the answer cache: the standing snapshot (its own tests) is off."""
    setting("PUBLIC_STANDING_MAX_AGE_SECONDS", "0")


@pytest.fixture
def cache_seconds(setting: Setting) -> None:
    setting("PUBLIC_LOOKUP_CACHE_SECONDS", "0")


@pytest.fixture
def registry(session: Session) -> Registry:
    return build_registry(session)


def _state(session: Session, query: str = LICENSED_EN) -> PublicState:
    return public_lookup.lookup(session, query=query, language="en", today=today()).results[0].state


def _suspend(session: Session, registry: Registry) -> None:
    registry.licensed.licence_status = "suspended"
    session.add(registry.licensed)
    session.flush()


def test_a_repeated_search_is_answered_from_memory_until_its_time_is_up(
    session: Session, registry: Registry, clock: Clock
) -> None:
    assert _state(session) is PublicState.LICENSED
    _suspend(session, registry)
    clock.now += 29
    assert _state(session) is PublicState.LICENSED
    clock.now += 2
    assert _state(session) is PublicState.LICENCE_SUSPENDED


def test_the_same_search_written_differently_shares_the_answer_but_echoes_its_own_words(
    session: Session, registry: Registry, clock: Clock
) -> None:
    first = public_lookup.lookup(session, query=LICENSED_EN, language="en", today=today())
    _suspend(session, registry)
    spaced = f"  {LICENSED_EN.upper()}  "
    again = public_lookup.lookup(session, query=spaced, language="en", today=today())
    assert again.query == spaced and first.query == LICENSED_EN
    assert again.results == first.results


def test_each_language_has_its_own_answer(session: Session, registry: Registry, clock: Clock) -> None:
    english = public_lookup.lookup(session, query=LICENSED_EN, language="en", today=today())
    arabic = public_lookup.lookup(session, query=LICENSED_EN, language="ar", today=today())
    assert english.language == "en" and arabic.language == "ar"
    assert english.results[0].status != arabic.results[0].status


def test_with_the_cache_turned_off_a_change_shows_at_once(
    session: Session, registry: Registry, clock: Clock, cache_seconds: None
) -> None:
    assert _state(session) is PublicState.LICENSED
    _suspend(session, registry)
    assert _state(session) is PublicState.LICENCE_SUSPENDED
