from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from registry.settings import get_settings


@pytest.fixture
def index_not_at_start(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("NAME_INDEX_AT_START", "false")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_an_api_process_builds_the_name_index_as_it_starts(
    engine_sessions: None, index_builders: list[str]
) -> None:
    app = create_app()
    with TestClient(app):
        app.state.name_index_build.join(timeout=120)
    assert index_builders == ["name-index"]


def test_building_the_index_at_start_can_be_turned_off(
    engine_sessions: None, index_builders: list[str], index_not_at_start: None
) -> None:
    app = create_app()
    with TestClient(app):
        assert app.state.name_index_build is None
    assert index_builders == []
