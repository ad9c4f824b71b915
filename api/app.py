"""The FastAPI application."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles

from api import errors
from api.body_limit import BodyLimit
from api.pages import routes as pages
from api.routes import (
    blacklist,
    companies,
    complaints,
    health,
    identity,
    imports,
    inspections,
    matching,
    public,
    reports,
    risk,
    visa_checks,
)
from api.security import SecurityHeaders
from registry.settings import get_settings

RequestHandler = Callable[[Request], Awaitable[Response]]


def create_app() -> FastAPI:
    """Build the application with every router and the error handlers."""
    app = FastAPI(
        title="Recruitment Agency Registry",
        version="0.1.0",
        description="Registry of recruitment agencies for Kuwait's national action plan against trafficking.",
        redoc_url=None,  # ReDoc needs inline styles, which the CSP refuses; /docs is kept
    )
    errors.install(app)
    settings = get_settings()
    app.add_middleware(
        BodyLimit,
        max_bytes=settings.max_body_bytes,
        overrides={"/api/v1/imports/": settings.max_upload_bytes},
    )
    app.middleware("http")(_request_id)
    app.include_router(health.router)
    app.include_router(companies.router)
    app.include_router(identity.router)
    app.include_router(matching.router)
    app.include_router(reports.router)
    app.include_router(complaints.router)
    app.include_router(inspections.router)
    app.include_router(imports.router)
    app.include_router(risk.router)
    app.include_router(blacklist.router)
    app.include_router(visa_checks.router)
    app.include_router(public.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    app.add_middleware(SecurityHeaders)  # added last: outermost, so every response gets the headers
    return app


async def _request_id(request: Request, call_next: RequestHandler) -> Response:
    """Give every request an id, echoed in X-Request-ID and in error details."""
    given = request.headers.get("x-request-id", "")
    request.state.request_id = given if given.isalnum() and len(given) <= 64 else uuid.uuid4().hex
    response = await call_next(request)
    response.headers["X-Request-ID"] = request.state.request_id
    return response


app = create_app()
