"""Exports to embassies and other states: consent respected, FollowTheMoney valid, every export logged."""

from __future__ import annotations

import hashlib
import io
import json
from datetime import date, timedelta
from typing import Any

import pytest
from cryptography.fernet import Fernet
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, select

from registry.access import Principal, Role
from registry.crypto import FieldCipher
from registry.models.complaint import Complainant
from registry.models.export_log import ExportLog
from registry.schemas.blacklist import DecisionIn, NoticeIn, ProposalIn
from registry.services import companies as company_service
from registry.services import embassy_export, ftm_export, listing_partners, listings
from tests.blacklist_support import DECIDER, PROPOSER, T0, at, make_company, owner, proposal
from tests.chain_support import complaint, make_agency, name_agency, partner
from tests.conftest import both_backends

CIPHER = FieldCipher((Fernet.generate_key().decode(),))
TODAY = date(2026, 3, 1)
IDENTITY = {"name": "Sita Gurung", "phone": "+9779812345678", "document": "NP0987654", "nationality": "NP"}
ENTRY_KEYS = {
    "reference",
    "received_on",
    "channel",
    "reporter",
    "categories",
    "status",
    "worker_origin",
    "agencies",
    "office",
    "consent_to_share",
}


def _complainant(session: Session, suffix: str = "") -> int:
    row = Complainant(
        name_enc=CIPHER.encrypt(IDENTITY["name"] + suffix),
        phone_enc=CIPHER.encrypt(IDENTITY["phone"]),
        document_enc=CIPHER.encrypt(IDENTITY["document"] + suffix),
        nationality_enc=CIPHER.encrypt(IDENTITY["nationality"]),
    )
    session.add(row)
    session.flush()
    return row.id or 0


PROSECUTOR = Principal("prosecutor.salem", Role.INVESTIGATOR)
COMMITTEE = Principal("committee.huda", Role.COMMITTEE)


def _export(
    session: Session, country: str, exporter: Principal = PROSECUTOR
) -> tuple[dict[str, Any], bytes, ExportLog]:
    out = io.BytesIO()
    log = embassy_export.export_embassy(
        session, country=country, exporter=exporter, out=out, now=at(50), today=TODAY, cipher=CIPHER
    )
    return json.loads(out.getvalue()), out.getvalue(), log


@both_backends
def test_the_embassy_gets_its_complaints_with_identities_only_where_consented(session: Session) -> None:
    office = make_company(session)
    nepali, bangladeshi = make_agency(session, "NP"), make_agency(session, "BD")
    partner(session, office.id or 0, nepali.id or 0)
    consented = complaint(session, office.id, consent=True, complainant_id=_complainant(session))
    refused = complaint(session, office.id, consent=False, complainant_id=_complainant(session, " Tamang"))
    for row in (consented, refused):
        name_agency(session, row.id or 0, nepali.id or 0)
    by_corridor = complaint(session, office.id, corridor="NP", categories=("WAGE_THEFT",))
    other_worker = complaint(session, office.id, corridor="BD")
    name_agency(session, complaint(session, None, corridor="BD").id or 0, bangladeshi.id or 0)
    document, raw, log = _export(session, "NP")
    refs = {c["reference"]: c for c in document["complaints"]}
    assert set(refs) == {f"KW-C-{r.id:08d}" for r in (consented, refused, by_corridor)}
    assert f"KW-C-{other_worker.id:08d}" not in refs
    assert refs[f"KW-C-{consented.id:08d}"]["complainant"]["name"] == IDENTITY["name"]
    assert "complainant" not in refs[f"KW-C-{refused.id:08d}"]
    assert b"Tamang" not in raw and b"Kathmandu" not in raw  # no identity, no narrative
    assert document["counts"]["complaints"] == 3 and document["counts"]["with_identity"] == 1
    assert document["counts"]["by_category"] == {"RECRUITMENT_FEES": 2, "WAGE_THEFT": 1}
    assert refs[f"KW-C-{consented.id:08d}"]["agencies"] == [nepali.external_id]
    assert (log.kind, log.country, log.actor) == ("embassy", "NP", "prosecutor.salem")
    assert log.sha256 == hashlib.sha256(raw).hexdigest() and log.size == len(raw)


@both_backends
@pytest.mark.parametrize("exporter", [COMMITTEE, Principal("admin.1", Role.ADMIN)])
def test_an_export_by_someone_who_may_not_read_identities_withholds_them(
    session: Session, exporter: Principal
) -> None:
    office = make_company(session)
    partner(session, office.id or 0, make_agency(session, "NP").id or 0)
    consented = complaint(session, office.id, consent=True, complainant_id=_complainant(session))
    document, raw, log = _export(session, "NP", exporter)
    (entry,) = document["complaints"]
    assert entry["reference"] == f"KW-C-{consented.id:08d}" and entry["identity_withheld"] is True
    assert "complainant" not in entry and IDENTITY["name"].encode() not in raw
    assert IDENTITY["document"].encode() not in raw and IDENTITY["phone"].encode() not in raw
    assert (document["counts"]["with_identity"], document["counts"]["identities_withheld"]) == (0, 1)
    assert log.actor == exporter.name


@both_backends
def test_an_embassy_never_gets_the_identity_of_another_countrys_worker(session: Session) -> None:
    nepali = make_agency(session, "NP")
    bangladeshi_worker = complaint(
        session, None, corridor="BD", consent=True, complainant_id=_complainant(session, " Rahman")
    )
    name_agency(session, bangladeshi_worker.id or 0, nepali.id or 0)
    for exporter in (PROSECUTOR, COMMITTEE):
        document, raw, _ = _export(session, "NP", exporter)
        (entry,) = document["complaints"]
        assert entry["agencies"] == [nepali.external_id] and entry["worker_origin"] == "BD"
        assert set(entry) == ENTRY_KEYS and b"Rahman" not in raw
        assert document["counts"]["identities_withheld"] == 0


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.booleans(), min_size=1, max_size=8))
def test_a_complaint_without_consent_never_carries_identity_fields(
    session: Session, consents: list[bool]
) -> None:
    example = session.begin_nested()  # each example sees only its own complaints
    try:
        office = make_company(session)
        agency = make_agency(session, "LK")
        partner(session, office.id or 0, agency.id or 0)
        made = {}
        for consent in consents:
            row = complaint(
                session, office.id, corridor="LK", consent=consent, complainant_id=_complainant(session)
            )
            made[f"KW-C-{row.id:08d}"] = consent
        document, raw, _ = _export(session, "LK")
        assert {e["reference"]: e["consent_to_share"] for e in document["complaints"]} == made
        for entry in document["complaints"]:
            if not entry["consent_to_share"]:
                assert set(entry) == ENTRY_KEYS and "complainant" not in entry
        if not any(consents):
            assert IDENTITY["name"].encode() not in raw and IDENTITY["document"].encode() not in raw
    finally:
        example.rollback()


def _listed_with_partner(session: Session) -> tuple[int, int, int]:
    office = make_company(session, officers=[owner("Fahad Salem Al-Mutairi")])
    listed_agency, alleged = make_agency(session, "NP"), make_agency(session, "PH")
    partner(session, office.id or 0, listed_agency.id or 0, until=date(2027, 1, 1))
    name_agency(session, complaint(session, office.id).id or 0, alleged.id or 0)
    data = ProposalIn.model_validate(
        proposal(session, office.id or 0).model_dump() | {"partner_ids": [listed_agency.id]}
    )
    lid = listings.propose(session, data=data, actor=PROPOSER, now=T0).id or 0
    listings.serve_notice(session, listing_id=lid, notice=NoticeIn(), actor=PROPOSER, now=T0)
    listing_partners.serve_notice(
        session, listing_id=lid, agency_id=listed_agency.id or 0, notice=NoticeIn(), actor=PROPOSER, now=T0
    )
    officer = company_service.officers_of(session, company_id=office.id or 0)[0].officer_id
    decision = DecisionIn(
        outcome="list", reason="Fees charged", officer_ids=[officer], partner_ids=[listed_agency.id or 0]
    )
    listings.decide(session, listing_id=lid, decision=decision, actor=DECIDER, now=at(30))
    return lid, listed_agency.id or 0, alleged.id or 0


@both_backends
def test_the_blacklist_as_followthemoney_validates_and_links_partners(session: Session) -> None:
    lid, _, _ = _listed_with_partner(session)
    out = io.BytesIO()
    log = ftm_export.export_ftm(session, actor="committee.huda", out=out, now=at(40), today=TODAY)
    lines = out.getvalue().decode().splitlines()
    assert ftm_export.validate_lines(lines) == []
    entities = [json.loads(line) for line in lines]
    schemas = sorted(e["schema"] for e in entities)
    assert schemas.count("Sanction") == 3  # the company, its listed owner, its listed partner
    assert {"Company", "Person", "Ownership", "Representation", "UnknownLink"} <= set(schemas)
    link = next(e for e in entities if e["schema"] == "UnknownLink")
    assert link["properties"]["role"] == ["recruitment partner (alleged)"]
    assert log.counts["entities"] == len(lines) and log.kind == "ftm"
    listed = next(e for e in entities if e["schema"] == "Sanction" and e["id"].endswith(f"{lid}"))
    assert listed["properties"]["program"]


def test_validation_catches_what_yente_would_refuse() -> None:
    good = {"id": "a", "schema": "Company", "properties": {"name": ["Gulf Co."]}}
    broken = [
        json.dumps(good),
        json.dumps({"id": "b", "schema": "Representation", "properties": {"agent": ["a"]}}),
        json.dumps({"id": "c", "schema": "Sanction", "properties": {"entity": ["missing"]}}),
        json.dumps({"id": "d", "schema": "Company", "properties": {"colour": ["red"], "name": ["X"]}}),
        json.dumps({"id": "e", "schema": "Thing", "properties": {}}),
    ]
    problems = "\n".join(ftm_export.validate_lines(broken))
    assert "b: required client missing" in problems
    assert "c: entity points at unknown entity missing" in problems
    assert "d: colour is not a property of Company" in problems
    assert "e: unknown or abstract schema" in problems
    assert ftm_export.validate_lines([json.dumps(good)]) == []


def test_the_export_log_cannot_be_rewritten(session: Session) -> None:
    _export(session, "NP")
    log = session.exec(select(ExportLog).order_by(ExportLog.id.desc())).first()  # type: ignore[union-attr]
    assert log is not None
    with pytest.raises(DBAPIError), session.begin_nested():
        session.execute(text("UPDATE export_log SET actor = 'someone else' WHERE id = :id"), {"id": log.id})
    with pytest.raises(DBAPIError), session.begin_nested():
        session.execute(text("DELETE FROM export_log WHERE id = :id"), {"id": log.id})


def test_listed_partners_and_offices_reach_their_embassy(session: Session) -> None:
    _, agency_id, _ = _listed_with_partner(session)
    document, _, log = _export(session, "NP")
    assert [p["agency"]["external_id"] for p in document["listed_partners"]] != []
    assert len(document["listed_offices"]) == 1
    assert log.counts["listed_partners"] == 1
    assert document["listed_partners"][0]["listed_until"] > (T0 + timedelta(days=30)).date().isoformat()
    assert agency_id > 0
