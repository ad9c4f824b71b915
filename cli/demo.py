"""`agency-registry demo`: migrate, load a generated registry, serve."""

from __future__ import annotations

import typer

from cli.progress import progress_bar
from cli.serve import run_server
from registry import migrations
from registry.database import session_scope
from registry.services.company_import import load_companies
from registry.services.rows import ImportReport

_BATCH = 500


def demo(
    companies: int = typer.Option(3000, min=1, max=200_000, help="How many companies to generate."),
    seed: int = typer.Option(42, help="Same seed, same registry."),
    serve: bool = typer.Option(True, help="Serve after loading."),
    host: str = typer.Option("127.0.0.1"),
    port: int = typer.Option(8000),
) -> None:
    """Migrate the database, load a realistic generated registry, and serve it."""
    migrations.upgrade()
    report = load_demo(count=companies, seed=seed)
    typer.echo(
        f"demo registry: inserted {report.inserted}, updated {report.updated}, unchanged {report.unchanged}"
    )
    if serve:
        run_server(host=host, port=port)


def load_demo(*, count: int, seed: int) -> ImportReport:
    """Generate COUNT companies for SEED and upsert them in batches."""
    # Imported here: the generator's vocabularies are not needed by any other command.
    from registry.demo import generate_companies

    generated = generate_companies(seed=seed, count=count)
    report = ImportReport()
    with progress_bar(unit="companies") as bar:
        task = bar.add_task("loading demo", total=len(generated))
        for start in range(0, len(generated), _BATCH):
            with session_scope() as session:
                batch = generated[start : start + _BATCH]
                report.merge(load_companies(session, companies=batch, source="demo"))
            bar.advance(task, len(batch))
    return report
