"""Migrations are the only way the schema is made: up, down and up again on both backends."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlmodel import Session, SQLModel

import registry.models  # noqa: F401 - registers the tables
from registry import migrations
from registry.models.agency import Partnership
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
