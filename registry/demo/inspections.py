"""Labour inspections: mostly following complaints, some at random, finding what the propensity allows."""

from __future__ import annotations

import math
import random
from datetime import date
from operator import itemgetter

from registry.demo.names import FAMILY_NAMES, MALE_GIVEN_NAMES
from registry.demo.records import DemoFinding, DemoInspection
from registry.demo.reporting import CODES_BY_ACTIVITY
from registry.demo.risk import CompanyProfile
from registry.demo.sampling import Weighted, integer, one_of, poisson
from registry.models.company import Governorate
from scoring.events import Severity, ViolationCode

RANDOM_SHARE = 0.15
_INSPECTORS_PER_GOVERNORATE = 6
_MAX_LAG_TRIES = 5
# Graver abuses are rated more severely at the same propensity; crowded housing less so.
_GRAVITY: dict[ViolationCode, float] = {
    "PHYSICAL_ABUSE": 0.3,
    "SEXUAL_ABUSE": 0.4,
    "DEBT_BONDAGE": 0.3,
    "MOVEMENT_RESTRICTION": 0.15,
    "PASSPORT_RETENTION": 0.1,
    "EXCESSIVE_HOURS": -0.1,
    "UNSAFE_HOUSING": -0.1,
}


Inspector = tuple[str, float]
"""An inspector's name and thoroughness: how much of what is there they find (about 0.5 to 1.3)."""


def inspectors(rng: random.Random) -> dict[str, tuple[Inspector, ...]]:
    """A team of named inspectors per governorate, some more thorough than others."""
    return {
        governorate.value: tuple(
            (
                f"{one_of(rng, MALE_GIVEN_NAMES).canonical} {one_of(rng, FAMILY_NAMES).canonical}",
                rng.uniform(0.5, 1.3),
            )
            for _ in range(_INSPECTORS_PER_GOVERNORATE)
        )
        for governorate in Governorate
    }


def _severity(rng: random.Random, code: ViolationCode, propensity: float) -> Severity:
    score = propensity + _GRAVITY.get(code, 0.0) + rng.gauss(0.0, 0.2)
    if score < 0.3:
        return "low"
    if score < 0.55:
        return "medium"
    return "high" if score < 0.85 else "critical"


def findings(
    rng: random.Random, profile: CompanyProfile, day: int, interviewed: int, thoroughness: float = 1.0
) -> tuple[DemoFinding, ...]:
    """What an inspection finds on DAY: more and graver violations at higher propensity, a few anyway."""
    propensity = profile.propensity(day)
    wanted = poisson(rng, thoroughness * (0.15 + 3.5 * math.pow(propensity, 1.2)))
    codes: list[ViolationCode] = []
    for _ in range(wanted * 3):
        code = CODES_BY_ACTIVITY[profile.activity].pick(rng)
        if code not in codes:
            codes.append(code)
        if len(codes) == wanted:
            break
    return tuple(
        DemoFinding(code, _severity(rng, code, propensity), _affected(rng, propensity, interviewed))
        for code in codes
    )


def _affected(rng: random.Random, propensity: float, interviewed: int) -> int:
    return min(interviewed, 1 + poisson(rng, propensity * interviewed * 0.5))


def _interviewed(rng: random.Random, workers: int) -> int:
    if workers <= 0:
        return integer(rng, 1, 5)
    return min(workers, integer(rng, 1, 3 + int(1.5 * math.sqrt(workers))))


def _followed_day(rng: random.Random, profile: CompanyProfile, complaint_day: int) -> int | None:
    """When an inspector gets to a complaint: a week to a few months later, if the company still operates."""
    day = complaint_day + 7 + int(rng.expovariate(1 / 45))
    return day if day <= profile.closed else None


def plan(
    rng: random.Random, profiles: list[CompanyProfile], complaints: list[tuple[int, int]], total: int
) -> list[tuple[int, int]]:
    """(day, company index) of TOTAL inspections: RANDOM_SHARE at random, the rest following COMPLAINTS."""
    operating = {i: p.closed - p.opened + 1 for i, p in enumerate(profiles) if p.closed >= p.opened}
    if not operating:
        return []
    anywhere = Weighted(operating)
    visits: list[tuple[int, int]] = []
    for _ in range(total):
        visit = _follow_up(rng, profiles, complaints) if rng.random() >= RANDOM_SHARE else None
        if visit is None:
            company = anywhere.pick(rng)
            visit = (integer(rng, profiles[company].opened, profiles[company].closed), company)
        visits.append(visit)
    return visits


def _follow_up(
    rng: random.Random, profiles: list[CompanyProfile], complaints: list[tuple[int, int]]
) -> tuple[int, int] | None:
    for _ in range(_MAX_LAG_TRIES if complaints else 0):
        complaint_day, company = one_of(rng, complaints)
        day = _followed_day(rng, profiles[company], complaint_day)
        if day is not None:
            return day, company
    return None


def build(
    rng: random.Random, profiles: list[CompanyProfile], visits: list[tuple[int, int]]
) -> tuple[DemoInspection, ...]:
    """Inspections in date order with findings, numbered per year."""
    teams = inspectors(rng)
    visits.sort(key=itemgetter(0))
    per_year: dict[int, int] = {}
    done = []
    for day, company in visits:
        profile = profiles[company]
        inspected = date.fromordinal(day)
        number = per_year[inspected.year] = per_year.get(inspected.year, 0) + 1
        interviewed = _interviewed(rng, profile.workers)
        inspector, thoroughness = one_of(rng, teams[profile.governorate])
        found = findings(rng, profile, day, interviewed, thoroughness)
        done.append(
            DemoInspection(
                f"INS-{inspected.year}-{number:05d}",
                profile.external_id,
                inspected,
                inspector,
                interviewed,
                found,
            )
        )
    return tuple(done)
