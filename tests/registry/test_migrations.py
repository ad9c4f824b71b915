"""Migrations are the only way the schema is made: up, down and up again on both backends."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect
from sqlmodel import SQLModel

import registry.models  # noqa: F401 - registers the tables
from registry import migrations
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
