"""The points of every company at once, with numpy; the same arithmetic as points.score_points.

score_points stays the reference for one company (every contribution, in order); this module is
for scoring the whole register, where only totals and the heaviest contributions are needed. A test
checks that both agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from scoring.config import DEFAULT_CONFIG, ScoringConfig
from scoring.encode import SUBSTANTIATED, UNVERIFIED, BoolArray, EncodedEvents, FloatArray, IntArray
from scoring.events import SEVERITIES, ComplaintEvent, FindingEvent
from scoring.points import EPSILON, Contribution, effective_severity, tier_for

FINDING, COMPLAINT, LINK = 0, 1, 2


@dataclass(frozen=True)
class BatchPoints:
    """Points of every encoded company, and each one's heaviest contributions (largest first)."""

    points: FloatArray
    verified_points: FloatArray
    tiers: list[str]
    recommend_listing: BoolArray
    heaviest: list[list[Contribution]]


@dataclass(frozen=True)
class _Scored:
    """Decayed points of kept events: positions in the input sequence and per-event values."""

    index: IntArray
    company: IntArray
    points: FloatArray
    decayed: FloatArray
    flag: BoolArray


def _decay(points: FloatArray, age: IntArray, half_life: FloatArray | float) -> FloatArray:
    return np.asarray(points * np.power(0.5, age / half_life), dtype=np.float64)


def _findings(enc: EncodedEvents, today: int, config: ScoringConfig) -> _Scored:
    """Per kept finding; flag marks a repeat of a code the company was found with at an earlier inspection."""
    index = np.flatnonzero((enc.finding_company >= 0) & (enc.finding_day <= today))
    company, day = enc.finding_company[index], enc.finding_day[index]
    _, pair = np.unique(
        company * (int(enc.finding_code.max(initial=0)) + 1) + enc.finding_code[index], return_inverse=True
    )
    first = np.full(int(pair.max(initial=-1)) + 1, np.iinfo(np.int64).max)
    np.minimum.at(first, pair, day)
    repeat = day > first[pair]
    severity_points = np.array([config.severity_points[s] for s in SEVERITIES])[enc.finding_severity[index]]
    workers = 1.0 + config.workers_log_scale * np.log(np.maximum(1.0, enc.finding_workers[index]))
    points = severity_points * workers * np.where(repeat, config.repeat_multiplier, 1.0)
    return _Scored(index, company, points, _decay(points, today - day, config.finding_half_life_days), repeat)


def _cap_factors(
    company: IntArray, reporter: IntArray, decayed: FloatArray, n: int, share: float
) -> FloatArray:
    """Per complaint, the factor that keeps its reporter within the capped share of complaint points."""
    factor = np.ones(len(company))
    named = np.flatnonzero(reporter >= 0)
    base = int(reporter.max(initial=0)) + 1
    keys, pair = np.unique(company[named] * base + reporter[named], return_inverse=True)
    own = np.bincount(pair, weights=decayed[named], minlength=len(keys))
    heaviest = np.zeros(len(keys))
    np.maximum.at(heaviest, pair, decayed[named])
    total = np.bincount(company, weights=decayed, minlength=n)[keys // base]
    allowed = np.maximum(heaviest, share * (total - own) / (1.0 - share))
    capped = own > allowed + EPSILON
    factor[named] = np.where(capped, allowed / np.where(capped, own, 1.0), 1.0)[pair]
    return factor


def _complaints(enc: EncodedEvents, today: int, config: ScoringConfig) -> _Scored:
    """Per kept complaint; flag marks one whose points were reduced by the reporter cap."""
    status = enc.complaint_status
    index = np.flatnonzero(
        (enc.complaint_company >= 0) & (enc.complaint_day <= today) & (status <= UNVERIFIED)
    )
    company, substantiated = enc.complaint_company[index], status[index] == SUBSTANTIATED
    points = np.where(
        substantiated, config.substantiated_complaint_points, config.unverified_complaint_points
    )
    half_life = np.where(substantiated, config.substantiated_half_life_days, config.unverified_half_life_days)
    decayed = _decay(points, today - enc.complaint_day[index], half_life)
    n = len(enc.company_ids)
    factor = _cap_factors(company, enc.complaint_reporter[index], decayed, n, config.reporter_share_cap)
    return _Scored(index, company, points, decayed * factor, factor < 1.0)


def _heaviest(parts: Sequence[tuple[int, _Scored]], n: int, keep: int) -> list[tuple[int, int, int]]:
    """(company, kind, position in parts) of each company's `keep` heaviest events, heaviest first."""
    kind = np.concatenate([np.full(len(s.index), k) for k, s in parts])
    position = np.concatenate([np.arange(len(s.index)) for _, s in parts])
    company = np.concatenate([s.company for _, s in parts])
    decayed = np.concatenate([s.decayed for _, s in parts])
    order = np.lexsort((kind, -decayed, company))
    starts = np.searchsorted(company[order], np.arange(n))
    rank = np.arange(len(order)) - starts[company[order]]
    chosen = order[(rank < keep) & (decayed[order] > 0)]
    return list(zip(company[chosen].tolist(), kind[chosen].tolist(), position[chosen].tolist(), strict=True))


def _sum(scored: _Scored, rows: BoolArray | None, n: int) -> FloatArray:
    """Decayed points per company, over the selected rows or all of them."""
    if rows is None:
        return np.bincount(scored.company, weights=scored.decayed, minlength=n).astype(np.float64)
    return np.bincount(scored.company[rows], weights=scored.decayed[rows], minlength=n).astype(np.float64)


def _links(enc: EncodedEvents, config: ScoringConfig) -> _Scored:
    index = np.flatnonzero(enc.links > 0)
    points = np.minimum(enc.links[index] * config.link_points, config.max_link_points)
    return _Scored(index, index, points, points, np.zeros(len(index), dtype=np.bool_))


@dataclass(frozen=True)
class _Inputs:
    complaints: Sequence[ComplaintEvent]
    findings: Sequence[FindingEvent]
    links: FloatArray
    config: ScoringConfig


def _contribution(kind: int, scored: _Scored, i: int, data: _Inputs) -> Contribution:
    points, decayed, flag = float(scored.points[i]), float(scored.decayed[i]), bool(scored.flag[i])
    position = int(scored.index[i])
    if kind == FINDING:
        f = data.findings[position]
        severity = effective_severity(f, data.config)
        return Contribution(
            "finding",
            f.violation_code,
            f.inspected_on,
            points,
            decayed,
            True,
            severity,
            f.workers_affected,
            flag,
        )
    if kind == COMPLAINT:
        c = data.complaints[position]
        verified = c.status == "substantiated"
        code = ",".join(c.categories)
        return Contribution(
            "complaint", code, c.received_on, points, decayed, verified, capped=flag, categories=c.categories
        )
    links = int(data.links[position])
    return Contribution("links", "LINKS_TO_LISTED", None, points, decayed, False, links=links)


def score_points_batch(
    enc: EncodedEvents,
    complaints: Sequence[ComplaintEvent],
    findings: Sequence[FindingEvent],
    *,
    as_of: date,
    config: ScoringConfig = DEFAULT_CONFIG,
) -> BatchPoints:
    """Points of every company in enc (encoded from these complaints and findings) at as_of."""
    n, today = len(enc.company_ids), as_of.toordinal()
    found, complained, linked = (
        _findings(enc, today, config),
        _complaints(enc, today, config),
        _links(enc, config),
    )
    substantiated = enc.complaint_status[complained.index] == SUBSTANTIATED
    verified = _sum(found, None, n) + _sum(complained, substantiated, n)
    total = verified + _sum(complained, ~substantiated, n) + _sum(linked, None, n)
    basis = total if config.listing_counts_unverified else verified
    parts = ((FINDING, found), (COMPLAINT, complained), (LINK, linked))
    data = _Inputs(complaints, findings, enc.links, config)
    heaviest: list[list[Contribution]] = [[] for _ in range(n)]
    for company, kind, i in _heaviest(parts, n, config.max_reasons):
        heaviest[company].append(_contribution(kind, parts[kind][1], i, data))
    return BatchPoints(
        points=total,
        verified_points=verified,
        tiers=[tier_for(float(p), config) for p in total],
        recommend_listing=basis >= config.recommend_listing_threshold - EPSILON,
        heaviest=heaviest,
    )
