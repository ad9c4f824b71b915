"""The annual report as one self-contained bilingual HTML page: figures, tables and inline SVG charts."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from registry.reports.labels import PILLARS
from registry.schemas.statistics import AnnualStatistics, Indicator

_TEMPLATES = Path(__file__).parent / "templates"


def _num(value: int | float | None) -> str:
    return "–" if value is None else f"{value:,}"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f}%"


def _days(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _indicator(row: Indicator) -> str:
    if row.unit == "share":
        return _pct(row.value)
    if row.unit == "days":
        return _days(row.value)
    return _num(None if row.value is None else int(row.value))


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(_TEMPLATES), autoescape=select_autoescape(["html"]))
    env.filters.update(num=_num, pct=_pct, days=_days, indicator=_indicator)
    return env


def chart_set(s: AnnualStatistics) -> dict[str, str | None]:
    """Every chart of the report as inline SVG (None where the year has nothing to draw)."""
    # matplotlib takes a third of a second to import, and every CLI command loads this module.
    from registry.reports import charts

    c = s.complaints
    return {
        "by_month": charts.monthly(c.by_month, title="Complaints by month\nالشكاوى حسب الشهر"),
        "by_channel": charts.horizontal(c.by_channel, title="Complaints by channel\nالشكاوى حسب القناة"),
        "by_category": charts.horizontal(
            c.by_category, title="Complaints by category\nالشكاوى حسب نوع الادعاء"
        ),
        "by_corridor": charts.horizontal(
            c.by_corridor, title="Complaints by country of origin\nالشكاوى حسب بلد المنشأ"
        ),
        "by_violation": charts.violations(
            s.inspections.by_violation, title="Findings by violation\nالمخالفات المضبوطة حسب النوع"
        ),
        "listings": charts.listing_moves(
            s.listings.by_month, title="Blacklist by month\nالقائمة السوداء حسب الشهر"
        ),
        "refusals": charts.monthly(
            s.visa_checks.by_month, title="Visa checks refused by month\nالتأشيرات المرفوضة حسب الشهر"
        ),
    }


def key_figures(s: AnnualStatistics) -> list[tuple[str, str, str]]:
    """The figures on the report's first page, in both languages."""
    return [
        ("Complaints received", "الشكاوى المستلمة", _num(s.complaints.total)),
        (
            "Share of decided complaints substantiated",
            "نسبة الشكاوى الثابتة",
            _pct(s.complaints.substantiated_share),
        ),
        (
            "Median days from complaint to decision",
            "الوسيط بالأيام حتى القرار",
            _days(s.complaints.decision_days_median),
        ),
        ("Inspections", "عمليات التفتيش", _num(s.inspections.total)),
        ("Violations found", "المخالفات المضبوطة", _num(s.inspections.findings)),
        ("Companies listed", "الشركات المدرجة", _num(s.listings.added)),
        (
            "Listings expired / lifted",
            "الإدراجات المنتهية / المرفوعة",
            f"{s.listings.expired:,} / {s.listings.lifted:,}",
        ),
        ("Visa checks refused", "التأشيرات المرفوضة", _num(s.visa_checks.refused)),
    ]


def render_html(s: AnnualStatistics) -> str:
    """The whole report as one HTML page."""
    pillars = [
        (key, en, ar, [i for i in s.indicators if i.pillar == key]) for key, (en, ar) in PILLARS.items()
    ]
    template = _environment().get_template("annual.html")
    return template.render(s=s, charts=chart_set(s), key_figures=key_figures(s), pillars=pillars)
