"""The engine and the only two ways to get a session: per request, and for the CLI and jobs."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import anyio
import anyio.to_thread
from sqlalchemy import Engine, event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, create_engine

import registry.name_changes  # noqa: F401 - registers the listeners that log every name change
from registry.settings import get_settings

log = logging.getLogger(__name__)


def build_engine(url: str) -> Engine:
    """An engine for URL: pre-ping on, SQLite tuned for several readers and one writer."""
    settings = get_settings()
    common: dict[str, Any] = {
        "pool_pre_ping": True,
        "echo": settings.sql_echo,
        "pool_size": settings.db_pool_size,
        "max_overflow": settings.db_max_overflow,
        # A failed statement's values (follow-up codes, names as written, narratives) must not reach
        # the log with its traceback: errors name the statement only.
        "hide_parameters": True,
    }
    if url.startswith("sqlite"):
        _ensure_sqlite_dir(url)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **common)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    engine = create_engine(url, **common)
    if settings.db_client_check_ms:
        event.listen(engine, "connect", _check_client(settings.db_client_check_ms))
    return engine


def _check_client(interval_ms: int) -> Any:
    """A connect hook: the server checks every INTERVAL_MS that the client still listens.

    A client that dies mid-statement (a killed import) must not leave its query running for minutes,
    holding locks that make the re-run wait. Set on each new connection rather than as a startup
    option, which would replace the `options` of DATABASE_URL and which some poolers refuse.
    """

    def hook(dbapi_connection: Any, _record: Any) -> None:
        try:
            with dbapi_connection.cursor() as cursor:
                cursor.execute(f"SET client_connection_check_interval = {int(interval_ms)}")
            dbapi_connection.commit()
        except Exception as exc:  # a server before PostgreSQL 14 has no such setting
            dbapi_connection.rollback()
            log.warning("client_connection_check_interval not set: %s", type(exc).__name__)

    return hook


def _ensure_sqlite_dir(url: str) -> None:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite opens transactions lazily and breaks SAVEPOINT; take over BEGIN ourselves
    # (SQLAlchemy's documented recipe) so nested transactions isolate bad import rows.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN")


@lru_cache
def get_engine() -> Engine:
    """The process-wide engine for DATABASE_URL."""
    return build_engine(get_settings().database_url)


class _SessionFactory:
    """Holds the sessionmaker; tests rebind it to a connection inside an outer transaction."""

    def __init__(self) -> None:
        self._maker: sessionmaker[Session] | None = None

    def bind(self, target: Engine | Connection) -> None:
        """Make every new session use TARGET (an engine, or a test's open connection)."""
        self._maker = sessionmaker(
            bind=target, class_=Session, expire_on_commit=False, join_transaction_mode="create_savepoint"
        )

    def reset(self) -> None:
        """Forget the binding so the next session uses the default engine."""
        self._maker = None

    def shares_one_connection(self) -> bool:
        """Whether every session runs on one open connection (tests), so no two may run at once."""
        return self._maker is not None and isinstance(self._maker.kw.get("bind"), Connection)

    def __call__(self) -> Session:
        if self._maker is None:
            self.bind(get_engine())
        assert self._maker is not None
        return self._maker()


session_factory = _SessionFactory()


@contextmanager
def session_scope() -> Iterator[Session]:
    """A session that commits when the block ends normally and rolls back on any error."""
    session = session_factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def in_background(
    work: Callable[[Session], Any],
    *,
    name: str,
    failure: str,
    then: Callable[[Any], object] | None = None,
) -> threading.Thread | None:
    """Run WORK in a `session_scope` of its own on a daemon thread named NAME, logging FAILURE if it
    raises; None, and nothing run, when sessions share one connection (tests): two threads cannot.

    THEN, if given, is called with WORK's result once its session is closed: long work that needs the
    database only to start holds no connection meanwhile.
    """
    if session_factory.shares_one_connection():
        return None

    def run() -> None:
        try:
            with session_scope() as session:
                result = work(session)
            if then is not None:
                then(result)
        except Exception:
            log.warning(failure, exc_info=True)

    thread = threading.Thread(target=run, name=name, daemon=True)
    thread.start()
    return thread


async def request_session() -> AsyncIterator[Session]:
    """FastAPI dependency: one session per request, committed before the response is sent.

    Async so that FastAPI does not send its start and end to the thread pool: creating a session does
    no I/O (it connects when first used), and the commit or rollback runs in a worker thread here, so
    a request makes one thread hop fewer, and one that never used its session makes none.
    """
    async with _request_slots():
        session = session_factory()
        try:
            yield session
        except BaseException:
            with anyio.CancelScope(shield=True):
                await anyio.to_thread.run_sync(_rollback_and_close, session)
            raise
        if _untouched(session):
            session.close()  # nothing to commit and no connection to return: no thread needed
            return
        with anyio.CancelScope(shield=True):
            await anyio.to_thread.run_sync(_commit_and_close, session)


# At most as many requests hold a session as the pool has connections. Without this gate, an
# overloaded server wedges: every worker thread waits for a connection while the connections belong
# to requests that wait for a thread to commit them (until the pool's 30 s timeout, again and again).
# Waiting here costs no thread. One semaphore per event loop (asyncio's are bound to one loop).
_slots: WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = WeakKeyDictionary()


def _request_slots() -> asyncio.Semaphore:
    loop = asyncio.get_running_loop()
    if loop not in _slots:
        settings = get_settings()
        _slots[loop] = asyncio.Semaphore(max(1, settings.db_pool_size + settings.db_max_overflow))
    return _slots[loop]


def _untouched(session: Session) -> bool:
    """True when the request never used its session (a public answer served from memory)."""
    return not session.in_transaction() and not session.new and not session.deleted and not session.dirty


def _commit_and_close(session: Session) -> None:
    try:
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def _rollback_and_close(session: Session) -> None:
    try:
        session.rollback()
    finally:
        session.close()
