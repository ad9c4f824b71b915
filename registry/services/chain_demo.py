"""Loading the demo's chain (agencies, partnerships, mentions, court cases) through the services."""

from __future__ import annotations

from collections import Counter

from sqlmodel import Session

from registry.demo.chain import DemoChain
from registry.repositories import agencies as agency_repo
from registry.repositories import companies as company_repo
from registry.schemas.agency import MentionIn, PartnershipIn
from registry.services import agencies, courts, partnerships

DEMO_ACTOR = "demo"


def load_chain(session: Session, *, chain: DemoChain, complaint_source: str = "demo") -> Counter[str]:
    """Upsert the demo chain; complaints are found by their source reference. Returns counts."""
    counts: Counter[str] = Counter()
    ids = {}
    for given in chain.agencies:
        agency, outcome = agencies.upsert_agency(session, data=given)
        ids[agency.external_id] = agency.id or 0
        counts[f"agencies {outcome}"] += 1
    offices = company_repo.by_external_ids(session, [p.company_external_id for p in chain.partnerships])
    for link in chain.partnerships:
        office = offices.get(link.company_external_id)
        if office is None:
            continue
        data = PartnershipIn(
            company_id=office.id or 0,
            agency_id=ids[link.agency_external_id],
            since=link.since,
            until=link.until,
            source="pam_record",
            source_ref=link.record,
        )
        counts[
            f"partnerships {partnerships.record_partnership(session, data=data, actor=DEMO_ACTOR)[1]}"
        ] += 1
    found = agency_repo.complaint_ids_by_source_ref(
        session, complaint_source, [ref for ref, _ in chain.mentions]
    )
    for ref, agency_external_id in chain.mentions:
        if ref in found:
            named = MentionIn(subject="complaint", complaint_id=found[ref], agency_id=ids[agency_external_id])
            partnerships.record_mention(session, data=named, actor=DEMO_ACTOR)
            counts["mentions"] += 1
    for case in chain.cases:
        counts[f"court cases {courts.record_case(session, data=case, actor=DEMO_ACTOR)[1]}"] += 1
    return counts
