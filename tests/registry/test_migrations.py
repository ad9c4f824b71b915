"""Migrations are the only way the schema is made: up, down and up again on both backends."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlmodel import Session, SQLModel

import registry.models  # noqa: F401 - registers the tables
from registry import migrations
from registry.models.agency import Partnership
from registry.services.intake_rows import _cached_key, _complaint_hash
from tests.blacklist_support import make_company
from tests.chain_support import complaint, make_agency
from tests.conftest import create_database, drop_database

CORE_TABLES = {"company", "company_name", "company_phone", "officer", "company_officer"}


def _round_trip(url: str) -> None:
    migrations.upgrade(url=url)
    engine = create_engine(url)
    assert set(inspect(engine).get_table_names()) >= CORE_TABLES
    migrations.downgrade(url=url, revision="base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrations.upgrade(url=url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    engine.dispose()
    assert diff == [], f"models and migrations disagree: {diff}"


def test_sqlite_upgrade_downgrade_upgrade(tmp_path: Path) -> None:
    _round_trip(f"sqlite:///{tmp_path / 'm.db'}")


def test_postgresql_upgrade_downgrade_upgrade() -> None:
    url = create_database("registry_migrations")
    try:
        _round_trip(url)
    finally:
        drop_database(url)


def _downgrade_keeps_batches(url: str) -> None:
    migrations.upgrade(url=url)
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO import_batch (id, kind, source, file_name, file_sha256, status, rows_read, "
                "inserted, duplicates, rejected, started_at, error) VALUES (1, 'complaints', 'MOI', "
                "'a.csv', 'x', 'failed', 1, 0, 0, 1, '2026-11-29 10:00:00', 'refused')"
            )
        )
        conn.execute(text("INSERT INTO import_rejection (batch_id, line, reason) VALUES (1, 2, 'bad')"))
    migrations.downgrade(url=url, revision="0008")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT status FROM import_batch")).scalar_one() == "running"
        assert conn.execute(text("SELECT count(*) FROM import_rejection")).scalar_one() == 1
    migrations.upgrade(url=url)
    engine.dispose()


def test_taking_back_import_failures_keeps_batches_and_their_rejections_on_sqlite(tmp_path: Path) -> None:
    _downgrade_keeps_batches(f"sqlite:///{tmp_path / 'b.db'}")


def test_taking_back_import_failures_keeps_batches_and_their_rejections_on_postgresql() -> None:
    url = create_database("registry_migrations_batches")
    try:
        _downgrade_keeps_batches(url)
    finally:
        drop_database(url)


def _complaint_references(url: str) -> None:
    migrations.upgrade(url=url, revision="0009")
    engine = create_engine(url)
    with Session(engine) as session:
        office = make_company(session)
        agency = make_agency(session)
        about = complaint(session, office.id)
        link = Partnership(
            company_id=office.id or 0,
            agency_id=agency.id or 0,
            source="complaint",
            source_ref=about.follow_up_code,
            complaint_id=about.id,
            recorded_by="tests",
        )
        session.add(link)
        session.commit()
        code, complaint_id = about.follow_up_code, about.id or 0
    refs = text("SELECT source_ref FROM partnership")
    migrations.upgrade(url=url)
    with engine.connect() as conn:
        assert conn.execute(refs).scalar_one() == f"KW-C-{complaint_id:08d}"
    migrations.downgrade(url=url, revision="0009")
    with engine.connect() as conn:
        assert conn.execute(refs).scalar_one() == code
    migrations.upgrade(url=url)
    engine.dispose()


def test_partnerships_cite_complaints_by_reference_on_sqlite(tmp_path: Path) -> None:
    _complaint_references(f"sqlite:///{tmp_path / 'r.db'}")


def test_partnerships_cite_complaints_by_reference_on_postgresql() -> None:
    url = create_database("registry_migrations_refs")
    try:
        _complaint_references(url)
    finally:
        drop_database(url)


def _imported(session: Session, narrative: str, *, stored_hash: str | None = None) -> int:
    """A complaint as a file import without a reference stored it, hashed over NARRATIVE as stored."""
    received, categories = date(2025, 3, 5), ("WAGE_THEFT",)
    content_hash = stored_hash or _complaint_hash(
        "MOI", None, received, _cached_key("Golden Falcon"), categories, narrative
    )
    row = complaint(session, None, categories=categories)
    row.received_at = datetime(2025, 3, 5, tzinfo=UTC)
    row.company_name_written, row.narrative, row.source = "Golden Falcon", narrative, "MOI"
    row.content_hash = content_hash
    session.flush()
    return row.id or 0


def _line_ends(url: str) -> None:
    migrations.upgrade(url=url, revision="0010")
    engine = create_engine(url)
    with Session(engine) as session:
        legacy = _imported(session, "unpaid\r\nthree months")
        old_mac = _imported(session, "unpaid\rthree months")  # becomes the same record: left as it is
        already = _imported(session, "kept\npassport")
        twin = _imported(session, "kept\r\npassport")  # its \n twin is stored already: left as it is
        public = _imported(session, "no\r\nhash of content", stored_hash="f" * 64)
        session.commit()
        before = {i: h for i, h in session.execute(text("SELECT id, content_hash FROM complaint"))}
    migrations.upgrade(url=url)
    with engine.connect() as conn:
        after = {
            i: (n, h) for i, n, h in conn.execute(text("SELECT id, narrative, content_hash FROM complaint"))
        }
    expected = _complaint_hash(
        "MOI", None, date(2025, 3, 5), _cached_key("Golden Falcon"), ("WAGE_THEFT",), "unpaid\nthree months"
    )
    assert after[legacy] == ("unpaid\nthree months", expected)
    for untouched in (old_mac, already, twin, public):
        assert after[untouched][1] == before[untouched]
    assert after[twin][0] == "kept\r\npassport"
    engine.dispose()


def test_complaints_hashed_with_carriage_returns_are_hashed_as_files_read_them_now_on_sqlite(
    tmp_path: Path,
) -> None:
    _line_ends(f"sqlite:///{tmp_path / 'l.db'}")


def test_complaints_hashed_with_carriage_returns_are_hashed_as_files_read_them_now_on_postgresql() -> None:
    url = create_database("registry_migrations_line_ends")
    try:
        _line_ends(url)
    finally:
        drop_database(url)
