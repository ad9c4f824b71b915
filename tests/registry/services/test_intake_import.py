from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func
from sqlalchemy.engine import Connection
from sqlmodel import Session, col, select

from registry.database import session_scope
from registry.errors import InvalidInput
from registry.models.complaint import Complainant, Complaint, ComplaintStatusChange
from registry.models.inspection import Finding, Inspection
from registry.models.mention import NameMention
from registry.services import companies as company_service
from registry.services import complaint_intake, intake_sql
from registry.services.complaint_intake import import_complaints
from registry.services.inspection_intake import import_inspections
from registry.services.intake_import import IntakeKind, IntakeRequest, spellings_matched_ahead
from registry.services.name_index import name_index
from registry.tabular import DateOrder
from tests.conftest import both_backends
from tests.factories import company_data

HEADER = "source_ref,received_on,company_name,categories,narrative,complainant_name,worker_origin\n"
GOOD = [
    "MOI-1,2025-03-05,Behbehani Cleaning Co.,WAGE_THEFT,no pay,Maria,PH\n",
    "MOI-2,25/03/2025,behbehani cleaning,PASSPORT_RETENTION|WAGE_THEFT,,,\n",
    'MOI-3,2025-04-01,Golden Falcon Manpower,DECEPTION,"=HYPERLINK(""http://x"")",,IN\n',
    "MOI-4,2025-04-02,Golden Falcon Manpower,THREATS,'; DROP TABLE complaint; --,,NP\n",
]


def _file(
    tmp_path: Path, body: str, name: str = "c.csv", encoding: str = "utf-8", header: str = HEADER
) -> Path:
    path = tmp_path / name
    path.write_bytes((header + body).encode(encoding))
    return path


def _request(
    path: Path,
    *,
    fast: bool = True,
    kind: IntakeKind = IntakeKind.COMPLAINTS,
    order: DateOrder = DateOrder.AUTO,
) -> IntakeRequest:
    return IntakeRequest(path, kind, "MOI", "tester", order, fast)


def _count(session: Session, model: Any) -> int:
    return int(session.exec(select(func.count()).select_from(model)).one())


@pytest.fixture
def behbehani(session: Session) -> int:
    return (
        company_service.create_company(session, data=company_data(name_en="Behbehani Cleaning Co.")).id or 0
    )


@both_backends
@pytest.mark.parametrize("fast", [True, False], ids=["copy", "batched"])
def test_import_matches_each_spelling_and_is_idempotent(
    session: Session, tmp_path: Path, behbehani: int, fast: bool
) -> None:
    path = _file(tmp_path, "".join(GOOD))
    first = import_complaints(_request(path, fast=fast))
    assert (first.rows_read, first.inserted, first.duplicates, first.rejected) == (4, 4, 0, 0)
    again = import_complaints(_request(path, fast=fast))
    assert again.already_imported and again.inserted == 4 and _count(session, Complaint) == 4
    linked = session.exec(select(Complaint).where(Complaint.source_ref == "MOI-2")).one()
    assert linked.company_id == behbehani and linked.categories == ["PASSPORT_RETENTION", "WAGE_THEFT"]
    falcon = session.exec(select(NameMention).where(col(NameMention.text) == "Golden Falcon Manpower")).one()
    assert falcon.occurrences == 2 and falcon.company_id is None
    assert _count(session, ComplaintStatusChange) == 4 and _count(session, Complainant) == 1
    formula = session.exec(select(Complaint).where(Complaint.source_ref == "MOI-3")).one()
    assert formula.narrative == '=HYPERLINK("http://x")'


def test_overlapping_file_adds_only_new_records(session: Session, tmp_path: Path, behbehani: int) -> None:
    import_complaints(_request(_file(tmp_path, "".join(GOOD[:2]), "a.csv")))
    overlap = import_complaints(_request(_file(tmp_path, "".join(GOOD[1:]), "b.csv")))
    assert (overlap.inserted, overlap.duplicates) == (2, 1)
    assert _count(session, Complaint) == 4


@both_backends
def test_bad_rows_are_rejected_with_line_column_and_reason(session: Session, tmp_path: Path) -> None:
    bad = [
        "R1,03/05/2025,Some Office,WAGE_THEFT,,,\n",
        "R2,2025-02-30,Some Office,WAGE_THEFT,,,\n",
        "R3,2025-01-01,,WAGE_THEFT,,,\n",
        "R4,2025-01-01,Some Office,NOT_A_CODE,,,\n",
        "R5,2025-01-01,Some\x00Office,WAGE_THEFT,,,\n",
        f"R6,2025-01-01,Some Office,WAGE_THEFT,{'x' * 10_001},,\n",
        "R7,2025-01-01,Some Office,WAGE_THEFT,,,India\n",
        "R8,2025-01-01,Some Office,WAGE_THEFT,,,,extra\n",
        "R9,2099-01-01,Some Office,WAGE_THEFT,,,\n",
        "R10,2025-01-01,!!!,WAGE_THEFT,,,\n",
    ]
    summary = import_complaints(_request(_file(tmp_path, GOOD[0] + "".join(bad))))
    assert summary.inserted == 1 and summary.rejected == 10
    reasons = {r.line: (r.column, r.reason) for r in summary.rejections}
    assert reasons[3] == ("received_on", reasons[3][1]) and "ambiguous" in reasons[3][1]
    assert reasons[4][0] == "received_on" and "real date" in reasons[4][1]
    assert reasons[5][0] == "company_name" and reasons[6][0] == "categories"
    assert reasons[7][0] == "company_name" and "control" in reasons[7][1]
    assert reasons[8][0] == "narrative" and "limit" in reasons[8][1]
    assert reasons[9][0] == "worker_origin" and "more cells" in reasons[10][1]
    assert reasons[11][0] == "received_on" and reasons[12][0] == "company_name"


def test_declared_date_order_reads_ambiguous_dates(session: Session, tmp_path: Path) -> None:
    path = _file(tmp_path, "R1,03/05/2025,Some Office,WAGE_THEFT,,,\n")
    summary = import_complaints(_request(path, order=DateOrder.DMY))
    assert summary.inserted == 1
    stored = session.exec(select(Complaint).where(Complaint.source_ref == "R1")).one()
    assert (stored.received_at.month, stored.received_at.day) == (5, 3)


@both_backends
def test_windows_1256_and_json_lines_files(session: Session, tmp_path: Path) -> None:
    arabic = _file(
        tmp_path,
        "A1,2025-01-05,مكتب النخبة لاستقدام العمالة المنزلية,WAGE_THEFT,لم يدفع الراتب,,\n",
        encoding="cp1256",
    )
    assert import_complaints(_request(arabic)).inserted == 1
    lines = tmp_path / "c.jsonl"
    lines.write_text(
        '{"source_ref": "J1", "received_on": "2025-01-06", "company_name": "X Co", '
        '"categories": ["THREATS"]}\n{broken\n',
        encoding="utf-8",
    )
    summary = import_complaints(_request(lines))
    assert (summary.inserted, summary.rejected) == (1, 1)
    stored = session.exec(select(Complaint).where(Complaint.source_ref == "A1")).one()
    assert stored.narrative == "لم يدفع الراتب"


def test_a_file_missing_required_columns_is_refused(tmp_path: Path, connection: Any) -> None:
    with pytest.raises(InvalidInput, match="categories"):
        import_complaints(_request(_file(tmp_path, "", header="source_ref,received_on,company_name\n")))


@pytest.mark.parametrize("fast", [True, False], ids=["copy", "batched"])
def test_an_interrupted_import_completes_when_run_again(
    session: Session, tmp_path: Path, fast: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(complaint_intake, "BATCH_ROWS", 2)
    path = _file(tmp_path, "".join(GOOD))
    crash_after_first_chunk = _crash_on_call(
        intake_sql if fast else complaint_intake,
        "resolve_spellings",
        at=1 if fast else 2,
        monkeypatch=monkeypatch,
    )
    with pytest.raises(RuntimeError):
        import_complaints(_request(path, fast=fast))
    assert _count(session, Complaint) == (0 if fast else 2)
    crash_after_first_chunk.undo()
    summary = import_complaints(_request(path, fast=fast))
    assert summary.inserted == 4 and _count(session, Complaint) == 4


class _Crash:
    def __init__(self, module: Any, name: str, at: int, monkeypatch: pytest.MonkeyPatch) -> None:
        self.real: Callable[..., Any] = getattr(module, name)
        self.module, self.name, self.calls, self.at, self.monkeypatch = module, name, 0, at, monkeypatch
        monkeypatch.setattr(module, name, self)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        if self.calls == self.at:
            raise RuntimeError("simulated crash")
        return self.real(*args, **kwargs)

    def undo(self) -> None:
        self.monkeypatch.setattr(self.module, self.name, self.real)


def _crash_on_call(module: Any, name: str, *, at: int, monkeypatch: pytest.MonkeyPatch) -> _Crash:
    return _Crash(module, name, at, monkeypatch)


@both_backends
def test_inspections_import_with_findings(session: Session, tmp_path: Path, behbehani: int) -> None:
    header = (
        "source_ref,inspected_on,inspector,outcome,external_id,company_name,workers_interviewed,findings\n"
    )
    body = (
        f"I1,2025-05-01,insp.a,violations_found,{company_data().external_id},,10,PASSPORT_RETENTION:3\n"
        "I2,2025-05-02,insp.b,violations_found,,Behbehani Cleaning,4,WAGE_THEFT:2|UNSAFE_HOUSING\n"
        "I3,2025-05-03,insp.b,compliant,,,0,\n"
        "I4,2025-05-03,insp.b,closed,,X Co,0,\n"
    )
    path = _file(tmp_path, body, header=header)
    summary = import_inspections(IntakeRequest(path, IntakeKind.INSPECTIONS, "PAM", "t"))
    assert (summary.inserted, summary.rejected) == (1, 3)
    reasons = {r.line: r.column for r in summary.rejections}
    assert reasons == {2: "external_id", 4: "external_id", 5: "outcome"}
    inspection = session.exec(select(Inspection).where(Inspection.source_ref == "I2")).one()
    assert inspection.company_id == behbehani
    severities = sorted(f.severity for f in session.exec(select(Finding)).all())
    assert severities == ["high", "medium"]
    rerun = import_inspections(IntakeRequest(path, IntakeKind.INSPECTIONS, "PAM", "t"))
    assert rerun.already_imported and _count(session, Inspection) == 1


def test_an_import_builds_the_name_index_on_another_thread_once(
    engine_sessions: None, index_builders: list[str]
) -> None:
    with spellings_matched_ahead(["Behbehani Cleaning Co", "!!!"]) as ahead:
        pass
    with session_scope() as session:
        matcher, seq = name_index.current_at(session)
    assert index_builders == ["name-match-ahead"]
    assert ahead.seq == seq and ahead.valid_at(seq) == {
        "Behbehani Cleaning Co": matcher.match("Behbehani Cleaning Co"),
        "!!!": matcher.match("!!!"),
    }


def test_a_block_that_fails_stops_the_matching_thread(engine_sessions: None) -> None:
    spellings = [f"Office number {n} for manpower" for n in range(5000)]
    with pytest.raises(RuntimeError, match="the check failed"), spellings_matched_ahead(spellings) as ahead:
        raise RuntimeError("the check failed")
    assert len(ahead.results) < len(spellings)


def test_sessions_sharing_one_connection_build_the_index_where_it_is_needed(
    connection: Connection, index_builders: list[str]
) -> None:
    with spellings_matched_ahead():
        assert index_builders == []
    with session_scope() as session:
        name_index.current(session)
    assert index_builders == [threading.current_thread().name]


@both_backends
def test_numbers_no_inspection_can_hold_are_rejected_rows_not_a_failed_file(
    session: Session, tmp_path: Path, behbehani: int
) -> None:
    header = "source_ref,inspected_on,inspector,outcome,company_name,workers_interviewed,findings\n"
    body = (
        "N1,2025-05-01,insp.a,violations_found,Behbehani Cleaning,4,WAGE_THEFT:2\n"
        f"N2,2025-05-01,insp.a,violations_found,Behbehani Cleaning,4,WAGE_THEFT:{10**20}\n"
        "N3,2025-05-01,insp.a,violations_found,Behbehani Cleaning,4,WAGE_THEFT:²\n"
        f"N4,2025-05-01,insp.a,violations_found,Behbehani Cleaning,{10**20},WAGE_THEFT\n"
        "N5,2025-05-01,insp.a,violations_found,Behbehani Cleaning,²,WAGE_THEFT\n"
    )
    path = _file(tmp_path, body, header=header)
    summary = import_inspections(IntakeRequest(path, IntakeKind.INSPECTIONS, "PAM", "t"))
    assert (summary.inserted, summary.rejected) == (1, 4)
    assert {r.line: r.column for r in summary.rejections} == {
        3: "findings",
        4: "findings",
        5: "workers_interviewed",
        6: "workers_interviewed",
    }
