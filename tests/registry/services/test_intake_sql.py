"""The set-based PostgreSQL import (intake_sql) against the row-by-row rules it must agree with."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, text
from sqlmodel import Session, select

from registry.crypto import field_cipher
from registry.errors import Conflict
from registry.models.complaint import Complainant, Complaint, ComplaintStatusChange
from registry.models.mention import NameMention
from registry.repositories import complaint_sql
from registry.repositories.complaint_sql_check import WHITESPACE
from registry.services import intake_sql
from registry.services.complaint_intake import import_complaints
from registry.services.intake_import import IntakeKind, IntakeRequest, IntakeSummary
from registry.services.intake_rows import _cached_key, _complaint_hash, _pseudonym
from registry.services.intake_sql import WIN1256_WARNING, staging_columns
from registry.tabular import DateOrder

HEADER = (
    "source_ref,received_on,company_name,categories,narrative,channel,reporter_type,language,status,"
    "worker_origin,consent_to_share,reporter_key,complainant_name,complainant_phone,complainant_document,"
    "complainant_nationality\n"
)
# One cell per column of HEADER, all valid; each bad row below spoils one or two of them.
BASE = ["R", "2025-03-05", "Some Office", "WAGE_THEFT", "", "", "", "", "", "", "", "", "", "", "", ""]
_COLUMN = {name: i for i, name in enumerate(HEADER.strip().split(","))}
_CODE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$")


def _row(ref: str, **cells: str) -> str:
    values = [*BASE]
    values[0] = ref
    for name, value in cells.items():
        values[_COLUMN[name]] = value
    return ",".join(_quoted(v) for v in values) + "\n"


def _quoted(value: str) -> str:
    return '"' + value.replace('"', '""') + '"' if any(c in value for c in ',"\n\r') else value


BAD_ROWS = [
    _row("B1", received_on="03/05/2025"),
    _row("B2", received_on="2025-02-30"),
    _row("B3", received_on="2025-13-01"),
    _row("B4", received_on="0000-01-01"),
    _row("B5", received_on="1989-12-31"),
    _row("B6", received_on="2099-01-01"),
    _row("B7", received_on="5 March 2025"),
    _row("B8", received_on="13/14/2025"),
    _row("B9", received_on="٢٠٢٥-٠٢-٣٠"),
    _row("B10", received_on=""),
    _row("B11", company_name=""),
    _row("B12", company_name="!!!"),
    _row("B13", company_name="x" * 301),
    _row("B14", company_name="Some\x07Office"),
    _row("B15", categories=""),
    _row("B16", categories=" | ;,"),
    _row("B17", categories="wage_theft|NOPE;alsoBad"),
    _row("B18", narrative="n" * 10_001),
    _row("B19", narrative="tab\tok but bell \x07 not"),
    _row("B20", source_ref=""),
    _row("B21", channel="Carrier Pigeon"),
    _row("B22", reporter_type="it's me"),
    _row("B23", language="Arabic"),
    _row("B24", status="lost"),
    _row("B25", worker_origin="India"),
    _row("B26", consent_to_share="maybe"),
    _row("B27", reporter_key="k" * 121),
    _row("B28", complainant_name="\x1bname"),
    _row("B29", complainant_phone="9" * 31),
    _row("B30", complainant_document="d" * 31),
    _row("B31", complainant_nationality="Filipino"),
    _row("B32", received_on="31/31/2025", company_name="!!!", channel="nope"),
    _row("B33", received_on='"quoted" 2025', worker_origin="\u200bIN"),
    _row("B34", language="zzz"),
    _row("B35", complainant_phone="call me after 6"),
    _row("B36", complainant_phone="12345"),
    _row("B37", complainant_document="AB-12345"),
    _row("B38", complainant_document="\u0662\u0663\u0664\u0665"),
]
GOOD_ROWS = [
    _row("G1", received_on="١٥/٠٣/٢٠٢٥", channel="Walk-In", reporter_type="co worker", status="TRIAGED"),
    _row(
        "G2",
        received_on="2025-03-05T10:00:00+03:00",
        language="AR",
        worker_origin="ph",
        consent_to_share="نعم",
        narrative="three lines:\nthe second\r\nthe third",
    ),
    _row("G3", company_name="\u00a0 Some Office \u3000", categories="threats; wage_theft,THREATS"),
    _row(
        "G4",
        received_on="15.3.2025",
        consent_to_share="Y",
        complainant_nationality="np",
        language="fil",
        complainant_phone=" +965 (2) ٥٥٥-١٢٣٤ ",
        complainant_document="p1234567",
    ),
    _row("", narrative="no reference:\r\nthe content is the identity"),
]


@pytest.fixture
def sql_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail if the import falls back to reading rows in Python."""

    def refuse(*args: Any, **kwargs: Any) -> int:
        raise AssertionError("fell back to the Python reader")

    monkeypatch.setattr("registry.services.complaint_intake._python_copy", refuse)


def _file(tmp_path: Path, body: str, name: str = "c.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes((HEADER + body).encode(encoding))
    return path


def _import(
    path: Path, *, fast: bool = True, source: str = "MOI", order: DateOrder = DateOrder.AUTO
) -> IntakeSummary:
    return import_complaints(IntakeRequest(path, IntakeKind.COMPLAINTS, source, "tester", order, fast))


def _count(session: Session, model: Any) -> int:
    return int(session.exec(select(func.count()).select_from(model)).one())


def test_whitespace_is_what_str_strip_removes() -> None:
    assert set(WHITESPACE) == {c for c in map(chr, range(0x110000)) if c.isspace()}


def test_header_names_are_never_taken_from_the_file() -> None:
    assert staging_columns(["company_name", 'x"; DROP TABLE complaint; --', "", "company_name"]) == [
        "extra_0",
        "extra_1",
        "extra_2",
        "company_name",
    ]


@pytest.mark.parametrize("order", list(DateOrder))
def test_the_sql_path_rejects_exactly_what_the_python_path_rejects(
    session: Session, tmp_path: Path, order: DateOrder
) -> None:
    blank = "," * 15 + "\n" + "  ,\t" + "," * 14 + "\n"
    path = _file(tmp_path, "".join(GOOD_ROWS[:2] + BAD_ROWS + GOOD_ROWS[2:]) + blank)
    in_sql = _import(path, source="S1", order=order)
    in_python = _import(path, fast=False, source="S2", order=order)
    assert (in_sql.path, in_python.path) == ("sql", "batched")
    assert in_sql.rejections == in_python.rejections and in_sql.rejected >= len(BAD_ROWS) - 3
    assert (in_sql.rows_read, in_sql.inserted) == (in_python.rows_read, in_python.inserted)
    assert _stored(session, "S1") == _stored(session, "S2")


def _stored(session: Session, source: str) -> list[tuple[Any, ...]]:
    # Rows without a reference tie on source_ref: the narrative orders them, not the order of insertion.
    order = (Complaint.source_ref, Complaint.narrative)
    rows = session.exec(select(Complaint).where(Complaint.source == source).order_by(*order)).all()
    return [
        (
            c.source_ref,
            c.received_at,
            c.channel,
            c.reporter_type,
            c.language,
            c.company_name_written,
            c.mention_id,
            c.categories,
            c.narrative,
            c.status,
            c.corridor,
            c.consent_to_share,
            c.complainant_id is not None,
            c.reporter_key is not None,
        )
        for c in rows
    ]


def test_hashes_agree_so_overlapping_files_never_double_a_record(session: Session, tmp_path: Path) -> None:
    first = _import(_file(tmp_path, "".join(GOOD_ROWS[:3] + GOOD_ROWS[4:]), "a.csv"))
    second = _import(_file(tmp_path, "".join(GOOD_ROWS[1:]), "b.csv"), fast=False)
    third = _import(_file(tmp_path, "".join(GOOD_ROWS), "c.csv"))
    assert (first.path, first.inserted) == ("sql", 4)
    assert (second.inserted, second.duplicates) == (1, 3)
    assert (third.inserted, third.duplicates) == (0, 5)
    assert _count(session, Complaint) == 5
    unreferenced = session.exec(select(Complaint).where(Complaint.source_ref == None)).one()  # noqa: E711
    narrative = "no reference:\nthe content is the identity"  # a line break in a cell is \n on both paths
    key = _cached_key("Some Office")
    expected = _complaint_hash("MOI", None, date(2025, 3, 5), key, ("WAGE_THEFT",), narrative)
    assert unreferenced.content_hash == expected


def test_stored_values_hashes_and_codes(session: Session, tmp_path: Path, sql_only: None) -> None:
    body = _row("K1", reporter_key="P1234567", complainant_name="Maria", complainant_nationality="PH")
    summary = _import(_file(tmp_path, body + _row("K2")))
    assert (summary.path, summary.inserted) == ("sql", 2)
    stored = session.exec(select(Complaint).where(Complaint.source_ref == "K1")).one()
    assert stored.reporter_key == _pseudonym("MOI", "P1234567")
    assert stored.content_hash == _complaint_hash("MOI", "K1", date(2025, 3, 5), "", (), None)
    assert stored.categories == ["WAGE_THEFT"] and stored.match_decision
    complainant = session.get(Complainant, stored.complainant_id)
    assert complainant is not None and field_cipher().decrypt(complainant.name_enc) == "Maria"
    codes = [c.follow_up_code for c in session.exec(select(Complaint)).all()]
    assert all(_CODE.match(code) for code in codes) and len(set(codes)) == 2
    assert _count(session, ComplaintStatusChange) == 2
    mention = session.exec(select(NameMention).where(NameMention.text == "Some Office")).one()
    assert mention.occurrences == 2


def test_first_line_wins_and_its_complainant_alone_is_kept(
    session: Session, tmp_path: Path, sql_only: None
) -> None:
    body = _row("D1", narrative="first") + _row("D1", narrative="second", complainant_name="Ana") + _row("D2")
    summary = _import(_file(tmp_path, body))
    assert (summary.inserted, summary.duplicates) == (2, 1)
    assert session.exec(select(Complaint).where(Complaint.source_ref == "D1")).one().narrative == "first"
    assert _count(session, Complainant) == 0


def test_windows_1256_file_goes_through_sql(session: Session, tmp_path: Path, sql_only: None) -> None:
    body = _row("A1", company_name="مكتب النخبة لاستقدام العمالة", narrative="لم يدفع الراتب")
    summary = _import(_file(tmp_path, body, encoding="cp1256"))
    assert summary.path == "sql" and summary.inserted == 1 and WIN1256_WARNING in summary.warnings
    stored = session.exec(select(Complaint).where(Complaint.source_ref == "A1")).one()
    assert (stored.company_name_written, stored.narrative) == (
        "مكتب النخبة لاستقدام العمالة",
        "لم يدفع الراتب",
    )


def test_bom_crlf_trailing_blank_lines_and_quoted_newlines(
    session: Session, tmp_path: Path, sql_only: None
) -> None:
    body = _row("Q1", narrative="two\nlines") + _row("Q2", company_name="") + _row("Q3")
    path = tmp_path / "c.csv"
    path.write_bytes(b"\xef\xbb\xbf" + (HEADER + body).replace("\n", "\r\n").encode() + b"\r\n\r\n")
    summary = _import(path)
    assert (summary.inserted, summary.rejected) == (2, 1)
    assert summary.rejections[0].line == 4, "rows are numbered by the line they end on, as in Python"
    assert session.exec(select(Complaint).where(Complaint.source_ref == "Q1")).one().narrative == "two\nlines"


@pytest.mark.parametrize(
    "bad",
    [
        _row("X1").replace("\n", ",extra\n"),
        _row("X1", narrative="nul \x00 byte"),
        'X1,2025-03-05,"unterminated,WAGE_THEFT\n',
    ],
    ids=["extra-cell", "nul", "unterminated-quote"],
)
def test_a_file_postgresql_refuses_falls_back_and_keeps_the_good_rows(
    session: Session, tmp_path: Path, bad: str
) -> None:
    summary = _import(_file(tmp_path, _row("OK1") + bad + _row("OK2")))
    assert (summary.path, summary.rejected) == ("copy", 1)
    assert session.exec(select(Complaint).where(Complaint.source_ref == "OK1")).one()
    assert _count(session, Complaint) == summary.inserted


# Cells PostgreSQL's CSV reader reads otherwise than the Python reader (and Excel): a quote inside a
# cell opens a quoted part for PostgreSQL (two rows became one), a line of only \. ends COPY's data.
DISAGREEING = {
    "quote-in-cell": (
        'S1,2025-03-05,Al Noor,WAGE_THEFT,TV 32" broken\nS2,2025-03-06,Gulf,WAGE_THEFT,TV 40" broken\n'
    ),
    "quoted-words": 'S1,2025-03-05,Al Noor,WAGE_THEFT,He said "go home" now\n',
    "space-then-quote": 'S1,2025-03-05,Al Noor,WAGE_THEFT, "unpaid, beaten"\n',
    "text-after-close": 'S1,2025-03-05,Al Noor,WAGE_THEFT,"unpaid"later\n',
    "end-of-data": "S1,2025-03-05,Al Noor,WAGE_THEFT,one\n\\.\nS2,2025-03-06,Gulf,WAGE_THEFT,two\n",
}


@pytest.mark.parametrize("body", DISAGREEING.values(), ids=DISAGREEING.keys())
def test_what_the_two_readers_would_read_apart_is_left_to_python(
    session: Session, tmp_path: Path, body: str
) -> None:
    header = "source_ref,received_on,company_name,categories,narrative\n"
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    for path in (first, second):
        path.write_text(header + body, encoding="utf-8")
    fast, python = _import(first, source="S1"), _import(second, fast=False, source="S2")
    assert fast.path == "copy" and (fast.rows_read, fast.inserted) == (python.rows_read, python.inserted)
    assert fast.rejections == python.rejections and _stored(session, "S1") == _stored(session, "S2")


def test_quotes_that_open_double_and_close_cells_keep_the_fast_path(
    session: Session, tmp_path: Path, sql_only: None
) -> None:
    cells = ['"Al Noor, Salmiya"', '"He said ""go home"""', '"two\r\nlines"', '""']
    body = "".join(f"Q{n},2025-03-05,{c},WAGE_THEFT,x\n" for n, c in enumerate(cells))
    path = tmp_path / "q.csv"
    path.write_text("\ufeff" + '"source_ref",received_on,company_name,categories,narrative\n' + body)
    summary = _import(path)
    assert (summary.path, summary.inserted, summary.rejected) == ("sql", 3, 1)


def test_mixed_encodings_are_left_to_the_python_reader(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes(
        (HEADER + _row("M1", narrative="راتب")).encode() + _row("M2", narrative="راتب").encode("cp1256")
    )
    summary = _import(path)
    assert summary.path == "copy" and summary.inserted == 2
    narratives = {c.narrative for c in session.exec(select(Complaint)).all()}
    assert narratives == {"راتب"}


def test_tab_separated_file_goes_through_sql(session: Session, tmp_path: Path, sql_only: None) -> None:
    path = tmp_path / "c.tsv"
    cells = ["T1", *BASE[1:4], "a, b", *BASE[5:]]
    path.write_text(HEADER.replace(",", "\t") + "\t".join(cells) + "\n")
    summary = _import(path)
    assert (summary.path, summary.inserted) == ("sql", 1)
    assert session.exec(select(Complaint).where(Complaint.source_ref == "T1")).one().narrative == "a, b"


def test_a_file_of_only_a_header_imports_nothing(session: Session, tmp_path: Path, sql_only: None) -> None:
    summary = _import(_file(tmp_path, "\n\n"))
    assert (summary.path, summary.rows_read, summary.inserted, summary.rejected) == ("sql", 0, 0, 0)


def test_the_import_transaction_sorts_in_memory_and_other_transactions_keep_the_default(
    session: Session,
) -> None:
    default = session.execute(text("SHOW work_mem")).scalar_one()
    import_transaction = session.begin_nested()
    complaint_sql.tune(session)
    assert session.execute(text("SHOW work_mem")).scalar_one() == complaint_sql.WORK_MEM
    import_transaction.rollback()
    assert session.execute(text("SHOW work_mem")).scalar_one() == default


def test_rows_of_one_hash_far_apart_keep_the_first_line_in_hash_order(
    session: Session, tmp_path: Path, sql_only: None
) -> None:
    refs = [f"H{n}" for n in range(40)]
    body = "".join(_row(ref, narrative=f"first {ref}") for ref in refs)
    body += "".join(_row(ref, narrative=f"again {ref}", complainant_name="Ana") for ref in reversed(refs))
    summary = _import(_file(tmp_path, body))
    assert (summary.inserted, summary.duplicates) == (40, 40)
    narratives = {c.source_ref: c.narrative for c in session.exec(select(Complaint)).all()}
    assert narratives == {ref: f"first {ref}" for ref in refs}
    assert _count(session, Complainant) == 0
    assert _count(session, ComplaintStatusChange) == 40


def test_a_reference_removed_while_importing_refuses_the_file_whole_and_a_rerun_completes(
    session: Session, tmp_path: Path, sql_only: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _file(tmp_path, _row("V1") + _row("V2", company_name="Behbehani Cleaning Co"))
    kept = complaint_sql.REFERENCES
    monkeypatch.setattr(complaint_sql, "REFERENCES", {**kept, "name_mention": "SELECT -1 AS id"})
    with pytest.raises(Conflict, match="1 name_mention row"):
        _import(path)
    assert _count(session, Complaint) == 0
    monkeypatch.setattr(complaint_sql, "REFERENCES", kept)
    assert (_import(path).inserted, _count(session, Complaint)) == (2, 2)


# One count per foreign key of the tables an import writes: rows whose key names no row.
_FOREIGN_KEYS = """
SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text, r.attname
FROM pg_constraint c
JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
JOIN pg_attribute r ON r.attrelid = c.confrelid AND r.attnum = c.confkey[1]
WHERE c.contype = 'f' AND c.conrelid::regclass::text IN ('complaint', 'complaint_status_change')
"""


def _orphans(session: Session) -> dict[str, int]:
    keys = list(session.execute(text(_FOREIGN_KEYS)))
    assert len(keys) == 5
    return {
        f"{table}.{column}": int(
            session.execute(
                text(
                    f"SELECT count(*) FROM {table} x WHERE x.{column} IS NOT NULL "
                    f"AND NOT EXISTS (SELECT 1 FROM {referred} r WHERE r.{key} = x.{column})"
                )
            ).scalar_one()
        )
        for table, column, referred, key in keys
    }


@pytest.mark.parametrize("in_sets", [True, False])
def test_references_checked_in_sets_or_by_row_triggers_store_the_same(
    session: Session, tmp_path: Path, sql_only: None, monkeypatch: pytest.MonkeyPatch, in_sets: bool
) -> None:
    roles: list[str] = []
    real = complaint_sql.insert

    def observed(inner: Session, **kwargs: Any) -> None:
        real(inner, **kwargs)
        roles.append(str(inner.execute(text("SELECT current_setting('session_replication_role')")).scalar()))

    monkeypatch.setattr(complaint_sql.set_references, "may_check_in_sets", lambda *a, **k: in_sets)
    monkeypatch.setattr(complaint_sql, "insert", observed)
    body = _row("S1", complainant_name="Ana") + _row("S1", complainant_name="Eva") + _row("S2")
    summary = _import(_file(tmp_path, body))
    assert (summary.inserted, summary.duplicates, roles) == (2, 1, ["origin"])
    assert _count(session, Complainant) == 1 and _count(session, ComplaintStatusChange) == 2
    assert set(_orphans(session).values()) == {0}


def test_only_valid_spellings_without_a_mention_are_matched_ahead(
    session: Session, tmp_path: Path, sql_only: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[list[str]] = []
    real = intake_sql.spellings_matched_ahead

    def recorded(spellings: list[str]) -> Any:
        sent.append(sorted(spellings))
        return real(spellings)

    monkeypatch.setattr(intake_sql, "spellings_matched_ahead", recorded)
    _import(_file(tmp_path, _row("A1", company_name="Some Office"), "a.csv"))
    again = _row("B1", company_name="Some Office") + _row("B2", company_name="Other Office")
    _import(_file(tmp_path, again + _row("B3", company_name="!!!"), "b.csv"))
    assert sent == [["Some Office"], ["Other Office"]]
