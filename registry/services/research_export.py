"""The research export: a year's counts as tables a research body may receive.

Nothing about a complainant leaves: no names, phones, documents, nationalities, follow-up codes,
reporter keys, narratives, record ids, company names or exact dates; only counts of complaints,
inspections, findings, listings and visa checks, by month and by coded categories. Every count from
1 to 4 is suppressed, with complementary suppression so a hidden count cannot be derived from the
margins (registry/reports/suppression.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlmodel import Session

from registry.models.complaint import Complaint
from registry.models.inspection import Inspection
from registry.models.visa_check import VisaCheck
from registry.reports import labels
from registry.reports.export_files import Table as ExportTable
from registry.reports.labels import Label
from registry.reports.suppression import ALL, THRESHOLD, Key, protect
from registry.repositories import statistics as repo
from registry.services.statistics import Window, listing_stats

Labeller = Callable[[str], Label]


def tables(session: Session, *, year: int, threshold: int = THRESHOLD) -> list[ExportTable]:
    """Every table of the research export for YEAR, suppressed."""
    w = Window(year)
    name = _namers(session)
    complaints = [
        (
            "complaints_by_month_channel",
            "Complaints by month and channel",
            "الشكاوى حسب الشهر والقناة",
            ("month", "channel"),
        ),
        (
            "complaints_by_corridor_channel",
            "Complaints by country of origin and channel",
            "الشكاوى حسب بلد المنشأ والقناة",
            ("corridor", "channel"),
        ),
        (
            "complaints_by_status_reporter",
            "Complaints by status and reporter",
            "الشكاوى حسب الحالة ومقدم البلاغ",
            ("status", "reporter_type"),
        ),
    ]
    out = [
        _table(n, en, ar, d, _crosstab(session, Complaint, "received_at", w.instants, d), name, threshold)
        for n, en, ar, d in complaints
    ]
    out.append(_categories(session, w, name, threshold))
    inspections = repo.crosstab(session, Inspection, "inspected_on", w.days, ("month", "outcome"))
    out.append(
        _table(
            "inspections_by_month_outcome",
            "Inspections by month and outcome",
            "عمليات التفتيش حسب الشهر والنتيجة",
            ("month", "outcome"),
            _as_counts(inspections),
            name,
            threshold,
        )
    )
    findings: dict[Key, int] = {
        (str(code),): int(n)
        for code, _en, _ar, _sev, n, _w in repo.findings_by_violation(session, w.first, w.last)
    }
    out.append(
        _table(
            "findings_by_violation",
            "Findings by violation",
            "المخالفات المضبوطة حسب النوع",
            ("violation",),
            findings,
            name,
            threshold,
        )
    )
    out.append(_listings(session, w, name, threshold))
    visas = repo.crosstab(session, VisaCheck, "checked_at", w.instants, ("month", "decision"))
    out.append(
        _table(
            "visa_checks_by_month_decision",
            "Visa checks by month and decision",
            "تدقيق التأشيرات حسب الشهر والقرار",
            ("month", "decision"),
            _as_counts(visas),
            name,
            threshold,
        )
    )
    return out


def _crosstab(
    session: Session, model: Any, when: str, bounds: Sequence[Any], dims: Sequence[str]
) -> dict[Key, int]:
    return _as_counts(repo.crosstab(session, model, when, bounds, dims))


def _as_counts(rows: Iterable[tuple[Any, ...]]) -> dict[Key, int]:
    counts: Counter[Key] = Counter()
    for *keys, count in rows:
        counts[tuple(_code(k) for k in keys)] += int(count)
    return dict(counts)


def _code(value: Any) -> str:
    if value is None or value == "":
        return "unknown"
    return f"{value:02d}" if isinstance(value, int) else str(value)


def _categories(session: Session, w: Window, name: dict[str, Labeller], threshold: int) -> ExportTable:
    counts: Counter[Key] = Counter()
    for corridor, categories in repo.corridor_categories(session, w.start, w.end):
        for category in set(categories):
            counts[(_code(corridor), category)] += 1
    # A complaint alleges several things, so the cells do not add up to a total: no margins.
    return _table(
        "allegations_by_corridor_category",
        "Allegations by country of origin and category",
        "الادعاءات حسب بلد المنشأ والفئة",
        ("corridor", "category"),
        dict(counts),
        name,
        threshold,
        additive=False,
    )


def _listings(session: Session, w: Window, name: dict[str, Labeller], threshold: int) -> ExportTable:
    stats = listing_stats(session, w)
    counts: dict[Key, int] = {
        (f"{m.month:02d}", move): int(getattr(m, move))
        for m in stats.by_month
        for move in ("added", "expired", "lifted")
        if getattr(m, move)
    }
    return _table(
        "listings_by_month_movement",
        "Blacklist movements by month",
        "حركة القائمة السوداء حسب الشهر",
        ("month", "movement"),
        counts,
        name,
        threshold,
    )


def _table(
    table: str,
    title_en: str,
    title_ar: str,
    dims: tuple[str, ...],
    counts: dict[Key, int],
    name: dict[str, Labeller],
    threshold: int,
    *,
    additive: bool = True,
) -> ExportTable:
    rows = []
    for cell in protect(counts, additive=additive, threshold=threshold) if counts else []:
        row: dict[str, Any] = {}
        for dim, code in zip(dims, cell.key, strict=True):
            en, ar = ("All", "الكل") if code == ALL else name[dim](code)
            row.update({dim: code, f"{dim}_en": en, f"{dim}_ar": ar})
        rows.append({**row, "count": cell.value, "suppressed": cell.suppressed})
    return ExportTable(table, title_en, title_ar, dims, rows)


def _namers(session: Session) -> dict[str, Labeller]:
    titles = repo.violation_titles(session)

    def table(values: dict[str, Label]) -> Labeller:
        return lambda code: labels.label(values, None if code == "unknown" else code)

    violation: Labeller = lambda code: titles.get(code, (code, code))  # noqa: E731
    return {
        "month": lambda code: labels.month(int(code)) if code.isdigit() else labels.UNKNOWN,
        "channel": table(labels.CHANNELS),
        "status": table(labels.STATUSES),
        "reporter_type": table(labels.REPORTERS),
        "outcome": table(labels.OUTCOMES),
        "decision": table(labels.VISA_DECISIONS),
        "movement": table(labels.LISTING_MOVES),
        "corridor": lambda code: labels.country(None if code == "unknown" else code),
        "category": violation,
        "violation": violation,
    }
