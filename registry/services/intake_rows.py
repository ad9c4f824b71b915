"""Reading complaint and inspection rows from files sent by other authorities.

Hand-written checks rather than a pydantic model per row: a file may hold a million rows and
validation must not dominate the import (see bench/ingest.py).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache

from registry.matching.normalize import name_key
from registry.models.complaint import Channel, ComplaintStatus, ReporterType
from registry.models.inspection import InspectionOutcome
from registry.schemas.complaint import DOCUMENT_PATTERN, LANGUAGE_PATTERN, PHONE_PATTERN, known_language
from registry.schemas.dates import day_problem
from registry.schemas.text import ascii_digits, reject_controls
from registry.services.inspection_rules import findings_problem
from registry.services.rows import RowError, readable_cells
from registry.tabular import DateOrder, Row, parse_date
from registry.tabular_table import EXTRA

MAX_NARRATIVE = 10_000
MAX_NAME = 300
COMPLAINT_REQUIRED = ("received_on", "company_name", "categories")
COMPLAINT_OPTIONAL = (
    "source_ref",
    "channel",
    "reporter_type",
    "language",
    "narrative",
    "status",
    "worker_origin",
    "consent_to_share",
    "complainant_name",
    "complainant_phone",
    "complainant_document",
    "complainant_nationality",
)
INSPECTION_REQUIRED = ("source_ref", "inspected_on", "inspector", "outcome")
INSPECTION_OPTIONAL = ("external_id", "company_name", "site", "workers_interviewed", "findings", "notes")
_TRUE = {"true", "yes", "y", "1", "نعم"}
_FALSE = {"false", "no", "n", "0", "لا", ""}
_CHANNELS, _REPORTERS = {c.value for c in Channel}, {r.value for r in ReporterType}
_STATUSES, _OUTCOMES = {s.value for s in ComplaintStatus}, {o.value for o in InspectionOutcome}
MAX_WORKERS = 100_000
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_LANGUAGE = re.compile(LANGUAGE_PATTERN)
_PHONE, _DOCUMENT = re.compile(PHONE_PATTERN), re.compile(DOCUMENT_PATTERN)
# Rejection reasons say what a cell should hold, never what it held: they are kept with the batch and
# read by admins, who never see a complainant's identity, and a row short of a cell puts the
# complainant's name under any column after it. The line and column find the cell in the sender's file.
_EXPECTED = {
    _COUNTRY: "a two-letter country code such as PH",
    _LANGUAGE: "a language code such as ar, en or tl",
    _PHONE: "a phone number (6 to 20 digits, spaces, brackets or dashes, after an optional +)",
    _DOCUMENT: "a passport or civil ID number (4 to 20 letters and digits)",
}


# A file repeats a few thousand spellings across a million rows: normalise each spelling once.
_cached_key = lru_cache(maxsize=200_000)(name_key)


@dataclass(frozen=True, slots=True)
class Contact:
    """A complainant's details as given in the file (encrypted before they are stored)."""

    name: str | None
    phone: str | None
    document: str | None
    nationality: str | None


@dataclass(frozen=True, slots=True)
class ComplaintRecord:
    """One valid complaint row."""

    line: int
    content_hash: str
    source_ref: str | None
    received_at: datetime
    channel: str
    reporter_type: str
    language: str | None
    company_name: str
    name_key: str
    categories: tuple[str, ...]
    narrative: str | None
    status: str
    corridor: str | None
    consent: bool
    reporter_key: str | None
    contact: Contact | None


@dataclass(frozen=True, slots=True)
class FindingRecord:
    """One finding of an inspection row."""

    code: str
    workers_affected: int


@dataclass(frozen=True, slots=True)
class InspectionRecord:
    """One valid inspection row."""

    line: int
    source_ref: str
    inspected_on: date
    inspector: str
    external_id: str | None
    company_name: str | None
    name_key: str | None
    site: str | None
    workers_interviewed: int
    outcome: str
    findings: tuple[FindingRecord, ...]
    notes: str | None


@dataclass(frozen=True)
class RowContext:
    """What row checks need to know about the whole import."""

    source: str
    codes: frozenset[str]
    date_order: DateOrder
    today: date  # in Kuwait


def parse_complaint(row: Row, ctx: RowContext) -> ComplaintRecord:
    """A complaint from a file row, or RowError naming the column at fault."""
    cells = _cells(row)
    company = _text(cells, "company_name", required=True, limit=MAX_NAME) or ""
    key = _cached_key(company)
    if not key:
        raise RowError("company_name", "has no letters or digits")
    received = _date(cells, "received_on", ctx)
    categories = _codes(cells.get("categories", ""), ctx.codes, "categories")
    narrative = _text(cells, "narrative", limit=MAX_NARRATIVE)
    source_ref = _text(cells, "source_ref", limit=120)
    return ComplaintRecord(
        line=row.line,
        content_hash=_complaint_hash(ctx.source, source_ref, received, key, categories, narrative),
        source_ref=source_ref,
        received_at=datetime(received.year, received.month, received.day, tzinfo=UTC),
        channel=_choice(cells, "channel", _CHANNELS, Channel.OTHER_AUTHORITY),
        reporter_type=_choice(cells, "reporter_type", _REPORTERS, ReporterType.ANONYMOUS),
        language=language_cell(cells),
        company_name=company,
        name_key=key,
        categories=categories,
        narrative=narrative,
        status=_choice(cells, "status", _STATUSES, ComplaintStatus.RECEIVED),
        corridor=_pattern(cells, "worker_origin", _COUNTRY),
        consent=_flag(cells, "consent_to_share"),
        reporter_key=_pseudonym(ctx.source, _text(cells, "reporter_key", limit=120)),
        contact=_contact(cells),
    )


def parse_inspection(row: Row, ctx: RowContext) -> InspectionRecord:
    """An inspection from a file row, or RowError naming the column at fault."""
    cells = _cells(row)
    external_id = _text(cells, "external_id", limit=64)
    company = _text(cells, "company_name", limit=MAX_NAME)
    if not (external_id or company):
        raise RowError("external_id", "give the company's external_id or its name")
    workers = _integer(cells, "workers_interviewed")
    return InspectionRecord(
        line=row.line,
        source_ref=_text(cells, "source_ref", required=True, limit=120) or "",
        inspected_on=_date(cells, "inspected_on", ctx),
        inspector=_text(cells, "inspector", required=True, limit=120) or "",
        external_id=external_id,
        company_name=company,
        name_key=_cached_key(company) if company else None,
        site=_text(cells, "site", limit=300),
        workers_interviewed=workers,
        # Keyword arguments are evaluated in order: the outcome is read before the findings it governs.
        outcome=(outcome := _choice(cells, "outcome", _OUTCOMES, None)),
        findings=_findings_of(cells, outcome, ctx.codes),
        notes=_text(cells, "notes", limit=MAX_NARRATIVE),
    )


def _cells(row: Row) -> dict[str, str]:
    cells = readable_cells(row)
    if EXTRA in cells:
        raise RowError(None, "more cells than the header has columns")
    return cells


def _text(cells: dict[str, str], column: str, *, required: bool = False, limit: int) -> str | None:
    raw = cells.get(column, "")
    try:
        value = reject_controls(raw)
    except ValueError as exc:
        raise RowError(column, str(exc)) from exc
    if not value:
        if required:
            raise RowError(column, "is required")
        return None
    if len(value) > limit:
        raise RowError(column, f"is {len(value)} characters long; the limit is {limit}")
    return value


def _date(cells: dict[str, str], column: str, ctx: RowContext) -> date:
    raw = cells.get(column, "").strip()
    if not raw:
        raise RowError(column, "is required")
    try:
        value = parse_date(raw, ctx.date_order)
    except ValueError as exc:
        raise RowError(column, str(exc)) from exc
    problem = day_problem(value, ctx.today)
    if problem:
        raise RowError(column, problem)
    return value


def _codes(raw: str, known: frozenset[str], column: str) -> tuple[str, ...]:
    codes = tuple(sorted({c.strip().upper() for c in re.split(r"[|,;]", raw) if c.strip()}))
    if not codes:
        raise RowError(column, "at least one violation code is required")
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise RowError(column, f"{len(unknown)} code(s) not in the violation catalogue")
    return codes


def _choice(cells: dict[str, str], column: str, allowed: set[str], default: str | None) -> str:
    value = cells.get(column, "").strip().lower().replace(" ", "_").replace("-", "_")
    if not value and default is not None:
        return default
    if value not in allowed:
        verb = "is not" if value else "is empty, not"
        raise RowError(column, f"{verb} one of {', '.join(sorted(allowed))}")
    return value


def _pattern(
    cells: dict[str, str], column: str, pattern: re.Pattern[str], *, lower: bool = False
) -> str | None:
    value = cells.get(column, "").strip()
    value = value.lower() if lower else value.upper()
    if not value:
        return None
    if not pattern.match(value):
        raise RowError(column, f"is not {_EXPECTED[pattern]}")
    return value


def language_cell(cells: dict[str, str]) -> str | None:
    """The language column, lower-cased, when it names an ISO 639 language (as the API requires)."""
    value = _pattern(cells, "language", _LANGUAGE, lower=True)
    try:
        return value if value is None else known_language(value)
    except ValueError as exc:
        raise RowError("language", f"is not {_EXPECTED[_LANGUAGE]}") from exc


def _shaped(value: str | None, column: str, pattern: re.Pattern[str]) -> str | None:
    """VALUE in ASCII digits, refused with what COLUMN should hold when it lacks the API's shape."""
    if value is None:
        return None
    value = ascii_digits(value)
    if not pattern.match(value):
        raise RowError(column, f"is not {_EXPECTED[pattern]}")
    return value


def _flag(cells: dict[str, str], column: str) -> bool:
    value = cells.get(column, "").strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise RowError(column, "is not yes or no")


def _integer(cells: dict[str, str], column: str) -> int:
    value = cells.get(column, "").strip() or "0"
    if not _whole_number(value, MAX_WORKERS):
        raise RowError(column, f"is not a whole number from 0 to {MAX_WORKERS}")
    return int(value)


def _whole_number(value: str, most: int) -> bool:
    """True if VALUE is ASCII digits worth at most MOST ("²" is a digit to str.isdigit, not to int)."""
    return value.isascii() and value.isdigit() and int(value) <= most


def _contact(cells: dict[str, str]) -> Contact | None:
    contact = Contact(
        _text(cells, "complainant_name", limit=120),
        _shaped(_text(cells, "complainant_phone", limit=30), "complainant_phone", _PHONE),
        _shaped(_text(cells, "complainant_document", limit=30), "complainant_document", _DOCUMENT),
        _pattern(cells, "complainant_nationality", _COUNTRY),
    )
    return contact if any((contact.name, contact.phone, contact.document, contact.nationality)) else None


def _findings(raw: str, known: frozenset[str]) -> tuple[FindingRecord, ...]:
    findings = []
    for number, part in enumerate((p.strip() for p in raw.split("|") if p.strip()), start=1):
        code, _, workers = part.partition(":")
        code, workers = code.strip().upper(), workers.strip()
        if code not in known:
            raise RowError("findings", f"finding {number}: the code is not in the violation catalogue")
        if workers and not _whole_number(workers, MAX_WORKERS):
            raise RowError("findings", f"finding {number}: workers affected must be 0 to {MAX_WORKERS}")
        findings.append(FindingRecord(code, int(workers) if workers else 1))
    return tuple(findings)


def _findings_of(cells: dict[str, str], outcome: str, known: frozenset[str]) -> tuple[FindingRecord, ...]:
    findings = _findings(cells.get("findings", ""), known)
    problem = findings_problem(outcome, [f.code for f in findings])
    if problem:
        raise RowError("findings", problem)
    return findings


def _pseudonym(source: str, key: str | None) -> str | None:
    # Sources may send a passport number as the reporter's key; only a one-way hash of it is kept.
    return None if key is None else hashlib.sha256(f"{source}\x1f{key}".encode()).hexdigest()[:32]


def _complaint_hash(
    source: str,
    source_ref: str | None,
    received: date,
    key: str,
    categories: tuple[str, ...],
    narrative: str | None,
) -> str:
    # A source's own reference identifies a record; without one, the content does.
    basis = (
        f"{source}\x1fref\x1f{source_ref}"
        if source_ref
        else f"{source}\x1f{received}\x1f{key}\x1f{'|'.join(categories)}\x1f{narrative or ''}"
    )
    return hashlib.sha256(basis.encode()).hexdigest()
