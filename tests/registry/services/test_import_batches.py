from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlmodel import Session

from registry.errors import NotFound
from registry.repositories import imports as import_repo
from registry.services import import_batches
from registry.services.complaint_intake import import_complaints
from registry.services.inspection_intake import import_inspections
from registry.services.intake_import import SHOWN_REJECTIONS, IntakeKind, IntakeRequest
from tests.conftest import both_backends

HEADER = "source_ref,received_on,company_name,categories\n"
BAD_ROWS = SHOWN_REJECTIONS + 205


def _complaints(tmp_path: Path, *, bad: int, good: int = 2, name: str = "moi.csv") -> Path:
    rows = [f"G-{i},2025-03-0{i + 1},Some Office,WAGE_THEFT\n" for i in range(good)]
    rows += [f"B-{i},2025-13-45,Some Office,WAGE_THEFT\n" for i in range(bad)]
    path = tmp_path / name
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


def _request(path: Path, source: str = "MOI", file_name: str | None = None) -> IntakeRequest:
    return IntakeRequest(path, IntakeKind.COMPLAINTS, source, "tester", file_name=file_name)


def _csv_rows(session: Session, batch_id: int) -> list[list[str]]:
    out = io.BytesIO()
    count = import_batches.write_rejections(session, batch_id=batch_id, out=out)
    rows = list(csv.reader(io.StringIO(out.getvalue().decode("utf-8"))))
    assert count == len(rows) - 1
    return rows


@both_backends
def test_every_rejected_row_is_written_out_not_only_the_first_thousand(
    session: Session, tmp_path: Path
) -> None:
    summary = import_complaints(_request(_complaints(tmp_path, bad=BAD_ROWS)))
    assert summary.rejected == BAD_ROWS and len(summary.rejections) == SHOWN_REJECTIONS
    rows = _csv_rows(session, summary.batch_id)
    assert rows[0] == ["line", "column", "reason"]
    assert [int(r[0]) for r in rows[1:]] == list(range(4, 4 + BAD_ROWS))
    assert {r[1] for r in rows[1:]} == {"received_on"}


@both_backends
def test_pages_of_rejections_cover_every_line_once_in_order(session: Session, tmp_path: Path) -> None:
    batch_id = import_complaints(_request(_complaints(tmp_path, bad=BAD_ROWS))).batch_id
    lines: list[int] = []
    after, pages = 0, 0
    while True:
        page = import_batches.rejections_page(session, batch_id=batch_id, after_line=after, limit=500)
        lines += [r.line for r in page.items]
        pages += 1
        if page.next_after_line is None:
            break
        after = page.next_after_line
    assert lines == list(range(4, 4 + BAD_ROWS)) and pages == 3


def test_a_last_full_page_is_followed_by_an_empty_one(session: Session, tmp_path: Path) -> None:
    batch_id = import_complaints(_request(_complaints(tmp_path, bad=4))).batch_id
    full = import_batches.rejections_page(session, batch_id=batch_id, after_line=0, limit=4)
    assert full.next_after_line == 7
    empty = import_batches.rejections_page(session, batch_id=batch_id, after_line=7, limit=4)
    assert empty.items == [] and empty.next_after_line is None


def test_a_reason_a_spreadsheet_would_run_is_written_as_text(session: Session, tmp_path: Path) -> None:
    batch_id = import_complaints(_request(_complaints(tmp_path, bad=0))).batch_id
    import_repo.add_rejections(session, batch_id, [(9, "=cmd()", '=HYPERLINK("http://x")')])
    assert _csv_rows(session, batch_id)[1] == ["9", "'=cmd()", '\'=HYPERLINK("http://x")']


def test_batches_newest_first_filtered_by_kind_and_source(session: Session, tmp_path: Path) -> None:
    first = import_complaints(_request(_complaints(tmp_path, bad=1, name="a.csv"))).batch_id
    second = import_complaints(_request(_complaints(tmp_path, bad=2, name="b.csv"), source="PAM")).batch_id
    inspections = tmp_path / "i.csv"
    inspections.write_text("source_ref,inspected_on,inspector,outcome,company_name\n", encoding="utf-8")
    third = import_inspections(IntakeRequest(inspections, IntakeKind.INSPECTIONS, "MOI", "tester")).batch_id
    every = import_batches.history(session, kind=None, source=None, limit=10, offset=0)
    assert [b.id for b in every.items] == [third, second, first] and every.total == 3
    complaints = import_batches.history(session, kind=IntakeKind.COMPLAINTS, source="MOI", limit=10, offset=0)
    assert [b.id for b in complaints.items] == [first] and complaints.total == 1
    shown = import_batches.get(session, batch_id=second)
    assert (shown.source, shown.file_name, shown.status, shown.rejected, shown.inserted) == (
        "PAM",
        "b.csv",
        "completed",
        2,
        2,
    )


@pytest.mark.parametrize(
    ("given", "recorded"),
    [
        ("embassy-PH.csv", "embassy-PH.csv"),
        ("C:\\Users\\clerk\\Desktop\\شكاوى.xlsx", "شكاوى.xlsx"),
        ("../../etc/passwd", "passwd"),
        ("evil\u202egpj.csv", "evilgpj.csv"),
        ("\x00\x07", "moi.csv"),
        (None, "moi.csv"),
        ("x" * 400 + ".csv", "x" * 300),
    ],
)
def test_the_name_a_sender_gave_the_file_is_recorded_clean(
    session: Session, tmp_path: Path, given: str | None, recorded: str
) -> None:
    summary = import_complaints(_request(_complaints(tmp_path, bad=0), file_name=given))
    assert import_batches.get(session, batch_id=summary.batch_id).file_name == recorded


def test_an_unknown_batch_is_not_found(session: Session) -> None:
    with pytest.raises(NotFound):
        import_batches.get(session, batch_id=987654)
    with pytest.raises(NotFound):
        import_batches.rejections_page(session, batch_id=987654, after_line=0, limit=10)
    out = io.BytesIO()
    with pytest.raises(NotFound):
        import_batches.write_rejections(session, batch_id=987654, out=out)
    assert out.getvalue() == b""


SECRET = "Mariasantos"
# Every column of a complaint file, and a row that puts the secret where each check refuses it.
COLUMNS = (
    "source_ref,received_on,company_name,categories,channel,reporter_type,language,status,"
    "worker_origin,consent_to_share,complainant_name,complainant_phone,complainant_document,"
    "complainant_nationality"
)
VALID = dict.fromkeys(COLUMNS.split(","), "")
VALID.update(received_on="2025-03-01", company_name="Some Office", categories="WAGE_THEFT")
SPOILED = {
    "received_on": SECRET,
    "categories": SECRET,
    "channel": SECRET,
    "reporter_type": SECRET,
    "language": SECRET,
    "status": SECRET,
    "worker_origin": SECRET,
    "consent_to_share": SECRET,
    "complainant_name": SECRET * 12,
    "complainant_phone": f"+63{SECRET * 3}",
    "complainant_document": f"P{SECRET * 3}",
    "complainant_nationality": SECRET,
}


def _row(ref: str, **cells: str) -> str:
    return ",".join({**VALID, "source_ref": ref, **cells}.values()) + "\n"


@both_backends
@pytest.mark.parametrize("fast", [True, False], ids=["copy", "batched"])
def test_no_rejection_reason_quotes_a_cell(session: Session, tmp_path: Path, fast: bool) -> None:
    rows = [_row(f"S-{column}", **{column: value}) for column, value in SPOILED.items()]
    # A row a cell short: the complainant's name lands under consent_to_share.
    rows.append(",".join([*list(VALID.values())[:9], SECRET]) + "\n")
    path = tmp_path / "spoiled.csv"
    path.write_text(COLUMNS + "\n" + "".join(rows), encoding="utf-8")
    summary = import_complaints(IntakeRequest(path, IntakeKind.COMPLAINTS, "MOI", "tester", fast_path=fast))
    reasons = _csv_rows(session, summary.batch_id)[1:]
    assert [r[1] for r in reasons] == [*SPOILED, "consent_to_share"]
    assert [r for r in reasons if SECRET.lower() in r[2].lower()] == []
