"""Transparent points: each finding and complaint adds decayed points, each with its own sentence.

A score never lists a company: it can only recommend that a person open a listing case.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from scoring.config import DEFAULT_CONFIG, ScoringConfig
from scoring.events import SEVERITIES, UNVERIFIED_STATUSES, CompanyFacts, ComplaintEvent, FindingEvent
from scoring.texts import SEVERITY_TEXT, violation_text

# Rounding noise must not decide a threshold that a whole number of points reaches exactly.
EPSILON = 1e-9


@dataclass(frozen=True, slots=True)
class Contribution:
    """One thing that added points (points before decay, decayed as counted); text_en/text_ar say it."""

    kind: str
    code: str
    on: date | None
    points: float
    decayed: float
    verified: bool
    severity: str = ""
    workers: int = 0
    repeat: bool = False
    capped: bool = False
    categories: tuple[str, ...] = ()
    links: int = 0

    @property
    def text_en(self) -> str:
        """The contribution in plain English."""
        return _describe(self)[0]

    @property
    def text_ar(self) -> str:
        """The contribution in plain Arabic."""
        return _describe(self)[1]

    def texts(self) -> tuple[str, str]:
        """English and Arabic together, worded once."""
        return _describe(self)


@dataclass(frozen=True)
class PointsResult:
    """A company's points, tier and listing recommendation, with every contribution."""

    points: float
    verified_points: float
    tier: str
    recommend_listing: bool
    contributions: list[Contribution]


def decay(points: float, age_days: float, half_life_days: float) -> float:
    """Exponential decay: the weight halves every half-life."""
    return float(points * 0.5 ** (age_days / half_life_days))


def tier_for(points: float, config: ScoringConfig = DEFAULT_CONFIG) -> str:
    """The tier whose lower bound the points reach, or "low"."""
    tier = "low"
    for name in ("medium", "high", "critical"):
        if points >= config.tier_thresholds[name] - EPSILON:
            tier = name
    return tier


def _fmt(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def effective_severity(finding: FindingEvent, config: ScoringConfig) -> str:
    """Critical codes are critical whatever was recorded; an unknown severity counts as low."""
    if finding.violation_code in config.critical_codes:
        return "critical"
    return finding.severity if finding.severity in SEVERITIES else "low"


def _workers_factor(workers: int, config: ScoringConfig) -> float:
    return 1.0 + config.workers_log_scale * math.log(max(1, workers))


def _finding_text(c: Contribution) -> tuple[str, str]:
    code_en, code_ar = violation_text(c.code)
    sev_en, sev_ar = SEVERITY_TEXT.get(c.severity, (c.severity, c.severity))
    rep_en, rep_ar = (", repeated", "، مخالفة متكررة") if c.repeat else ("", "")
    on = c.on.isoformat() if c.on else ""
    workers = f"{c.workers} worker" if c.workers == 1 else f"{c.workers} workers"
    en = (
        f"Inspection finding: {code_en} ({sev_en}){rep_en}, {on}, {workers} — "
        f"{_fmt(c.points)} points, decayed to {_fmt(c.decayed)}"
    )
    ar = (
        f"مخالفة رصدها التفتيش: {code_ar} ({sev_ar}){rep_ar}، {on}، "
        f"عدد العمال {c.workers} — {_fmt(c.points)} نقطة، بعد التقادم {_fmt(c.decayed)}"
    )
    return en, ar


def finding_contributions(
    findings: Iterable[FindingEvent], *, as_of: date, config: ScoringConfig = DEFAULT_CONFIG
) -> list[Contribution]:
    """Decayed points of each finding up to as_of; a code found again at a later inspection is a repeat."""
    first_seen: dict[str, date] = {}
    out: list[Contribution] = []
    for f in sorted((f for f in findings if f.inspected_on <= as_of), key=lambda f: f.inspected_on):
        seen = first_seen.setdefault(f.violation_code, f.inspected_on)
        repeat = seen < f.inspected_on
        severity = effective_severity(f, config)
        pts = config.severity_points[severity] * _workers_factor(f.workers_affected, config)
        pts *= config.repeat_multiplier if repeat else 1.0
        dec = decay(pts, (as_of - f.inspected_on).days, config.finding_half_life_days)
        out.append(
            Contribution(
                "finding",
                f.violation_code,
                f.inspected_on,
                pts,
                dec,
                True,
                severity,
                f.workers_affected,
                repeat,
            )
        )
    return out


def _complaint_contribution(c: ComplaintEvent, as_of: date, config: ScoringConfig) -> Contribution | None:
    if c.status == "substantiated":
        pts, half_life, verified = (
            config.substantiated_complaint_points,
            config.substantiated_half_life_days,
            True,
        )
    elif c.status in UNVERIFIED_STATUSES:
        pts, half_life, verified = config.unverified_complaint_points, config.unverified_half_life_days, False
    else:
        return None
    dec = decay(pts, (as_of - c.received_on).days, half_life)
    code = ",".join(c.categories)
    return Contribution("complaint", code, c.received_on, pts, dec, verified, categories=c.categories)


def _reporter_factors(
    keyed: Sequence[tuple[str | None, Contribution]], config: ScoringConfig
) -> dict[str, float]:
    """Scale factor per reporter so that no reporter exceeds the capped share of complaint points."""
    by_reporter: dict[str, list[float]] = defaultdict(list)
    for key, contribution in keyed:
        if key is not None:
            by_reporter[key].append(contribution.decayed)
    total = sum(contribution.decayed for _, contribution in keyed)
    share = config.reporter_share_cap
    factors: dict[str, float] = {}
    for key, values in by_reporter.items():
        own = sum(values)
        allowed = max(max(values), share * (total - own) / (1.0 - share))
        if own > allowed + EPSILON:
            factors[key] = allowed / own
    return factors


def _complaint_text(c: Contribution) -> tuple[str, str]:
    names = [violation_text(code) for code in c.categories] or [("unspecified", "غير محددة")]
    what_en = ", ".join(n[0] for n in names)
    what_ar = "، ".join(n[1] for n in names)
    head_en, head_ar = (
        ("Substantiated complaint", "شكوى مثبتة")
        if c.verified
        else (
            "Complaint not yet verified",
            "شكوى لم يُتحقق منها بعد",
        )
    )
    on = c.on.isoformat() if c.on else ""
    en = f"{head_en}: {what_en}, received {on} — {_fmt(c.points)} points"
    ar = f"{head_ar}: {what_ar}، وردت في {on} — {_fmt(c.points)} نقطة"
    if c.capped:
        return (
            f"{en}, decayed and capped to {_fmt(c.decayed)} (one reporter's share is limited)",
            f"{ar}، بعد التقادم والتخفيض {_fmt(c.decayed)} (حصة المُبلّغ الواحد محدودة)",
        )
    return f"{en}, decayed to {_fmt(c.decayed)}", f"{ar}، بعد التقادم {_fmt(c.decayed)}"


def complaint_contributions(
    complaints: Iterable[ComplaintEvent], *, as_of: date, config: ScoringConfig = DEFAULT_CONFIG
) -> list[Contribution]:
    """Decayed points of each complaint up to as_of; unsubstantiated and closed ones add nothing."""
    # Reporter keys stay here: an explanation shown to a company must not help it identify a complainant.
    keyed = [
        (c.reporter_key, contribution)
        for c in sorted(complaints, key=lambda c: c.received_on)
        if c.received_on <= as_of and (contribution := _complaint_contribution(c, as_of, config))
    ]
    factors = _reporter_factors(keyed, config)
    return [
        replace(k, decayed=k.decayed * factors[key], capped=True) if key in factors else k for key, k in keyed
    ]


def _link_text(c: Contribution) -> tuple[str, str]:
    en = (
        f"Linked to {c.links} listed or proposed companies (shared officers, phones or addresses) "
        f"— {_fmt(c.points)} points"
    )
    ar = (
        f"مرتبطة بعدد {c.links} من الشركات المدرجة أو المقترح إدراجها (مسؤولون أو هواتف أو عناوين مشتركة) "
        f"— {_fmt(c.points)} نقطة"
    )
    return en, ar


def _describe(c: Contribution) -> tuple[str, str]:
    if c.kind == "finding":
        return _finding_text(c)
    if c.kind == "complaint":
        return _complaint_text(c)
    return _link_text(c)


def link_contribution(
    facts: CompanyFacts | None, config: ScoringConfig = DEFAULT_CONFIG
) -> list[Contribution]:
    """Capped points for links to listed companies; intelligence, so never verified evidence."""
    if facts is None or facts.links_to_listed <= 0:
        return []
    n = facts.links_to_listed
    pts = min(n * config.link_points, config.max_link_points)
    return [Contribution("links", "LINKS_TO_LISTED", None, pts, pts, False, links=n)]


def score_points(
    company_id: str,
    complaints: Iterable[ComplaintEvent],
    findings: Iterable[FindingEvent],
    facts: CompanyFacts | None,
    *,
    as_of: date,
    config: ScoringConfig = DEFAULT_CONFIG,
) -> PointsResult:
    """Points, tier and listing recommendation of one company from its events up to as_of."""
    own_findings = (f for f in findings if f.company_id == company_id)
    own_complaints = (c for c in complaints if c.company_id == company_id)
    own_facts = facts if facts is not None and facts.company_id == company_id else None
    contributions = [
        *finding_contributions(own_findings, as_of=as_of, config=config),
        *complaint_contributions(own_complaints, as_of=as_of, config=config),
        *link_contribution(own_facts, config),
    ]
    total = sum(c.decayed for c in contributions)
    verified = sum(c.decayed for c in contributions if c.verified)
    basis = total if config.listing_counts_unverified else verified
    recommend = basis >= config.recommend_listing_threshold - EPSILON
    return PointsResult(total, verified, tier_for(total, config), recommend, contributions)
