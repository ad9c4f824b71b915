"""Court case files: one case a row (CSV, XLSX or JSON Lines), charges and defendants in two cells.

`charges`: `LAW:ARTICLE[:OUTCOME[:DESCRIPTION]]` items separated by `|` ("91/2013:2|16/1960:49:acquitted").
`defendants`: `REF;PUBLISHED_NAME;OUTCOME;SENTENCE` items separated by `|`, where REF is
`company:EXTERNAL_ID`, `officer:civil_id:NUMBER`, `officer:passport:NUMBER`, `agency:EXTERNAL_ID` or
`person`; an empty published name means the ruling withheld it.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import ValidationError
from sqlmodel import Session

from registry.errors import DomainError, InvalidInput
from registry.schemas.court import CourtCaseIn
from registry.services import courts
from registry.services.rows import ImportReport, Rejection, RowError, readable_cells, row_error
from registry.tabular import Row, parse_date

REQUIRED_COLUMNS = ("case_number", "court", "level", "charges", "defendants")
OPTIONAL_COLUMNS = (
    "filed_on",
    "ruling_on",
    "outcome",
    "sentence",
    "appeal_status",
    "is_final",
    "summary",
    "appeal_of_court",
    "appeal_of_case_number",
)
_TRUE = {"true", "yes", "y", "1", "نعم"}
_FALSE = {"false", "no", "n", "0", "لا", ""}


def check_columns(columns: Sequence[str]) -> list[str]:
    """Refuse a file without the required columns; warn about columns that will be ignored."""
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise InvalidInput(f"missing required column(s): {', '.join(missing)}")
    unknown = [c for c in columns if c not in {*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS}]
    return [f"ignored unknown column(s): {', '.join(unknown)}"] if unknown else []


def _items(cell: str) -> list[str]:
    return [item.strip() for item in cell.split("|") if item.strip()]


def parse_charges(cell: str) -> list[dict[str, str]]:
    """The charges cell as charge fields."""
    charges = []
    for item in _items(cell):
        parts = [p.strip() for p in item.split(":", 3)]
        if len(parts) < 2 or not parts[0] or not parts[1]:
            raise RowError("charges", f"charge {item!r} is not LAW:ARTICLE[:OUTCOME[:DESCRIPTION]]")
        names = ("law", "article", "outcome", "description")
        charges.append({k: v for k, v in zip(names, parts, strict=False) if v})
    return charges


def parse_defendants(cell: str) -> list[dict[str, str]]:
    """The defendants cell as defendant fields."""
    defendants = []
    for item in _items(cell):
        ref, name, outcome, sentence = ([p.strip() for p in item.split(";", 3)] + ["", "", ""])[:4]
        fields = {"published_name": name, "outcome": outcome or "pending", "sentence": sentence}
        defendants.append({**_reference(ref), **{k: v for k, v in fields.items() if v}})
    return defendants


def _reference(ref: str) -> dict[str, str]:
    kind, _, rest = ref.partition(":")
    kind = kind.strip().lower()
    if kind in {"company", "agency"} and rest:
        return {"kind": kind, f"{kind}_external_id": rest}
    if kind == "officer" and rest:
        id_type, _, number = rest.rpartition(":")
        return {"kind": kind, "officer_id_type": id_type or "civil_id", "officer_id_number": number}
    if kind == "person" and not rest:
        return {"kind": kind}
    raise RowError(
        "defendants", f"defendant {ref!r} is not company:ID, officer:TYPE:NUMBER, agency:ID or person"
    )


def parse_row(row: Row) -> CourtCaseIn:
    """A file row as a validated case, or RowError naming the column."""
    cells = {
        k: v.strip() for k, v in readable_cells(row).items() if k in REQUIRED_COLUMNS or k in OPTIONAL_COLUMNS
    }
    payload: dict[str, object] = {k: v for k, v in cells.items() if v and k not in {"charges", "defendants"}}
    payload["charges"] = parse_charges(cells.get("charges", ""))
    payload["defendants"] = parse_defendants(cells.get("defendants", ""))
    for column in ("filed_on", "ruling_on"):
        if cells.get(column):
            try:
                payload[column] = parse_date(cells[column])
            except ValueError as exc:
                raise RowError(column, str(exc)) from exc
    final = cells.get("is_final", "").lower()
    if final not in _TRUE | _FALSE:
        raise RowError("is_final", f"is_final must be yes or no, not {final!r}")
    payload["is_final"] = final in _TRUE
    try:
        return CourtCaseIn.model_validate(payload)
    except ValidationError as exc:
        raise row_error(exc) from exc


def import_batch(session: Session, *, rows: Sequence[Row], actor: str) -> ImportReport:
    """Record a batch of case rows, each in its own savepoint; bad rows are reported."""
    report = ImportReport()
    for row in rows:
        try:
            data = parse_row(row)
            with session.begin_nested():
                report.count(courts.record_case(session, data=data, actor=actor)[1])
        except RowError as exc:
            report.rejected.append(Rejection(row.line, exc.column, exc.reason))
        except DomainError as exc:
            report.rejected.append(Rejection(row.line, None, exc.detail))
    return report
