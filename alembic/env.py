"""Alembic environment: migrates DATABASE_URL, or the connection a caller hands over."""

from __future__ import annotations

from sqlalchemy import Connection
from sqlmodel import SQLModel

import registry.models  # noqa: F401 - registers every table on SQLModel.metadata
from alembic import context
from registry.database import build_engine
from registry.settings import get_settings

config = context.config
target_metadata = SQLModel.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run against the connection given in config.attributes, else a fresh engine."""
    given = config.attributes.get("connection")
    if given is not None:
        _run(given)
        return
    url = config.attributes.get("url") or get_settings().database_url
    engine = build_engine(url)
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


run_migrations_online()
