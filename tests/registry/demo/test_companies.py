"""The demo registry: deterministic, valid, and shaped like Kuwait's recruitment businesses."""

from __future__ import annotations

import hashlib
import json
import os
import re
import statistics
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from registry.demo import REFERENCE_DATE, generate_companies, generate_history, generate_mentions, parse_name
from registry.models.company import Activity, LicenceStatus
from registry.schemas.company import CompanyCreate


def _digest(companies: list[CompanyCreate]) -> str:
    history = generate_history(companies, seed=2)
    mentions = generate_mentions(companies, seed=2, count=100)
    dumped = json.dumps([c.model_dump(mode="json") for c in companies], ensure_ascii=False)
    everything = f"{dumped}{history!r}{mentions!r}"
    return hashlib.sha256(everything.encode()).hexdigest()


def test_the_same_seed_gives_the_same_companies() -> None:
    assert generate_companies(seed=5, count=150) == generate_companies(seed=5, count=150)


def test_another_seed_gives_other_companies() -> None:
    first = generate_companies(seed=5, count=150)
    second = generate_companies(seed=6, count=150)
    assert {c.name_en for c in first} != {c.name_en for c in second}


_DIGEST_IN_CHILD = """
import sys
sys.path.insert(0, ".")
from registry.demo import generate_companies
from tests.registry.demo.test_companies import _digest
print(_digest(generate_companies(seed=9, count=120)))
"""


def test_nothing_depends_on_string_hashing() -> None:
    root = Path(__file__).resolve().parents[3]
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    child = subprocess.run(
        [sys.executable, "-c", _DIGEST_IN_CHILD],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert child.stdout.strip() == _digest(generate_companies(seed=9, count=120))


def test_external_ids_are_unique_licence_numbers(companies: list[CompanyCreate]) -> None:
    ids = [c.external_id for c in companies]
    assert len(set(ids)) == len(ids) == 1500
    assert all(re.fullmatch(r"KW-LIC-\d{7}", i) for i in ids)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32), count=st.integers(min_value=0, max_value=40))
def test_any_seed_gives_valid_unique_companies(seed: int, count: int) -> None:
    companies = generate_companies(seed=seed, count=count)
    assert len(companies) == count
    assert len({c.external_id for c in companies}) == count
    assert all(c.name_en or c.name_ar for c in companies)


def test_count_must_fit_seven_digit_licence_numbers() -> None:
    with pytest.raises(ValueError, match="count"):
        generate_companies(count=-1)


def test_every_company_has_a_name_and_some_have_only_one_script(companies: list[CompanyCreate]) -> None:
    scripts = Counter((c.name_en is not None, c.name_ar is not None) for c in companies)
    assert scripts[(False, False)] == 0
    assert scripts[(True, True)] > 0.7 * len(companies)
    assert scripts[(True, False)] > 50
    assert scripts[(False, True)] > 50


def test_official_names_are_unique(companies: list[CompanyCreate]) -> None:
    english = [c.name_en for c in companies if c.name_en]
    arabic = [c.name_ar for c in companies if c.name_ar]
    assert len(set(english)) == len(english)
    assert len(set(arabic)) == len(arabic)


def test_the_examples_of_the_brief_have_the_expected_shape(companies: list[CompanyCreate]) -> None:
    english = {c.name_en for c in companies if c.name_en}
    assert any(n.endswith("General Trading & Contracting Co. W.L.L.") for n in english)
    assert any(n.endswith("Domestic Labour Recruitment Office") for n in english)
    arabic = {c.name_ar for c in companies if c.name_ar}
    assert any(n.startswith("مكتب ") and "لاستقدام العمالة المنزلية" in n for n in arabic)
    assert any(n.startswith("شركة ") and n.endswith("ذ.م.م") for n in arabic)


def test_activity_mix(companies: list[CompanyCreate]) -> None:
    shares = Counter(c.activity for c in companies)
    assert set(shares) == set(Activity)
    assert 0.28 < shares[Activity.DOMESTIC_LABOUR] / len(companies) < 0.42
    assert shares[Activity.MANPOWER_SUPPLY] > shares[Activity.SECURITY]


def test_family_names_recur_across_activities(companies: list[CompanyCreate]) -> None:
    activities: dict[str, set[Activity]] = defaultdict(set)
    for company in companies:
        parts = parse_name(company.name_en or company.name_ar or "")
        assert parts is not None, company
        activities[parts.entry.arabic].add(company.activity)
    assert max(len(found) for found in activities.values()) >= 4
    assert sum(len(found) >= 2 for found in activities.values()) >= 50


def test_some_names_differ_only_by_a_second_word(companies: list[CompanyCreate]) -> None:
    by_rest: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for company in companies:
        parts = parse_name(company.name_en or company.name_ar or "")
        assert parts is not None
        rest = (parts.word_key[0], parts.word_key[1], parts.phrase.english, parts.form.code)
        by_rest[rest].add(parts.word_key[2])
    assert sum(len(qualifiers) > 1 for qualifiers in by_rest.values()) >= 10


def test_about_five_percent_share_an_officer(companies: list[CompanyCreate]) -> None:
    holders = Counter(o.id_number for c in companies for o in c.officers)
    sharing = [c for c in companies if any(holders[o.id_number] > 1 for o in c.officers)]
    assert 0.03 < len(sharing) / len(companies) < 0.08


def test_shared_officers_reopen_under_similar_names(companies: list[CompanyCreate]) -> None:
    by_officer: dict[str, list[CompanyCreate]] = defaultdict(list)
    for company in companies:
        for officer in company.officers:
            by_officer[officer.id_number].append(company)
    groups = [group for group in by_officer.values() if len(group) > 1]
    same_word = sum(_word(group[0]) == _word(group[1]) for group in groups)
    assert same_word > 0.9 * len(groups)
    closed = sum(any(c.licence_status is not LicenceStatus.ACTIVE for c in group) for group in groups)
    assert closed > len(groups) / 2


def _word(company: CompanyCreate) -> str:
    parts = parse_name(company.name_en or company.name_ar or "")
    assert parts is not None
    return parts.entry.arabic


def test_licences_are_dated_and_mostly_active(companies: list[CompanyCreate]) -> None:
    statuses = Counter(c.licence_status for c in companies)
    assert statuses[LicenceStatus.ACTIVE] > 0.65 * len(companies)
    assert {LicenceStatus.SUSPENDED, LicenceStatus.EXPIRED, LicenceStatus.CANCELLED} <= set(statuses)
    for company in companies:
        assert company.licence_issued and company.licence_expires
        assert date(1995, 1, 1) <= company.licence_issued <= REFERENCE_DATE
        assert company.licence_expires >= company.licence_issued
        if company.licence_status is LicenceStatus.EXPIRED:
            assert company.licence_expires < REFERENCE_DATE
        if company.licence_status is LicenceStatus.ACTIVE:
            assert company.licence_expires > REFERENCE_DATE


def test_contact_details_are_kuwaiti(companies: list[CompanyCreate]) -> None:
    for company in companies:
        assert 1 <= len(company.phones) <= 2
        assert all(re.fullmatch(r"965[2569]\d{7}", phone) for phone in company.phones)
        assert company.address and re.search(r"Block \d+, Street \d+, Building \d+, \w", company.address)
        assert company.governorate is not None


def test_officers_have_civil_ids_and_are_mostly_kuwaiti(companies: list[CompanyCreate]) -> None:
    officers = [o for c in companies for o in c.officers]
    assert all(1 <= len(c.officers) <= 3 for c in companies)
    assert all(re.fullmatch(r"[23]\d{11}", o.id_number) for o in officers)
    assert sum(o.nationality == "KW" for o in officers) > 0.75 * len(officers)


def test_aliases_are_extra_names(companies: list[CompanyCreate]) -> None:
    assert all(len(c.aliases) <= 3 for c in companies)
    assert sum(not c.aliases for c in companies) > 0.15 * len(companies)
    for company in companies:
        assert not {company.name_en, company.name_ar} & set(company.aliases)
        assert len(set(company.aliases)) == len(company.aliases)


def test_sponsored_workers_are_skewed(companies: list[CompanyCreate]) -> None:
    workers = [c.sponsored_workers for c in companies if c.sponsored_workers is not None]
    assert statistics.median(workers) < statistics.mean(workers) / 1.5
    assert max(workers) > 50 * statistics.median(workers)
