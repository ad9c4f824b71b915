from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session

from registry.errors import InvalidInput
from registry.services import companies as service
from registry.services.company_import import check_columns, import_batch, parse_row
from registry.services.name_matching import match_text
from registry.tabular import Row, open_table
from tests.conftest import both_backends
from tests.factories import company_data

HEADER = "external_id,name_en,name_ar,aliases,legal_form,activity,phone,officers,licence_issued\n"
GOOD = [
    "KW-100,Al-Nukhba Domestic Labour Recruitment Office,مكتب النخبة لاستقدام العمالة المنزلية,"
    "Nukhba Office|مكتب النخبه,,domestic_labour,22223333|99990000,"
    '"Fahad Al-Ajmi;owner;civil_id:285010112345",'
    "05/03/2015\n",
    "KW-101,Behbehani Cleaning Co.,شركة بهبهاني للتنظيف,,W.L.L.,cleaning,,,\n",
]


def _rows(tmp_path: Path, body: str, encoding: str = "utf-8") -> list[Row]:
    path = tmp_path / "companies.csv"
    path.write_bytes((HEADER + body).encode(encoding))
    return list(open_table(path).rows)


@both_backends
def test_good_rows_are_inserted_then_unchanged_on_reimport(session: Session, tmp_path: Path) -> None:
    rows = _rows(tmp_path, "".join(GOOD))
    first = import_batch(session, rows=rows, source="pam")
    second = import_batch(session, rows=rows, source="pam")
    assert (first.inserted, first.updated, first.unchanged, first.rejected) == (2, 0, 0, [])
    assert (second.inserted, second.updated, second.unchanged, second.rejected) == (0, 0, 2, [])


@both_backends
def test_bad_rows_are_reported_with_line_and_reason_and_good_rows_kept(
    session: Session, tmp_path: Path
) -> None:
    bad = [
        ",No Id Co.,,,,,,,\n",
        "KW-102,,,,,,,,\n",
        "KW-103,Bad Activity Co.,,,,fishing,,,\n",
        "KW-104,Bad Phone Co.,,,,,12ab,,\n",
        "KW-105,Bad Date Co.,,,,,,,31/02/2020\n",
        'KW-106,Bad Officer Co.,,,,,,"Someone;owner;civil_id:12345",\n',
        "KW-107,Extra Cells Co.,,,,,,,,surprise\n",
    ]
    report = import_batch(session, rows=_rows(tmp_path, GOOD[0] + "".join(bad) + GOOD[1]), source="pam")
    assert report.inserted == 2
    rejected = {r.line: (r.column, r.reason) for r in report.rejected}
    assert sorted(rejected) == [3, 4, 5, 6, 7, 8, 9]
    assert rejected[3][0] == "external_id"
    assert "name_en or name_ar" in rejected[4][1]
    assert rejected[5][0] == "activity"
    assert rejected[6][0] == "phone"
    assert rejected[7][0] == "licence_issued"
    assert rejected[8][0] == "officers" and "12 digits" in rejected[8][1]
    assert "more cells" in rejected[9][1]


def test_windows_1256_file_is_imported_with_arabic_intact(session: Session, tmp_path: Path) -> None:
    rows = _rows(tmp_path, "KW-200,,مكتب الصفوة لاستقدام العمالة المنزلية,,,,,,\n", encoding="cp1256")
    report = import_batch(session, rows=rows, source="pam")
    assert report.inserted == 1
    page = service.list_companies(
        session, flt=service.CompanyFilter(name=service.search_key("الصفوة")), limit=5, offset=0
    )
    assert page.items[0].name_ar == "مكتب الصفوة لاستقدام العمالة المنزلية"


def test_formula_and_sql_looking_text_is_stored_as_text(session: Session, tmp_path: Path) -> None:
    rows = _rows(tmp_path, 'KW-300,"=HYPERLINK(""http://evil"")",,\'; DROP TABLE company; --,,,,,\n')
    report = import_batch(session, rows=rows, source="pam")
    assert report.inserted == 1
    names = {n.text for n in service.company_names(session, company_id=_id(session, "KW-300"))}
    assert names == {'=HYPERLINK("http://evil")', "'; DROP TABLE company; --"}


def test_nul_bytes_are_rejected_not_crashed(session: Session) -> None:
    row = Row(2, {"external_id": "KW-400", "name_en": "Bad\x00Name", "name_ar": "", "aliases": ""})
    report = import_batch(session, rows=[row], source="t")
    assert report.rejected[0].column == "name_en"
    assert "control characters" in report.rejected[0].reason


def test_missing_required_columns_refuse_the_file_and_extra_columns_warn() -> None:
    with pytest.raises(InvalidInput, match="aliases"):
        check_columns(["external_id", "name_en", "name_ar"])
    assert check_columns(["external_id", "name_en", "name_ar", "aliases", "colour"]) == [
        "ignored unknown column(s): colour"
    ]


def test_officer_cell_is_parsed() -> None:
    row = Row(
        2,
        {
            "external_id": "KW-1",
            "name_en": "A",
            "name_ar": "",
            "aliases": "",
            "officers": "Ali;manager;passport:P1234567|Sara;civil_id:290010112345",
        },
    )
    officers = parse_row(row).officers
    assert [(o.full_name, o.role, o.id_type, o.id_number) for o in officers] == [
        ("Ali", "manager", "passport", "P1234567"),
        ("Sara", "owner", "civil_id", "290010112345"),
    ]


def _id(session: Session, external_id: str) -> int:
    company = service.company_repo.by_external_ids(session, [external_id])[external_id]
    return company.id or 0


@both_backends
def test_new_companies_in_bulk_share_officers_and_reach_the_name_index(
    session: Session, tmp_path: Path
) -> None:
    service.create_company(
        session, data=company_data(officers=[{"full_name": "Known", "id_number": "280010112345"}])
    )
    owner = '"Saad Al-Ajmi;owner;civil_id:281010112345|Known;manager;civil_id:280010112345"'
    body = (
        f"KW-900,Al-Shuhada Manpower Supply,,Shuhada Manpower,,,,{owner},\n"
        f"KW-901,Al-Shuhada New Manpower,,,,,,{owner},\n"
        "KW-900,Al-Shuhada Manpower Supply,,Shuhada Manpower,,,,,\n"
    )
    report = import_batch(session, rows=_rows(tmp_path, body), source="pam")
    assert (report.inserted, report.unchanged, report.rejected) == (2, 1, [])
    first = service.company_detail(session, company_id=_id(session, "KW-900"))
    second = service.company_detail(session, company_id=_id(session, "KW-901"))
    shared = {o.officer_id for o in first.officers} & {o.officer_id for o in second.officers}
    assert len(shared) == 2 and {o.role for o in first.officers} == {"owner", "manager"}
    assert {n.text: n.kind for n in first.names} == {
        "Al-Shuhada Manpower Supply": "official",
        "Shuhada Manpower": "trade",
    }
    assert match_text(session, text="Shuhada Manpower").external_id == "KW-900"
