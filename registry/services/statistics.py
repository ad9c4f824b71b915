"""The committee's statistics for one calendar year in Kuwait: what the annual report, the dashboard
and the research export are all built from."""

from __future__ import annotations

import statistics as stats
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col

from registry.errors import InvalidInput
from registry.models.listing import Listing, ListingAction
from registry.reports import labels
from registry.reports.labels import Label
from registry.repositories import statistics as repo
from registry.schemas.statistics import (
    AnnualStatistics,
    ComplaintStats,
    Count,
    InspectionStats,
    ListingMonth,
    ListingStats,
    ViolationCount,
    VisaStats,
)
from registry.services.indicators import indicators, not_held
from registry.services.legal_time import KUWAIT

FIRST_YEAR, LAST_YEAR = 2000, 2100
_DAY = 86_400


class Window:
    """A calendar year in Kuwait: its instants, its days and its thirteen month boundaries."""

    def __init__(self, year: int) -> None:
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise InvalidInput(f"year must lie in {FIRST_YEAR}..{LAST_YEAR}")
        self.year = year
        self.first, self.last = date(year, 1, 1), date(year, 12, 31)
        self.days = [date(year, m, 1) for m in range(1, 13)] + [date(year + 1, 1, 1)]
        self.instants = [datetime(d.year, d.month, 1, tzinfo=KUWAIT) for d in self.days]
        self.start, self.end = self.instants[0], self.instants[12]


def annual(session: Session, *, year: int, now: datetime) -> AnnualStatistics:
    """Every figure of YEAR the registry holds, with the action plan's indicators and what is not held."""
    window = Window(year)
    complaints = complaint_stats(session, window)
    inspections = inspection_stats(session, window)
    listings = listing_stats(session, window)
    visas = visa_stats(session, window)
    registered = repo.companies_registered(session, window.end)
    sources = repo.import_sources(session, window.start, window.end)
    figures = (complaints, inspections, listings, visas, registered, sources)
    return AnnualStatistics(
        year=year,
        period_start=window.first,
        period_end=window.last,
        generated_at=now,
        companies_registered=registered,
        complaints=complaints,
        inspections=inspections,
        listings=listings,
        visa_checks=visas,
        indicators=indicators(*figures),
        not_held=not_held(),
    )


def _counts(pairs: Iterable[tuple[Any, int]], name: Any) -> list[Count]:
    """Counts, largest first, each labelled by NAME (a label table or a function of the key)."""
    rows = []
    for key, count in sorted(pairs, key=lambda p: (-p[1], str(p[0]))):
        en, ar = name(key) if callable(name) else labels.label(name, key)
        rows.append(Count(key=str(key or ""), label_en=en, label_ar=ar, count=count))
    return rows


def _months(pairs: Iterable[tuple[Any, int]]) -> list[Count]:
    found = {int(m): n for m, n in pairs if m is not None}
    return [
        Count(key=f"{m:02d}", label_en=labels.month(m)[0], label_ar=labels.month(m)[1], count=found.get(m, 0))
        for m in range(1, 13)
    ]


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def complaint_stats(session: Session, window: Window) -> ComplaintStats:
    """Complaints received in the window."""
    start, end = window.start, window.end
    by_status = dict(repo.complaints_by(session, "status", start, end))
    decided = sum(by_status.get(s, 0) for s in repo.DECISIONS)
    substantiated = by_status.get("substantiated", 0)
    days = sorted(
        (decided_at - received).total_seconds() / _DAY
        for received, decided_at in repo.decision_times(session, start, end)
    )
    categories: Counter[str] = Counter()
    for row in repo.complaint_categories(session, start, end):
        categories.update(set(row))
    return ComplaintStats(
        total=sum(by_status.values()),
        by_channel=_counts(repo.complaints_by(session, "channel", start, end), labels.CHANNELS),
        by_category=_counts(categories.items(), _violation_names(session)),
        by_month=_months(repo.complaints_by_month(session, window.instants)),
        by_corridor=_counts(repo.complaints_by(session, "corridor", start, end), labels.country),
        by_status=_counts(by_status.items(), labels.STATUSES),
        by_reporter=_counts(repo.complaints_by(session, "reporter_type", start, end), labels.REPORTERS),
        unregistered_company=repo.unregistered(session, start, end),
        decided=decided,
        substantiated=substantiated,
        substantiated_share=_share(substantiated, decided),
        decisions_timed=len(days),
        decision_days_median=round(stats.median(days), 1) if days else None,
        decision_days_p90=round(days[min(len(days) - 1, int(0.9 * len(days)))], 1) if days else None,
    )


def _violation_names(session: Session) -> Any:
    titles = repo.violation_titles(session)

    def name(code: str) -> Label:
        return titles.get(code, (code, code))

    return name


def inspection_stats(session: Session, window: Window) -> InspectionStats:
    """Inspections made in the window and what they found."""
    total, companies, found = repo.inspection_totals(session, window.first, window.last)
    violations = [
        ViolationCount(
            code=c, label_en=en, label_ar=ar, severity=sev, findings=int(n), workers_affected=int(w)
        )
        for c, en, ar, sev, n, w in repo.findings_by_violation(session, window.first, window.last)
    ]
    return InspectionStats(
        total=total,
        companies_inspected=companies,
        with_violations=found,
        by_outcome=_counts(repo.inspections_by_outcome(session, window.first, window.last), labels.OUTCOMES),
        by_month=_months(repo.inspections_by_month(session, window.days)),
        findings=sum(v.findings for v in violations),
        workers_affected=sum(v.workers_affected for v in violations),
        by_violation=violations,
    )


def listing_stats(session: Session, window: Window) -> ListingStats:
    """Blacklist cases in the window."""
    moves = repo.listing_moves(session, window.first, window.last)
    removed = col(Listing.removal_reason)
    monthly = {
        "added": dict(repo.listings_by_month(session, window.days, "starts_on")),
        "expired": dict(repo.listings_by_month(session, window.days, "removed_on", removed == "expired")),
        "lifted": dict(
            repo.listings_by_month(session, window.days, "removed_on", removed.in_(["lifted", "appeal_won"]))
        ),
    }
    return ListingStats(
        proposed=repo.listing_events(session, ListingAction.PROPOSED, window.start, window.end),
        dismissed=repo.listing_events(session, ListingAction.DISMISSED, window.start, window.end),
        in_force_at_end=repo.in_force_on(session, window.last),
        court_ruling_grounds=repo.court_ruling_grounds(session, window.first, window.last),
        publications=repo.publications(session, window.start, window.end),
        by_month=[
            ListingMonth(
                month=m, label_en=labels.month(m)[0], label_ar=labels.month(m)[1],
                **{kind: monthly[kind].get(m, 0) for kind in monthly},
            )
            for m in range(1, 13)
        ],
        **moves,
    )  # fmt: skip


def visa_stats(session: Session, window: Window) -> VisaStats:
    """Visa checks made in the window."""
    by_decision = dict(repo.visa_checks_by(session, window.start, window.end))
    total, refused = sum(by_decision.values()), by_decision.get("refuse", 0)
    return VisaStats(
        total=total,
        refused=refused,
        refused_share=_share(refused, total),
        by_decision=_counts(by_decision.items(), labels.VISA_DECISIONS),
        by_month=_months(repo.refusals_by_month(session, window.instants)),
    )
