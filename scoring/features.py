"""Per-company feature table at a date, vectorised over all companies at once.

Only conduct and registry facts are features. Nationality, gender, language, the workers' corridor of
origin and the company's size band are never features: courts stopped models that used them, and
size band and corridor are kept only to report flag rates by group in the model card.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from scoring.config import DAYS_PER_YEAR, DEFAULT_CONFIG, ScoringConfig
from scoring.encode import (
    SUBSTANTIATED,
    UNVERIFIED,
    BoolArray,
    EncodedEvents,
    FloatArray,
    IntArray,
    encode_events,
    group_names,
)
from scoring.events import (
    LICENCE_STATUSES,
    SEVERITIES,
    CompanyFacts,
    ComplaintEvent,
    FindingEvent,
    InspectionEvent,
)

FORBIDDEN_WORDS = ("nationality", "gender", "sex", "language", "corridor", "size", "religion")


@dataclass(frozen=True)
class FeatureTable:
    """Companies in rows, named features in columns (float64)."""

    company_ids: list[str]
    names: tuple[str, ...]
    matrix: FloatArray

    def column(self, name: str) -> FloatArray:
        """One feature's values for every company."""
        return self.matrix[:, self.names.index(name)]

    def subset(self, rows: BoolArray) -> FeatureTable:
        """The same table restricted to the selected rows."""
        ids = [cid for cid, keep in zip(self.company_ids, rows, strict=True) if keep]
        return FeatureTable(ids, self.names, self.matrix[rows])


def feature_names(config: ScoringConfig = DEFAULT_CONFIG) -> tuple[str, ...]:
    """Every feature column in order."""
    complaints = [f"complaints_{g}_{s}" for g in group_names(config) for s in ("substantiated", "unverified")]
    return (
        *complaints,
        *(f"findings_{s}" for s in SEVERITIES),
        "serious_inspections",
        "workers_affected",
        "complaints_per_100_workers",
        "workforce_unknown",
        "company_age_years",
        "registration_date_unknown",
        *(f"licence_{s}" for s in LICENCE_STATUSES),
        "links_to_listed",
        "partners_flagged",
        "max_reporter_share",
        "days_since_last_complaint",
        "days_since_last_finding",
    )


def _check_names(names: Sequence[str]) -> None:
    bad = [n for n in names if any(word in n for word in FORBIDDEN_WORDS)]
    if bad:
        raise ValueError(f"forbidden features: {bad}")


def _sum_by(company: IntArray, weights: FloatArray, n: int) -> FloatArray:
    return np.bincount(company, weights=weights, minlength=n).astype(np.float64)


def _half_weights(age: IntArray, half_life: float) -> FloatArray:
    return np.power(0.5, age / half_life)


def _days_since(company: IntArray, day: IntArray, n: int, today: int, cap: float) -> FloatArray:
    last = np.full(n, np.iinfo(np.int64).min, dtype=np.int64)
    np.maximum.at(last, company, day)
    days = np.where(last == np.iinfo(np.int64).min, cap, today - last).astype(np.float64)
    return np.minimum(days, cap)


def _complaint_columns(enc: EncodedEvents, today: int, config: ScoringConfig) -> dict[str, FloatArray]:
    n = len(enc.company_ids)
    keep = (enc.complaint_company >= 0) & (enc.complaint_day <= today) & (enc.complaint_status <= UNVERIFIED)
    company, status, groups = (
        enc.complaint_company[keep],
        enc.complaint_status[keep],
        enc.complaint_groups[keep],
    )
    age = today - enc.complaint_day[keep]
    weight = np.where(
        status == SUBSTANTIATED,
        _half_weights(age, config.substantiated_half_life_days),
        _half_weights(age, config.unverified_half_life_days),
    )
    cols: dict[str, FloatArray] = {}
    for bit, group in enumerate(enc.group_names):
        in_group = (groups >> bit) & 1 == 1
        for code, label in ((SUBSTANTIATED, "substantiated"), (UNVERIFIED, "unverified")):
            rows = in_group & (status == code)
            cols[f"complaints_{group}_{label}"] = _sum_by(company[rows], weight[rows], n)
    weighted_total = _sum_by(company, weight, n)
    known = enc.workforce > 0
    safe_workforce = np.where(known, enc.workforce, 1.0)
    cols["complaints_per_100_workers"] = np.where(known, 100.0 * weighted_total / safe_workforce, 0.0)
    cols["workforce_unknown"] = (~known).astype(np.float64)
    cols["max_reporter_share"] = _max_reporter_share(company, enc.complaint_reporter[keep], n)
    cols["days_since_last_complaint"] = _days_since(
        company, enc.complaint_day[keep], n, today, config.no_event_days
    )
    return cols


def _max_reporter_share(company: IntArray, reporter: IntArray, n: int) -> FloatArray:
    total = np.bincount(company, minlength=n).astype(np.float64)
    named = reporter >= 0
    base = int(reporter.max(initial=0)) + 1
    pairs, counts = np.unique(company[named] * base + reporter[named], return_counts=True)
    top = np.zeros(n, dtype=np.float64)
    np.maximum.at(top, pairs // base, counts.astype(np.float64))
    return np.divide(top, total, out=np.zeros(n), where=total > 0)


def _finding_columns(enc: EncodedEvents, today: int, config: ScoringConfig) -> dict[str, FloatArray]:
    n = len(enc.company_ids)
    keep = (enc.finding_company >= 0) & (enc.finding_day <= today)
    company, severity = enc.finding_company[keep], enc.finding_severity[keep]
    weight = _half_weights(today - enc.finding_day[keep], config.finding_half_life_days)
    cols = {
        f"findings_{s}": _sum_by(company[severity == i], weight[severity == i], n)
        for i, s in enumerate(SEVERITIES)
    }
    cols["workers_affected"] = _sum_by(company, weight * enc.finding_workers[keep], n)
    cols["days_since_last_finding"] = _days_since(
        company, enc.finding_day[keep], n, today, config.no_event_days
    )
    serious = (enc.inspection_company >= 0) & (enc.inspection_day <= today) & enc.inspection_serious
    cols["serious_inspections"] = np.bincount(enc.inspection_company[serious], minlength=n).astype(np.float64)
    return cols


def _fact_columns(enc: EncodedEvents, today: int) -> dict[str, FloatArray]:
    known = ~np.isnan(enc.registered_day)
    age = np.where(known, (today - np.nan_to_num(enc.registered_day)) / DAYS_PER_YEAR, 0.0)
    cols = {
        "company_age_years": np.maximum(age, 0.0),
        "registration_date_unknown": (~known).astype(np.float64),
        "links_to_listed": enc.links,
        "partners_flagged": enc.partners,
    }
    for i, status in enumerate(LICENCE_STATUSES):
        cols[f"licence_{status}"] = (enc.licence == i).astype(np.float64)
    return cols


def features_from_encoded(
    enc: EncodedEvents, *, as_of: date, config: ScoringConfig = DEFAULT_CONFIG
) -> FeatureTable:
    """Feature table at as_of from encoded events; events after as_of are ignored."""
    today = as_of.toordinal()
    cols = {
        **_complaint_columns(enc, today, config),
        **_finding_columns(enc, today, config),
        **_fact_columns(enc, today),
    }
    names = feature_names(config)
    _check_names(names)
    matrix = np.column_stack([cols[name] for name in names]) if enc.company_ids else np.zeros((0, len(names)))
    return FeatureTable(list(enc.company_ids), names, np.ascontiguousarray(matrix, dtype=np.float64))


def build_features(
    companies: Sequence[CompanyFacts],
    complaints: Sequence[ComplaintEvent],
    findings: Sequence[FindingEvent],
    inspections: Sequence[InspectionEvent],
    *,
    as_of: date,
    config: ScoringConfig = DEFAULT_CONFIG,
) -> FeatureTable:
    """Feature table of the given companies at as_of."""
    encoded = encode_events(companies, complaints, findings, inspections, config=config)
    return features_from_encoded(encoded, as_of=as_of, config=config)
