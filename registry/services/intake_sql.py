"""Complaint files on PostgreSQL in sets: the raw file COPYed, checked and matched in SQL, inserted once.

Python touches only what SQL cannot do: each distinct coded cell (checked by the row rules), each
distinct spelling (matched once) and the complainant details to encrypt. Lines are counted by record:
the header is line 1 and a record with newlines inside a quoted cell counts as one line.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from psycopg import DataError
from sqlmodel import Session

from registry.crypto import field_cipher
from registry.repositories import complaint_sql as sql
from registry.repositories.complaint_bulk import copy_rows
from registry.repositories.complaint_sql_check import CODED
from registry.services.intake_import import IntakeRequest, Progress, spellings_matched_ahead
from registry.services.intake_rows import COMPLAINT_OPTIONAL, COMPLAINT_REQUIRED, RowContext
from registry.services.intake_sql_encoding import (
    LineBreaks,
    NotForCopy,
    QuoteCheck,
    chunks,
    single_byte_arabic,
)
from registry.services.intake_sql_values import TEXT_LIMITS, TEXT_SHAPES, VALUE_COLUMNS, value_rows
from registry.services.mention_batch import resolve_spellings
from registry.services.name_index import MatchedAhead, build_ahead
from registry.tabular import Table

log = logging.getLogger(__name__)
KNOWN = (*COMPLAINT_REQUIRED, *COMPLAINT_OPTIONAL, "reporter_key")
WIN1256_WARNING = "the file is not UTF-8: read as Windows-1256"
_DELIMITERS = {".csv": ",", ".txt": ",", ".tsv": "\t"}
_SPELLING_COLUMNS = ("name_key", "mention_id", "company_id", "decision", "score")
_CONTACT_COLUMNS = ("line", "name_enc", "phone_enc", "document_enc", "nationality_enc")


def import_file(
    session: Session,
    request: IntakeRequest,
    table: Table,
    ctx: RowContext,
    batch_id: int,
    progress: Progress | None = None,
) -> int | None:
    """Import the CSV of REQUEST in sets and return the rows read; None if only Python can read it."""
    sql.tune(session)
    # Matching needs the name index at the check; while the file streams in, it is built on another core.
    build_ahead()
    columns = _staged(session, request.path, table, progress)
    if columns is None:
        return None
    with _phase("values"):
        _values(session, columns, ctx)
    with _phase("check_and_match_ahead"):
        read, ready = _check(session, columns, ctx, batch_id)
    with _phase("match"):
        _match(session, request.source, ready)
    with _phase("contacts"):
        _store_contacts(session)
    with _phase("insert"):
        reason = f"imported from {request.source}"
        sql.insert(session, source=request.source, batch_id=batch_id, reason=reason, actor=request.actor)
        sql.drop(session)
    return read


def _check(session: Session, columns: list[str], ctx: RowContext, batch_id: int) -> tuple[int, MatchedAhead]:
    """Rows read, and each new spelling matched (on another thread while the SQL checks the rows)."""
    # The check is SQL alone, so this process only waits on it: meanwhile another thread builds the
    # name index and matches the file's new spellings with it, on the other core.
    with spellings_matched_ahead(sql.new_spellings(session)) as ready, _phase("check"):
        read = sql.check(
            session,
            present=_present(columns),
            raw_columns=columns,
            limits=TEXT_LIMITS,
            shapes=TEXT_SHAPES,
            source=ctx.source,
        )
        sql.reject(session, batch_id)
    return read, ready


def staging_columns(header: Sequence[str]) -> list[str]:
    """A column name for each header cell: known names as they are, others extra_N; the last twin wins."""
    last = {name: index for index, name in enumerate(header)}
    return [name if name in KNOWN and last[name] == i else f"extra_{i}" for i, name in enumerate(header)]


@contextmanager
def _phase(name: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    log.info("complaint import phase %s: %.2f s", name, time.perf_counter() - started)


def _staged(session: Session, path: Path, table: Table, progress: Progress | None) -> list[str] | None:
    """The file COPYed into complaint_raw: its column names, or None when only Python can read it."""
    delimiter = _DELIMITERS.get(path.suffix.lower())
    if delimiter is None or not table.columns:
        return None
    columns = staging_columns(table.columns)
    with _phase("copy"):
        loaded = _load(session, path, columns, delimiter, progress)
    if loaded is None:
        return None
    encoding, breaks, records = loaded
    # Rows are numbered by the line they end on, as the Python reader numbers them.
    sql.number_physical_lines(session, columns, records=records, last_line=breaks.last_line)
    if encoding == "WIN1256":
        table.warnings.append(WIN1256_WARNING)
    return columns


def _load(
    session: Session, path: Path, columns: list[str], delimiter: str, progress: Progress | None
) -> tuple[str, LineBreaks, int] | None:
    """COPY the file as UTF-8, else as Windows-1256: its encoding, line breaks and records copied; None
    when PostgreSQL's CSV reader refuses it."""
    for encoding in ("UTF8", "WIN1256"):
        if encoding == "WIN1256" and not single_byte_arabic(path):
            return None
        breaks = LineBreaks()
        watchers = (breaks, QuoteCheck(delimiter))
        data = chunks(path, check_utf8=encoding == "UTF8", progress=progress, watchers=watchers)
        try:
            records = _copy(session, columns, encoding, delimiter, data)
        except UnicodeDecodeError:
            continue
        except (DataError, NotForCopy):
            return None
        return encoding, breaks, records
    return None


def _copy(session: Session, columns: list[str], encoding: str, delimiter: str, data: Iterable[bytes]) -> int:
    # A savepoint: a file COPY refuses (bad CSV, NUL, a row of the wrong width) leaves nothing behind.
    with session.begin_nested():
        sql.create_raw(session, columns)
        return sql.copy_raw(session, columns, encoding=encoding, delimiter=delimiter, chunks=data)


def _present(columns: list[str]) -> list[str]:
    return [name for name in columns if name in KNOWN]


def _values(session: Session, columns: list[str], ctx: RowContext) -> None:
    """Each distinct coded cell of the file checked once, into complaint_value_<column>."""
    coded = [name for name in _present(columns) if name in CODED]
    sql.create_values(session)
    for chunk in sql.distinct_values(session, coded):
        for name, cells in _by_column(coded, chunk).items():
            copy_rows(session, f"complaint_value_{name}", VALUE_COLUMNS, value_rows(name, cells, ctx))
    for name in CODED:
        if name not in coded:
            copy_rows(session, f"complaint_value_{name}", VALUE_COLUMNS, value_rows(name, [""], ctx))


def _by_column(coded: list[str], rows: list[tuple[Any, ...]]) -> dict[str, list[str]]:
    # A row of a grouping set holds its one column's value; every other column is NULL.
    cells: dict[str, list[str]] = {}
    for row in rows:
        name, cell = next((n, c) for n, c in zip(coded, row, strict=True) if c is not None)
        cells.setdefault(name, []).append(cell)
    return cells


def _match(session: Session, source: str, ready: MatchedAhead) -> None:
    sql.create_spellings(session)
    for chunk in sql.stream(session, sql.FIRST_SPELLINGS):
        refs = resolve_spellings(session, spellings=dict(chunk), source=source, ready=ready)
        rows = ((key, r.mention_id, r.company_id, r.decision, r.score) for key, r in refs.items())
        copy_rows(session, "complaint_spelling", _SPELLING_COLUMNS, rows)


def _store_contacts(session: Session) -> None:
    cipher = field_cipher()
    sql.create_contacts(session)
    for chunk in sql.stream(session, sql.CONTACTS):
        rows = ((line, *(cipher.encrypt(v) for v in fields)) for line, *fields in chunk)
        copy_rows(session, "complaint_contact", _CONTACT_COLUMNS, rows)
    sql.store_contacts(session)
