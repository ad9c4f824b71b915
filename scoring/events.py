"""Plain-data contracts that a thin service fills from the database; scoring reads nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal, get_args

COMPLAINT_STATUSES = (
    "received",
    "triaged",
    "under_investigation",
    "substantiated",
    "unsubstantiated",
    "closed",
)
# Statuses where nobody has yet decided whether the complaint is true.
UNVERIFIED_STATUSES = frozenset({"received", "triaged", "under_investigation"})
Severity = Literal["low", "medium", "high", "critical"]
SEVERITIES: tuple[Severity, ...] = get_args(Severity)
LICENCE_STATUSES = ("active", "suspended", "expired", "cancelled", "unknown")
# The violation catalogue's codes (the registry's migrations seed the same codes with their titles).
ViolationCode = Literal[
    "PASSPORT_RETENTION",
    "WAGE_THEFT",
    "RECRUITMENT_FEES",
    "CONTRACT_SUBSTITUTION",
    "EXCESSIVE_HOURS",
    "MOVEMENT_RESTRICTION",
    "PHYSICAL_ABUSE",
    "SEXUAL_ABUSE",
    "THREATS",
    "DECEPTION",
    "DEBT_BONDAGE",
    "VISA_TRADING",
    "UNSAFE_HOUSING",
]
VIOLATION_CODES: tuple[ViolationCode, ...] = get_args(ViolationCode)


@dataclass(frozen=True, slots=True)
class ComplaintEvent:
    """A complaint against a company; status must be the one it had at the scoring date."""

    company_id: str
    received_on: date
    categories: tuple[str, ...]
    status: str
    reporter_key: str | None


@dataclass(frozen=True, slots=True)
class FindingEvent:
    """One violation an inspector recorded at an inspection."""

    company_id: str
    inspected_on: date
    violation_code: str
    severity: str
    workers_affected: int


@dataclass(frozen=True, slots=True)
class InspectionEvent:
    """An inspection; serious means it found at least one high or critical violation."""

    company_id: str
    inspected_on: date
    serious: bool


@dataclass(frozen=True, slots=True)
class ListingEvent:
    """The company was blacklisted on that date."""

    company_id: str
    listed_on: date


@dataclass(frozen=True, slots=True)
class CompanyFacts:
    """What the registry knows about a company; size_band and corridor are for fairness reports only."""

    company_id: str
    registered_on: date | None
    licence_status: str
    workforce: int | None
    links_to_listed: int
    size_band: str
    corridor: str | None
    # Foreign partner agencies with a bad record (listed, in trouble at home, or named in substantiated
    # complaints): the other end of the recruitment chain.
    partners_flagged: int = 0
