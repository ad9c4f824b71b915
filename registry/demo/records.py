"""The demo history's records: complaints, inspections and findings, as plain frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal, get_args

from scoring.events import Severity, ViolationCode

Channel = Literal["web", "hotline", "walk_in", "embassy", "ngo", "inspection_referral", "other_authority"]
ReporterType = Literal["victim", "relative", "co_worker", "ngo", "embassy", "anonymous"]
Language = Literal["ar", "en", "hi", "bn", "tl", "ne", "ur", "si"]

# The value lists are read off the Literal types, so each list of values is written once.
CHANNELS: tuple[Channel, ...] = get_args(Channel)
REPORTER_TYPES: tuple[ReporterType, ...] = get_args(ReporterType)
LANGUAGES: tuple[Language, ...] = get_args(Language)


@dataclass(frozen=True, slots=True)
class DemoComplaint:
    """A complaint as received: about a registered company (by external ID) or an unregistered one (None)."""

    source_ref: str
    company_external_id: str | None
    company_name_as_written: str
    received_on: date
    channel: Channel
    reporter_type: ReporterType
    language: Language
    categories: tuple[ViolationCode, ...]
    substantiated: bool | None
    reporter_key: str
    corridor: str


@dataclass(frozen=True, slots=True)
class DemoFinding:
    """One violation an inspection established."""

    violation_code: ViolationCode
    severity: Severity
    workers_affected: int


@dataclass(frozen=True, slots=True)
class DemoInspection:
    """A labour inspection of a registered company and what it found (possibly nothing)."""

    source_ref: str
    company_external_id: str
    inspected_on: date
    inspector: str
    workers_interviewed: int
    findings: tuple[DemoFinding, ...]


@dataclass(frozen=True, slots=True)
class DemoHistory:
    """Complaints and inspections over a period, plus each company's hidden propensity to abuse."""

    complaints: tuple[DemoComplaint, ...]
    inspections: tuple[DemoInspection, ...]
    # external_id -> propensity (0..1) when the period ends or the company stops trading. It is the truth
    # to evaluate risk models against and must never reach one as a feature.
    latent_risk: dict[str, float]
