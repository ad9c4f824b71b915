"""Set-based complaint import on PostgreSQL: the raw file in a staging table, checked and matched by SQL.

Every table here is temporary and dropped at commit; a crash rolls all of them back with the import.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from registry.repositories import set_references
from registry.repositories.complaint_sql_check import CODED, checked_table
from registry.repositories.local_settings import local_setting

log = logging.getLogger(__name__)
STREAM_ROWS = 5000
WORK_MEM = "64MB"
_TEMP = (
    "complaint_raw",
    *(f"complaint_value_{name}" for name in CODED),
    "complaint_checked",
    "complaint_spelling",
    "complaint_contact",
    "complaint_contact_id",
)
_DROP = f"DROP TABLE IF EXISTS {', '.join(_TEMP)}"
# One table per coded column, so that the planner knows how many distinct values each one has.
_VALUES = """
CREATE TEMP TABLE complaint_value_{name} (
    raw text NOT NULL, value text, name_key text, received_at timestamptz, codes json, error text
) ON COMMIT DROP
"""
_SPELLINGS = """
CREATE TEMP TABLE complaint_spelling (
    name_key text PRIMARY KEY, mention_id integer, company_id integer, decision text, score double precision
) ON COMMIT DROP
"""
_CONTACTS = """
CREATE TEMP TABLE complaint_contact (
    line integer, name_enc text, phone_enc text, document_enc text, nationality_enc text
) ON COMMIT DROP
"""
# Each spelling is matched as first written by a valid row, as the row-by-row import does.
FIRST_SPELLINGS = """
SELECT c.name_key, c.company_name FROM complaint_checked c
JOIN (SELECT name_key, min(line) AS line FROM complaint_checked WHERE reason IS NULL GROUP BY name_key) f
  ON f.line = c.line
"""
_NEW_SPELLINGS = """
SELECT DISTINCT v.value FROM complaint_value_company_name v
WHERE v.error IS NULL AND v.value <> ''
  AND NOT EXISTS (SELECT 1 FROM name_mention m WHERE m.key = v.name_key)
"""
# Only complainants of complaints that will be inserted are encrypted and stored: the first valid row
# of each hash in the file, when it has contact details and no record stored before has its hash.
CONTACTS = """
SELECT f.line, f.complainant_name, f.complainant_phone, f.complainant_document, f.complainant_nationality
FROM (
    SELECT DISTINCT ON (content_hash) line, content_hash, has_contact, complainant_name,
           complainant_phone, complainant_document, complainant_nationality
    FROM complaint_checked WHERE reason IS NULL ORDER BY content_hash, line
) f
WHERE f.has_contact AND NOT EXISTS (SELECT 1 FROM complaint x WHERE x.content_hash = f.content_hash)
"""
_CONTACT_IDS = """
CREATE TEMP TABLE complaint_contact_id ON COMMIT DROP AS
WITH s AS (SELECT pg_get_serial_sequence('complainant', 'id')::regclass AS seq)
SELECT c.*, nextval(s.seq) AS id FROM complaint_contact c, s;
INSERT INTO complainant (id, name_enc, phone_enc, document_enc, nationality_enc, created_at)
SELECT id, name_enc, phone_enc, document_enc, nationality_enc, now() FROM complaint_contact_id;
ANALYZE complaint_contact_id
"""
_REJECT = """
INSERT INTO import_rejection (batch_id, line, "column", reason)
SELECT :batch_id, line, column_name, left(reason, 1000) FROM complaint_checked WHERE reason IS NOT NULL
ON CONFLICT (batch_id, line) DO NOTHING
"""

# What _INSERT does to which table: a trigger of their own on these, row_triggers_off would skip.
WRITES = {
    "complaint": ("INSERT",),
    "complaint_status_change": ("INSERT",),
    "complainant": ("DELETE",),
    "name_mention": ("UPDATE",),
}
# The tables the foreign keys of the rows _INSERT writes refer to, and the ids it writes into each.
REFERENCES = {
    "company": "SELECT company_id AS id FROM complaint_spelling",
    "name_mention": "SELECT mention_id AS id FROM complaint_spelling",
    "import_batch": "SELECT CAST(:batch_id AS integer) AS id",
}
# Referred to but not locked: no other transaction sees the complainants this one inserted, so none can
# remove them, and each history row refers to a complaint the same statement inserts.
UNLOCKED_REFERENCES = ("complainant", "complaint")
# Every foreign key of the rows _INSERT writes, (table, column) -> the table it refers to. A key the
# schema has and this lacks keeps the row triggers on (and fails a test): add its ids to REFERENCES.
FOREIGN_KEYS = {
    ("complaint", "company_id"): "company",
    ("complaint", "mention_id"): "name_mention",
    ("complaint", "import_batch_id"): "import_batch",
    ("complaint", "complainant_id"): "complainant",
    ("complaint_status_change", "complaint_id"): "complaint",
}

# Follow-up codes have the shape registry.services.complaints gives them, 16 letters without I, L, O or
# U: the 64 fully random bits of a version-4 UUID (gen_random_uuid draws from a strong source) in hex.
# Rows come in hash order, so that the unique index of content_hash is written page after page rather
# than at a random page for every row (the larger part of the INSERT at a million rows), and within one
# hash in line order, so that the first line is the one stored. A complainant stored for a row another
# import inserted meanwhile is removed again, never orphaned.
_INSERT = """
WITH inserted AS (
    INSERT INTO complaint (follow_up_code, received_at, channel, reporter_type, language,
        company_name_written, mention_id, company_id, match_decision, match_score, categories, narrative,
        status, corridor, consent_to_share, complainant_id, reporter_key, source, source_ref, content_hash,
        import_batch_id, created_at, updated_at)
    SELECT upper(substr(c.token, 1, 4) || '-' || substr(c.token, 5, 4) || '-' || substr(c.token, 25, 4)
               || '-' || substr(c.token, 29, 4)),
        c.received_at, c.channel, c.reporter_type, c.language, c.company_name, m.mention_id, m.company_id,
        m.decision, m.score, c.codes, c.narrative, c.status, c.worker_origin, c.consent_to_share::boolean,
        k.id, c.reporter_hash, :source, c.source_ref, c.content_hash, :batch_id, now(), now()
    FROM complaint_checked c
    JOIN complaint_spelling m ON m.name_key = c.name_key
    LEFT JOIN complaint_contact_id k ON k.line = c.line
    WHERE c.reason IS NULL
    ORDER BY c.content_hash, c.line
    ON CONFLICT (content_hash) DO NOTHING
    RETURNING id, status, mention_id, complainant_id
), history AS (
    INSERT INTO complaint_status_change (complaint_id, from_status, to_status, reason, actor, at)
    SELECT id, NULL, status, :reason, :actor, now() FROM inserted
), unused AS (
    DELETE FROM complainant WHERE id IN (SELECT id FROM complaint_contact_id)
        AND id NOT IN (SELECT complainant_id FROM inserted WHERE complainant_id IS NOT NULL)
)
UPDATE name_mention n SET occurrences = n.occurrences + i.count
FROM (SELECT mention_id, count(*) AS count FROM inserted GROUP BY mention_id) i WHERE n.id = i.mention_id
"""


def tune(session: Session) -> None:
    """Settings of this import's transaction: memory enough to sort and hash a million rows in few runs."""
    # The server's default (4 MB) suits many small queries; one import's few big sorts and hash tables
    # spill to disk with it. SET LOCAL ends with the transaction.
    session.execute(text(f"SET LOCAL work_mem = '{WORK_MEM}'"))


def create_raw(session: Session, columns: Sequence[str]) -> None:
    """A table of text columns named after the file's header; each record's line numbered from 2."""
    session.execute(text(_DROP))
    cells = ", ".join(f'"{name}" text' for name in columns)
    session.execute(
        text(
            "CREATE TEMP TABLE complaint_raw (line integer GENERATED BY DEFAULT AS IDENTITY (START WITH 2), "
            f"{cells}) ON COMMIT DROP"
        )
    )


# Each record ends on the line of its number plus the line breaks inside the cells of the records up to
# it (and inside the header: whatever is left to reach the file's last line). Breaks inside cells become
# \n, as the Python reader has them.
_PHYSICAL_LINES = """
WITH joined AS (
    SELECT line, {lf} AS cells FROM complaint_raw r
), ends AS (
    SELECT line, line + sum(length(cells) - length(replace(cells, E'\\n', '')))
        OVER (ORDER BY line) AS physical
    FROM joined
), shifted AS (
    SELECT line, physical + greatest(0, :last_line - max(physical) OVER ()) AS physical FROM ends
)
UPDATE complaint_raw r SET line = s.physical, {set_cells} FROM shifted s WHERE s.line = r.line
"""


def number_physical_lines(session: Session, columns: Sequence[str], *, records: int, last_line: int) -> None:
    """Renumber complaint_raw by the line each record ends on, when a cell holds a line break.

    COPY numbered its RECORDS from 2; the file's LAST_LINE says whether any spans lines (else nothing to do).
    """
    if not records or records + 1 >= last_line:
        return
    cells = [f'r."{name}"' for name in columns]
    joined = _as_lf(f"concat_ws(chr(31), {', '.join(cells)})")
    set_cells = ", ".join(f'"{name}" = {_as_lf(cell)}' for name, cell in zip(columns, cells, strict=True))
    statement = _PHYSICAL_LINES.format(lf=joined, set_cells=set_cells)
    session.execute(text(statement), {"last_line": last_line})


def _as_lf(expression: str) -> str:
    """EXPRESSION with every line break (\\r\\n, \\r) written as \\n."""
    return f"replace(replace({expression}, E'\\r\\n', E'\\n'), E'\\r', E'\\n')"


def copy_raw(
    session: Session, columns: Sequence[str], *, encoding: str, delimiter: str, chunks: Iterable[bytes]
) -> int:
    """Stream the file's bytes into complaint_raw through PostgreSQL's own CSV parser; the records copied."""
    names = ", ".join(f'"{name}"' for name in columns)
    separator = "E'\\t'" if delimiter == "\t" else "','"
    statement = (
        f"COPY complaint_raw ({names}) FROM STDIN "
        f"WITH (FORMAT csv, HEADER true, ENCODING '{encoding}', DELIMITER {separator}, "
        f"FORCE_NOT_NULL ({names}))"
    )
    with _raw(session).cursor() as cursor:
        with cursor.copy(statement) as copy:
            for chunk in chunks:
                copy.write(chunk)
        copied: int = cursor.rowcount  # COPY's own count ("COPY n"): no scan of the table to know it
    return copied


def distinct_values(session: Session, present: Sequence[str]) -> Iterator[list[tuple[Any, ...]]]:
    """Chunks of rows, one per distinct cell of a PRESENT column (the other columns NULL), in one scan."""
    if not present:
        return
    cells = ", ".join(f'"{name}"' for name in present)
    sets = ", ".join(f'("{name}")' for name in present)
    # PRESENT are names from the import's own list of known columns, never text taken from the file.
    query = f"SELECT {cells} FROM complaint_raw GROUP BY GROUPING SETS ({sets})"  # noqa: S608
    yield from stream(session, query)


def stream(session: Session, query: str) -> Iterator[list[tuple[Any, ...]]]:
    """Rows of QUERY in chunks through a server-side cursor (other statements may run between chunks)."""
    # A cursor is planned for its first tenth by default: nested loops over temporary tables that then
    # never end on a big file. Every row is read, so plan for all of them.
    session.execute(text("SELECT set_config('cursor_tuple_fraction', '1', true)"))
    with _raw(session).cursor(name="complaint_stream") as cursor:
        cursor.execute(query)
        while rows := cursor.fetchmany(STREAM_ROWS):
            yield rows


def create_values(session: Session) -> None:
    """The tables of each distinct coded cell, checked once by the row rules (complaint_value_<column>)."""
    for name in CODED:
        session.execute(text(_VALUES.format(name=name)))


def _shape_params(shapes: Mapping[str, tuple[str, str]]) -> dict[str, str]:
    """The :pattern_<column> and :reason_<column> parameters of checked_table."""
    params: dict[str, str] = {}
    for name, (pattern, reason) in shapes.items():
        params[f"pattern_{name}"], params[f"reason_{name}"] = pattern, reason
    return params


def check(
    session: Session,
    *,
    present: Sequence[str],
    raw_columns: Sequence[str],
    limits: Mapping[str, int],
    shapes: Mapping[str, tuple[str, str]],
    source: str,
) -> int:
    """Check every row against the value tables and the text rules; return how many rows were read.

    SHAPES maps a free-text column to the pattern its value must match and the reason given if not.
    """
    for name in CODED:
        session.execute(text(f"ANALYZE complaint_value_{name}"))
    # A small sample is enough for the planner to see the staged file is the big side of every join.
    with local_setting(session, "default_statistics_target", "10"):
        session.execute(text("ANALYZE complaint_raw"))
    with _hash_joins(session):
        statement = checked_table(present, raw_columns, limits, shaped=shapes.keys())
        session.execute(text(statement), {"source": source, **_shape_params(shapes)})
        session.execute(text("ANALYZE complaint_checked"))
    return int(session.execute(text("SELECT count(*) FROM complaint_checked")).scalar_one())


def reject(session: Session, batch_id: int) -> None:
    """Keep each bad row with the first column that failed and why, in one statement."""
    session.execute(text(_REJECT), {"batch_id": batch_id})


def new_spellings(session: Session) -> list[str]:
    """Each distinct company name of the file that passed its check and has no mention yet, as written."""
    return list(session.execute(text(_NEW_SPELLINGS)).scalars())


def create_spellings(session: Session) -> None:
    """The table of what each spelling of the file matched."""
    session.execute(text(_SPELLINGS))


def create_contacts(session: Session) -> None:
    """The table of encrypted complainant details, by line."""
    session.execute(text(_CONTACTS))


def store_contacts(session: Session) -> None:
    """Give each encrypted complainant an id and store it."""
    for statement in _CONTACT_IDS.split(";"):
        session.execute(text(statement))


def insert(session: Session, *, source: str, batch_id: int, reason: str, actor: str) -> None:
    """Insert the valid rows not stored yet, first line first; their first status; count the mentions."""
    params = {"source": source, "batch_id": batch_id, "reason": reason, "actor": actor}
    session.execute(text("ANALYZE complaint_spelling"))
    # The references first: their locks are index lookups, which _hash_joins would turn into scans.
    with _references_checked(session, batch_id), _hash_joins(session):
        session.execute(text(_INSERT), params)


@contextmanager
def _references_checked(session: Session, batch_id: int) -> Iterator[None]:
    """The insert's foreign keys checked in sets where allowed (set_references), else row by row."""
    if not set_references.may_check_in_sets(session, writes=WRITES, foreign_keys=FOREIGN_KEYS):
        log.info("complaint import: foreign keys checked row by row")
        yield
        return
    log.info("complaint import: foreign keys checked in sets")
    set_references.lock_referenced(session, REFERENCES, {"batch_id": batch_id})
    with set_references.row_triggers_off(session):
        yield


def drop(session: Session) -> None:
    """Drop the temporary tables now (a caller inside a longer transaction may import again)."""
    session.execute(text(_DROP))


def _hash_joins(session: Session) -> AbstractContextManager[None]:
    # Estimates over staged text are rough, and a nested loop misjudged over a million rows costs
    # minutes; every join of the import is an equality that a hash join serves.
    return local_setting(session, "enable_nestloop", "off")


def _raw(session: Session) -> Any:
    return session.connection().connection.driver_connection
