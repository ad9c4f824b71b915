"""Partnership and mention files: rows naming offices and agencies by id, licence or written name.

An office is named by `company_external_id` or `company_name`; an agency by `agency_external_id`, by
`agency_country` with `agency_licence_no`, or by `agency_name` (with `agency_country` when known).
Written names go through the matchers and must be a MATCH: a partnership guessed from a look-alike
name would put an innocent office in a chain.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pydantic import ValidationError
from sqlmodel import Session

from registry.errors import DomainError, InvalidInput
from registry.matching.decide import MATCH
from registry.models.agency import MentionSubject
from registry.repositories import agencies as agency_repo
from registry.repositories import companies as company_repo
from registry.schemas.agency import MentionIn, PartnershipIn
from registry.services import partnerships
from registry.services.agency_index import match_agency
from registry.services.name_matching import match_text
from registry.services.rows import ImportReport, Rejection, RowError, readable_cells, row_error
from registry.tabular import Row, parse_date

AGENCY_COLUMNS = ("agency_external_id", "agency_country", "agency_licence_no", "agency_name")
PARTNERSHIP_COLUMNS = (
    "company_external_id",
    "company_name",
    *AGENCY_COLUMNS,
    "source",
    "source_ref",
    "since",
    "until",
)
MENTION_COLUMNS = ("complaint_ref", "inspection_ref", "violation_code", *AGENCY_COLUMNS)


def check_columns(columns: Sequence[str], known: Sequence[str], required: Sequence[str]) -> list[str]:
    """Refuse a file without the required columns; warn about columns that will be ignored."""
    missing = [c for c in required if c not in columns]
    if missing:
        raise InvalidInput(f"missing required column(s): {', '.join(missing)}")
    unknown = [c for c in columns if c not in known]
    return [f"ignored unknown column(s): {', '.join(unknown)}"] if unknown else []


def company_id_of(session: Session, cells: dict[str, str]) -> int:
    """The office a row names, by external_id or by a name the matcher resolves."""
    external_id = cells.get("company_external_id", "").strip()
    if external_id:
        found = company_repo.by_external_ids(session, [external_id]).get(external_id)
        if found is None:
            raise RowError("company_external_id", f"no company with external_id {external_id}")
        return found.id or 0
    name = cells.get("company_name", "").strip()
    if not name:
        raise RowError("company_external_id", "give company_external_id or company_name")
    result = match_text(session, text=name)
    if result.decision != MATCH or result.company_id is None:
        raise RowError("company_name", f"{name!r} is not matched to one company ({result.decision})")
    return result.company_id


def agency_id_of(session: Session, cells: dict[str, str]) -> int:
    """The agency a row names, by external_id, by country and licence, or by a matched name."""
    external_id = cells.get("agency_external_id", "").strip()
    country = cells.get("agency_country", "").strip().upper() or None
    licence = cells.get("agency_licence_no", "").strip()
    if external_id:
        agency = agency_repo.by_external_id(session, external_id)
        if agency is None:
            raise RowError("agency_external_id", f"no agency with external_id {external_id}")
        return agency.id or 0
    if country and licence:
        agency = agency_repo.by_licence(session, country, licence)
        if agency is None:
            raise RowError("agency_licence_no", f"no agency of {country} holds licence {licence}")
        return agency.id or 0
    name = cells.get("agency_name", "").strip()
    if not name:
        raise RowError("agency_external_id", "give agency_external_id, agency_licence_no or agency_name")
    result = match_agency(session, text=name, country=country)
    if result.decision != MATCH or result.agency_id is None:
        raise RowError("agency_name", f"{name!r} is not matched to one agency ({result.decision})")
    return result.agency_id


def _date(cells: dict[str, str], column: str) -> object:
    text = cells.get(column, "").strip()
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError as exc:
        raise RowError(column, str(exc)) from exc


def _partnership_row(session: Session, row: Row, actor: str) -> str:
    cells = row.cells
    payload = {
        "company_id": company_id_of(session, cells),
        "agency_id": agency_id_of(session, cells),
        "source": cells.get("source", "").strip(),
        "source_ref": cells.get("source_ref", ""),
        "since": _date(cells, "since"),
        "until": _date(cells, "until"),
    }
    try:
        data = PartnershipIn.model_validate(payload)
    except ValidationError as exc:
        raise row_error(exc) from exc
    return partnerships.record_partnership(session, data=data, actor=actor)[1].value


def _mention_row(session: Session, row: Row, actor: str) -> str:
    cells = row.cells
    agency_id = agency_id_of(session, cells)
    complaint_ref = cells.get("complaint_ref", "").strip()
    if complaint_ref:
        complaint = agency_repo.complaint_by_ref(session, complaint_ref)
        if complaint is None:
            raise RowError("complaint_ref", f"no complaint {complaint_ref}")
        return _mention(session, actor, MentionSubject.COMPLAINT, complaint.id or 0, agency_id)
    inspection_ref = cells.get("inspection_ref", "").strip()
    if not inspection_ref:
        raise RowError("complaint_ref", "give complaint_ref or inspection_ref")
    inspection = agency_repo.inspection_by_ref(session, inspection_ref, None)
    if inspection is None:
        raise RowError("inspection_ref", f"no inspection {inspection_ref}")
    code = cells.get("violation_code", "").strip().upper() or None
    findings = agency_repo.findings_of_inspection(session, inspection.id or 0, code)
    if not findings:
        raise RowError("violation_code", f"inspection {inspection_ref} has no such finding")
    outcomes = [_mention(session, actor, MentionSubject.FINDING, f.id or 0, agency_id) for f in findings]
    return "inserted" if "inserted" in outcomes else "unchanged"


def _mention(session: Session, actor: str, subject: MentionSubject, subject_id: int, agency_id: int) -> str:
    key = "complaint_id" if subject is MentionSubject.COMPLAINT else "finding_id"
    data = MentionIn.model_validate({"subject": subject, key: subject_id, "agency_id": agency_id})
    before = agency_repo.mention_by_key(session, f"{subject}:{subject_id}:a{agency_id}")
    partnerships.record_mention(session, data=data, actor=actor)
    return "unchanged" if before is not None else "inserted"


def _import(
    session: Session, rows: Sequence[Row], actor: str, handle: Callable[[Session, Row, str], str]
) -> ImportReport:
    report = ImportReport()
    for row in rows:
        try:
            readable_cells(row)
            with session.begin_nested():
                outcome = handle(session, row, actor)
            setattr(report, outcome, getattr(report, outcome) + 1)
        except RowError as exc:
            report.rejected.append(Rejection(row.line, exc.column, exc.reason))
        except DomainError as exc:
            report.rejected.append(Rejection(row.line, None, exc.detail))
    return report


def import_partnerships(session: Session, *, rows: Sequence[Row], actor: str) -> ImportReport:
    """Record a batch of partnership rows, each in its own savepoint; bad rows are reported."""
    return _import(session, rows, actor, _partnership_row)


def import_mentions(session: Session, *, rows: Sequence[Row], actor: str) -> ImportReport:
    """Record a batch of rows naming the agency behind a complaint or an inspection's findings."""
    return _import(session, rows, actor, _mention_row)
