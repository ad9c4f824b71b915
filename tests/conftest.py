"""Test databases: PostgreSQL (a fresh database per run, built by the migrations) and SQLite.

Each test runs inside a transaction that is rolled back at its end; the code under test commits
to savepoints inside it. Set TEST_DATABASE_URL to use another PostgreSQL server; when CI=true a
PostgreSQL that cannot be reached fails the run instead of skipping.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, make_url, text
from sqlalchemy.engine import Connection
from sqlmodel import Session

from api import ratelimit
from registry import migrations
from registry.access import Role
from registry.crypto import FieldCipher, field_cipher
from registry.database import build_engine, session_factory
from registry.matching.matcher import Matcher
from registry.services.agency_index import agency_index
from registry.services.name_index import name_index
from registry.services.public_cache import recent_lookups
from registry.services.public_snapshot import public_snapshot
from registry.settings import get_settings
from tests.access_support import bearer, issue_token

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
IN_CI = os.environ.get("CI", "").lower() == "true"


def _server_url() -> str:
    return os.environ.get("TEST_DATABASE_URL") or DEFAULT_PG


def _pg_available(url: str) -> str | None:
    try:
        engine = create_engine(url)
        with engine.connect():
            pass
        engine.dispose()
    except Exception as exc:  # any failure to connect means "no server"
        return f"{type(exc).__name__}: {exc}"
    return None


def _skip_or_fail(reason: str) -> None:
    message = f"PostgreSQL not reachable at {_server_url()}: {reason}"
    if IN_CI:
        pytest.fail(message + " (CI=true: a skipped PostgreSQL run is a failure)")
    pytest.skip(message)


def create_database(prefix: str = "registry_test") -> str:
    """A new empty PostgreSQL database on the test server; returns its URL."""
    server = _server_url()
    problem = _pg_available(server)
    if problem:
        _skip_or_fail(problem)
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    """Drop a database made by create_database."""
    admin = create_engine(_server_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    admin.dispose()


def migrated_engine(url: str) -> Engine:
    """An engine on URL after the migrations ran there."""
    migrations.upgrade(url=url)
    return build_engine(url)


@contextmanager
def own_database(prefix: str) -> Iterator[Engine]:
    """An engine on a migrated PostgreSQL database of its own, dropped afterwards (tests that commit)."""
    url = create_database(prefix)
    engine = migrated_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()
        drop_database(url)


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this run, migrated to head."""
    url = create_database()
    migrations.upgrade(url=url)
    yield url
    drop_database(url)


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A fresh SQLite file for this run, migrated to head."""
    url = f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'registry.db'}"
    migrations.upgrade(url=url)
    return url


@pytest.fixture(scope="session")
def pg_engine(pg_url: str) -> Iterator[Engine]:
    engine = build_engine(pg_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def sqlite_engine(sqlite_url: str) -> Iterator[Engine]:
    engine = build_engine(sqlite_url)
    yield engine
    engine.dispose()


@pytest.fixture(params=["postgresql"])
def engine(request: pytest.FixtureRequest) -> Engine:
    """The engine for the backend under test; PostgreSQL unless a test asks for both."""
    backend: str = request.param
    return request.getfixturevalue("pg_engine" if backend == "postgresql" else "sqlite_engine")  # type: ignore[no-any-return]


both_backends = pytest.mark.parametrize("engine", ["postgresql", "sqlite"], indirect=True)


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    """A connection inside an outer transaction that is rolled back when the test ends."""
    conn = engine.connect()
    outer = conn.begin()
    session_factory.bind(conn)
    name_index.reset()  # the process-wide index must not remember names of rolled-back tests
    agency_index.reset()
    recent_lookups.clear()
    public_snapshot.reset()
    try:
        yield conn
    finally:
        session_factory.reset()
        name_index.reset()
        agency_index.reset()
        recent_lookups.clear()
        outer.rollback()
        conn.close()


@pytest.fixture
def session(connection: Connection) -> Iterator[Session]:
    """A session of the code under test; its commits become savepoints of the test's transaction."""
    db = session_factory()
    try:
        yield db
    finally:
        db.close()


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> Iterator[None]:
    """Every test starts with full public rate-limit buckets."""
    ratelimit.reset_all()
    yield
    ratelimit.reset_all()


@pytest.fixture
def app(connection: Connection) -> FastAPI:
    """The application, its requests inside the test's transaction."""
    from api.app import create_app

    return create_app()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """An HTTP client for the app without a token: the public."""
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


AuthHeaders = Callable[..., dict[str, str]]
ClientAs = Callable[..., TestClient]


@pytest.fixture
def auth(connection: Connection) -> AuthHeaders:
    """auth(role, name=None): Authorization headers of a user with ROLE (made on first use)."""
    made: dict[tuple[Role, str | None], dict[str, str]] = {}

    def headers(role: Role | str, name: str | None = None) -> dict[str, str]:
        key = (Role(role), name)
        if key not in made:
            made[key] = bearer(issue_token(role, name))
        return made[key]

    return headers


@pytest.fixture
def client_as(app: FastAPI, auth: AuthHeaders) -> ClientAs:
    """client_as(role, name=None): an HTTP client acting as a user with ROLE."""

    def make(role: Role | str, name: str | None = None) -> TestClient:
        return TestClient(app, raise_server_exceptions=False, headers=auth(role, name))

    return make


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return Path(__file__).parent / "fixtures"


@pytest.fixture
def fuzz_headers(auth: AuthHeaders) -> dict[str, str]:
    """Headers every OpenAPI fuzz and NUL-byte request carries: an admin's token, so that the run
    reaches every endpoint past authentication (admins may call every route)."""
    return auth(Role.ADMIN)


@pytest.fixture
def index_builders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the threads that built the name index, in order."""
    builders: list[str] = []
    build = Matcher.from_rows

    def recorded(*args: Any, **kwargs: Any) -> Matcher:
        builders.append(threading.current_thread().name)
        return build(*args, **kwargs)

    monkeypatch.setattr(Matcher, "from_rows", recorded)
    return builders


@pytest.fixture
def engine_sessions(pg_engine: Engine) -> Iterator[None]:
    """Sessions with connections of their own, as in the CLI and the API (this test commits nothing)."""
    session_factory.bind(pg_engine)
    name_index.reset()
    yield
    session_factory.reset()
    name_index.reset()


Setting = Callable[[str, str], None]


@pytest.fixture
def setting(monkeypatch: pytest.MonkeyPatch) -> Iterator[Setting]:
    """setting(NAME, VALUE): an environment setting for this test only (the settings read again)."""

    def put(name: str, value: str) -> None:
        monkeypatch.setenv(name, value)
        get_settings.cache_clear()

    yield put
    get_settings.cache_clear()


UseKeys = Callable[..., FieldCipher]


@pytest.fixture
def use_keys(setting: Setting) -> Iterator[UseKeys]:
    """use_keys(*keys): FIELD_ENCRYPTION_KEYS for this test, primary first; the process cipher rebuilt."""

    def use(*keys: str) -> FieldCipher:
        setting("FIELD_ENCRYPTION_KEYS", ",".join(keys))
        field_cipher.cache_clear()
        return field_cipher()

    yield use
    field_cipher.cache_clear()
