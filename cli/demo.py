"""`agency-registry demo`: migrate, load a generated registry and its history, serve."""

from __future__ import annotations

import tempfile
from pathlib import Path

import typer

from cli.accounts import issue_demo_tokens
from cli.progress import progress_bar
from cli.serve import run_server
from registry import migrations
from registry.database import session_scope
from registry.demo import generate_companies, generate_history
from registry.demo.chain import generate_chain
from registry.demo.files import write_history
from registry.demo.records import DemoHistory
from registry.models.types import utcnow
from registry.schemas.company import CompanyCreate
from registry.services import risk
from registry.services.chain_demo import load_chain
from registry.services.company_import import load_companies
from registry.services.complaint_intake import import_complaints
from registry.services.inspection_intake import import_inspections
from registry.services.intake_import import IntakeKind, IntakeRequest, IntakeSummary
from registry.services.rows import ImportReport
from registry.settings import get_settings

_BATCH = 500


def demo(
    # One trade name per line of trade leaves room for about 170,000 demo companies.
    companies: int = typer.Option(3000, min=1, max=150_000, help="How many companies to generate."),
    seed: int = typer.Option(42, help="Same seed, same registry."),
    history: bool = typer.Option(True, help="Also load the generated complaints and inspections."),
    serve: bool = typer.Option(True, help="Serve after loading."),
    host: str = typer.Option("127.0.0.1"),
    port: int = typer.Option(8000),
) -> None:
    """Migrate the database, load a realistic generated registry with its history, and serve it."""
    migrations.upgrade()
    generated = generate_companies(seed=seed, count=companies)
    report = load_demo(generated)
    typer.echo(
        f"demo companies: inserted {report.inserted}, updated {report.updated}, unchanged {report.unchanged}"
    )
    events = generate_history(generated, seed=seed) if history else None
    if events is not None:
        for summary in load_history(generated, seed=seed, events=events):
            typer.echo(
                f"demo {summary.kind}: read {summary.rows_read}, inserted {summary.inserted}, "
                f"duplicates {summary.duplicates}, rejected {summary.rejected}"
            )
    with session_scope() as session:
        loaded = load_chain(session, chain=generate_chain(generated, events, seed=seed))
    typer.echo("demo chain: " + ", ".join(f"{what} {n}" for what, n in sorted(loaded.items())))
    typer.echo(f"demo risk scores: {score_changed()} companies scored")
    tokens = issue_demo_tokens(get_settings().data_dir)
    typer.echo(f"demo tokens, one per role (30 days): {tokens} (mode 0600); see README, 'Access control'")
    if serve:
        run_server(host=host, port=port)


def load_demo(generated: list[CompanyCreate]) -> ImportReport:
    """Upsert the generated companies in batches."""
    report = ImportReport()
    with progress_bar(unit="companies") as bar:
        task = bar.add_task("loading companies", total=len(generated))
        for start in range(0, len(generated), _BATCH):
            batch = generated[start : start + _BATCH]
            with session_scope() as session:
                report.merge(load_companies(session, companies=batch, source="demo"))
            bar.advance(task, len(batch))
    return report


def load_history(
    generated: list[CompanyCreate], *, seed: int, events: DemoHistory | None = None
) -> list[IntakeSummary]:
    """Generate the history (unless given) and load it through the file import other authorities use."""
    events = events or generate_history(generated, seed=seed)
    with tempfile.TemporaryDirectory() as folder:
        complaints, inspections = write_history(events, Path(folder))
        return [
            import_complaints(IntakeRequest(complaints, IntakeKind.COMPLAINTS, "demo", "demo")),
            import_inspections(IntakeRequest(inspections, IntakeKind.INSPECTIONS, "demo", "demo")),
        ]


def score_changed() -> int:
    """Score the companies loaded or changed since their last score; return how many."""
    with session_scope() as session:
        summary = risk.rescore(session, as_of=utcnow(), only_changed=True, model_dir=get_settings().model_dir)
    return summary.scored
