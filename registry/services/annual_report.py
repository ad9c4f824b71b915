"""The committee's annual report: statistics of the year written as JSON, bilingual HTML and PDF."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlmodel import Session

from registry.reports.annual import render_html
from registry.reports.pdf import html_to_pdf
from registry.schemas.statistics import AnnualStatistics
from registry.services.statistics import annual


@dataclass(frozen=True)
class ReportFiles:
    """What was written, and the figures it shows."""

    html: Path
    json: Path
    pdf: Path | None
    statistics: AnnualStatistics


def write_annual(
    session: Session, *, year: int, now: datetime, out_dir: Path, chromium: str | None
) -> ReportFiles:
    """Write annual-YEAR.json, .html and (when CHROMIUM is given) .pdf into OUT_DIR."""
    stats = annual(session, year=year, now=now)
    out_dir.mkdir(parents=True, exist_ok=True)
    html, data = out_dir / f"annual-{year}.html", out_dir / f"annual-{year}.json"
    html.write_text(render_html(stats), encoding="utf-8")
    data.write_text(stats.model_dump_json(indent=2), encoding="utf-8")
    pdf = None
    if chromium is not None:
        pdf = out_dir / f"annual-{year}.pdf"
        html_to_pdf(html, pdf, chromium=chromium)
    return ReportFiles(html=html, json=data, pdf=pdf, statistics=stats)
