"""Each distinct coded cell of a complaint file checked once, by the very rules of intake_rows.

A file of a million rows holds a few thousand dates, spellings and code lists: checking each value once
in Python keeps both import paths to one set of rules and messages (Unicode digits, repr of bad values).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from registry.models.complaint import Channel, ComplaintStatus, ReporterType
from registry.schemas.complaint import DOCUMENT_PATTERN, PHONE_PATTERN
from registry.services.intake_rows import (
    _CHANNELS,
    _COUNTRY,
    _DOCUMENT,
    _EXPECTED,
    _PHONE,
    _REPORTERS,
    _STATUSES,
    MAX_NAME,
    MAX_NARRATIVE,
    RowContext,
    _cached_key,
    _choice,
    _codes,
    _date,
    _flag,
    _pattern,
    _text,
    language_cell,
)
from registry.services.rows import RowError

VALUE_COLUMNS = ("raw", "value", "name_key", "received_at", "codes", "error")
# The limits parse_complaint gives its free-text columns (checked in SQL, row by row).
TEXT_LIMITS = {
    "narrative": MAX_NARRATIVE,
    "source_ref": 120,
    "reporter_key": 120,
    "complainant_name": 120,
    "complainant_phone": 30,
    "complainant_document": 30,
}
# The free-text columns that must also have a shape, with the pattern and reason parse_complaint uses.
TEXT_SHAPES = {
    "complainant_phone": (PHONE_PATTERN, f"is not {_EXPECTED[_PHONE]}"),
    "complainant_document": (DOCUMENT_PATTERN, f"is not {_EXPECTED[_DOCUMENT]}"),
}
_Value = tuple[str | None, str | None, datetime | None, str | None]


def value_rows(column: str, cells: Iterable[str], ctx: RowContext) -> Iterator[tuple[Any, ...]]:
    """A complaint_value_<COLUMN> row (see VALUE_COLUMNS) for each distinct raw cell of COLUMN."""
    check = _CHECKS[column]
    for raw in cells:
        try:
            yield (raw, *check(raw, ctx), None)
        except RowError as exc:
            yield (raw, None, None, None, None, exc.reason)


def _company(raw: str, ctx: RowContext) -> _Value:
    company = _text({"company_name": raw}, "company_name", required=True, limit=MAX_NAME) or ""
    key = _cached_key(company)
    if not key:
        raise RowError("company_name", "has no letters or digits")
    return company, key, None, None


def _received(raw: str, ctx: RowContext) -> _Value:
    day = _date({"received_on": raw}, "received_on", ctx)
    return day.isoformat(), None, datetime(day.year, day.month, day.day, tzinfo=UTC), None


def _categories(raw: str, ctx: RowContext) -> _Value:
    codes = _codes(raw, ctx.codes, "categories")
    return "|".join(codes), None, None, json.dumps(list(codes))


def _simple(column: str, read: Callable[[dict[str, str]], str | None]) -> Callable[[str, RowContext], _Value]:
    def checked(raw: str, ctx: RowContext) -> _Value:
        return read({column: raw}), None, None, None

    return checked


def _consent(cells: dict[str, str]) -> str:
    return "true" if _flag(cells, "consent_to_share") else "false"


_CHECKS: dict[str, Callable[[str, RowContext], _Value]] = {
    "company_name": _company,
    "received_on": _received,
    "categories": _categories,
    "channel": _simple("channel", lambda c: _choice(c, "channel", _CHANNELS, Channel.OTHER_AUTHORITY)),
    "reporter_type": _simple(
        "reporter_type", lambda c: _choice(c, "reporter_type", _REPORTERS, ReporterType.ANONYMOUS)
    ),
    "status": _simple("status", lambda c: _choice(c, "status", _STATUSES, ComplaintStatus.RECEIVED)),
    "language": _simple("language", language_cell),
    "worker_origin": _simple("worker_origin", lambda c: _pattern(c, "worker_origin", _COUNTRY)),
    "consent_to_share": _simple("consent_to_share", _consent),
    "complainant_nationality": _simple(
        "complainant_nationality", lambda c: _pattern(c, "complainant_nationality", _COUNTRY)
    ),
}
