"""Who reports abuse, how, in which language, and about what: the distributions behind each complaint."""

from __future__ import annotations

import random

from registry.demo.records import Channel, Language, ReporterType
from registry.demo.sampling import Weighted
from registry.models.company import Activity
from scoring.events import ViolationCode

REPORTERS: Weighted[ReporterType] = Weighted(
    {"victim": 38, "relative": 12, "co_worker": 14, "ngo": 9, "embassy": 9, "anonymous": 18}
)
CHANNELS_BY_REPORTER: dict[ReporterType, Weighted[Channel]] = {
    "victim": Weighted({"hotline": 35, "web": 20, "walk_in": 30, "embassy": 10, "ngo": 5}),
    "relative": Weighted({"web": 40, "hotline": 40, "embassy": 20}),
    "co_worker": Weighted({"hotline": 40, "walk_in": 35, "web": 25}),
    "ngo": Weighted({"ngo": 80, "web": 20}),
    "embassy": Weighted({"embassy": 90, "other_authority": 10}),
    "anonymous": Weighted({"web": 40, "hotline": 30, "inspection_referral": 15, "other_authority": 15}),
}
# Domestic workers come mostly from Asia and East Africa; company labour also from Egypt and South Asia.
_DOMESTIC_CORRIDORS = Weighted(
    {"PH": 24, "IN": 22, "LK": 10, "NP": 8, "ET": 12, "BD": 6, "ID": 6, "KE": 5, "UG": 3, "GH": 2, "MG": 2}
)
_COMPANY_CORRIDORS = Weighted(
    {"IN": 34, "BD": 16, "EG": 16, "NP": 10, "PK": 10, "PH": 6, "LK": 5, "SY": 2, "ET": 1}
)
_OWN_LANGUAGE: dict[str, Weighted[Language]] = {
    "IN": Weighted({"hi": 55, "en": 45}),
    "PH": Weighted({"tl": 55, "en": 45}),
    "NP": Weighted({"ne": 80, "en": 20}),
    "BD": Weighted({"bn": 85, "en": 15}),
    "LK": Weighted({"si": 75, "en": 25}),
    "PK": Weighted({"ur": 80, "en": 20}),
    "EG": Weighted({"ar": 100}),
    "SY": Weighted({"ar": 100}),
    "ET": Weighted({"ar": 55, "en": 45}),
}
_OFFICIAL_LANGUAGE: Weighted[Language] = Weighted({"en": 80, "ar": 20})
_ANONYMOUS_LANGUAGE: Weighted[Language] = Weighted({"ar": 45, "en": 55})
_ENGLISH_ONLY: Weighted[Language] = Weighted({"en": 100})

_DOMESTIC_CODES: Weighted[ViolationCode] = Weighted(
    {
        "PASSPORT_RETENTION": 16,
        "WAGE_THEFT": 18,
        "EXCESSIVE_HOURS": 14,
        "MOVEMENT_RESTRICTION": 12,
        "PHYSICAL_ABUSE": 8,
        "SEXUAL_ABUSE": 4,
        "THREATS": 8,
        "RECRUITMENT_FEES": 8,
        "DECEPTION": 6,
        "CONTRACT_SUBSTITUTION": 4,
        "DEBT_BONDAGE": 2,
        "UNSAFE_HOUSING": 2,
        "VISA_TRADING": 1,
    }
)
_COMPANY_CODE_WEIGHTS: dict[ViolationCode, float] = {
    "WAGE_THEFT": 22,
    "RECRUITMENT_FEES": 14,
    "CONTRACT_SUBSTITUTION": 10,
    "PASSPORT_RETENTION": 10,
    "VISA_TRADING": 9,
    "UNSAFE_HOUSING": 10,
    "EXCESSIVE_HOURS": 8,
    "DECEPTION": 6,
    "DEBT_BONDAGE": 4,
    "THREATS": 4,
    "MOVEMENT_RESTRICTION": 2,
    "PHYSICAL_ABUSE": 2,
    "SEXUAL_ABUSE": 0.5,
}
CODES_BY_ACTIVITY: dict[Activity, Weighted[ViolationCode]] = {
    activity: _DOMESTIC_CODES if activity is Activity.DOMESTIC_LABOUR else Weighted(_COMPANY_CODE_WEIGHTS)
    for activity in Activity
}
# Trading companies with few real projects are where visas get sold.
CODES_BY_ACTIVITY[Activity.GENERAL_TRADING_CONTRACTING] = Weighted(
    _COMPANY_CODE_WEIGHTS | {"VISA_TRADING": 20.0}
)
_CATEGORY_COUNT = Weighted({1: 60, 2: 30, 3: 10})


def corridor(rng: random.Random, activity: Activity) -> str:
    """The worker's country of origin (ISO 3166 alpha-2)."""
    return (_DOMESTIC_CORRIDORS if activity is Activity.DOMESTIC_LABOUR else _COMPANY_CORRIDORS).pick(rng)


def language(rng: random.Random, reporter: ReporterType, origin: str) -> Language:
    """The language the complaint is written in."""
    if reporter in ("ngo", "embassy"):
        return _OFFICIAL_LANGUAGE.pick(rng)
    if reporter == "anonymous":
        return _ANONYMOUS_LANGUAGE.pick(rng)
    return _OWN_LANGUAGE.get(origin, _ENGLISH_ONLY).pick(rng)


def categories(rng: random.Random, activity: Activity) -> tuple[ViolationCode, ...]:
    """One to three distinct violation codes."""
    codes = CODES_BY_ACTIVITY[activity]
    wanted = _CATEGORY_COUNT.pick(rng)
    if wanted == 1:
        return (codes.pick(rng),)
    found: list[ViolationCode] = []
    for _ in range(wanted * 3):
        code = codes.pick(rng)
        if code not in found:
            found.append(code)
            if len(found) == wanted:
                break
    return tuple(found)
