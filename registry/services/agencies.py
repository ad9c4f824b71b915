"""Foreign agencies: register or update them (API and files), their names for the matcher, and views."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence

from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from registry.errors import Conflict, DomainError, InvalidInput, NotFound
from registry.matching.normalize import name_key
from registry.models.agency import AgencyNameKind, ForeignAgency, ForeignAgencyName
from registry.models.types import utcnow
from registry.repositories import agencies as agency_repo
from registry.schemas.agency import AgencyIn, AgencyPage, AgencyRead, AgencySummary
from registry.services.companies import Upsert
from registry.services.rows import ImportReport, Rejection, RowError, readable_cells, row_error
from registry.tabular import Row, parse_date

REQUIRED_COLUMNS = ("country", "name_latin")
OPTIONAL_COLUMNS = (
    "external_id",
    "name_local",
    "licence_no",
    "licence_authority",
    "status",
    "status_checked_on",
    "address",
    "aliases",
)
# The authority that licenses recruitment agencies in each main country of origin, when a file
# does not say.
AUTHORITIES = {
    "PH": "DMW",
    "NP": "DoFE",
    "IN": "eMigrate",
    "BD": "BMET",
    "LK": "SLBFE",
    "PK": "BE&OE",
    "ID": "BP2MI",
    "ET": "MoLS",
    "KE": "NEA",
    "UG": "MGLSD",
}
_SAFE_ID = re.compile(r"[^A-Za-z0-9_./-]+")
_FIELDS = (
    "country",
    "name_latin",
    "name_local",
    "licence_no",
    "licence_authority",
    "status",
    "status_checked_on",
    "address",
)
_KEPT_KINDS = frozenset({AgencyNameKind.FORMER, AgencyNameKind.OBSERVED})


def derived_external_id(data: AgencyIn) -> str:
    """The given external_id, else COUNTRY-LICENCE, else COUNTRY-N plus a hash of the Latin name's key."""
    if data.external_id:
        return data.external_id
    if data.licence_no:
        return _SAFE_ID.sub("-", f"{data.country}-{data.licence_no}")[:64]
    digest = hashlib.sha256((name_key(data.name_latin) or data.name_latin).encode()).hexdigest()[:12]
    return f"{data.country}-N{digest}"


def script_of(text: str) -> str:
    """The writing system of TEXT's first letter, lower case ("latin", "devanagari", "bengali"...)."""
    for char in text:
        if char.isalpha():
            return unicodedata.name(char, "OTHER").split(" ")[0].lower()[:20]
    return "other"


def upsert_agency(session: Session, *, data: AgencyIn) -> tuple[ForeignAgency, Upsert]:
    """Create the agency, or update the one with the same external_id (or country and licence)."""
    external_id = derived_external_id(data)
    agency = agency_repo.by_external_id(session, external_id)
    if agency is None and data.licence_no:
        agency = agency_repo.by_licence(session, data.country, data.licence_no)
    values = data.model_dump(include=set(_FIELDS))
    values["licence_authority"] = data.licence_authority or AUTHORITIES.get(data.country)
    values["local_script"] = script_of(data.name_local) if data.name_local else None
    if agency is None:
        agency = ForeignAgency(external_id=external_id, **values)
        session.add(agency)
        outcome = Upsert.INSERTED
    else:
        changed = {k: v for k, v in values.items() if getattr(agency, k) != v}
        for key, value in changed.items():
            setattr(agency, key, value)
        outcome = Upsert.UPDATED if changed else Upsert.UNCHANGED
    _flush(session, f"an agency with licence {data.licence_no} of {data.country} exists already")
    if _sync_names(session, agency, data) and outcome is Upsert.UNCHANGED:
        outcome = Upsert.UPDATED
    if outcome is Upsert.UPDATED:
        agency.updated_at = utcnow()
    return agency, outcome


def create_agency(session: Session, *, data: AgencyIn) -> ForeignAgency:
    """Register a new agency; an existing external_id or licence is a conflict."""
    if agency_repo.by_external_id(session, derived_external_id(data)) is not None or (
        data.licence_no and agency_repo.by_licence(session, data.country, data.licence_no)
    ):
        raise Conflict(f"agency {derived_external_id(data)} is registered already")
    return upsert_agency(session, data=data)[0]


def _flush(session: Session, message: str) -> None:
    try:
        session.flush()
    except IntegrityError as exc:
        raise Conflict(message) from exc


def _sync_names(session: Session, agency: ForeignAgency, data: AgencyIn) -> bool:
    wanted = {data.name_latin: AgencyNameKind.OFFICIAL}
    if data.name_local:
        wanted.setdefault(data.name_local, AgencyNameKind.LOCAL)
    for alias in data.aliases:
        wanted.setdefault(alias, AgencyNameKind.TRADE)
    stored = agency_repo.names_of(session, [agency.id or 0])[agency.id or 0]
    have = {n.text for n in stored}
    stale = [n for n in stored if n.text not in wanted and n.kind not in _KEPT_KINDS]
    for name in stale:
        session.delete(name)
    fresh = [(text, kind) for text, kind in wanted.items() if text not in have]
    session.add_all(_name_row(agency, text, kind) for text, kind in fresh)
    session.flush()
    return bool(stale or fresh)


def _name_row(agency: ForeignAgency, text: str, kind: AgencyNameKind) -> ForeignAgencyName:
    return ForeignAgencyName(
        agency_id=agency.id or 0, text=text, script=script_of(text), kind=kind, key=name_key(text)
    )


def get_agency(session: Session, *, agency_id: int) -> ForeignAgency:
    """The agency, or NotFound."""
    agency = agency_repo.get(session, agency_id)
    if agency is None:
        raise NotFound(f"no foreign agency with id {agency_id}")
    return agency


def agency_view(session: Session, *, agency_id: int) -> AgencyRead:
    """An agency with all its names."""
    agency = get_agency(session, agency_id=agency_id)
    names = [n.text for n in agency_repo.names_of(session, [agency_id])[agency_id]]
    return AgencyRead.model_validate({**agency.model_dump(), "names": names})


def agencies_page(
    session: Session, *, country: str | None, name: str | None, limit: int, offset: int
) -> AgencyPage:
    """A page of agencies."""
    items, total = agency_repo.page(session, country=country, name=name, limit=limit, offset=offset)
    reads = [AgencySummary.model_validate(a) for a in items]
    return AgencyPage(items=reads, total=total, limit=limit, offset=offset)


def check_columns(columns: Sequence[str]) -> list[str]:
    """Refuse a file without the required columns; warn about columns that will be ignored."""
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise InvalidInput(f"missing required column(s): {', '.join(missing)}")
    unknown = [c for c in columns if c not in {*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS}]
    return [f"ignored unknown column(s): {', '.join(unknown)}"] if unknown else []


def parse_row(row: Row) -> AgencyIn:
    """A file row as a validated agency, or RowError naming the column."""
    cells = {k: v for k, v in readable_cells(row).items() if k in REQUIRED_COLUMNS or k in OPTIONAL_COLUMNS}
    payload: dict[str, object] = {k: v for k, v in cells.items() if k != "aliases"}
    payload["aliases"] = [a.strip() for a in cells.get("aliases", "").split("|") if a.strip()]
    if cells.get("status_checked_on", "").strip():
        try:
            payload["status_checked_on"] = parse_date(cells["status_checked_on"])
        except ValueError as exc:
            raise RowError("status_checked_on", str(exc)) from exc
    try:
        return AgencyIn.model_validate(payload)
    except ValidationError as exc:
        raise row_error(exc) from exc


def import_batch(session: Session, *, rows: Sequence[Row]) -> ImportReport:
    """Upsert a batch of agency rows, each in its own savepoint; bad rows are reported."""
    report = ImportReport()
    for row in rows:
        try:
            data = parse_row(row)
            with session.begin_nested():
                report.count(upsert_agency(session, data=data)[1])
        except RowError as exc:
            report.rejected.append(Rejection(row.line, exc.column, exc.reason))
        except DomainError as exc:
            report.rejected.append(Rejection(row.line, None, exc.detail))
    return report
