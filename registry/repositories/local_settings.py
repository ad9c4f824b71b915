"""PostgreSQL settings changed for a few statements of a transaction, then put back."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlmodel import Session


@contextmanager
def local_setting(session: Session, name: str, value: str) -> Iterator[None]:
    """NAME set to VALUE for the statements of the block, then back to what it was before."""
    before = session.execute(text("SELECT current_setting(:name)"), {"name": name}).scalar_one()
    # set_config(..., true) is SET LOCAL. No finally: after an error the transaction (or savepoint)
    # rolls back, and the setting with it.
    session.execute(text("SELECT set_config(:name, :value, true)"), {"name": name, "value": value})
    yield
    session.execute(text("SELECT set_config(:name, :before, true)"), {"name": name, "before": before})
