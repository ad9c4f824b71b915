"""PostgreSQL fast path for complaint files: COPY into a staging table, de-duplicate there, insert once."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

STAGING_COLUMNS = (
    "line",
    "content_hash",
    "follow_up_code",
    "source_ref",
    "received_at",
    "channel",
    "reporter_type",
    "language",
    "company_name",
    "name_key",
    "categories",
    "narrative",
    "status",
    "corridor",
    "consent",
    "reporter_key",
    "c_name",
    "c_phone",
    "c_document",
    "c_nationality",
)
_DROP = "DROP TABLE IF EXISTS complaint_staging, spelling_map, complaint_fresh"
_STAGING = """
CREATE TEMP TABLE complaint_staging (
    line integer, content_hash text, follow_up_code text, source_ref text, received_at timestamptz,
    channel text, reporter_type text, language text, company_name text, name_key text, categories text,
    narrative text, status text, corridor text, consent boolean, reporter_key text, c_name text,
    c_phone text, c_document text, c_nationality text
) ON COMMIT DROP;
CREATE TEMP TABLE spelling_map (
    name_key text PRIMARY KEY, mention_id integer, company_id integer, decision text, score double precision
) ON COMMIT DROP;
"""
# Rows whose hash is already stored are duplicates; among rows of this file the first line wins. Complainant
# ids are drawn from the sequence here so each new complaint can point at its (encrypted) complainant row.
_FRESH = """
CREATE TEMP TABLE complaint_fresh ON COMMIT DROP AS
SELECT d.*, CASE WHEN d.c_name IS NOT NULL OR d.c_phone IS NOT NULL OR d.c_document IS NOT NULL
                      OR d.c_nationality IS NOT NULL
                 THEN nextval(pg_get_serial_sequence('complainant', 'id')) END AS complainant_id
FROM (SELECT DISTINCT ON (s.content_hash) s.* FROM complaint_staging s
      WHERE NOT EXISTS (SELECT 1 FROM complaint c WHERE c.content_hash = s.content_hash)
      ORDER BY s.content_hash, s.line) d
"""
_COMPLAINANTS = """
INSERT INTO complainant (id, name_enc, phone_enc, document_enc, nationality_enc, created_at)
SELECT complainant_id, c_name, c_phone, c_document, c_nationality, now() FROM complaint_fresh
WHERE complainant_id IS NOT NULL
"""
_INSERT = """
WITH inserted AS (
    INSERT INTO complaint (follow_up_code, received_at, channel, reporter_type, language,
        company_name_written, mention_id, company_id, match_decision, match_score, categories, narrative,
        status, corridor, consent_to_share, complainant_id, reporter_key, source, source_ref, content_hash,
        import_batch_id, created_at, updated_at)
    SELECT f.follow_up_code, f.received_at, f.channel, f.reporter_type, f.language, f.company_name,
        m.mention_id, m.company_id, m.decision, m.score, f.categories::json, f.narrative, f.status,
        f.corridor, f.consent, f.complainant_id, f.reporter_key, :source, f.source_ref, f.content_hash,
        :batch_id,
        now(), now()
    FROM complaint_fresh f JOIN spelling_map m ON m.name_key = f.name_key
    ON CONFLICT (content_hash) DO NOTHING
    RETURNING id, status, mention_id
), history AS (
    INSERT INTO complaint_status_change (complaint_id, from_status, to_status, reason, actor, at)
    SELECT id, NULL, status, :reason, :actor, now() FROM inserted
)
UPDATE name_mention n SET occurrences = n.occurrences + i.count
FROM (SELECT mention_id, count(*) AS count FROM inserted GROUP BY mention_id) i WHERE n.id = i.mention_id
"""


def create_staging(session: Session) -> None:
    """Make the temporary tables of one import (dropped at commit, or by drop_staging)."""
    session.execute(text(_DROP))
    session.execute(text(_STAGING))


def drop_staging(session: Session) -> None:
    """Drop the temporary tables now (a caller inside a longer transaction may import again)."""
    session.execute(text(_DROP))


def copy_rows(session: Session, table: str, columns: Iterable[str], rows: Iterable[tuple[Any, ...]]) -> int:
    """Stream ROWS into TABLE with COPY; return how many were written."""
    raw = session.connection().connection.driver_connection
    count = 0
    statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    with raw.cursor() as cursor, cursor.copy(statement) as copy:  # type: ignore[union-attr]
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def insert_fresh(session: Session, *, source: str, batch_id: int, reason: str, actor: str) -> None:
    """Insert staged complaints not stored yet, with their complainants and first status; count mentions."""
    session.execute(text(_FRESH))
    session.execute(text(_COMPLAINANTS))
    session.execute(text(_INSERT), {"source": source, "batch_id": batch_id, "reason": reason, "actor": actor})
