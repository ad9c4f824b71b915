"""A company's chain: partners, their complaints and statuses, across loops of partnerships."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session

from registry.schemas.agency import MentionIn
from registry.services import chain, partnerships
from tests.blacklist_support import finding_id, make_company
from tests.chain_support import complaint, make_agency, name_agency, partner
from tests.conftest import both_backends

TODAY = date(2026, 1, 10)


@both_backends
def test_a_loop_of_partnerships_is_walked_once(session: Session) -> None:
    # A works with X, X with B, B with Y, Y with C, C with Z, and Z with A again: a loop.
    a, b, c = (make_company(session) for _ in range(3))
    x, y, z = (make_agency(session, country) for country in ("NP", "BD", "LK"))
    for office, agency in ((a, x), (b, x), (b, y), (c, y), (c, z), (a, z)):
        partner(session, office.id or 0, agency.id or 0)
    view = chain.company_chain(session, company_id=a.id or 0, today=TODAY, depth=6)
    assert sorted(p.agency.id for p in view.partners) == sorted([x.id or 0, z.id or 0])
    assert sorted(o.company_id for o in view.offices) == sorted([b.id or 0, c.id or 0])
    assert [ag.agency.id for ag in view.agencies] == [y.id]
    assert len(view.edges) == 6 and len({e.id for e in view.edges}) == 6
    levels = {o.company_id: o.level for o in view.offices}
    assert levels == {b.id: 2, c.id: 2}
    assert not view.truncated


def test_partners_carry_their_complaints_and_statuses(session: Session) -> None:
    office = make_company(session)
    bad = make_agency(session, "NP", status="suspended")
    clean = make_agency(session, "PH")
    partner(session, office.id or 0, bad.id or 0, until=date(2025, 6, 30))
    partner(session, office.id or 0, clean.id or 0)
    for status, days in (("substantiated", 90), ("received", 10), ("substantiated", 40)):
        name_agency(session, complaint(session, office.id, status=status, days_ago=days).id or 0, bad.id or 0)
    on_finding = MentionIn(
        subject="finding", finding_id=finding_id(session, office.id or 0), agency_id=bad.id
    )
    partnerships.record_mention(session, data=on_finding, actor="inspector.ali")
    view = chain.company_chain(session, company_id=office.id or 0, today=TODAY, latest=2)
    by_id = {p.agency.id: p for p in view.partners}
    record = by_id[bad.id]
    assert record.findings == 1
    assert record.agency.status == "suspended"
    assert record.complaints.total == 3 and record.complaints.by_status == {"substantiated": 2, "received": 1}
    assert [c.status for c in record.complaints.latest] == ["received", "substantiated"]
    # The PAM record ended last year; each complaint naming the agency shows the two work together.
    sources = [(p.source, p.active) for p in record.partnerships]
    assert sources == [("pam_record", False), *[("complaint", True)] * 3, ("inspection_contract", True)]
    assert by_id[clean.id].complaints.total == 0 and by_id[clean.id].partnerships[0].active


def test_depth_limits_the_walk(session: Session) -> None:
    a, b = make_company(session), make_company(session)
    x = make_agency(session)
    partner(session, a.id or 0, x.id or 0)
    partner(session, b.id or 0, x.id or 0)
    shallow = chain.company_chain(session, company_id=a.id or 0, today=TODAY, depth=1)
    assert [p.agency.id for p in shallow.partners] == [x.id] and shallow.offices == []


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4)), min_size=1, max_size=20))
def test_any_graph_reaches_each_node_once(session: Session, pairs: list[tuple[int, int]]) -> None:
    offices = [make_company(session).id or 0 for _ in range(5)]
    agencies = [make_agency(session).id or 0 for _ in range(5)]
    for o, a in set(pairs):
        partner(session, offices[o], agencies[a], source_ref=f"R{o}-{a}")
    start = offices[pairs[0][0]]
    reached = chain.walk(session, company_id=start, depth=10)
    # Breadth first: every node reachable is reached once, at its shortest distance (office levels even).
    assert all(level % 2 == 0 for level in reached.offices.values())
    assert all(level % 2 == 1 for level in reached.agencies.values())
    assert len(reached.edges) == len(set(reached.edges))
    touched = {o for o, _ in set(pairs)}
    assert set(reached.offices) <= {offices[o] for o in touched} | {start}


@both_backends
def test_a_complaint_decided_later_shows_with_its_new_status(session: Session) -> None:
    office = make_company(session)
    agency = make_agency(session)
    partner(session, office.id or 0, agency.id or 0)
    row = complaint(session, office.id, status="under_investigation")
    name_agency(session, row.id or 0, agency.id or 0)
    row.status = "substantiated"  # the database copies it to the mention (trigger of migration 0008)
    session.flush()
    view = chain.company_chain(session, company_id=office.id or 0, today=TODAY)
    assert view.partners[0].complaints.by_status == {"substantiated": 1}
