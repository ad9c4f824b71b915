"""The annual report: a PDF whose pages render, with the year's figures, and Arabic shaped right to left."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image, ImageStat
from sqlmodel import Session

from registry.reports.annual import render_html
from registry.services import annual_report, statistics
from tests.statistics_support import YEAR, small_year

NOW = datetime(YEAR + 1, 1, 15, tzinfo=UTC)
TOOLS = ("chromium", "pdftoppm", "pdftotext")


def _need_tools() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        message = f"missing {', '.join(missing)}: run `make system-deps`"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)


def test_the_html_is_bilingual_and_holds_every_chart(session: Session) -> None:
    small_year(session)
    html = render_html(statistics.annual(session, year=YEAR, now=NOW))
    assert html.count("<svg") == 7
    for text in ("Complaints by channel", "الشكاوى حسب القناة", "الخط الساخن", "Philippines", "الفلبين"):
        assert text in html
    assert "What this registry does not hold" in html and "النيابة العامة والمحاكم" in html


@pytest.mark.slow
def test_the_pdf_pages_render_with_the_expected_figures(session: Session, tmp_path: Path) -> None:
    _need_tools()
    small_year(session)
    files = annual_report.write_annual(session, year=YEAR, now=NOW, out_dir=tmp_path, chromium="chromium")
    assert files.pdf is not None and files.pdf.read_bytes().startswith(b"%PDF")
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(files.pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 5
    for page in pages:
        image = Image.open(page).convert("L")
        assert ImageStat.Stat(image).stddev[0] > 5, f"{page.name} is blank"
    text = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(files.pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    lines = [line.strip() for line in text.splitlines()]
    expected = {
        "Complaints received": "13",
        "Share of decided complaints substantiated": "75.0%",
        "Median days from complaint to decision": "15.0",
        "Inspections": "3",
        "Companies listed": "2",
        "Visa checks refused": "2",
    }
    for label, value in expected.items():
        assert any(line.startswith(label) and line.endswith(f" {value}") for line in lines), (label, value)
    # Arabic comes back in reading order, so the PDF holds shaped right-to-left text, not reversed letters.
    for arabic in ("التقرير السنوي", "الشكاوى المستلمة", "مؤشرات خطة العمل", "الفلبين"):
        assert arabic in text, arabic
