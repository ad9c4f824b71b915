"""A deterministic registry of Kuwaiti recruitment businesses for demos, tests and benchmarks."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from registry.demo.aliases import aliases
from registry.demo.names import DISTINCTIVE_WORDS, FAMILY_NAMES, GIVEN_NAMES, NameEntry
from registry.demo.naming import NameKey, NameParts, arabic_name, english_name
from registry.demo.people import IdentityPool, OfficerData, address, officers_for
from registry.demo.phrases import FORMS_BY_CODE, QUALIFIERS, ActivityPhrase, phrases_for
from registry.demo.sampling import Weighted, below, collector_paused, integer, one_of
from registry.models.company import Activity, Governorate, LicenceStatus
from registry.schemas.company import CompanyCreate

REFERENCE_DATE = date(2026, 6, 30)
"""The registry's "today": licences are active, expired or cancelled as of this date."""

FIRST_ISSUE = date(1995, 1, 1)
SHARED_OFFICER_SHARE = 0.05

ACTIVITY_WEIGHTS: Weighted[Activity] = Weighted(
    {
        Activity.DOMESTIC_LABOUR: 35,
        Activity.MANPOWER_SUPPLY: 20,
        Activity.GENERAL_TRADING_CONTRACTING: 24,
        Activity.CLEANING: 11,
        Activity.SECURITY: 6,
        Activity.OTHER: 4,
    }
)
_FORM_WEIGHTS: dict[Activity, Weighted[str]] = {
    activity: Weighted(weights)
    for activity, weights in {
        Activity.DOMESTIC_LABOUR: {"Office": 70, "Est.": 20, "W.L.L.": 10},
        Activity.MANPOWER_SUPPLY: {"W.L.L.": 60, "Co.": 15, "Est.": 10, "K.S.C.C.": 10, "S.P.C.": 5},
        Activity.GENERAL_TRADING_CONTRACTING: {
            "W.L.L.": 65,
            "K.S.C.C.": 12,
            "S.P.C.": 8,
            "Est.": 7,
            "Co.": 5,
            "K.S.C.": 3,
        },
        Activity.CLEANING: {"W.L.L.": 50, "Co.": 25, "Est.": 15, "S.P.C.": 10},
        Activity.SECURITY: {"W.L.L.": 60, "K.S.C.C.": 20, "Co.": 20},
        Activity.OTHER: {"W.L.L.": 40, "Co.": 30, "Est.": 30},
    }.items()
}
# Median sponsored workers: a domestic office holds a handful of visas, a cleaning contractor hundreds.
_SIZE_MEDIAN: dict[Activity, int] = {
    Activity.DOMESTIC_LABOUR: 12,
    Activity.MANPOWER_SUPPLY: 120,
    Activity.GENERAL_TRADING_CONTRACTING: 60,
    Activity.CLEANING: 150,
    Activity.SECURITY: 200,
    Activity.OTHER: 30,
}
_STATUS_WEIGHTS = Weighted(
    {
        LicenceStatus.ACTIVE: 78,
        LicenceStatus.SUSPENDED: 6,
        LicenceStatus.EXPIRED: 10,
        LicenceStatus.CANCELLED: 6,
    }
)
_CLOSED_STATUS = Weighted({LicenceStatus.CANCELLED: 5, LicenceStatus.SUSPENDED: 3, LicenceStatus.EXPIRED: 2})
_GOVERNORATE_WEIGHTS = Weighted(
    {
        Governorate.FARWANIYA: 28,
        Governorate.HAWALLI: 22,
        Governorate.CAPITAL: 20,
        Governorate.AHMADI: 14,
        Governorate.JAHRA: 8,
        Governorate.MUBARAK_AL_KABEER: 8,
    }
)
# Big tribes and merchant families lend their name to many more businesses than small ones.
_FAMILIES = Weighted({entry: 1 / (rank + 3) ** 0.8 for rank, entry in enumerate(FAMILY_NAMES)})
_WORDS = Weighted({entry: 1 / (rank + 6) ** 0.5 for rank, entry in enumerate(DISTINCTIVE_WORDS)})


@dataclass(slots=True)
class _Plan:
    """A company being put together; validated only once, when it becomes a CompanyCreate."""

    parts: NameParts
    scripts: str
    status: LicenceStatus
    issued: date
    expires: date
    governorate: Governorate
    address: str
    phones: list[str]
    workers: int | None
    officers: list[OfficerData] = field(default_factory=list)


class _Generator:
    """One seeded stream of decisions, with the civil IDs, phones and names already handed out."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.pool = IdentityPool(self.rng)
        self.taken: set[NameKey] = set()

    def entry(self, *, uniform: bool) -> NameEntry:
        """A family name or distinctive word, common ones more often unless UNIFORM."""
        rng = self.rng
        if uniform:
            return one_of(rng, FAMILY_NAMES)
        if rng.random() < 0.62:
            return _FAMILIES.pick(rng)
        return _WORDS.pick(rng)

    def candidate(self, activity: Activity, *, widen: bool) -> NameParts:
        """A possible name; WIDEN reaches for rarer combinations once common ones keep clashing."""
        rng = self.rng
        entry = self.entry(uniform=widen)
        given = None
        # Once the common names are taken, owners name the business after themselves: "Fahad Al-Mutairi ...".
        if entry.kind == "family" and (widen or rng.random() < 0.12):
            given = one_of(rng, GIVEN_NAMES)
        qualifier = None if (given and not widen) or rng.random() < 0.6 else one_of(rng, QUALIFIERS)
        phrase = _PHRASES[activity].pick(rng)
        form = FORMS_BY_CODE[_FORM_WEIGHTS[activity].pick(rng)]
        spelling = 0 if rng.random() < 0.65 else below(rng, len(entry.latin))
        given_spelling = below(rng, len(given.latin)) if given and rng.random() < 0.3 else 0
        return NameParts(entry, qualifier, phrase, form, spelling, given, given_spelling)

    def claim(self, parts: NameParts) -> bool:
        """Register the name if no company in the same line of trade has its words, legal form aside."""
        # Keyed on the full name, legal form included, 45% of 50,000 companies had a twin differing
        # only in its form: no register looks like that, and the matching benchmark measured those twins.
        if parts.trade_key in self.taken:
            return False
        self.taken.add(parts.trade_key)
        return True

    def name(self, activity: Activity) -> NameParts:
        """A name no other company has yet."""
        for attempt in range(80):
            parts = self.candidate(activity, widen=attempt >= 3)
            if self.claim(parts):
                return parts
        raise RuntimeError(f"no free {activity} company name left; generate fewer companies")

    def plan(self, activity: Activity, parts: NameParts | None = None) -> _Plan:
        """Everything about a new company except its licence number."""
        rng = self.rng
        parts = parts or self.name(activity)
        status = _STATUS_WEIGHTS.pick(rng)
        issued, expires = _licence_dates(rng, status)
        governorate = _GOVERNORATE_WEIGHTS.pick(rng)
        phones = [self.pool.phone(landline=rng.random() < 0.6)]
        if rng.random() < 0.4:
            phones.append(self.pool.phone(landline=False))
        scripts = _SCRIPTS[activity].pick(rng)
        plan = _Plan(
            parts, scripts, status, issued, expires, governorate, address(rng, governorate), phones, None
        )
        plan.workers = _workers(rng, activity)
        family = parts.entry if parts.entry.kind == "family" else one_of(rng, FAMILY_NAMES)
        plan.officers = officers_for(rng, self.pool, family, parts.given)
        return plan

    def similar_name(self, before: NameParts, activity: Activity) -> NameParts:
        """A name one word away from BEFORE, as an owner picks when reopening."""
        rng = self.rng
        for _ in range(40):
            parts = replace(before, phrase=_PHRASES[activity].pick(rng))
            change = below(rng, 3)
            if activity is not before.phrase.activity or change == 0:
                parts = replace(parts, form=FORMS_BY_CODE[_FORM_WEIGHTS[activity].pick(rng)])
            if change == 1:
                parts = replace(parts, qualifier=one_of(rng, (None, *QUALIFIERS)))
            if self.claim(parts):
                return parts
        return self.name(activity)

    def successor(self, before: _Plan, *, reopened: bool) -> _Plan:
        """A company sharing BEFORE's owner: a reopening after trouble, or a legitimate sister company."""
        rng = self.rng
        old = before.parts.phrase.activity
        activity = old if rng.random() < 0.7 else ACTIVITY_WEIGHTS.pick(rng)
        plan = self.plan(activity, self.similar_name(before.parts, activity))
        plan.officers[0] = before.officers[0]
        if reopened:
            _reopen(rng, before, plan)
        return plan


# Domestic-labour offices are small and local, so more of them have only an Arabic name.
_SCRIPTS: dict[Activity, Weighted[str]] = {
    activity: Weighted(
        {"en ar": 70, "en": 15, "ar": 15}
        if activity is Activity.DOMESTIC_LABOUR
        else {"en ar": 80, "en": 12, "ar": 8}
    )
    for activity in Activity
}
# The first phrase of an activity is the usual wording; the others are less common.
_PHRASES: dict[Activity, Weighted[ActivityPhrase]] = {
    activity: Weighted(dict(zip(phrases_for(activity), (5, 3, 2), strict=False))) for activity in Activity
}


def _reopen(rng: random.Random, before: _Plan, after: _Plan) -> None:
    """Close BEFORE and open AFTER later, often at the same number or address."""
    before.status = _CLOSED_STATUS.pick(rng)
    before.issued = min(before.issued, REFERENCE_DATE - timedelta(days=400))
    gap = integer(rng, 120, 1800)
    after.issued = min(
        before.issued + timedelta(days=gap), REFERENCE_DATE - timedelta(days=integer(rng, 1, 200))
    )
    after.status = LicenceStatus.ACTIVE
    after.expires = REFERENCE_DATE + timedelta(days=integer(rng, 30, 1100))
    before.expires = before.issued + timedelta(
        days=integer(rng, 180, max(181, (after.issued - before.issued).days))
    )
    if rng.random() < 0.5:
        after.phones[0] = before.phones[0]
    if rng.random() < 0.4:
        after.governorate, after.address = before.governorate, before.address


def _issue_date(rng: random.Random, latest: date) -> date:
    # More licences were issued in recent years than in the 1990s.
    span = (latest - FIRST_ISSUE).days
    return FIRST_ISSUE + timedelta(days=int(span * rng.random() ** 0.75))


def _licence_dates(rng: random.Random, status: LicenceStatus) -> tuple[date, date]:
    if status is LicenceStatus.ACTIVE:
        issued = _issue_date(rng, REFERENCE_DATE)
        return issued, REFERENCE_DATE + timedelta(days=integer(rng, 30, 1100))
    issued = _issue_date(rng, REFERENCE_DATE - timedelta(days=400))
    if status is LicenceStatus.EXPIRED:
        return issued, issued + timedelta(days=integer(rng, 365, (REFERENCE_DATE - issued).days - 1))
    return issued, issued + timedelta(days=integer(rng, 365, (REFERENCE_DATE - issued).days + 700))


def _workers(rng: random.Random, activity: Activity) -> int | None:
    if rng.random() < 0.04:
        return None
    return min(25_000, round(math.exp(rng.gauss(math.log(_SIZE_MEDIAN[activity]), 1.1))))


def _to_company(plan: _Plan, external_id: str, licence_no: str, rng: random.Random) -> CompanyCreate:
    name_en = english_name(plan.parts) if "en" in plan.scripts else None
    name_ar = arabic_name(plan.parts) if "ar" in plan.scripts else None
    return CompanyCreate(
        external_id=external_id,
        name_en=name_en,
        name_ar=name_ar,
        legal_form=plan.parts.form.code,
        activity=plan.parts.phrase.activity,
        licence_no=licence_no,
        licence_status=plan.status,
        licence_issued=plan.issued,
        licence_expires=plan.expires,
        governorate=plan.governorate,
        address=plan.address,
        sponsored_workers=plan.workers,
        aliases=aliases(rng, plan.parts, (name_en, name_ar)),
        phones=plan.phones,
        officers=plan.officers,
    )


def _plans(generator: _Generator, count: int) -> list[_Plan]:
    rng = generator.rng
    successors = round(count * SHARED_OFFICER_SHARE / 2)
    plans = [generator.plan(ACTIVITY_WEIGHTS.pick(rng)) for _ in range(count - successors)]
    for _ in range(successors):
        before = one_of(rng, plans)
        plans.append(generator.successor(before, reopened=rng.random() < 0.7))
    return plans


def generate_companies(*, seed: int = 42, count: int = 3000) -> list[CompanyCreate]:
    """COUNT validated demo companies, identical for the same SEED and COUNT, in licence-number order."""
    if not 0 <= count < 10_000_000:
        raise ValueError("count must be between 0 and 9,999,999 (seven-digit licence numbers)")
    with collector_paused():
        return _generate(seed, count)


def _generate(seed: int, count: int) -> list[CompanyCreate]:
    generator = _Generator(seed)
    # Licence numbers grow with the issue date, as a registry hands them out.
    plans = sorted(_plans(generator, count), key=lambda plan: plan.issued)
    numbers = sorted(generator.rng.sample(range(1, 10_000_000), count))
    per_year: dict[int, int] = {}
    companies = []
    for plan, number in zip(plans, numbers, strict=True):
        per_year[plan.issued.year] = per_year.get(plan.issued.year, 0) + 1
        licence_no = f"{plan.issued.year}/{per_year[plan.issued.year]:05d}"
        companies.append(_to_company(plan, f"KW-LIC-{number:07d}", licence_no, generator.rng))
    return companies
