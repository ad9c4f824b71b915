"""`agency-registry match`, `compare-names` and `review ...`: matching files and the review queue."""

from __future__ import annotations

import csv
import getpass
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path

import typer

from cli.errors import domain_errors, refuse
from cli.file_checks import RowNotes, refuse_bad_header, row_refusal
from cli.ids import id_argument
from cli.outfile import output_target, replaced
from cli.progress import progress_bar
from registry.database import session_scope
from registry.errors import InvalidInput
from registry.matching import MatchThresholds
from registry.matching.matcher import compare_names as compare_pair
from registry.models.mention import MatchDecision, MentionStatus
from registry.services import review
from registry.services.name_index import thresholds
from registry.services.name_matching import NameMatch, match_many
from registry.tabular import Row, Table, open_table, write_csv_header, write_csv_row

review_app = typer.Typer(help="The review queue of uncertain company names.", no_args_is_help=True)
_BATCH = 1000
MATCH_COLUMNS = ["mention_id", "decision", "external_id", "score", "reasons"]
COMPARE_COLUMNS = ("score", "decision")


def match(
    file: Path = typer.Argument(
        ..., exists=True, dir_okay=False, readable=True, help="CSV with columns mention_id,name."
    ),
    out: Path = typer.Option(..., "--out", help="Output CSV: mention_id,decision,external_id,score,reasons."),
) -> None:
    """Match every name in FILE against the registry at DATABASE_URL (read-only)."""
    target = output_target(file, out)
    table = _open(file, required=("mention_id", "name"))
    refuse_bad_header(table.columns)
    notes, written = RowNotes(), 0
    with domain_errors(), _unwritten_on_bad_row(out), replaced(target) as handle:
        writer = csv.DictWriter(handle, fieldnames=MATCH_COLUMNS)
        write_csv_header(writer)
        with progress_bar(unit="rows") as bar:
            task = bar.add_task("matching", total=table.size or None)
            for batch in _batches(table.rows):
                for line in _match_batch(batch, notes):
                    write_csv_row(writer, line)
                written += len(batch)
                bar.update(task, completed=table.position[0])
    _warn_all(table, notes)
    typer.echo(f"matched {written} names into {out}")


def _match_batch(batch: list[Row], notes: RowNotes) -> list[dict[str, object]]:
    """The output rows of BATCH: a name the API would refuse is reported, not matched."""
    refusals = [row_refusal(row, "name") for row in batch]
    texts = [row.cells.get("name", "") for row, why in zip(batch, refusals, strict=True) if why is None]
    outcomes: Iterator[NameMatch] = iter(())
    if texts:
        with session_scope() as session:
            outcomes = iter(match_many(session, texts=texts))
    lines = []
    for row, why in zip(batch, refusals, strict=True):
        notes.see(row)
        notes.see_id(row.cells.get("mention_id", ""))
        if why is not None:
            notes.refused.add(str(row.line))
        lines.append(_match_row(row, next(outcomes)) if why is None else _refused_row(row, why))
    return lines


def _match_row(row: Row, outcome: NameMatch) -> dict[str, object]:
    return {
        "mention_id": row.cells.get("mention_id", ""),
        "decision": outcome.decision,
        "external_id": outcome.external_id or "",
        "score": f"{outcome.score:.4f}",
        "reasons": "; ".join(outcome.reasons),
    }


def _refused_row(row: Row, reason: str) -> dict[str, object]:
    return {
        "mention_id": row.cells.get("mention_id", ""),
        "decision": MatchDecision.NONE,
        "external_id": "",
        "score": f"{0.0:.4f}",
        "reasons": reason,
    }


def compare_names(
    file: Path = typer.Argument(
        ..., exists=True, dir_okay=False, readable=True, help="CSV with columns name1,name2 (+ any)."
    ),
    out: Path = typer.Option(..., "--out", help="Output CSV: the input columns plus score,decision."),
) -> None:
    """Score and decide each pair of names (no database needed)."""
    target = output_target(file, out)
    table = _open(file, required=("name1", "name2"))
    refuse_bad_header(table.columns, added=COMPARE_COLUMNS, written_back=True)
    limits, notes, count = thresholds(), RowNotes(), 0
    with _unwritten_on_bad_row(out), replaced(target) as handle:
        writer = csv.DictWriter(handle, fieldnames=[*table.columns, *COMPARE_COLUMNS], extrasaction="ignore")
        write_csv_header(writer)
        for row in table.rows:
            notes.see(row)
            write_csv_row(writer, {**row.cells, **_compared(row, limits, notes)})
            count += 1
    _warn_all(table, notes)
    typer.echo(f"compared {count} pairs into {out}")


def _compared(row: Row, limits: MatchThresholds, notes: RowNotes) -> dict[str, str]:
    """The score and decision of ROW's pair; none for a row the reader could not read."""
    if row_refusal(row, "name1", "name2") is not None:
        notes.refused.add(str(row.line))
        return {"score": f"{0.0:.4f}", "decision": MatchDecision.NONE}
    score, decision = compare_pair(row.cells.get("name1", ""), row.cells.get("name2", ""), limits)
    return {"score": f"{score:.4f}", "decision": decision}


def _open(file: Path, *, required: tuple[str, ...]) -> Table:
    try:
        table = open_table(file)
    except InvalidInput as exc:
        refuse(exc.detail)
    missing = [c for c in required if c not in table.columns]
    if missing:
        refuse(f"missing required column(s): {', '.join(missing)}")
    return table


@contextmanager
def _unwritten_on_bad_row(out: Path) -> Iterator[None]:
    """A row the reader cannot parse stops the run (exit 2); the output is then not written at all."""
    try:
        yield
    except InvalidInput as exc:
        refuse(f"{exc.detail}\nnothing was written to {out}: it is written only once the whole file is read")


def _warn_all(table: Table, notes: RowNotes) -> None:
    for warning in table.warnings:
        typer.echo(f"warning: {warning}", err=True)
    notes.report()


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


_MENTION = id_argument("The mention, as `review list` shows it.")
_COMPANY = id_argument("The company; a merged company's old id stands for the company it became.")


@review_app.command("confirm")
def confirm(
    mention_id: int = _MENTION, company_id: int = _COMPANY, actor: str = typer.Option(getpass.getuser())
) -> None:
    """Confirm that MENTION_ID names COMPANY_ID."""
    _decide(review.confirm, mention_id, company_id, actor, "confirmed")


@review_app.command("reject")
def reject(
    mention_id: int = _MENTION, company_id: int = _COMPANY, actor: str = typer.Option(getpass.getuser())
) -> None:
    """Record that MENTION_ID does not name COMPANY_ID."""
    _decide(review.reject, mention_id, company_id, actor, "rejected")


def _decide(action: Callable[..., object], mention_id: int, company_id: int, actor: str, verb: str) -> None:
    with domain_errors(), session_scope() as session:
        action(session, mention_id=mention_id, company_id=company_id, actor=actor)
    typer.echo(f"mention {mention_id} {verb} for company {company_id}")
