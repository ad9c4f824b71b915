"""Training snapshots: features at a past date and what happened to each company afterwards."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from scoring.config import DEFAULT_CONFIG, ScoringConfig
from scoring.encode import BoolArray, EncodedEvents, IntArray, encode_events
from scoring.events import CompanyFacts, ComplaintEvent, FindingEvent, InspectionEvent, ListingEvent
from scoring.features import FeatureTable, features_from_encoded


@dataclass(frozen=True)
class Snapshot:
    """Features of companies at as_of with their outcome label in the horizon after it."""

    as_of: date
    table: FeatureTable
    labels: BoolArray


def outcome_known_on(as_of: date, config: ScoringConfig = DEFAULT_CONFIG) -> date:
    """First date on which every outcome of a snapshot taken at as_of is known."""
    return as_of + timedelta(days=config.label_horizon_days + config.label_gap_days)


def _hit(company: IntArray, day: IntArray, selected: BoolArray, start: int, end: int, n: int) -> BoolArray:
    rows = selected & (company >= 0) & (day > start) & (day <= end)
    return np.bincount(company[rows], minlength=n) > 0


def build_labels(enc: EncodedEvents, *, as_of: date, config: ScoringConfig = DEFAULT_CONFIG) -> BoolArray:
    """True where, within the horizon after as_of, an inspection was serious or the company was listed."""
    n = len(enc.company_ids)
    start = as_of.toordinal()
    end = start + config.label_horizon_days
    serious = _hit(enc.inspection_company, enc.inspection_day, enc.inspection_serious, start, end, n)
    all_listings = np.ones(len(enc.listing_company), dtype=np.bool_)
    listed = _hit(enc.listing_company, enc.listing_day, all_listings, start, end, n)
    return serious | listed


def _eligible(enc: EncodedEvents, as_of: date) -> BoolArray:
    """Companies that existed at as_of and were not already listed: only they can be scored then."""
    n = len(enc.company_ids)
    today = as_of.toordinal()
    early = (enc.listing_company >= 0) & (enc.listing_day <= today)
    already_listed = np.bincount(enc.listing_company[early], minlength=n) > 0
    registered_later = np.nan_to_num(enc.registered_day, nan=-np.inf) > today
    return ~(already_listed | registered_later)


def snapshot_from_encoded(
    enc: EncodedEvents, *, as_of: date, known_until: date, config: ScoringConfig = DEFAULT_CONFIG
) -> Snapshot:
    """One snapshot; refused when its outcomes are not all known by known_until."""
    if outcome_known_on(as_of, config) > known_until:
        raise ValueError(
            f"outcomes of a snapshot at {as_of} are only known from {outcome_known_on(as_of, config)}"
        )
    keep = _eligible(enc, as_of)
    table = features_from_encoded(enc, as_of=as_of, config=config).subset(keep)
    return Snapshot(as_of, table, build_labels(enc, as_of=as_of, config=config)[keep])


def make_snapshots(
    companies: Sequence[CompanyFacts],
    complaints: Sequence[ComplaintEvent],
    findings: Sequence[FindingEvent],
    inspections: Sequence[InspectionEvent],
    listings: Sequence[ListingEvent],
    *,
    as_of_dates: Sequence[date],
    known_until: date,
    config: ScoringConfig = DEFAULT_CONFIG,
) -> list[Snapshot]:
    """Snapshots at each date; statuses and company facts must be as known at the date, or features leak."""
    enc = encode_events(companies, complaints, findings, inspections, listings, config=config)
    dates = sorted(set(as_of_dates))
    return [snapshot_from_encoded(enc, as_of=d, known_until=known_until, config=config) for d in dates]


def snapshot_id(snapshots: Sequence[Snapshot]) -> str:
    """A SHA-256 over dates, company ids, features and labels: which data trained a model."""
    digest = hashlib.sha256()
    for snap in snapshots:
        digest.update(snap.as_of.isoformat().encode())
        digest.update("\n".join(snap.table.company_ids).encode())
        digest.update("\n".join(snap.table.names).encode())
        digest.update(np.ascontiguousarray(snap.table.matrix).tobytes())
        digest.update(snap.labels.astype(np.uint8).tobytes())
    return digest.hexdigest()
