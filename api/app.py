"""The FastAPI application."""

from __future__ import annotations

from fastapi import FastAPI

from api import errors
from api.body_limit import BodyLimit
from api.request_id import RequestId
from api.routes import (
    blacklist,
    companies,
    complaints,
    health,
    identity,
    imports,
    inspections,
    matching,
    reports,
    risk,
    visa_checks,
)
from registry.settings import get_settings


def create_app() -> FastAPI:
    """Build the application with every router and the error handlers."""
    app = FastAPI(
        title="Recruitment Agency Registry",
        version="0.1.0",
        description="Registry of recruitment agencies for Kuwait's national action plan against trafficking.",
    )
    errors.install(app)
    settings = get_settings()
    app.add_middleware(
        BodyLimit,
        max_bytes=settings.max_body_bytes,
        overrides={"/api/v1/imports/": settings.max_upload_bytes},
    )
    app.add_middleware(RequestId)
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
    return app


app = create_app()
