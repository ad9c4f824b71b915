"""`agency-registry score` and `agency-registry model train`: risk scores and risk models."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import typer

from registry.database import session_scope
from registry.services import risk
from registry.settings import get_settings

model_app = typer.Typer(help="Risk models: training and promotion.", no_args_is_help=True)

_MODEL_DIR = typer.Option(None, "--model-dir", help="Where model files are kept (default: MODEL_DIR).")
_YES_NO = {True: "yes", False: "no"}
_AS_OF = typer.Option(None, "--as-of", help="Score or train as of this time (ISO 8601); default now.")


def _models() -> Path:
    return get_settings().model_dir


def _when(as_of: datetime | None) -> datetime:
    if as_of is None:
        return datetime.now(UTC)
    return as_of if as_of.tzinfo else as_of.replace(tzinfo=UTC)


def score(
    changed: bool = typer.Option(
        True, "--changed/--all", help="Only companies changed since their last score, or every company."
    ),
    model_dir: Path | None = _MODEL_DIR,
    as_of: datetime | None = _AS_OF,
) -> None:
    """Score companies with points and the promoted model, appending to the score history."""
    with session_scope() as session:
        summary = risk.rescore(
            session, as_of=_when(as_of), only_changed=changed, model_dir=model_dir or _models()
        )
    tiers = ", ".join(f"{tier} {n}" for tier, n in sorted(summary.by_tier.items()))
    typer.echo(f"scored {summary.scored} companies ({'changed only' if changed else 'all'}): {tiers or '-'}")
    typer.echo(f"recommended for listing: {summary.recommend_listing}")
    typer.echo(f"model: {summary.model_version or '-'}; source: {summary.source or '-'}")
    if summary.fallback_reason:
        typer.echo(f"fallback: {summary.fallback_reason}")


@model_app.command("train")
def train(
    model_dir: Path | None = _MODEL_DIR,
    docs_dir: Path = typer.Option(Path("./docs"), "--docs-dir", help="Where the promoted model's card goes."),
    as_of: datetime | None = _AS_OF,
) -> None:
    """Train a model on the stored history; promote it only if it beats the model in use."""
    with session_scope() as session:
        summary = risk.train(session, as_of=_when(as_of), model_dir=model_dir or _models(), docs_dir=docs_dir)
    typer.echo(
        f"trained: {'yes' if summary.trained else 'no'}; promoted: {'yes' if summary.promoted else 'no'}"
    )
    typer.echo(summary.reason)
    if summary.version:
        typer.echo(f"version: {summary.version} ({summary.snapshots} snapshots)")
    if summary.metrics:
        typer.echo(f"metrics: {json.dumps(summary.metrics)}")
    if summary.card_path:
        typer.echo(f"card: {summary.card_path}")
