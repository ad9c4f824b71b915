"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text

from api.deps import SessionDep
from api.security import allow
from registry.access import Action

router = APIRouter(tags=["health"])


@router.get(
    "/healthz",
    responses={503: {"description": "the database does not answer"}},
    dependencies=[allow(Action.HEALTH)],
)
def healthz(session: SessionDep) -> JSONResponse:
    """Report whether the database answers."""
    try:
        session.exec(text("SELECT 1"))  # type: ignore[call-overload]
    except Exception:  # any driver failure means "not ready"; the reason stays in the logs
        return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok"})
