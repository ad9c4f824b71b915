"""`agency-registry match`, `compare-names` and `review ...`: matching files and the review queue."""

from __future__ import annotations

import csv
import getpass
from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path

import typer

from cli.errors import domain_errors
from cli.progress import progress_bar
from registry.database import session_scope
from registry.errors import InvalidInput
from registry.matching.matcher import compare_names as compare_pair
from registry.models.mention import MentionStatus
from registry.services import review
from registry.services.name_index import thresholds
from registry.services.name_matching import NameMatch, match_many
from registry.tabular import Row, Table, open_table, write_csv_header, write_csv_row

review_app = typer.Typer(help="The review queue of uncertain company names.", no_args_is_help=True)
_BATCH = 1000
MATCH_COLUMNS = ["mention_id", "decision", "external_id", "score", "reasons"]


def match(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="CSV with columns mention_id,name."),
    out: Path = typer.Option(..., "--out", help="Output CSV: mention_id,decision,external_id,score,reasons."),
) -> None:
    """Match every name in FILE against the registry at DATABASE_URL (read-only)."""
    table = _open(file, required=("mention_id", "name"))
    written = 0
    with out.open("w", newline="", encoding="utf-8") as handle, progress_bar(unit="rows") as bar:
        writer = csv.DictWriter(handle, fieldnames=MATCH_COLUMNS)
        write_csv_header(writer)
        task = bar.add_task("matching", total=table.size or None)
        for batch in _batches(table.rows):
            with session_scope() as session:
                outcomes = match_many(session, texts=[row.cells.get("name", "") for row in batch])
            for row, outcome in zip(batch, outcomes, strict=True):
                write_csv_row(writer, _match_row(row, outcome))
            written += len(batch)
            bar.update(task, completed=table.position[0])
    typer.echo(f"matched {written} names into {out}")


def _match_row(row: Row, outcome: NameMatch) -> dict[str, object]:
    return {
        "mention_id": row.cells.get("mention_id", ""),
        "decision": outcome.decision,
        "external_id": outcome.external_id or "",
        "score": f"{outcome.score:.4f}",
        "reasons": "; ".join(outcome.reasons),
    }


def compare_names(
    file: Path = typer.Argument(
        ..., exists=True, dir_okay=False, help="CSV with columns name1,name2 (+ any)."
    ),
    out: Path = typer.Option(..., "--out", help="Output CSV: the input columns plus score,decision."),
) -> None:
    """Score and decide each pair of names (no database needed)."""
    table = _open(file, required=("name1", "name2"))
    limits, count = thresholds(), 0
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(
            handle, fieldnames=[*table.columns, "score", "decision"], extrasaction="ignore"
        )
        write_csv_header(writer)
        for row in table.rows:
            score, decision = compare_pair(row.cells.get("name1", ""), row.cells.get("name2", ""), limits)
            write_csv_row(writer, {**row.cells, "score": f"{score:.4f}", "decision": decision})
            count += 1
    typer.echo(f"compared {count} pairs into {out}")


def _open(file: Path, *, required: tuple[str, ...]) -> Table:
    try:
        table = open_table(file)
    except InvalidInput as exc:
        typer.echo(f"error: {exc.detail}", err=True)
        raise typer.Exit(2) from exc
    missing = [c for c in required if c not in table.columns]
    if missing:
        typer.echo(f"error: missing required column(s): {', '.join(missing)}", err=True)
        raise typer.Exit(2)
    return table


def _batches(rows: Iterator[Row]) -> Iterator[list[Row]]:
    while batch := list(islice(rows, _BATCH)):
        yield batch


@review_app.command("list")
def list_queue(
    status: MentionStatus = typer.Option(MentionStatus.PENDING, help="Which mentions to list."),
    limit: int = typer.Option(50, min=1, max=1000),
) -> None:
    """Show mentions waiting for a decision, the most frequent first."""
    with session_scope() as session:
        for mention in review.queue(session, status=status, limit=limit, offset=0):
            best = mention.candidates[0] if mention.candidates else {}
            typer.echo(
                f"{mention.id}\t{mention.occurrences}x\t{mention.text}\t-> "
                f"{best.get('external_id', '-')} ({mention.score:.2f})"
            )


@review_app.command("confirm")
def confirm(mention_id: int, company_id: int, actor: str = typer.Option(getpass.getuser())) -> None:
    """Confirm that MENTION_ID names COMPANY_ID."""
    _decide(review.confirm, mention_id, company_id, actor, "confirmed")


@review_app.command("reject")
def reject(mention_id: int, company_id: int, actor: str = typer.Option(getpass.getuser())) -> None:
    """Record that MENTION_ID does not name COMPANY_ID."""
    _decide(review.reject, mention_id, company_id, actor, "rejected")


def _decide(action: Callable[..., object], mention_id: int, company_id: int, actor: str, verb: str) -> None:
    with domain_errors(), session_scope() as session:
        action(session, mention_id=mention_id, company_id=company_id, actor=actor)
    typer.echo(f"mention {mention_id} {verb} for company {company_id}")
