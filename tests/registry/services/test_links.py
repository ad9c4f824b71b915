from __future__ import annotations

import pytest
from sqlmodel import Session

from registry.errors import NotFound
from registry.models.company import CompanyPhone
from registry.repositories import companies as company_repo
from registry.repositories import risk as risk_repo
from registry.schemas.blacklist import DecisionIn
from registry.schemas.company import CompanyUpdate, canonical_phone
from registry.services import companies as company_service
from registry.services import company_import, links, listings
from tests.blacklist_support import DECIDER, T0, at, civil_id, listed, make_company, owner, proposal
from tests.conftest import both_backends
from tests.factories import company_data

ADDRESS = "Block 3, Street 12, Building 7, Salmiya"


def _listed_company(session: Session, id_number: str) -> int:
    company = make_company(
        session,
        name_en="Al-Najma Manpower Supply Co. W.L.L.",
        phones=["22334455"],
        address=ADDRESS,
        officers=[owner("Fahad Salem Al-Mutairi", id_number=id_number)],
    )
    listed(session, company.id or 0)
    return company.id or 0


def _kinds(session: Session, company_id: int) -> set[tuple[str, int]]:
    return {
        (link.kind, link.linked_company_id) for link in links.detect_links(session, company_id=company_id)
    }


@both_backends
def test_reformed_companies_are_linked_by_officer_phone_address_and_name(session: Session) -> None:
    shared_id = civil_id()
    banned = _listed_company(session, shared_id)
    by_officer = make_company(session, officers=[owner("Fahad S. Mutairi", "manager", id_number=shared_id)])
    by_phone = make_company(session, phones=["+965 2233-4455"])
    by_address = make_company(session, address="Bldg 7, St. 12, Blk. 3, Salmiya")
    by_name = make_company(session, name_en="Najma Manpower Supply Company")
    unrelated = make_company(
        session, name_en="Gulf Falcon Security Services", address="Block 1, Street 2, Jahra"
    )
    assert _kinds(session, by_officer.id or 0) == {("officer", banned)}
    assert _kinds(session, by_phone.id or 0) == {("phone", banned)}
    assert _kinds(session, by_address.id or 0) == {("address", banned)}
    assert _kinds(session, by_name.id or 0) == {("name", banned)}
    assert _kinds(session, unrelated.id or 0) == set()


def test_detection_is_idempotent_and_batched(session: Session) -> None:
    banned = _listed_company(session, civil_id())
    news = [make_company(session).id or 0 for _ in range(3)]
    # Written beside the service, as a bulk loader would, so that only the refresh can link them.
    session.add_all(CompanyPhone(company_id=cid, number=canonical_phone("22334455")) for cid in news)
    session.flush()
    assert links.refresh_links_for_new_companies(session, company_ids=news) == 3
    assert links.refresh_links_for_new_companies(session, company_ids=news) == 0
    assert all(_kinds(session, cid) == {("phone", banned)} for cid in news)


def test_companies_registered_before_the_proposal_are_linked_when_it_is_made(session: Session) -> None:
    earlier = make_company(session, name_en="Al-Wafa Cleaning Co.", phones=["99887766"], address=ADDRESS)
    target = make_company(
        session, name_en="Al-Safwa Domestic Labour Office", phones=["99887766"], address=ADDRESS
    )
    listings.propose(session, data=proposal(session, target.id or 0), actor="officer.sara", now=T0)
    view = links.links_view(session, company_id=earlier.id or 0)
    assert {(v.kind, v.linked_company_id, v.linked_listing_state) for v in view} == {
        ("phone", target.id, "proposed"),
        ("address", target.id, "proposed"),
    }


def test_links_to_a_dismissed_case_stop_counting(session: Session) -> None:
    target = make_company(session, name_en="Al-Wafa Cleaning Co.", phones=["99887766"])
    listing = listings.propose(session, data=proposal(session, target.id or 0), actor="officer.sara", now=T0)
    other = make_company(session, name_en="Al-Safwa Domestic Labour Office", phones=["99887766"])
    assert _kinds(session, other.id or 0) == {("phone", target.id)}
    dismiss = DecisionIn(outcome="dismiss", reason="Complaint withdrawn and unsupported")
    listings.decide(session, listing_id=listing.id or 0, decision=dismiss, actor=DECIDER, now=at(1))
    assert _kinds(session, other.id or 0) == set()
    assert links.links_view(session, company_id=other.id or 0) == []


def test_address_normalisation() -> None:
    same = links.normalized_address("Bldg 7, St. 12, Blk 3, Salmiya")
    assert same == links.normalized_address(ADDRESS) and same
    assert links.normalized_address("Kuwait City") == ""
    assert links.normalized_address("Floor 2, Office 4, " + ADDRESS) != same


def test_a_bulk_import_links_new_companies_to_a_listed_one(session: Session) -> None:
    banned = _listed_company(session, civil_id())
    rows = [company_data(name_ar=None, phones=["22334455"]), company_data(name_ar=None)]
    company_import.load_companies(session, companies=rows, source="pam-test")
    ids = company_repo.by_external_ids(session, [r.external_id for r in rows])
    linked, unlinked = (ids[r.external_id].id or 0 for r in rows)
    assert _kinds(session, linked) == {("phone", banned)}
    assert _kinds(session, unlinked) == set()


def test_an_address_change_links_a_company_to_a_listed_one(session: Session) -> None:
    banned = _listed_company(session, civil_id())
    moved = make_company(session, address="Block 1, Street 2, Jahra")
    assert _kinds(session, moved.id or 0) == set()
    listed_address = company_service.get_company(session, company_id=banned).address or ""
    change = CompanyUpdate(version=moved.version, address=listed_address)
    company_service.update_company(session, company_id=moved.id or 0, data=change)
    assert ("address", banned) in _kinds(session, moved.id or 0)


def test_links_to_a_listed_company_feed_the_risk_score(session: Session) -> None:
    banned = _listed_company(session, civil_id())
    tied = make_company(session, phones=["22334455"], address=ADDRESS)
    free = make_company(session, phones=["99001122"])
    counts = risk_repo.links_to_listed(session)
    assert counts.get(tied.id or 0) == 1, "one listed company, however many ties"
    assert free.id not in counts and banned not in counts


def test_links_of_a_company_that_does_not_exist_are_not_found(session: Session) -> None:
    with pytest.raises(NotFound, match="no company with id 987654"):
        links.links_view(session, company_id=987654)
