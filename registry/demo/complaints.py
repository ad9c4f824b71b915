"""Complaints as a noisy point process: more for risky and big companies, never a clean rule."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from typing import NamedTuple

from registry.demo import reporting
from registry.demo.naming import NameParts
from registry.demo.records import Channel, DemoComplaint, Language, ReporterType
from registry.demo.risk import CompanyProfile
from registry.demo.sampling import Weighted, integer, one_of, poisson
from registry.demo.writing import (
    RegistryIndex,
    Script,
    unregistered_parts,
    write_registered,
    write_unregistered,
)
from registry.models.company import Activity
from scoring.events import ViolationCode

_DAYS_PER_YEAR = 365.25
UNREGISTERED_SHARE = 0.10
_REPEAT_REPORTER = 0.15
_CAMPAIGN_SHARE = 0.015
_DECISION_LAG_DAYS = 120
_NAME_VARIANTS = 5
_NEW_VARIANT = 0.15
_UNREGISTERED_ACTIVITIES = Weighted(
    {Activity.DOMESTIC_LABOUR: 50, Activity.MANPOWER_SUPPLY: 30, Activity.OTHER: 10, Activity.CLEANING: 10}
)

# One complaint before it has a reference: (day, company index or -1 - unregistered index, reporter, channel,
# name, categories, substantiated). Tuples keep a million of them cheap to build and sort.
_Raw = tuple[int, int, "_Reporter", Channel, str, tuple[ViolationCode, ...], bool | None]


class _Reporter(NamedTuple):
    """Someone who complains; a named tuple because a million of them must be cheap to make."""

    key: str
    type: ReporterType
    language: Language
    corridor: str


def _intensity(propensity: float) -> float:
    # Good companies still get complaints (mistakes, grudges, confusion with a similar name).
    return 0.25 + 4.0 * math.pow(propensity, 1.3)


@dataclass(frozen=True, slots=True)
class _Unregistered:
    parts: NameParts
    propensity: float
    opened: int
    closed: int


@dataclass
class ComplaintMaker:
    """Draws complaints for registered and unregistered companies from one seeded generator."""

    rng: random.Random
    profiles: list[CompanyProfile]
    index: RegistryIndex
    start: int
    end: int
    _names: dict[tuple[int, Script], list[str]] = field(default_factory=dict, init=False)
    _reporters: dict[int, list[_Reporter]] = field(default_factory=dict, init=False)
    _shadows: list[_Unregistered] = field(default_factory=list, init=False)

    def reporter(self, company: int, activity: Activity) -> _Reporter:
        """A new reporter, or now and then one who complained about this company before."""
        known = self._reporters.setdefault(company, [])
        if known and self.rng.random() < _REPEAT_REPORTER:
            return one_of(self.rng, known)
        kind = reporting.REPORTERS.pick(self.rng)
        origin = reporting.corridor(self.rng, activity)
        spoken = reporting.language(self.rng, kind, origin)
        found = _Reporter(f"RPT-{self.rng.getrandbits(48):012x}", kind, spoken, origin)
        known.append(found)
        return found

    def name(self, company: int, script: Script) -> str:
        """How this reporter writes the company's name; people often copy the same few spellings."""
        pool = self._names.setdefault((company, script), [])
        if not pool or (len(pool) < _NAME_VARIANTS and self.rng.random() < _NEW_VARIANT):
            pool.append(self._write(company, script))
        return pool[0] if self.rng.random() < 0.4 else one_of(self.rng, pool)

    def _write(self, company: int, script: Script) -> str:
        if company >= 0:
            return write_registered(self.rng, self.index.known[company], self.index, script)[0]
        shadow = self._shadows[-1 - company]
        return write_unregistered(self.rng, shadow.parts, self.index, script)[0]

    def decided(self, day: int, propensity: float, *, grudge: bool = False) -> bool | None:
        """Whether the complaint was substantiated, or None while still under review."""
        recent = day > self.end - _DECISION_LAG_DAYS
        if self.rng.random() < (0.65 if recent else 0.06):
            return None
        chance = 0.05 + 0.3 * propensity if grudge else 0.08 + 0.8 * propensity
        return self.rng.random() < chance

    def one(
        self,
        company: int,
        day: int,
        activity: Activity,
        propensity: float,
        reporter: _Reporter,
        *,
        grudge: bool = False,
    ) -> _Raw:
        """A complaint about COMPANY (negative: unregistered) on DAY."""
        script: Script = "ar" if reporter.language == "ar" else "en"
        channel = reporting.CHANNELS_BY_REPORTER[reporter.type].pick(self.rng)
        found = reporting.categories(self.rng, activity)
        decision = self.decided(day, propensity, grudge=grudge)
        return (day, company, reporter, channel, self.name(company, script), found, decision)

    def registered(self, scale: float) -> list[_Raw]:
        """Poisson counts per company and propensity period; SCALE sets the mean rate."""
        raws: list[_Raw] = []
        for i, profile in enumerate(self.profiles):
            for first, last in _periods(profile):
                rate = scale * profile.exposure * profile.visibility * _intensity(profile.propensity(first))
                for _ in range(poisson(self.rng, rate * (last - first + 1) / _DAYS_PER_YEAR)):
                    day = integer(self.rng, first, last)
                    reporter = self.reporter(i, profile.activity)
                    raws.append(self.one(i, day, profile.activity, profile.propensity(day), reporter))
        return raws

    def campaigns(self) -> list[_Raw]:
        """A few reporters with a grudge file complaint after complaint about one company."""
        raws: list[_Raw] = []
        for i, profile in enumerate(self.profiles):
            if profile.closed - profile.opened < 60 or self.rng.random() >= _CAMPAIGN_SHARE:
                continue
            reporter = self.reporter(i, profile.activity)
            first = integer(self.rng, profile.opened, profile.closed - 30)
            last = min(profile.closed, first + integer(self.rng, 30, 200))
            for _ in range(integer(self.rng, 5, 25)):
                day = integer(self.rng, first, last)
                raws.append(
                    self.one(i, day, profile.activity, profile.propensity(day), reporter, grudge=True)
                )
        return raws

    def unregistered(self, count: int) -> list[_Raw]:
        """COUNT complaints about businesses that recruit without being registered."""
        self._shadows = [self._shadow() for _ in range(max(5, len(self.profiles) // 12))]
        weights = Weighted({j: 1 / (j + 1) ** 0.8 for j in range(len(self._shadows))})
        raws: list[_Raw] = []
        for _ in range(count):
            j = weights.pick(self.rng)
            shadow = self._shadows[j]
            activity = shadow.parts.phrase.activity
            day = integer(self.rng, shadow.opened, shadow.closed)
            raws.append(self.one(-1 - j, day, activity, shadow.propensity, self.reporter(-1 - j, activity)))
        return raws

    def _shadow(self) -> _Unregistered:
        activity = _UNREGISTERED_ACTIVITIES.pick(self.rng)
        parts = unregistered_parts(self.rng, self.index, activity=activity)
        opened = integer(self.rng, self.start, max(self.start, self.end - 60))
        closed = min(self.end, opened + integer(self.rng, 90, 900))
        return _Unregistered(parts, self.rng.betavariate(2.5, 2.0), opened, closed)


def _periods(profile: CompanyProfile) -> list[tuple[int, int]]:
    """The operating window split at the day the propensity changes."""
    if profile.opened > profile.closed:
        return []
    if profile.opened < profile.changes_on <= profile.closed:
        return [(profile.opened, profile.changes_on - 1), (profile.changes_on, profile.closed)]
    return [(profile.opened, profile.closed)]


def calibrated_scale(profiles: list[CompanyProfile], per_company_year: float) -> float:
    """The rate factor that makes the expected number of complaints PER_COMPANY_YEAR per operating year."""
    years = weighted = 0.0
    for profile in profiles:
        for first, last in _periods(profile):
            span = (last - first + 1) / _DAYS_PER_YEAR
            years += span
            weighted += span * profile.exposure * profile.visibility * _intensity(profile.propensity(first))
    return per_company_year * years / weighted if weighted else 0.0


def build(raws: list[_Raw], profiles: list[CompanyProfile], start: date) -> tuple[DemoComplaint, ...]:
    """Complaints in date order, numbered per year as a case system would."""
    raws.sort(key=itemgetter(0))
    first = start.toordinal()
    dates = [date.fromordinal(first + k) for k in range(raws[-1][0] - first + 1)] if raws else []
    per_year: dict[int, int] = {}
    complaints = []
    for day, company, reporter, channel, name, found, substantiated in raws:
        received = dates[day - first]
        number = per_year[received.year] = per_year.get(received.year, 0) + 1
        external_id = profiles[company].external_id if company >= 0 else None
        complaints.append(
            DemoComplaint(
                f"CMP-{received.year}-{number:06d}",
                external_id,
                name,
                received,
                channel,
                reporter.type,
                reporter.language,
                found,
                substantiated,
                reporter.key,
                reporter.corridor,
            )
        )
    return tuple(complaints)
