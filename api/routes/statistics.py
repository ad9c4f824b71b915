"""Statistics for the committee's dashboard and the research export."""

from __future__ import annotations

from fastapi import APIRouter

from api.errors import ERROR_RESPONSES

router = APIRouter(prefix="/api/v1/statistics", tags=["statistics"], responses=ERROR_RESPONSES)
