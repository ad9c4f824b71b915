"""`agency-registry serve`: the HTTP server."""

from __future__ import annotations

import os

import typer
import uvicorn

from registry.settings import get_settings, load_secrets


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    workers: int | None = typer.Option(
        None,
        min=1,
        help="Worker processes; default: one per CPU core on PostgreSQL, one on SQLite (a single writer).",
    ),
    access_log: bool = typer.Option(True, help="Log every request (--no-access-log under heavy load)."),
) -> None:
    """Serve the API and public pages."""
    run_server(host=host, port=port, workers=workers, access_log=access_log)


WORKER_HEALTHCHECK_SECONDS = 60


def default_workers(*, is_sqlite: bool) -> int:
    """One worker per core on PostgreSQL (PAM's visa checks need two on this 2-core host to hold
    p99 <= 20 ms at 200/s, see bench/blacklist.py); one on SQLite, which serves one writer."""
    return 1 if is_sqlite else max(1, os.cpu_count() or 1)


def run_server(*, host: str, port: int, workers: int | None = None, access_log: bool = True) -> None:
    """Check the configuration, then run uvicorn until interrupted."""
    settings = get_settings()
    load_secrets(settings)
    workers = workers or default_workers(is_sqlite=settings.is_sqlite)
    if workers > 1 and settings.is_sqlite:
        raise typer.BadParameter("several workers need PostgreSQL; SQLite serves one writer")
    typer.echo(f"serving on http://{host}:{port}  (API docs: http://{host}:{port}/docs)")
    uvicorn.run(
        "api.app:app",
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        access_log=access_log,
        # uvicorn kills a worker that does not answer its supervisor within 5 s; importing the app or
        # building the 50,000-company name index on a loaded 2-core machine can take longer, and the
        # killed worker's successor then meets the same fate (bench/public_search.py saw it loop).
        timeout_worker_healthcheck=WORKER_HEALTHCHECK_SECONDS,
    )
