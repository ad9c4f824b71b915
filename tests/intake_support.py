"""Complaint files for intake tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from registry.services import intake_sql
from registry.services.intake_rows import MAX_NARRATIVE

LARGE_FILE_ROWS = 10_000


def hundred_megabyte_file(tmp_path: Path) -> Path:
    """A complaint file of LARGE_FILE_ROWS rows and a little over 100 MB, narratives at their limit."""
    path = tmp_path / "moi-large.csv"
    words = "لم يدفع صاحب العمل الراتب منذ ستة أشهر وأخذ جواز السفر the employer kept my passport "
    narrative = (words * (MAX_NARRATIVE // len(words) + 1))[: MAX_NARRATIVE - 10]
    with path.open("w", encoding="utf-8") as handle:
        handle.write("source_ref,received_on,company_name,categories,narrative\n")
        for i in range(LARGE_FILE_ROWS):
            handle.write(f"L-{i},2025-03-01,Office {i % 300},WAGE_THEFT,{narrative}{i:06d}\n")
    assert path.stat().st_size > 100_000_000
    return path


def raise_on_matching(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    """Make the PostgreSQL import raise ERROR where it stores the spellings it matched."""

    def fail(*args: Any, **kwargs: Any) -> Any:
        raise error

    monkeypatch.setattr(intake_sql, "resolve_spellings", fail)
