"""Synthetic history with a hidden, noisy risk per company: for tests and benchmarks, never for decisions.

Each company has a latent risk that drifts slowly. Riskier companies draw more complaints (more of
them about forced-labour indicators, more of them substantiated), more inspections, more serious
inspections and more listings. A model that recovers the latent risk from past events ranks future
outcomes well; one that does not, does not.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from scoring.encode import FloatArray, IntArray
from scoring.events import (
    VIOLATION_CODES,
    CompanyFacts,
    ComplaintEvent,
    FindingEvent,
    InspectionEvent,
    ListingEvent,
)

CORRIDORS = ("IN", "NP", "PH", "BD", "LK", "EG", "ET")
GRAVE_CODES = ("PASSPORT_RETENTION", "DEBT_BONDAGE", "MOVEMENT_RESTRICTION", "PHYSICAL_ABUSE", "THREATS")
MILD_CODES = tuple(c for c in VIOLATION_CODES if c not in GRAVE_CODES)
PENDING = ("received", "triaged", "under_investigation")


@dataclass(frozen=True)
class SyntheticData:
    """Generated companies and events, with the hidden risk that drove them."""

    companies: list[CompanyFacts]
    complaints: list[ComplaintEvent]
    findings: list[FindingEvent]
    inspections: list[InspectionEvent]
    listings: list[ListingEvent]
    risk: FloatArray


def _sigmoid(x: FloatArray) -> FloatArray:
    return np.asarray(1.0 / (1.0 + np.exp(-x)), dtype=np.float64)


class _World:
    def __init__(self, n: int, start: date, end: date, rng: np.random.Generator) -> None:
        self.n, self.start, self.rng = n, start, rng
        self.days = (end - start).days
        self.base = rng.normal(0.0, 1.0, n)
        self.slope = rng.normal(0.0, 0.25, n)
        self.dates = [start + timedelta(days=d) for d in range(self.days + 1)]
        self.ids = [f"C{i:06d}" for i in range(n)]

    def risk_at(self, day: float) -> FloatArray:
        return np.asarray(self.base + self.slope * (day - self.days / 2) / 365.0, dtype=np.float64)

    def allocate(self, total: int, weight: FloatArray) -> tuple[IntArray, IntArray]:
        """Spread total events over yearly buckets, choosing companies by weight at each bucket's middle."""
        edges = np.linspace(0, self.days, max(2, self.days // 365 + 1) + 1).astype(np.int64)
        companies, days = [], []
        for lo, hi in itertools.pairwise(edges):
            k = round(total * (hi - lo) / self.days)
            w = weight * np.exp(self.risk_at((lo + hi) / 2))
            companies.append(self.rng.choice(self.n, size=k, p=w / w.sum()))
            days.append(self.rng.integers(lo, hi, size=k))
        return np.concatenate(companies), np.concatenate(days)


def _companies(world: _World) -> tuple[list[CompanyFacts], FloatArray]:
    rng, n = world.rng, world.n
    workforce = np.maximum(1, rng.lognormal(3.5, 1.2, n)).astype(np.int64)
    known = rng.random(n) > 0.1
    registered = rng.integers(0, 20 * 365, n)
    licence = rng.choice(
        ["active", "suspended", "expired", "cancelled", "unknown"], n, p=[0.8, 0.05, 0.08, 0.04, 0.03]
    )
    links = rng.poisson(0.05 * np.exp(world.base))
    corridor = rng.choice(CORRIDORS, n)
    facts = [
        CompanyFacts(
            company_id=world.ids[i],
            registered_on=world.start - timedelta(days=int(registered[i])) if registered[i] % 20 else None,
            licence_status=str(licence[i]),
            workforce=int(workforce[i]) if known[i] else None,
            links_to_listed=int(links[i]),
            size_band=("small" if workforce[i] < 50 else "medium" if workforce[i] < 250 else "large")
            if known[i]
            else "unknown",
            corridor=str(corridor[i]) if i % 17 else None,
        )
        for i in range(n)
    ]
    return facts, np.sqrt(workforce.astype(np.float64))


def _complaints(world: _World, total: int, size_weight: FloatArray) -> list[ComplaintEvent]:
    rng = world.rng
    company, day = world.allocate(total, size_weight)
    risk = world.base[company]
    grave = rng.random(len(company)) < _sigmoid(risk - 1.0)
    first = np.where(grave, rng.integers(0, len(GRAVE_CODES), len(company)), 0)
    mild = rng.integers(0, len(MILD_CODES), len(company))
    substantiated = rng.random(len(company)) < _sigmoid(-1.2 + 0.9 * risk)
    pending = day > world.days - 120
    reporter = rng.integers(0, 4, len(company))
    anonymous = rng.random(len(company)) < 0.4
    out = []
    for i in range(len(company)):
        code = GRAVE_CODES[first[i]] if grave[i] else MILD_CODES[mild[i]]
        status = PENDING[i % 3] if pending[i] else "substantiated" if substantiated[i] else "unsubstantiated"
        key = None if anonymous[i] else f"R{company[i]}-{reporter[i]}"
        out.append(ComplaintEvent(world.ids[company[i]], world.dates[day[i]], (code,), status, key))
    return out


def _inspections(world: _World, total: int) -> tuple[list[InspectionEvent], list[FindingEvent], IntArray]:
    rng = world.rng
    company, day = world.allocate(total, np.full(world.n, 1.0))
    risk_now = world.base[company] + world.slope[company] * (day - world.days / 2) / 365.0
    serious = rng.random(len(company)) < _sigmoid(-1.5 + 1.2 * risk_now + rng.normal(0, 0.5, len(company)))
    inspections = [
        InspectionEvent(world.ids[c], world.dates[d], bool(s))
        for c, d, s in zip(company, day, serious, strict=True)
    ]
    findings = []
    for c, d, s, r in zip(company, day, serious, risk_now, strict=True):
        for _ in range(int(s) + rng.poisson(0.6)):
            grave = s and rng.random() < _sigmoid(r - 0.5)
            code = (
                GRAVE_CODES[rng.integers(len(GRAVE_CODES))]
                if grave
                else MILD_CODES[rng.integers(len(MILD_CODES))]
            )
            severity = "critical" if grave else ("high" if s else ("medium", "low")[rng.integers(2)])
            findings.append(
                FindingEvent(world.ids[c], world.dates[d], code, severity, 1 + int(rng.poisson(3)))
            )
    return inspections, findings, np.stack([company, day, serious.astype(np.int64)])


def _listings(world: _World, serious_table: IntArray) -> list[ListingEvent]:
    company, day, serious = serious_table
    chance = 0.12 * _sigmoid(world.base[company])
    hit = (serious == 1) & (world.rng.random(len(company)) < chance)
    listed: dict[int, int] = {}
    for c, d in zip(company[hit], day[hit], strict=True):
        when = int(d) + int(world.rng.integers(30, 120))
        if when <= world.days and when < listed.get(int(c), world.days + 1):
            listed[int(c)] = when
    return [ListingEvent(world.ids[c], world.dates[d]) for c, d in sorted(listed.items())]


def generate(
    *, n_companies: int, n_complaints: int, n_inspections: int, start: date, end: date, seed: int = 0
) -> SyntheticData:
    """A reproducible synthetic history between start and end."""
    world = _World(n_companies, start, end, np.random.default_rng(seed))
    companies, size_weight = _companies(world)
    complaints = _complaints(world, n_complaints, size_weight)
    inspections, findings, serious_table = _inspections(world, n_inspections)
    listings = _listings(world, serious_table)
    return SyntheticData(companies, complaints, findings, inspections, listings, world.base)
