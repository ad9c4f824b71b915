"""Events turned into numpy columns once, so features at many dates cost array operations only."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from scoring.config import DEFAULT_CONFIG, ScoringConfig
from scoring.events import (
    COMPLAINT_STATUSES,
    LICENCE_STATUSES,
    SEVERITIES,
    UNVERIFIED_STATUSES,
    CompanyFacts,
    ComplaintEvent,
    FindingEvent,
    InspectionEvent,
    ListingEvent,
)

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

# Complaint status codes in the encoded arrays; anything else is ignored by every feature.
SUBSTANTIATED, UNVERIFIED, IGNORED = 0, 1, 2
OTHER_GROUP = "other"


@dataclass(frozen=True)
class EncodedEvents:
    """Column arrays of all events, with company positions matching company_ids."""

    company_ids: list[str]
    group_names: tuple[str, ...]
    complaint_company: IntArray
    complaint_day: IntArray
    complaint_status: IntArray
    complaint_groups: IntArray
    complaint_reporter: IntArray
    finding_company: IntArray
    finding_day: IntArray
    finding_severity: IntArray
    finding_code: IntArray
    finding_workers: FloatArray
    inspection_company: IntArray
    inspection_day: IntArray
    inspection_serious: BoolArray
    listing_company: IntArray
    listing_day: IntArray
    registered_day: FloatArray
    workforce: FloatArray
    licence: IntArray
    links: FloatArray
    partners: FloatArray


def _ints(values: list[int]) -> IntArray:
    return np.array(values, dtype=np.int64).reshape(len(values))


def group_names(config: ScoringConfig = DEFAULT_CONFIG) -> tuple[str, ...]:
    """Complaint category groups in feature order, ending with the catch-all group."""
    return (*config.category_groups, OTHER_GROUP)


def _group_masks(config: ScoringConfig) -> Callable[[tuple[str, ...]], int]:
    bit_of = {code: 1 << i for i, codes in enumerate(config.category_groups.values()) for code in codes}
    other = 1 << len(config.category_groups)
    cache: dict[tuple[str, ...], int] = {}

    def mask(categories: tuple[str, ...]) -> int:
        if categories not in cache:
            bits = 0
            for code in categories:
                bits |= bit_of.get(code, other)
            cache[categories] = bits or other
        return cache[categories]

    return mask


_STATUS_CODES = {
    status: (UNVERIFIED if status in UNVERIFIED_STATUSES else IGNORED) for status in COMPLAINT_STATUSES
}
_STATUS_CODES["substantiated"] = SUBSTANTIATED


def _severity_code(config: ScoringConfig) -> Callable[[FindingEvent], int]:
    rank: dict[str, int] = {s: i for i, s in enumerate(SEVERITIES)}
    critical = rank["critical"]

    def code(f: FindingEvent) -> int:
        return critical if f.violation_code in config.critical_codes else rank.get(f.severity, 0)

    return code


def _facts_columns(
    companies: Sequence[CompanyFacts],
) -> tuple[FloatArray, FloatArray, IntArray, FloatArray, FloatArray]:
    nan = float("nan")
    registered = np.array([c.registered_on.toordinal() if c.registered_on else nan for c in companies])
    workforce = np.array([float(c.workforce) if c.workforce else nan for c in companies])
    unknown = LICENCE_STATUSES.index("unknown")
    lic = {s: i for i, s in enumerate(LICENCE_STATUSES)}
    licence = _ints([lic.get(c.licence_status, unknown) for c in companies])
    links = np.array([max(0, c.links_to_listed) for c in companies], dtype=np.float64)
    partners = np.array([max(0, c.partners_flagged) for c in companies], dtype=np.float64)
    return registered.astype(np.float64), workforce.astype(np.float64), licence, links, partners


def _complaint_columns(
    complaints: Sequence[ComplaintEvent], where: Callable[[str, int], int], config: ScoringConfig
) -> tuple[IntArray, IntArray, IntArray, IntArray, IntArray]:
    mask = _group_masks(config)
    reporters: dict[str, int] = {}
    status = _STATUS_CODES
    return (
        _ints([where(c.company_id, -1) for c in complaints]),
        _ints([c.received_on.toordinal() for c in complaints]),
        _ints([status.get(c.status, IGNORED) for c in complaints]),
        _ints([mask(c.categories) for c in complaints]),
        _ints(
            [
                -1 if c.reporter_key is None else reporters.setdefault(c.reporter_key, len(reporters))
                for c in complaints
            ]
        ),
    )


def _finding_columns(
    findings: Sequence[FindingEvent], where: Callable[[str, int], int], config: ScoringConfig
) -> tuple[IntArray, IntArray, IntArray, IntArray, FloatArray]:
    severity = _severity_code(config)
    codes: dict[str, int] = {}
    return (
        _ints([where(f.company_id, -1) for f in findings]),
        _ints([f.inspected_on.toordinal() for f in findings]),
        _ints([severity(f) for f in findings]),
        _ints([codes.setdefault(f.violation_code, len(codes)) for f in findings]),
        np.array([max(0, f.workers_affected) for f in findings], dtype=np.float64),
    )


def encode_events(
    companies: Sequence[CompanyFacts],
    complaints: Sequence[ComplaintEvent],
    findings: Sequence[FindingEvent],
    inspections: Sequence[InspectionEvent],
    listings: Sequence[ListingEvent] = (),
    *,
    config: ScoringConfig = DEFAULT_CONFIG,
) -> EncodedEvents:
    """Encode every event once; events of companies not in the list are dropped."""
    position = {c.company_id: i for i, c in enumerate(companies)}
    if len(position) != len(companies):
        raise ValueError("company ids must be unique")
    where = position.get
    c_company, c_day, c_status, c_groups, c_reporter = _complaint_columns(complaints, where, config)
    f_company, f_day, f_severity, f_code, f_workers = _finding_columns(findings, where, config)
    registered, workforce, licence, links, partners = _facts_columns(companies)
    return EncodedEvents(
        company_ids=[c.company_id for c in companies],
        group_names=group_names(config),
        complaint_company=c_company,
        complaint_day=c_day,
        complaint_status=c_status,
        complaint_groups=c_groups,
        complaint_reporter=c_reporter,
        finding_company=f_company,
        finding_day=f_day,
        finding_severity=f_severity,
        finding_code=f_code,
        finding_workers=f_workers,
        inspection_company=_ints([where(i.company_id, -1) for i in inspections]),
        inspection_day=_ints([i.inspected_on.toordinal() for i in inspections]),
        inspection_serious=np.array([i.serious for i in inspections], dtype=np.bool_).reshape(
            len(inspections)
        ),
        listing_company=_ints([where(e.company_id, -1) for e in listings]),
        listing_day=_ints([e.listed_on.toordinal() for e in listings]),
        registered_day=registered,
        workforce=workforce,
        licence=licence,
        links=links,
        partners=partners,
    )
