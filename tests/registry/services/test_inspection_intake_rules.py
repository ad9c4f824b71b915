"""Intake files obey the API's rules for inspections: dates from 1990 to tomorrow in Kuwait, findings that
agree with the outcome, each code once; a row breaking one is rejected with line, column and reason."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, col, select

from registry.models.inspection import Inspection
from registry.schemas.dates import kuwait_today
from registry.services import companies as company_service
from registry.services.complaint_intake import import_complaints
from registry.services.inspection_intake import import_inspections
from registry.services.intake_import import IntakeKind, IntakeRequest
from tests.conftest import both_backends
from tests.factories import company_data

HEADER = "source_ref,inspected_on,inspector,outcome,external_id,findings,notes\n"


def _import(tmp_path: Path, session: Session, rows: list[str]) -> dict[int, tuple[str | None, str]]:
    external_id = company_service.create_company(
        session, data=company_data(external_id="RULES-1")
    ).external_id
    path = tmp_path / "inspections.csv"
    path.write_text(HEADER + "".join(row.format(company=external_id) for row in rows), encoding="utf-8")
    summary = import_inspections(IntakeRequest(path, IntakeKind.INSPECTIONS, "PAM", "t"))
    return {r.line: (r.column, r.reason) for r in summary.rejections}


@both_backends
def test_inspection_rows_dated_out_of_range_are_rejected(session: Session, tmp_path: Path) -> None:
    tomorrow, later = (kuwait_today() + timedelta(days=n) for n in (1, 2))
    rejected = _import(
        tmp_path,
        session,
        [
            "D1,2099-01-01,insp.a,violations_found,{company},WAGE_THEFT,\n",
            "D2,1989-12-31,insp.a,violations_found,{company},WAGE_THEFT,\n",
            f"D3,{later},insp.a,violations_found,{{company}},WAGE_THEFT,\n",
            f"D4,{tomorrow},insp.a,violations_found,{{company}},WAGE_THEFT,\n",
            "D5,1990-01-01,insp.a,compliant,{company},,\n",
        ],
    )
    assert {line: column for line, (column, _) in rejected.items()} == {
        2: "inspected_on",
        3: "inspected_on",
        4: "inspected_on",
    }
    assert "future" in rejected[2][1] and "before 1990-01-01" in rejected[3][1] and "future" in rejected[4][1]
    assert not any(value in rejected[line][1] for line, value in [(2, "2099"), (3, "1989"), (4, str(later))])
    stored = session.exec(select(Inspection.source_ref).order_by(col(Inspection.source_ref))).all()
    assert stored == ["D4", "D5"]


@both_backends
def test_inspection_rows_whose_findings_disagree_are_rejected(session: Session, tmp_path: Path) -> None:
    rejected = _import(
        tmp_path,
        session,
        [
            "F1,2025-05-01,insp.a,violations_found,{company},WAGE_THEFT:2|WAGE_THEFT:3,\n",
            "F2,2025-05-01,insp.a,violations_found,{company},,\n",
            "F3,2025-05-01,insp.a,compliant,{company},WAGE_THEFT,\n",
            "F4,2025-05-01,insp.a,violations_found,{company},WAGE_THEFT|PASSPORT_RETENTION,\n",
            "F5,2025-05-01,insp.a,not_completed,{company},,\n",
        ],
    )
    assert {line: column for line, (column, _) in rejected.items()} == {
        2: "findings",
        3: "findings",
        4: "findings",
    }
    assert "once" in rejected[2][1] and "at least one" in rejected[3][1] and "compliant" in rejected[4][1]
    assert not any("WAGE_THEFT" in reason for _, reason in rejected.values())


def test_inspection_notes_with_a_lone_surrogate_are_rejected(session: Session, tmp_path: Path) -> None:
    external_id = company_service.create_company(
        session, data=company_data(external_id="RULES-2")
    ).external_id
    path = tmp_path / "inspections.jsonl"
    path.write_text(
        '{"source_ref": "S1", "inspected_on": "2025-05-01", "inspector": "insp.a", "outcome": "compliant", '
        f'"external_id": "{external_id}", "notes": "\\ud800"}}\n',
        encoding="utf-8",
    )
    summary = import_inspections(IntakeRequest(path, IntakeKind.INSPECTIONS, "PAM", "t"))
    assert [(r.line, r.column) for r in summary.rejections] == [(1, "notes")]
    assert "surrogate" in summary.rejections[0].reason


@pytest.mark.parametrize("fast", [True, False], ids=["copy", "batched"])
def test_complaint_rows_from_before_1990_are_rejected(session: Session, tmp_path: Path, fast: bool) -> None:
    path = tmp_path / "complaints.csv"
    path.write_text(
        "source_ref,received_on,company_name,categories\n"
        "C1,1985-06-01,Golden Falcon Manpower,WAGE_THEFT\n"
        "C2,1990-01-01,Golden Falcon Manpower,WAGE_THEFT\n",
        encoding="utf-8",
    )
    summary = import_complaints(IntakeRequest(path, IntakeKind.COMPLAINTS, "MOI", "t", fast_path=fast))
    assert (summary.inserted, [(r.line, r.column) for r in summary.rejections]) == (1, [(2, "received_on")])
