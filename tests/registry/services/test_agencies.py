"""Foreign agencies: registration, names in local scripts, matching, partnerships and mentions."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError
from sqlmodel import Session, select

from registry.errors import Conflict, InvalidInput, NotFound
from registry.matching.matcher import compare_names
from registry.models.agency import AgencyMention, Partnership
from registry.schemas.agency import AgencyIn, MentionIn, PartnershipIn
from registry.services import agencies, chain_files, partnerships, risk_load
from registry.services.agency_index import agency_thresholds, match_agency
from registry.services.name_index import thresholds
from registry.tabular import Row
from scoring.features import build_features
from tests.blacklist_support import finding_id, make_company
from tests.chain_support import CLERK, complaint, make_agency, name_agency, partner
from tests.conftest import Setting, both_backends


@both_backends
def test_an_agency_is_found_by_its_latin_or_local_name(session: Session) -> None:
    nepal = make_agency(session, "NP", "Himalayan Human Resource Pvt. Ltd.", name_local="हिमालयन ह्युमन रिसोर्स")
    bangla = make_agency(session, "BD", "Hasan Overseas Limited", name_local="হাসান ওভারসিজ লিমিটেড")
    make_agency(session, "LK", "Lanka Manpower Agency", name_local="ලංකා මෑන්පවර් ඒජන්සි")
    assert nepal.licence_authority == "DoFE" and nepal.local_script == "devanagari"
    assert bangla.licence_authority == "BMET" and bangla.local_script == "bengali"
    assert match_agency(session, text="Himalayan Human Resources", country=None).agency_id == nepal.id
    found = match_agency(session, text="হাসান ওভারসিজ", country="BD")
    assert (found.decision, found.agency_id) == ("match", bangla.id)
    assert match_agency(session, text="हिमालयन ह्युमन रिसोर्स", country="NP").decision == "match"
    assert match_agency(session, text="Hasan Overseas", country="NP").decision == "none"


def test_the_agency_index_follows_new_names(session: Session) -> None:
    assert match_agency(session, text="Everest Manpower", country="NP").decision == "none"
    everest = make_agency(session, "NP", "Everest Manpower Services Pvt. Ltd.")
    assert match_agency(session, text="Everest Manpower", country="NP").agency_id == everest.id


def test_agencies_have_their_own_review_threshold(setting: Setting) -> None:
    # The Devanagari spelling of "Everest" (एभरेस्ट) scores about 0.63 against the Latin name.
    pair = ("एभरेस्ट मैनपावर प्रा. लि.", "Everest Manpower Pvt. Ltd.")
    assert compare_names(*pair, agency_thresholds())[1] == "review"
    assert compare_names(*pair, thresholds())[1] == "none"
    setting("AGENCY_REVIEW_THRESHOLD", "0.7")
    assert agency_thresholds().review == 0.7


def test_registration_derives_ids_and_refuses_duplicates(session: Session) -> None:
    data = AgencyIn(country="ph", name_latin="Manila Star Placement Agency", licence_no="DMW-123-LB")
    agency = agencies.create_agency(session, data=data)
    assert (agency.external_id, agency.country, agency.licence_authority) == ("PH-DMW-123-LB", "PH", "DMW")
    with pytest.raises(Conflict):
        agencies.create_agency(session, data=data)
    unlicensed = agencies.create_agency(session, data=AgencyIn(country="ET", name_latin="Addis Recruiters"))
    assert unlicensed.external_id.startswith("ET-N")
    with pytest.raises(ValidationError):
        AgencyIn(country="Nepal", name_latin="x")
    suspended = AgencyIn.model_validate(data.model_dump() | {"status": "suspended"})
    again, outcome = agencies.upsert_agency(session, data=suspended)
    assert again.id == agency.id and outcome == "updated" and again.status == "suspended"


def test_agency_file_rows_are_checked_one_by_one(session: Session) -> None:
    rows = [
        Row(2, {"country": "NP", "name_latin": "Kathmandu Overseas Pvt. Ltd.", "licence_no": "1234/075"}),
        Row(3, {"country": "XX1", "name_latin": "Bad Country"}),
        Row(4, {"country": "IN", "name_latin": "Delhi Manpower", "status_checked_on": "31/02/2025"}),
        Row(5, {"country": "NP", "name_latin": "Kathmandu Overseas Pvt. Ltd.", "licence_no": "1234/075"}),
        Row(6, {"__error__": "a quoted cell opened on line 6 is never closed"}),
    ]
    report = agencies.import_batch(session, rows=rows)
    assert (report.inserted, report.unchanged) == (1, 1)
    assert [(r.line, r.column) for r in report.rejected] == [
        (3, "country"),
        (4, "status_checked_on"),
        (6, None),
    ]
    assert report.rejected[-1].reason == "a quoted cell opened on line 6 is never closed"


def test_an_unreadable_row_of_a_chain_file_says_why(session: Session) -> None:
    unreadable = Row(9, {"__error__": "the row is longer than 4,000,000 characters; it was not read"})
    for load in (chain_files.import_partnerships, chain_files.import_mentions):
        report = load(session, rows=[unreadable], actor="tests")
        assert [(r.line, r.reason) for r in report.rejected] == [(9, unreadable.cells["__error__"])]


def test_a_partnership_checks_its_source(session: Session) -> None:
    office, other = make_company(session), make_company(session)
    agency = make_agency(session)
    first = partner(session, office.id or 0, agency.id or 0, source_ref="PAM-1", until=date(2025, 12, 31))
    same = partner(session, office.id or 0, agency.id or 0, source_ref="PAM-1", until=date(2026, 6, 30))
    assert same.id == first.id and same.until == date(2026, 6, 30)
    about_other = complaint(session, other.id)
    with pytest.raises(InvalidInput, match="is not about company"):
        partner(
            session, office.id or 0, agency.id or 0, source="complaint", source_ref=about_other.follow_up_code
        )
    with pytest.raises(InvalidInput, match="gives the complaint as source_ref"):
        partner(session, office.id or 0, agency.id or 0, source="complaint", source_ref="nothing-like-it")
    mine = complaint(session, office.id)
    link = partner(
        session, office.id or 0, agency.id or 0, source="complaint", source_ref=mine.follow_up_code
    )
    # Cited by reference: PAM officers read partnerships, and the code would let them follow the complaint.
    assert link.source_ref == f"KW-C-{mine.id:08d}" and mine.follow_up_code not in link.source_ref
    again = partner(session, office.id or 0, agency.id or 0, source="complaint", source_ref=link.source_ref)
    assert again.id == link.id
    mention = session.exec(select(AgencyMention).where(AgencyMention.complaint_id == mine.id)).one()
    assert mention.agency_id == agency.id
    with pytest.raises(NotFound):
        partner(session, office.id or 0, 999_999)
    with pytest.raises(ValidationError, match="until is before since"):
        PartnershipIn(
            company_id=1, agency_id=1, source="pam_record", since=date(2025, 1, 2), until=date(2025, 1, 1)
        )


def test_a_mention_in_a_complaint_or_finding_ties_office_and_agency(session: Session) -> None:
    office = make_company(session)
    agency = make_agency(session, "NP", "Sagarmatha Manpower Pvt. Ltd.")
    written = complaint(session, office.id, corridor="NP")
    data = MentionIn(subject="complaint", complaint_id=written.id, agency_name="सगरमाथा मैनपावर")
    mention = partnerships.record_mention(session, data=data, actor=CLERK)
    assert (mention.decision, mention.agency_id) == ("match", agency.id)
    assert partnerships.record_mention(session, data=data, actor=CLERK).id == mention.id
    found = finding_id(session, office.id or 0)
    on_finding = MentionIn(subject="finding", finding_id=found, agency_id=agency.id)
    partnerships.record_mention(session, data=on_finding, actor=CLERK)
    sources = sorted(p.source for p in partnerships.partnerships_view(session, company_id=office.id))
    assert sources == ["complaint", "inspection_contract"]
    unknown = MentionIn(
        subject="complaint", complaint_id=written.id, agency_name="Totally Unknown Recruiters"
    )
    assert partnerships.record_mention(session, data=unknown, actor=CLERK).agency_id is None
    with pytest.raises(ValidationError):
        MentionIn(subject="complaint", finding_id=1, agency_id=1)


def test_partnership_and_mention_files(session: Session) -> None:
    office = make_company(session, name_en="Blue Gulf Manpower Recruitment Co. W.L.L.")
    agency = make_agency(session, "BD", "Rahman International Overseas Ltd.", licence_no="RL-0999")
    written = complaint(session, office.id, corridor="BD")
    rows = [
        Row(
            2,
            {
                "company_external_id": office.external_id,
                "agency_country": "BD",
                "agency_licence_no": "RL-0999",
                "source": "pam_record",
                "source_ref": "PAM-77",
                "since": "01/03/2024",
            },
        ),
        Row(
            3,
            {
                "company_name": "Blue Gulf Manpower Recruitment",
                "agency_name": "রহমান ইন্টারন্যাশনাল ওভারসিজ",
                "agency_country": "BD",
                "source": "inspection_contract",
                "source_ref": "CONTRACT-5",
            },
        ),
        Row(
            4,
            {
                "company_external_id": "NO-SUCH",
                "agency_external_id": agency.external_id,
                "source": "pam_record",
            },
        ),
        Row(
            5,
            {
                "company_external_id": office.external_id,
                "agency_name": "Nobody Known",
                "source": "pam_record",
            },
        ),
        Row(
            6,
            {
                "company_external_id": office.external_id,
                "agency_external_id": agency.external_id,
                "source": "rumour",
            },
        ),
    ]
    report = chain_files.import_partnerships(session, rows=rows, actor=CLERK)
    assert report.inserted == 2
    assert [(r.line, r.column) for r in report.rejected] == [
        (4, "company_external_id"),
        (5, "agency_name"),
        (6, "source"),
    ]
    stored = session.exec(select(Partnership).where(Partnership.company_id == office.id)).all()
    assert {p.since for p in stored} == {date(2024, 3, 1), None}
    mentions = [
        Row(2, {"complaint_ref": written.follow_up_code, "agency_external_id": agency.external_id}),
        Row(3, {"complaint_ref": "missing", "agency_external_id": agency.external_id}),
    ]
    report = chain_files.import_mentions(session, rows=mentions, actor=CLERK)
    assert report.inserted == 1 and [r.line for r in report.rejected] == [3]


def test_a_partners_record_reaches_scoring_as_a_feature(session: Session) -> None:
    office, clean_office = make_company(session), make_company(session)
    suspended = make_agency(session, "NP", status="suspended")
    complained_of = make_agency(session, "BD")
    ended = make_agency(session, "LK", status="blacklisted")
    partner(session, office.id or 0, suspended.id or 0)
    partner(session, office.id or 0, complained_of.id or 0)
    partner(session, office.id or 0, ended.id or 0, since=date(2018, 1, 1), until=date(2020, 1, 1))
    partner(session, clean_office.id or 0, make_agency(session, "PH").id or 0)
    name_agency(session, complaint(session, None, status="substantiated").id or 0, complained_of.id or 0)
    events = risk_load.load_events(session, companies={office.id or 0, clean_office.id or 0})
    flagged = {f.company_id: f.partners_flagged for f in events.companies}
    assert flagged[str(office.id)] == 2 and flagged[str(clean_office.id)] == 0
    table = build_features(events.companies, [], [], [], as_of=date(2026, 1, 1))
    assert table.column("partners_flagged").tolist() == [flagged[c] for c in table.company_ids]
