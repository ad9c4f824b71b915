"""The demo's chain: deterministic, local names that match their Latin names, a loop, three rulings."""

from __future__ import annotations

from sqlmodel import Session

from registry.demo import generate_companies
from registry.demo.chain import generate_chain
from registry.matching.matcher import compare_names
from registry.repositories import companies as company_repo
from registry.services import chain
from registry.services.agency_index import agency_thresholds
from registry.services.chain_demo import load_chain
from registry.services.company_import import load_companies
from tests.registry.services.test_chain import TODAY

COMPANIES = generate_companies(seed=7, count=60)


def test_same_seed_same_chain() -> None:
    first, again = generate_chain(COMPANIES, None, seed=7), generate_chain(COMPANIES, None, seed=7)
    assert first == again
    assert generate_chain(COMPANIES, None, seed=8).partnerships != first.partnerships
    assert {a.country for a in first.agencies} == {"NP", "IN", "BD", "LK", "PH"}
    assert [c.is_final for c in first.cases] == [True, False, True]


def test_local_names_match_their_latin_names() -> None:
    for agency in generate_chain(COMPANIES, None, seed=7).agencies:
        if agency.name_local:
            assert compare_names(agency.name_local, agency.name_latin, agency_thresholds())[1] != "none", (
                agency
            )


def test_the_demo_chain_loads_with_a_loop(session: Session) -> None:
    load_companies(session, companies=COMPANIES, source="demo")
    generated = generate_chain(COMPANIES, None, seed=7)
    counts = load_chain(session, chain=generated)
    assert counts["agencies inserted"] == len(generated.agencies)
    assert counts["court cases inserted"] == 3
    assert load_chain(session, chain=generated)["partnerships unchanged"] == len(generated.partnerships)
    office = company_repo.by_external_ids(session, [generated.partnerships[0].company_external_id])
    view = chain.company_chain(session, company_id=next(iter(office.values())).id or 0, today=TODAY, depth=6)
    assert view.partners and view.offices and len(view.edges) >= 6
