"""Statistics for the committee's dashboard and the research export (committee and administrators)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from api.deps import SessionDep
from api.errors import ERROR_RESPONSES
from api.security import allow
from registry.access import Action
from registry.errors import NotFound
from registry.models.types import utcnow
from registry.reports import export_files
from registry.schemas.statistics import AnnualStatistics
from registry.schemas.text import Line
from registry.services import research_export, statistics

router = APIRouter(prefix="/api/v1/statistics", tags=["statistics"], responses=ERROR_RESPONSES)
Year = Annotated[
    int, Query(ge=statistics.FIRST_YEAR, le=statistics.LAST_YEAR, description="Calendar year, Kuwait time")
]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/annual", dependencies=[allow(Action.STATISTICS_READ)])
def annual(session: SessionDep, year: Year) -> AnnualStatistics:
    """Every figure of a year: complaints, inspections, listings, visa checks, action-plan indicators."""
    return statistics.annual(session, year=year, now=utcnow())


@router.get(
    "/research.xlsx",
    dependencies=[allow(Action.STATISTICS_READ)],
    response_class=Response,
    responses={200: {"content": {XLSX: {}}}},
)
def research_xlsx(session: SessionDep, year: Year) -> Response:
    """The research export as one workbook: counts only, no identities, counts below 5 suppressed."""
    tables = research_export.tables(session, year=year)
    headers = {"Content-Disposition": f'attachment; filename="research-{year}.xlsx"'}
    return Response(export_files.xlsx_bytes(tables), media_type=XLSX, headers=headers)


@router.get(
    "/research/{table}.csv",
    dependencies=[allow(Action.STATISTICS_READ)],
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
def research_csv(session: SessionDep, table: Annotated[Line, Path(max_length=60)], year: Year) -> Response:
    """One table of the research export as CSV (UTF-8 with BOM)."""
    found = {t.name: t for t in research_export.tables(session, year=year)}.get(table)
    if found is None:
        raise NotFound(f"no research table {table!r}")
    headers = {"Content-Disposition": f'attachment; filename="{table}-{year}.csv"'}
    return Response(export_files.csv_bytes(found), media_type="text/csv; charset=utf-8", headers=headers)
