"""`agency-registry serve`: the HTTP server."""

from __future__ import annotations

import typer
import uvicorn

from registry.settings import get_settings, load_secrets


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    workers: int = typer.Option(1, min=1, help="Worker processes (PostgreSQL only for more than one)."),
    access_log: bool = typer.Option(True, help="Log every request (--no-access-log under heavy load)."),
) -> None:
    """Serve the API and public pages."""
    run_server(host=host, port=port, workers=workers, access_log=access_log)


def run_server(*, host: str, port: int, workers: int = 1, access_log: bool = True) -> None:
    """Check the configuration, then run uvicorn until interrupted."""
    settings = get_settings()
    load_secrets(settings)
    if workers > 1 and settings.is_sqlite:
        raise typer.BadParameter("several workers need PostgreSQL; SQLite serves one writer")
    typer.echo(f"serving on http://{host}:{port}  (API docs: http://{host}:{port}/docs)")
    uvicorn.run("api.app:app", host=host, port=port, workers=workers, log_level="info", access_log=access_log)
