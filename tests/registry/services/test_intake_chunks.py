"""Files read by Python in several chunks: every bad row kept, each record once, counts that add up."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, col, select

from registry.models.inspection import Finding, Inspection
from registry.services import companies as company_service
from registry.services import complaint_intake, inspection_intake
from registry.services.complaint_intake import import_complaints
from registry.services.inspection_intake import import_inspections
from registry.services.intake_import import IntakeKind, IntakeRequest, IntakeSummary
from tests.conftest import both_backends
from tests.factories import company_data

CHUNK = 3  # rows per chunk in these tests, so that a few dozen rows make several chunks
COMPLAINT_HEADER = "source_ref,received_on,company_name,categories\n"
INSPECTION_HEADER = "source_ref,inspected_on,inspector,outcome,external_id,findings,notes\n"
_sources = itertools.count()


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(complaint_intake, "BATCH_ROWS", CHUNK)
    monkeypatch.setattr(inspection_intake, "BATCH_ROWS", CHUNK)


@pytest.fixture
def external_id(session: Session) -> str:
    """The external_id of a registered company."""
    data = company_data()
    company_service.create_company(session, data=data)
    assert data.external_id is not None
    return data.external_id


def _write(tmp_path: Path, header: str, lines: list[str]) -> Path:
    path = tmp_path / f"file-{next(_sources)}.csv"
    path.write_text(header + "".join(lines), encoding="utf-8")
    return path


def _run(path: Path, kind: IntakeKind, *, fast: bool = False) -> IntakeSummary:
    # A source of its own per file: files of different tests or examples never share a natural key.
    request = IntakeRequest(path, kind, f"SRC{next(_sources)}", "tester", fast_path=fast)
    run = import_complaints if kind == IntakeKind.COMPLAINTS else import_inspections
    return run(request)


def _counts(summary: IntakeSummary) -> tuple[int, int, int, int]:
    return summary.rows_read, summary.inserted, summary.duplicates, summary.rejected


def _complaint(n: int, kind: str) -> str:
    received = "2025-13-40" if kind == "bad" else "2025-01-01"
    return f"C-{n},{received},Golden Falcon Manpower,WAGE_THEFT\n"


def _inspection(n: int, kind: str, external_id: str) -> str:
    outcome = "bogus" if kind == "bad" else "violations_found"
    company = f"KW-NOPE-{n}" if kind == "unknown" else external_id
    return f"I-{n},2025-01-01,Insp,{outcome},{company},WAGE_THEFT:{n % 7 + 1},notes {n}\n"


@both_backends
def test_bad_complaint_rows_in_every_chunk_are_all_kept(session: Session, tmp_path: Path) -> None:
    bad_at = {0, 4, 5, 11, 17, 18, 19}  # the first chunk, later chunks, and the file's last rows
    lines = [_complaint(n, "bad" if n in bad_at else "good") for n in range(20)]
    summary = _run(_write(tmp_path, COMPLAINT_HEADER, lines), IntakeKind.COMPLAINTS)
    assert _counts(summary) == (20, 13, 0, 7)
    assert {r.line for r in summary.rejections} == {n + 2 for n in bad_at}


@both_backends
def test_bad_inspection_rows_in_every_chunk_are_all_kept(
    session: Session, tmp_path: Path, external_id: str
) -> None:
    bad_at = {1, 3, 7, 8, 13}
    lines = [_inspection(n, "bad" if n in bad_at else "good", external_id) for n in range(14)]
    summary = _run(_write(tmp_path, INSPECTION_HEADER, lines), IntakeKind.INSPECTIONS)
    assert _counts(summary) == (14, 9, 0, 5)
    assert {r.line for r in summary.rejections} == {n + 2 for n in bad_at}


@both_backends
def test_a_repeated_source_ref_is_a_duplicate_whose_findings_are_not_added(
    session: Session, tmp_path: Path, external_id: str
) -> None:
    lines = [
        f"ID-1,2025-02-01,Insp,violations_found,{external_id},WAGE_THEFT:3,first\n",
        f"ID-1,2025-02-01,Insp,violations_found,{external_id},THREATS:1|WAGE_THEFT:2,second\n",
        f"ID-2,2025-02-01,Insp,violations_found,{external_id},PASSPORT_RETENTION:1,first\n",
        f"ID-3,2025-02-01,Insp,violations_found,{external_id},THREATS:4,first\n",
        f"ID-2,2025-02-01,Insp,violations_found,{external_id},WAGE_THEFT:9,second\n",  # another chunk
    ]
    summary = _run(_write(tmp_path, INSPECTION_HEADER, lines), IntakeKind.INSPECTIONS)
    assert _counts(summary) == (5, 3, 2, 0)
    stored = session.exec(
        select(Inspection.source_ref, Inspection.notes, Finding.violation_code, Finding.workers_affected)
        .join(Finding, col(Finding.inspection_id) == col(Inspection.id))
        .where(Inspection.import_batch_id == summary.batch_id)
    ).all()
    assert sorted(stored) == [
        ("ID-1", "first", "WAGE_THEFT", 3),
        ("ID-2", "first", "PASSPORT_RETENTION", 1),
        ("ID-3", "first", "THREATS", 4),
    ]


@both_backends
def test_a_row_with_an_unknown_external_id_is_counted_once(
    session: Session, tmp_path: Path, external_id: str
) -> None:
    kinds = ["good", "unknown", "unknown", "bad", "good", "unknown", "good"]
    lines = [_inspection(n, kind, external_id) for n, kind in enumerate(kinds)]
    summary = _run(_write(tmp_path, INSPECTION_HEADER, lines), IntakeKind.INSPECTIONS)
    assert _counts(summary) == (7, 3, 0, 4)
    columns = {r.line: r.column for r in summary.rejections}
    assert columns == {3: "external_id", 4: "external_id", 5: "outcome", 7: "external_id"}


ROW_KINDS = {
    IntakeKind.COMPLAINTS: ["good", "bad", "dup"],
    IntakeKind.INSPECTIONS: ["good", "bad", "unknown", "dup"],
}


@both_backends
@pytest.mark.parametrize("kind", list(IntakeKind))
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), chunk=st.integers(min_value=1, max_value=4), fast=st.booleans())
def test_counts_add_up_for_any_mix_of_rows(
    session: Session,
    tmp_path: Path,
    external_id: str,
    monkeypatch: pytest.MonkeyPatch,
    kind: IntakeKind,
    data: st.DataObject,
    chunk: int,
    fast: bool,
) -> None:
    monkeypatch.setattr(complaint_intake, "BATCH_ROWS", chunk)
    monkeypatch.setattr(inspection_intake, "BATCH_ROWS", chunk)
    kinds = data.draw(st.lists(st.sampled_from(ROW_KINDS[kind]), max_size=15))
    rows = list(zip(_numbers(kinds, data), kinds, strict=True))
    if kind == IntakeKind.COMPLAINTS:
        path = _write(tmp_path, COMPLAINT_HEADER, [_complaint(n, _plain(k)) for n, k in rows])
    else:
        path = _write(tmp_path, INSPECTION_HEADER, [_inspection(n, _plain(k), external_id) for n, k in rows])
    summary = _run(path, kind, fast=fast)  # fast: complaints on PostgreSQL in sets
    assert summary.rows_read == len(kinds)
    assert summary.rejected == sum(1 for k in kinds if k in ("bad", "unknown"))
    assert summary.inserted == len({n for n, k in rows if k in ("good", "dup")})


def _numbers(kinds: list[str], data: st.DataObject) -> list[int]:
    """Each row's reference number: a duplicate repeats an earlier good row's, wherever its chunk."""
    numbers: list[int] = []
    for n, kind in enumerate(kinds):
        good = [m for m, k in zip(numbers, kinds[:n], strict=True) if k == "good"]
        numbers.append(data.draw(st.sampled_from(good)) if kind == "dup" and good else n)
    return numbers


def _plain(kind: str) -> str:
    return "good" if kind == "dup" else kind
