"""Checks of the files `match` and `compare-names` read: bad headers refused, odd rows reported."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import typer

from cli.errors import refuse
from registry.schemas.text import reject_controls
from registry.tabular import Row
from registry.tabular_table import ERROR, EXTRA

SHOWN = 5


def refuse_bad_header(
    columns: Sequence[str], *, added: Sequence[str] = (), written_back: bool = False
) -> None:
    """Refuse a header that has a column in ADDED, or, when its columns are WRITTEN_BACK, two without a
    name (their cells would become one); the reader refuses repeated and reserved names."""
    if written_back and columns.count("") > 1:
        refuse("the header has several columns without a name; name them, as every column is written back")
    clashing = [c for c in added if c in columns]
    if clashing:
        refuse(
            f"the input already has column(s) {_names(clashing)}, which this command adds; "
            "rename or remove them"
        )


def row_refusal(row: Row, *columns: str) -> str | None:
    """Why ROW cannot be compared: unreadable (an open quote, too long), or a name the API would refuse."""
    if ERROR in row.cells:
        return f"refused: {row.cells[ERROR]}"
    for column in columns:
        try:
            reject_controls(row.cells.get(column, ""))
        except ValueError as exc:
            return f"refused: {column} {exc}"
    return None


@dataclass
class Sample:
    """How many times something was seen, and the first few of them."""

    count: int = 0
    first: list[str] = field(default_factory=list)

    def add(self, item: str) -> None:
        """Count ITEM, keeping it if it is among the first few."""
        self.count += 1
        if len(self.first) < SHOWN:
            self.first.append(item)

    def listed(self) -> str:
        """The kept items, with an ellipsis when there were more."""
        return ", ".join(self.first) + (", …" if self.count > len(self.first) else "")


@dataclass
class RowNotes:
    """What a run noticed about single rows, printed as warnings on stderr when it ends."""

    long_rows: Sample = field(default_factory=Sample)
    refused: Sample = field(default_factory=Sample)
    repeated_ids: Sample = field(default_factory=Sample)
    _ids: dict[str, int] = field(default_factory=dict)

    def see(self, row: Row) -> None:
        """Note a row with more (non-blank) cells than the header."""
        extra = row.cells.get(EXTRA, "")
        if extra.replace("|", "").strip():
            self.long_rows.add(str(row.line))

    def see_id(self, mention_id: str) -> None:
        """Note MENTION_ID, once, the second time it is seen."""
        seen = self._ids.get(mention_id, 0)
        self._ids[mention_id] = seen + 1
        if seen == 1:
            self.repeated_ids.add(repr(mention_id))

    def report(self) -> None:
        """Print one warning per kind of thing noticed."""
        if self.long_rows.count:
            _warn(
                f"{self.long_rows.count} row(s) have more cells than the header "
                f"(line {self.long_rows.listed()}); the cells beyond the header were ignored"
            )
        if self.refused.count:
            _warn(
                f"{self.refused.count} row(s) could not be read or hold control characters such as NUL "
                f"(line {self.refused.listed()}); written with decision none and the reason, not compared"
            )
        if self.repeated_ids.count:
            _warn(
                f"{self.repeated_ids.count} mention_id value(s) appear more than once "
                f"({self.repeated_ids.listed()}); every row was matched and written"
            )


def _warn(message: str) -> None:
    typer.echo(f"warning: {message}", err=True)


def _names(columns: Sequence[str]) -> str:
    return ", ".join(c or "(blank)" for c in columns)
