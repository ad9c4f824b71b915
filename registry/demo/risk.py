"""Each company's hidden propensity to abuse workers, and how it drifts over the years."""

from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import dataclass
from datetime import date

from registry.demo.sampling import integer
from registry.models.company import Activity, LicenceStatus
from registry.schemas.company import CompanyCreate

# Log-odds shifts. Each is modest next to the per-company noise, so no single field gives the risk away.
_ACTIVITY_SHIFT = {
    Activity.DOMESTIC_LABOUR: 0.7,
    Activity.MANPOWER_SUPPLY: 0.55,
    Activity.GENERAL_TRADING_CONTRACTING: 0.15,
    Activity.CLEANING: 0.25,
    Activity.SECURITY: -0.2,
    Activity.OTHER: 0.0,
}
_STATUS_SHIFT = {
    LicenceStatus.SUSPENDED: 0.8,
    LicenceStatus.CANCELLED: 0.9,
    LicenceStatus.EXPIRED: 0.3,
}
_SHARED_OFFICER_SHIFT = 0.7
_NOISE = 1.15
_BASELINE = -2.0
_DRIFT_SHARE = 0.12
# A domestic office places workers in many households, so its exposure is larger than its own visa count.
_EXPOSURE_FACTOR = {Activity.DOMESTIC_LABOUR: 5.0}


def _sigmoid(value: float) -> float:
    return 1.0 / (1.0 + math.exp(-value))


@dataclass(frozen=True, slots=True)
class CompanyProfile:
    """What drives a company's history: when it operates, its exposure and its propensity over time."""

    external_id: str
    activity: Activity
    governorate: str
    workers: int
    opened: int
    closed: int
    before: float
    after: float
    changes_on: int
    visibility: float

    def propensity(self, day: int) -> float:
        """The propensity to abuse on the proleptic ordinal DAY."""
        return self.before if day < self.changes_on else self.after

    @property
    def exposure(self) -> float:
        """How many workers could complain, compressed: big companies get more complaints, not pro rata."""
        return math.pow((self.workers * _EXPOSURE_FACTOR.get(self.activity, 1.0) + 4) / 30, 0.55)


def _shared_officer_ids(companies: list[CompanyCreate]) -> set[str]:
    counts = Counter(o.id_number for c in companies for o in c.officers)
    return {c.external_id for c in companies if any(counts[o.id_number] > 1 for o in c.officers)}


def _log_odds(rng: random.Random, company: CompanyCreate, shared: bool, start: date) -> float:
    workers = company.sponsored_workers or 10
    age = (start - company.licence_issued).days / 365.25 if company.licence_issued else 5.0
    value = _BASELINE + _ACTIVITY_SHIFT[company.activity] + 0.12 * (math.log1p(workers) - 3.0)
    value += 0.35 if age < 2 else -0.25 if age > 15 else 0.0
    value += _STATUS_SHIFT.get(company.licence_status, 0.0)
    value += _SHARED_OFFICER_SHIFT if shared else 0.0
    return value + rng.gauss(0.0, _NOISE)


def _operating_window(rng: random.Random, company: CompanyCreate, start: int, end: int) -> tuple[int, int]:
    """The days the company did business within [START, END]; closed businesses stop some time before END."""
    opened = max(start, company.licence_issued.toordinal() if company.licence_issued else start)
    if company.licence_status in (LicenceStatus.ACTIVE, LicenceStatus.UNKNOWN) or opened >= end:
        return opened, end
    expires = company.licence_expires.toordinal() if company.licence_expires else end
    if company.licence_status is LicenceStatus.EXPIRED:
        # Expired companies often keep trading for a while before anyone notices.
        return opened, max(opened, min(end, expires + integer(rng, 0, 240)))
    return opened, integer(rng, opened + (end - opened) // 3, end)


def profile(
    rng: random.Random, company: CompanyCreate, *, shared: bool, start: date, end: date
) -> CompanyProfile:
    """A company's hidden profile over [START, END]."""
    opened, closed = _operating_window(rng, company, start.toordinal(), end.toordinal())
    odds = _log_odds(rng, company, shared, start)
    changes_on, later = closed + 1, odds
    if rng.random() < _DRIFT_SHARE and closed > opened:
        # Some companies turn bad (new owner, lost contract), others clean up after a warning.
        changes_on = integer(rng, opened, closed)
        later = odds + rng.choice((-1.0, 1.0)) * rng.gauss(1.8, 0.5)
    visibility = rng.gammavariate(0.8, 1.25)
    workers = company.sponsored_workers if company.sponsored_workers is not None else integer(rng, 2, 60)
    governorate = company.governorate.value if company.governorate else "capital"
    return CompanyProfile(
        company.external_id,
        company.activity,
        governorate,
        workers,
        opened,
        closed,
        _sigmoid(odds),
        _sigmoid(later),
        changes_on,
        visibility,
    )


def profiles(
    rng: random.Random, companies: list[CompanyCreate], *, start: date, end: date
) -> list[CompanyProfile]:
    """Hidden profiles of all COMPANIES, in the same order."""
    shared = _shared_officer_ids(companies)
    return [profile(rng, c, shared=c.external_id in shared, start=start, end=end) for c in companies]
