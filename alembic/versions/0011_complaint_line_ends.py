"""Complaints imported without a reference are hashed with their narrative's line breaks as \\n.

Since session 11 a line break inside a cell is stored as \\n by both import paths and by every file type,
and the content hash of a record without a source reference is taken over that text. The PostgreSQL
path used to keep \\r\\n (and a lone \\r): such complaints already stored would not be recognised when
an overlapping file brings them again, and would be stored twice. This rewrites their narrative and
hash. Only rows whose stored hash is the content hash of their stored content are touched (so public
reports and rows hashed otherwise are left alone), and none whose new hash another row already has.
The downgrade leaves the rows as they are: \\n is what every other path stored all along.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29
"""

import hashlib
import json
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa

from alembic import op
from registry.matching.normalize import name_key

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 2_000
_UPDATE = sa.text("UPDATE complaint SET narrative = :narrative, content_hash = :content_hash WHERE id = :id")
_CANDIDATES = sa.text(
    "SELECT id, source, received_at, company_name_written, categories, narrative, content_hash "
    "FROM complaint WHERE source_ref IS NULL AND narrative LIKE :cr AND id > :after ORDER BY id LIMIT :n"
)


def upgrade() -> None:
    bind = op.get_bind()
    for rows in _batches(bind):
        rewritten = [fix for fix in map(_rewritten, rows) if fix is not None]
        taken = _hashes_taken(bind, [fix["content_hash"] for fix in rewritten])
        fresh: dict[str, dict[str, Any]] = {}
        for fix in rewritten:  # two old rows may become one record: the first keeps it, the other stays
            if fix["content_hash"] not in taken:
                fresh.setdefault(fix["content_hash"], fix)
        if fresh:
            bind.execute(_UPDATE, list(fresh.values()))


def downgrade() -> None:
    pass


def _batches(bind: sa.Connection) -> Iterator[list[Any]]:
    after = 0
    while rows := bind.execute(_CANDIDATES, {"cr": "%\r%", "after": after, "n": _BATCH}).all():
        yield list(rows)
        after = rows[-1].id


def _rewritten(row: Any) -> dict[str, Any] | None:
    """The row's narrative and hash with \\n line ends, if its stored hash is its content hash."""
    categories = json.loads(row.categories) if isinstance(row.categories, str) else row.categories
    basis = (row.source, _day(row.received_at), name_key(row.company_name_written), "|".join(categories))
    if _hash(*basis, row.narrative) != row.content_hash:
        return None
    narrative = row.narrative.replace("\r\n", "\n").replace("\r", "\n")
    return {"id": row.id, "narrative": narrative, "content_hash": _hash(*basis, narrative)}


def _hash(source: str, received: date, key: str, categories: str, narrative: str) -> str:
    # registry.services.intake_rows._complaint_hash for a record without a reference, as of this revision.
    return hashlib.sha256(
        f"{source}\x1f{received}\x1f{key}\x1f{categories}\x1f{narrative}".encode()
    ).hexdigest()


def _day(value: datetime | str) -> date:
    if isinstance(value, str):  # SQLite hands timestamps back as text
        return date.fromisoformat(value[:10])
    return value.astimezone(UTC).date() if value.tzinfo else value.date()


def _hashes_taken(bind: sa.Connection, hashes: list[str]) -> set[str]:
    if not hashes:
        return set()
    query = sa.text("SELECT content_hash FROM complaint WHERE content_hash IN :hashes").bindparams(
        sa.bindparam("hashes", expanding=True)
    )
    return {value for (value,) in bind.execute(query, {"hashes": hashes})}
