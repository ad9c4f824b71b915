"""Run the Alembic migrations from code: the only way the schema is made."""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from sqlalchemy import Connection

from alembic import command

ALEMBIC_INI = Path(__file__).resolve().parent.parent / "alembic.ini"


def alembic_config(*, url: str | None = None, connection: Connection | None = None) -> Config:
    """An Alembic config for this project, aimed at URL or an open CONNECTION."""
    config = Config(str(ALEMBIC_INI))
    config.set_main_option("script_location", str(ALEMBIC_INI.parent / "alembic"))
    if url is not None:
        config.attributes["url"] = url
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(*, url: str | None = None, revision: str = "head") -> None:
    """Bring the database at URL (default: DATABASE_URL) up to REVISION."""
    command.upgrade(alembic_config(url=url), revision)


def downgrade(*, url: str | None = None, revision: str = "base") -> None:
    """Take the database at URL back to REVISION."""
    command.downgrade(alembic_config(url=url), revision)
