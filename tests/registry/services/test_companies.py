from __future__ import annotations

import pytest
from sqlmodel import Session

from registry.errors import Conflict, InvalidInput, NotFound
from registry.models.company import NameKind
from registry.repositories.companies import CompanyFilter
from registry.schemas.company import CompanyNameIn, CompanyUpdate, OfficerIn
from registry.services import companies as service
from tests.conftest import both_backends
from tests.factories import company_data


@both_backends
def test_create_stores_official_names_aliases_phones_and_officers(session: Session) -> None:
    data = company_data(
        aliases=["almutairy gen trdg"],
        phones=["2222 3333", "+965 9999 0000"],
        officers=[OfficerIn(full_name="Fahad", id_number="280010112345")],
    )
    company = service.create_company(session, data=data)
    detail = service.company_detail(session, company_id=company.id or 0)
    kinds = {n.text: n.kind for n in detail.names}
    assert kinds[data.name_en or ""] == NameKind.OFFICIAL
    assert kinds["almutairy gen trdg"] == NameKind.TRADE
    assert detail.phones == ["96522223333", "96599990000"]
    assert [o.id_number for o in detail.officers] == ["280010112345"]
    assert {n.script for n in detail.names} == {"latin", "arabic"}


def test_duplicate_external_id_is_a_conflict(session: Session) -> None:
    data = company_data()
    service.create_company(session, data=data)
    with pytest.raises(Conflict, match=data.external_id):
        service.create_company(session, data=data)


def test_update_with_a_stale_version_is_refused(session: Session) -> None:
    company = service.create_company(session, data=company_data())
    service.update_company(
        session, company_id=company.id or 0, data=CompanyUpdate(version=1, address="Block 1")
    )
    assert company.version == 2
    with pytest.raises(Conflict, match="version 2"):
        service.update_company(
            session, company_id=company.id or 0, data=CompanyUpdate(version=1, address="B")
        )
    assert company.address == "Block 1"


def test_renaming_keeps_the_old_name_as_former(session: Session) -> None:
    company = service.create_company(session, data=company_data(name_en="Old Name Co."))
    service.update_company(
        session, company_id=company.id or 0, data=CompanyUpdate(version=1, name_en="New Name Co.")
    )
    names = {n.text: n.kind for n in service.company_names(session, company_id=company.id or 0)}
    assert names["Old Name Co."] == NameKind.FORMER
    assert names["New Name Co."] == NameKind.OFFICIAL


def test_removing_both_official_names_is_refused(session: Session) -> None:
    company = service.create_company(session, data=company_data(name_ar=None))
    with pytest.raises(InvalidInput):
        service.update_company(
            session, company_id=company.id or 0, data=CompanyUpdate(version=1, name_en=None)
        )


def test_add_name_rejects_a_name_the_company_already_has(session: Session) -> None:
    company = service.create_company(session, data=company_data())
    row = service.add_name(
        session, company_id=company.id or 0, name=CompanyNameIn(text="Nukhba", kind="observed")
    )
    assert row.kind == "observed" and row.key == "nukhba"
    with pytest.raises(Conflict):
        service.add_name(session, company_id=company.id or 0, name=CompanyNameIn(text="Nukhba"))


def test_unknown_company_is_not_found(session: Session) -> None:
    with pytest.raises(NotFound):
        service.company_detail(session, company_id=987654)


@both_backends
def test_upsert_is_idempotent_and_reports_changes(session: Session) -> None:
    data = company_data(aliases=["A1"], phones=["22223333"])
    assert service.upsert_company(session, data=data, source="t") == service.Upsert.INSERTED
    assert service.upsert_company(session, data=data, source="t") == service.Upsert.UNCHANGED
    changed = data.model_copy(update={"aliases": ["A1", "A2"]})
    assert service.upsert_company(session, data=changed, source="t") == service.Upsert.UPDATED


@both_backends
def test_list_filters_and_pages(session: Session) -> None:
    for i in range(5):
        service.create_company(session, data=company_data(governorate="jahra", name_en=f"Zyxw Filter {i}"))
    page = service.list_companies(
        session, flt=CompanyFilter(name="zyxw filter", governorate="jahra"), limit=2, offset=2
    )
    assert page.total == 5
    assert [c.name_en for c in page.items] == ["Zyxw Filter 2", "Zyxw Filter 3"]
