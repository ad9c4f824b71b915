"""Company files from the authority: row parsing, per-row rejection, idempotent upsert in batches."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from registry.errors import DomainError, InvalidInput
from registry.repositories import companies as company_repo
from registry.schemas.company import CompanyCreate, OfficerIn
from registry.services import links
from registry.services.companies import upsert_company
from registry.services.company_bulk import insert_new
from registry.services.rows import ImportReport, Rejection, RowError
from registry.tabular import Row, parse_date
from registry.tabular_table import EXTRA

REQUIRED_COLUMNS = ("external_id", "name_en", "name_ar", "aliases")
OPTIONAL_COLUMNS = (
    "legal_form",
    "activity",
    "licence_no",
    "licence_status",
    "governorate",
    "address",
    "phone",
    "officers",
    "licence_issued",
    "licence_expires",
    "sponsored_workers",
)
LIST_SEPARATOR = "|"
# Field names in the schema that a file calls differently.
_FIELD_TO_COLUMN = {"phones": "phone"}


def check_columns(columns: Sequence[str]) -> list[str]:
    """Refuse a file missing a required column; return warnings about columns that will be ignored."""
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise InvalidInput(
            f"missing required column(s): {', '.join(missing)}; "
            f"the header must include {','.join(REQUIRED_COLUMNS)}"
        )
    known = set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS)
    unknown = [c for c in columns if c not in known]
    return [f"ignored unknown column(s): {', '.join(unknown)}"] if unknown else []


def parse_row(row: Row) -> CompanyCreate:
    """Turn a file row into a validated company, or raise RowError naming the column."""
    if EXTRA in row.cells:
        raise RowError(None, "more cells than the header has columns")
    cells = {k: v for k, v in row.cells.items() if k in REQUIRED_COLUMNS or k in OPTIONAL_COLUMNS}
    payload: dict[str, object] = {k: v for k, v in cells.items() if k not in {"aliases", "phone", "officers"}}
    payload["aliases"] = _split(cells.get("aliases", ""))
    if "phone" in cells:
        payload["phones"] = _split(cells["phone"])
    if "officers" in cells:
        payload["officers"] = [_parse_officer(text) for text in _split(cells["officers"])]
    for column in ("licence_issued", "licence_expires"):
        if cells.get(column, "").strip():
            payload[column] = _date(column, cells[column])
    try:
        return CompanyCreate.model_validate(payload)
    except ValidationError as exc:
        raise _row_error(exc) from exc


def import_batch(session: Session, *, rows: Sequence[Row], source: str) -> ImportReport:
    """Upsert a batch of rows: new companies in a few set-based statements, the rest one by one."""
    report, parsed = ImportReport(), []
    for row in rows:
        try:
            parsed.append((row.line, parse_row(row)))
        except RowError as exc:
            report.rejected.append(Rejection(row.line, exc.column, exc.reason))
    report.merge(_upsert_parsed(session, parsed, source))
    report.rejected.sort(key=lambda r: r.line)
    return report


def load_companies(session: Session, *, companies: Sequence[CompanyCreate], source: str) -> ImportReport:
    """Upsert already-validated companies (the demo generator's, for one)."""
    return _upsert_parsed(session, list(enumerate(companies, start=1)), source)


def _upsert_parsed(session: Session, parsed: list[tuple[int, CompanyCreate]], source: str) -> ImportReport:
    report = ImportReport()
    existing = company_repo.by_external_ids(session, [data.external_id for _, data in parsed])
    fresh = [data for _, data in _first_of_each(parsed) if data.external_id not in existing]
    fresh_ids = {data.external_id for data in fresh}
    try:
        with session.begin_nested():
            report.inserted += insert_new(session, companies=fresh, source=source)
    except IntegrityError:
        fresh_ids = set()  # a clash inside the batch: the row-by-row path below finds the culprit
    for line, data in parsed:
        if data.external_id in fresh_ids:
            fresh_ids.discard(data.external_id)
            continue
        _upsert_one(session, report, line, data, source)
    _refresh_links(session, [data.external_id for _, data in parsed])
    return report


def _refresh_links(session: Session, external_ids: list[str]) -> None:
    # Most batches meet no listed company at all; skip loading their rows then.
    if links.watched_index.current(session).company_ids:
        ids = [c.id for c in company_repo.by_external_ids(session, external_ids).values() if c.id]
        links.refresh_links_for_new_companies(session, company_ids=ids)


def _first_of_each(parsed: list[tuple[int, CompanyCreate]]) -> list[tuple[int, CompanyCreate]]:
    seen: set[str] = set()
    first = []
    for line, data in parsed:
        if data.external_id not in seen:
            seen.add(data.external_id)
            first.append((line, data))
    return first


def _upsert_one(session: Session, report: ImportReport, line: int, data: CompanyCreate, source: str) -> None:
    try:
        with session.begin_nested():
            report.count(upsert_company(session, data=data, source=source))
    except DomainError as exc:
        report.rejected.append(Rejection(line, None, exc.detail))


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(LIST_SEPARATOR) if part.strip()]


def _date(column: str, text: str) -> object:
    try:
        return parse_date(text)
    except ValueError as exc:
        raise RowError(column, str(exc)) from exc


def _parse_officer(text: str) -> OfficerIn:
    """`Full Name;role;civil_id:123456789012` (role and identity type optional)."""
    parts = [p.strip() for p in text.split(";")]
    if len(parts) < 2 or not parts[-1]:
        raise RowError("officers", f"officer {text!r} is not 'name;role;id_type:number'")
    identity = parts[-1]
    id_type, _, number = identity.rpartition(":")
    fields = {"full_name": parts[0], "id_number": number, "id_type": id_type or "civil_id"}
    if len(parts) == 3:
        fields["role"] = parts[1]
    try:
        return OfficerIn.model_validate(fields)
    except ValidationError as exc:
        raise RowError("officers", f"officer {parts[0]!r}: {_first_message(exc)}") from exc


def _row_error(exc: ValidationError) -> RowError:
    error = exc.errors()[0]
    location = [str(part) for part in error["loc"]]
    column = _FIELD_TO_COLUMN.get(location[0], location[0]) if location else None
    return RowError(column, _first_message(exc))


def _first_message(exc: ValidationError) -> str:
    error = exc.errors()[0]
    message = str(error["msg"]).removeprefix("Value error, ")
    where = ".".join(str(p) for p in error["loc"][1:])
    return f"{message} ({where})" if where else message
