"""The other end of the chain in the demo: foreign agencies, partnerships, mentions and court cases.

Small and deterministic: a few dozen agencies in Nepal, India, Bangladesh, Sri Lanka and the
Philippines with names in Latin and in their own script, each working with a handful of the
recruitment offices (the first offices share agencies in a loop, so a chain shows at once), some
complaints of workers from an agency's country naming it, and three court cases (a final
conviction, a conviction under appeal, an acquittal).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from registry.demo.records import DemoHistory
from registry.schemas.agency import AgencyIn
from registry.schemas.company import CompanyCreate
from registry.schemas.court import CourtCaseIn

# Place and trade words with their spelling in the country's script (None: Latin only).
_Words = dict[str, list[tuple[str, str | None]]]
_PLACES: _Words = {
    "NP": [
        ("Everest", "एभरेस्ट"),
        ("Himalayan", "हिमालयन"),
        ("Sagarmatha", "सगरमाथा"),
        ("Gorkha", "गोरखा"),
        ("Annapurna", "अन्नपूर्णा"),
        ("Lumbini", "लुम्बिनी"),
        ("Janakpur", "जनकपुर"),
        ("Kathmandu", "काठमाडौं"),
    ],
    "IN": [("Bharat", "भारत"), ("Ganga", "गंगा"), ("Punjab", "पंजाब"), ("Kerala", "केरल"), ("Mumbai", "मुंबई")],
    "BD": [
        ("Sonar Bangla", "সোনার বাংলা"),
        ("Hasan", "হাসান"),
        ("Rahman", "রহমান"),
        ("Al Amin", "আল আমিন"),
        ("Padma", "পদ্মা"),
        ("Dhaka", "ঢাকা"),
    ],
    "LK": [("Lanka", "ලංකා"), ("Sri Lanka", "ශ්‍රී ලංකා"), ("Colombo", "කොළඹ")],
    "PH": [("Bayanihan", None), ("Maharlika", None), ("Luzon", None), ("Visayas", None), ("Mindanao", None)],
}
_TRADES: _Words = {
    "NP": [("Overseas", "ओभरसिज"), ("Manpower", "मैनपावर"), ("Human Resource", "ह्युमन रिसोर्स")],
    "IN": [("Overseas", "ओवरसीज"), ("Manpower", "मैनपावर"), ("International", "इन्टरनेशनल")],
    "BD": [("Overseas", "ওভারসিজ"), ("International", "ইন্টারন্যাশনাল"), ("Travels", "ট্রাভেলস")],
    "LK": [("Manpower", "මෑන්පවර්"), ("International", "ඉන්ටර්නැෂනල්")],
    "PH": [("Manpower Services", None), ("Placement Agency", None), ("International Recruitment", None)],
}
_FORMS: dict[str, tuple[str, str | None]] = {
    "NP": ("Pvt. Ltd.", "प्रा. लि."),
    "IN": ("Pvt. Ltd.", None),
    "BD": ("Limited", "লিমিটেড"),
    "LK": ("Agency", "ඒජන්සි"),
    "PH": ("Inc.", None),
}
_STATUSES = ("active",) * 8 + ("suspended", "cancelled")
# Complaints of these kinds happen in the country of origin: they name the agency.
_ORIGIN_CATEGORIES = frozenset({"RECRUITMENT_FEES", "DECEPTION", "CONTRACT_SUBSTITUTION", "DEBT_BONDAGE"})
_RECRUITERS = frozenset({"domestic_labour", "manpower_supply"})


@dataclass(frozen=True)
class DemoPartnership:
    """An office working with an agency, from a PAM record."""

    company_external_id: str
    agency_external_id: str
    since: date
    until: date | None
    record: str


@dataclass(frozen=True)
class DemoChain:
    """Agencies, partnerships, complaints naming agencies (by complaint source_ref) and court cases."""

    agencies: list[AgencyIn]
    partnerships: list[DemoPartnership]
    mentions: list[tuple[str, str]]
    cases: list[CourtCaseIn]


def generate_chain(
    companies: list[CompanyCreate], history: DemoHistory | None, *, seed: int = 42, per_country: int = 8
) -> DemoChain:
    """The chain around COMPANIES, identical for the same inputs."""
    rng = random.Random(seed * 7919 + 9)
    recruiters = [c for c in companies if c.activity in _RECRUITERS] or companies
    agencies = [a for country in _PLACES for a in _agencies(rng, country, per_country)]
    partnerships = _partnerships(rng, recruiters, agencies)
    mentions = _mentions(rng, history, partnerships, agencies) if history is not None else []
    return DemoChain(agencies, partnerships, mentions, _cases(recruiters))


def _agencies(rng: random.Random, country: str, count: int) -> list[AgencyIn]:
    made: dict[str, AgencyIn] = {}
    form, local_form = _FORMS[country]
    for number in range(count * 3):
        (place, local_place), (trade, local_trade) = (
            rng.choice(_PLACES[country]),
            rng.choice(_TRADES[country]),
        )
        latin = f"{place} {trade} {form}"
        if latin in made or len(made) == count:
            continue
        local = " ".join(p for p in (local_place, local_trade, local_form) if p) if local_place else None
        made[latin] = AgencyIn(
            external_id=f"{country}-DEMO-{number:03d}",
            country=country,
            name_latin=latin,
            name_local=local,
            licence_no=f"{country}{1000 + number:04d}/{rng.randint(2015, 2025)}",
            status=rng.choice(_STATUSES),
            status_checked_on=date(2026, 9, 1),
        )
    return list(made.values())


def _partnerships(
    rng: random.Random, recruiters: list[CompanyCreate], agencies: list[AgencyIn]
) -> list[DemoPartnership]:
    links: dict[tuple[str, str], DemoPartnership] = {}
    ids = [a.external_id or "" for a in agencies]
    # The first three offices and agencies form a loop: A-X, X-B, B-Y, Y-C, C-Z, Z-A.
    loop = [(0, 0), (1, 0), (1, 1), (2, 1), (2, 2), (0, 2)]
    pairs = [(recruiters[o % len(recruiters)].external_id, ids[a]) for o, a in loop]
    for agency_id in ids:
        for office in rng.sample(recruiters, min(len(recruiters), rng.randint(1, 6))):
            pairs.append((office.external_id, agency_id))
    for number, (office_id, agency_id) in enumerate(pairs):
        since = date(2019, 1, 1) + timedelta(days=rng.randint(0, 6 * 365))
        until = since + timedelta(days=rng.randint(365, 3 * 365)) if rng.random() < 0.25 else None
        links.setdefault(
            (office_id, agency_id), DemoPartnership(office_id, agency_id, since, until, f"PAM-D{number:05d}")
        )
    return list(links.values())


def _mentions(
    rng: random.Random, history: DemoHistory, partnerships: list[DemoPartnership], agencies: list[AgencyIn]
) -> list[tuple[str, str]]:
    country = {a.external_id: a.country for a in agencies}
    by_office: dict[str, list[str]] = {}
    for link in partnerships:
        by_office.setdefault(link.company_external_id, []).append(link.agency_external_id)
    mentions = []
    for complaint in history.complaints:
        if not _ORIGIN_CATEGORIES & set(complaint.categories) or complaint.company_external_id is None:
            continue
        same_country = [
            a for a in by_office.get(complaint.company_external_id, []) if country[a] == complaint.corridor
        ]
        if same_country and rng.random() < 0.6:
            mentions.append((complaint.source_ref, rng.choice(same_country)))
    return mentions


def _cases(recruiters: list[CompanyCreate]) -> list[CourtCaseIn]:
    cases = []
    for number, (office, outcome, final) in enumerate(
        zip(recruiters[:3], ("convicted", "convicted", "acquitted"), (True, False, True), strict=False)
    ):
        officer = office.officers[0] if office.officers else None
        defendants = [{"kind": "company", "company_external_id": office.external_id, "outcome": outcome}]
        if officer is not None:
            defendants.append(
                {
                    "kind": "officer",
                    "officer_id_number": officer.id_number,
                    "outcome": outcome,
                    "published_name": ".".join(part[0] for part in officer.full_name.split()) + ".",
                }
            )
        cases.append(
            CourtCaseIn.model_validate(
                {
                    "case_number": f"{2210 + number}/2025",
                    "court": "Court of First Instance, Criminal Circuit",
                    "level": "first_instance",
                    "filed_on": date(2025, 1, 15),
                    "ruling_on": date(2025, 6, 10 + number),
                    "outcome": outcome,
                    "sentence": "Three years and a fine of KWD 10,000" if outcome == "convicted" else None,
                    "appeal_status": "time_expired" if final else "appealed",
                    "is_final": final,
                    "summary": "Recruitment fees charged to domestic workers and passports withheld.",
                    "charges": [{"law": "91/2013", "article": "2"}, {"law": "68/2015", "article": "22"}],
                    "defendants": defendants,
                }
            )
        )
    return cases
