"""Court cases: recording rulings, final rulings as listing grounds, and precedents with public data only."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError
from sqlmodel import Session

from registry.errors import Conflict, InvalidInput
from registry.repositories.courts import PrecedentFilter
from registry.schemas.blacklist import DecisionIn, GroundIn, NoticeIn, ProposalIn
from registry.schemas.court import CourtCaseIn
from registry.services import court_files, courts, listing_views, listings
from registry.tabular import Row
from tests.blacklist_support import DECIDER, PROPOSER, T0, at, make_company, owner
from tests.chain_support import court_case
from tests.conftest import both_backends


def _propose_on(session: Session, company_id: int, case_id: int) -> int:
    grounds = [GroundIn(kind="court_ruling", court_case_id=case_id)]
    data = ProposalIn(company_id=company_id, reason="Convicted of trafficking in persons", grounds=grounds)
    return listings.propose(session, data=data, actor=PROPOSER, now=T0).id or 0


@both_backends
def test_only_a_final_ruling_can_ground_a_listing(session: Session) -> None:
    company = make_company(session)
    cid = company.id or 0
    pending_appeal = court_case(session, cid, final=False)
    with pytest.raises(InvalidInput, match="is not final"):
        _propose_on(session, cid, pending_appeal.id or 0)
    acquitted = court_case(session, cid, outcome="acquitted")
    with pytest.raises(InvalidInput, match="did not convict"):
        _propose_on(session, cid, acquitted.id or 0)
    someone_else = court_case(session, make_company(session).id or 0)
    with pytest.raises(InvalidInput, match="neither company"):
        _propose_on(session, cid, someone_else.id or 0)
    final = court_case(session, cid)
    lid = _propose_on(session, cid, final.id or 0)
    ground = listing_views.listing_view(session, listing_id=lid).grounds[0]
    assert ground.court_case_id == final.id and ground.court_ref is not None
    assert final.case_number in ground.court_ref


def test_a_ruling_reopened_on_appeal_stops_the_decision(session: Session) -> None:
    company = make_company(session)
    cid = company.id or 0
    case = court_case(session, cid, number="77/2025")
    lid = _propose_on(session, cid, case.id or 0)
    listings.serve_notice(session, listing_id=lid, notice=NoticeIn(), actor=PROPOSER, now=T0)
    court_case(session, cid, number="77/2025", final=False)  # an appeal was lodged in time after all
    with pytest.raises(Conflict, match="no longer holds"):
        listings.decide(
            session,
            listing_id=lid,
            decision=DecisionIn(outcome="list", reason="Convicted"),
            actor=DECIDER,
            now=at(30),
        )


def test_an_officer_convicted_grounds_the_listing_of_the_company(session: Session) -> None:
    person = owner("Fahad Salem Al-Mutairi")
    company = make_company(session, officers=[person])
    defendant = {"kind": "officer", "officer_id_number": person["id_number"], "published_name": "F. S. M."}
    case = court_case(session, make_company(session).id or 0, defendants=[defendant])
    assert _propose_on(session, company.id or 0, case.id or 0) > 0


def test_case_records_are_consistent() -> None:
    base = {
        "case_number": "12/2025",
        "court": "Court of Appeal",
        "level": "appeal",
        "charges": [{"law": "91/2013", "article": "2"}],
        "defendants": [{"kind": "person", "published_name": "A. B."}],
    }
    with pytest.raises(ValidationError, match="pending case cannot have a final ruling"):
        CourtCaseIn.model_validate(base | {"is_final": True})
    with pytest.raises(ValidationError, match="gives the day of the ruling"):
        CourtCaseIn.model_validate(base | {"outcome": "convicted"})
    with pytest.raises(ValidationError, match="is not final"):
        CourtCaseIn.model_validate(
            base
            | {
                "outcome": "convicted",
                "ruling_on": "2025-05-01",
                "is_final": True,
                "appeal_status": "appealed",
            }
        )
    with pytest.raises(ValidationError, match="says which company"):
        CourtCaseIn.model_validate(base | {"defendants": [{"kind": "company"}]})
    assert (
        CourtCaseIn.model_validate(base | {"charges": [{"law": "Law No. 91 of 2013", "article": "3"}]})
        .charges[0]
        .law
        == "91/2013"
    )


def test_recording_again_updates_the_case(session: Session) -> None:
    cid = make_company(session).id or 0
    first = court_case(session, cid, number="5/2024", final=False)
    again = court_case(session, cid, number="5/2024", final=False)
    assert again.id == first.id
    view = courts.case_view(session, case_id=first.id or 0)
    assert len(view.charges) == 1 and view.defendants[0].company_id == cid


def test_precedents_show_only_what_the_ruling_made_public(session: Session) -> None:
    person = owner("Fahad Salem Al-Mutairi")
    company = make_company(session, officers=[person])
    cid = company.id or 0
    named = {
        "kind": "officer",
        "officer_id_number": person["id_number"],
        "published_name": "F. S. M.",
        "outcome": "convicted",
        "sentence": "3 years",
    }
    withheld = {"kind": "company", "company_id": cid, "outcome": "convicted"}
    court_case(
        session, cid, defendants=[named, withheld], filed_on=date(2024, 3, 1), ruling_on=date(2024, 11, 2)
    )
    court_case(session, cid, outcome="acquitted", charges=[{"law": "68/2015", "article": "22"}])
    page = courts.precedents(session, flt=PrecedentFilter(law="91/2013", year=2024), limit=10, offset=0)
    assert page.total == 1
    text = page.model_dump_json()
    assert "F. S. M." in text and "Fahad" not in text and person["id_number"] not in text
    assert "officer_id" not in text and "company_id" not in text
    assert [d.published_name for d in page.items[0].defendants] == ["F. S. M.", None]
    acquittals = courts.precedents(session, flt=PrecedentFilter(outcome="acquitted"), limit=10, offset=0)
    assert [c.charges[0].law for c in acquittals.items] == ["68/2015"]
    assert courts.precedents(session, flt=PrecedentFilter(article="99"), limit=10, offset=0).total == 0


def test_court_files_carry_charges_and_defendants_in_two_cells(session: Session) -> None:
    company = make_company(session)
    rows = [
        Row(
            2,
            {
                "case_number": "310/2025",
                "court": "Court of First Instance",
                "level": "first_instance",
                "ruling_on": "14/10/2025",
                "outcome": "convicted",
                "is_final": "yes",
                "appeal_status": "time_expired",
                "charges": "91/2013:2|16/1960:49:acquitted:forgery",
                "defendants": f"company:{company.external_id};Gulf Co.;convicted;fine KWD 10,000"
                "|person;;convicted",
            },
        ),
        Row(
            3,
            {
                "case_number": "311/2025",
                "court": "Court of First Instance",
                "level": "first_instance",
                "charges": "91/2013",
                "defendants": "person",
            },
        ),
        Row(
            4,
            {
                "case_number": "312/2025",
                "court": "Court of First Instance",
                "level": "first_instance",
                "charges": "91/2013:2",
                "defendants": "company:NOPE",
            },
        ),
        Row(
            5,
            {
                "case_number": "313/2025",
                "court": "Court of First Instance",
                "level": "first_instance",
                "charges": "91/2013:2",
                "defendants": "person",
                "is_final": "perhaps",
            },
        ),
    ]
    report = court_files.import_batch(session, rows=rows, actor="prosecutor")
    assert report.inserted == 1
    assert [(r.line, r.column) for r in report.rejected] == [(3, "charges"), (4, None), (5, "is_final")]
    case = courts.precedents(
        session, flt=PrecedentFilter(law="16/1960", article="49"), limit=5, offset=0
    ).items[0]
    assert [(c.law, c.article, c.outcome) for c in case.charges] == [
        ("91/2013", "2", None),
        ("16/1960", "49", "acquitted"),
    ]
