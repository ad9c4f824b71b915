"""Years of complaints and inspections about demo companies, hiding a noisy, drifting risk signal."""

from __future__ import annotations

import random
from datetime import date

from registry.demo import complaints as complaint_process
from registry.demo import inspections as inspection_process
from registry.demo.complaints import ComplaintMaker, calibrated_scale
from registry.demo.records import DemoHistory
from registry.demo.risk import CompanyProfile, profiles
from registry.demo.sampling import collector_paused, poisson
from registry.demo.writing import RegistryIndex
from registry.schemas.company import CompanyCreate

_DAYS_PER_YEAR = 365.25


def _operating_years(profiles: list[CompanyProfile]) -> float:
    return sum(max(0, p.closed - p.opened + 1) for p in profiles) / _DAYS_PER_YEAR


# Rates count per operating company-year. The defaults give about 20k complaints and 5k inspections for
# 3,000 companies over six years; 3.6 and 0.4 give about a million and 90k for 50,000 companies.
def generate_history(
    companies: list[CompanyCreate],
    *,
    seed: int = 42,
    start: date = date(2021, 1, 1),
    end: date = date(2026, 10, 31),
    complaints_per_company_year: float = 1.2,
    inspections_per_company_year: float = 0.35,
) -> DemoHistory:
    """Complaints and inspections about COMPANIES between START and END, identical for the same inputs."""
    if end < start:
        raise ValueError("end is before start")
    with collector_paused():
        return _generate(
            companies, seed, start, end, complaints_per_company_year, inspections_per_company_year
        )


def _generate(
    companies: list[CompanyCreate],
    seed: int,
    start: date,
    end: date,
    complaint_rate: float,
    inspection_rate: float,
) -> DemoHistory:
    rng = random.Random(seed)
    hidden = profiles(rng, companies, start=start, end=end)
    maker = ComplaintMaker(rng, hidden, RegistryIndex(companies), start.toordinal(), end.toordinal())
    raws = maker.registered(calibrated_scale(hidden, complaint_rate)) + maker.campaigns()
    about_registered = [(raw[0], raw[1]) for raw in raws]
    share = complaint_process.UNREGISTERED_SHARE
    raws += maker.unregistered(round(len(raws) * share / (1 - share)))
    visits = inspection_process.plan(
        rng, hidden, about_registered, poisson(rng, inspection_rate * _operating_years(hidden))
    )
    return DemoHistory(
        complaints=complaint_process.build(raws, hidden, start),
        inspections=inspection_process.build(rng, hidden, visits),
        latent_risk={p.external_id: round(p.propensity(max(p.opened, p.closed)), 4) for p in hidden},
    )
