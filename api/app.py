"""The FastAPI application."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api import errors, security
from api.body_limit import BodyLimit
from api.headers import SecurityHeaders
from api.pages import routes as pages
from api.request_id import RequestId
from api.routes import (
    accounts,
    audit,
    blacklist,
    chain,
    companies,
    complaints,
    courts,
    health,
    identity,
    imports,
    inspections,
    jobs,
    matching,
    public,
    reports,
    risk,
    sharing,
    statistics,
    visa_checks,
)
from registry.services.name_index import build_ahead
from registry.services.public_snapshot import public_snapshot
from registry.settings import get_settings


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """At start: begin building the name index and reading the public snapshot, so that the first
    public search finds them ready."""
    ahead = get_settings().name_index_at_start
    app.state.name_index_build = build_ahead() if ahead else None
    app.state.public_snapshot_read = public_snapshot.read_ahead() if ahead else None
    yield


def create_app() -> FastAPI:
    """Build the application with every router and the error handlers."""
    app = FastAPI(
        title="Recruitment Agency Registry",
        version="0.1.0",
        description="Registry of recruitment agencies for Kuwait's national action plan against trafficking.",
        redoc_url=None,  # ReDoc needs inline styles, which the CSP refuses; /docs is kept
        lifespan=lifespan,
    )
    errors.install(app)
    settings = get_settings()
    app.add_middleware(
        BodyLimit,
        max_bytes=settings.max_body_bytes,
        overrides={"/api/v1/imports/": settings.max_upload_bytes},
    )
    app.add_middleware(RequestId)
    # Routes are matched in order: the public lookup, the busiest by far, comes first.
    app.include_router(health.router)
    app.include_router(public.router)
    app.include_router(pages.router)
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
    app.include_router(accounts.router)
    app.include_router(audit.router)
    app.include_router(jobs.router)
    app.include_router(statistics.router)
    app.include_router(chain.router)
    app.include_router(courts.router)
    app.include_router(sharing.router)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    security.install(app, settings)
    app.add_middleware(SecurityHeaders)  # added last: outermost, so every response gets the headers
    return app


app = create_app()
# What start-up built lives as long as the process: keep it out of the cyclic collector, whose full
# passes over it otherwise stall about one request in a hundred by ~80 ms (bench/chain.py measures it).
gc.freeze()
