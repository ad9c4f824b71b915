"""The lines and CSV records of a streamed file: only \\n, \\r\\n and \\r end a line, each record bounded.

str.splitlines would also end a line at U+2028, U+0085, form feeds and the like, which narratives
contain; and csv.reader alone refuses a whole file for one cell over its limit and silently reads an
unclosed quote to the end of the file. Records are therefore found here (following the csv module's
quoting rules) and each is handed to csv.reader on its own.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

# Arabic Windows machines save "CSV" as Windows-1256; Excel's "Unicode text" is UTF-16.
FALLBACK_ENCODING = "cp1256"
# Far above any cell an importer keeps (narratives: 10,000 characters), so their own length rules
# reject a long cell with their usual reason; a record past this is rejected here without being kept,
# so memory stays bounded whatever the file holds.
MAX_RECORD_CHARS = 4_000_000
# A physical line is read in pieces of at most this much, so one without a line break is bounded too.
_PIECE = 1 << 20
_MAX_WARNINGS = 20
csv.field_size_limit(MAX_RECORD_CHARS)


def byte_pieces(handle: BinaryIO, warnings: list[str], *, skip_bom: bool) -> Iterator[str]:
    """Decode line by line (UTF-8 where valid, Windows-1256 where not); a piece ending in \\n ends a line."""
    number = 1
    long_line: codecs.IncrementalDecoder | None = None  # decodes a line read in several pieces
    while raw := handle.readline(_PIECE):
        if skip_bom and number == 1 and long_line is None:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if raw.endswith(b"\r"):
            raw += _rest_of_crlf(handle)
        whole = raw.endswith(b"\n") or len(raw) < _PIECE
        if long_line is None and whole:
            text = _decode_line(raw, number, warnings)
            if "\r" in text:
                yield from _line_pieces(text)
            else:
                yield text  # the common case, without a generator per line
        else:
            # A line over a MiB: decoded as it streams (as UTF-8); only its quotes and breaks matter,
            # as the record it belongs to is over any cell limit an importer has.
            long_line = long_line or codecs.getincrementaldecoder("utf-8")()
            try:
                text = long_line.decode(raw, final=whole)
            except UnicodeDecodeError:
                # Windows-1256 with old Mac line ends (\r only) is one long "line": read the rest of
                # it as Windows-1256, as a short line would be, rather than as replacement marks.
                long_line = codecs.getincrementaldecoder(FALLBACK_ENCODING)(errors="replace")
                text = long_line.decode(raw, final=whole)
                if len(warnings) < _MAX_WARNINGS:
                    warnings.append(f"line {number}: not UTF-8, read as Windows-1256")
            yield from _line_pieces(text)
            long_line = None if whole else long_line
        number += raw.endswith(b"\n")
    if long_line is not None and (tail := long_line.decode(b"", final=True)):
        yield tail


def utf16_pieces(handle: BinaryIO) -> Iterator[str]:
    """Decode a UTF-16 file (it has a byte order mark) in bounded pieces."""
    text = io.TextIOWrapper(handle, encoding="utf-16", newline="")
    carry = ""
    while piece := carry + text.readline(_PIECE):
        carry = ""
        if piece.endswith("\r"):
            # A piece may stop between the \r and \n of one line end: keep them together.
            following = text.read(1)
            piece, carry = (piece + following, "") if following == "\n" else (piece, following)
        yield from _line_pieces(piece)


def _rest_of_crlf(handle: BinaryIO) -> bytes:
    """The \\n of a \\r\\n cut between two pieces, so that it ends one line, not two."""
    following = handle.read(1)
    if following == b"\n" or not following:
        return following
    handle.seek(-1, io.SEEK_CUR)
    return b""


def _decode_line(raw: bytes, number: int, warnings: list[str]) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        if len(warnings) < _MAX_WARNINGS:
            warnings.append(f"line {number}: not UTF-8, read as Windows-1256")
        return raw.decode(FALLBACK_ENCODING, errors="replace")


def _line_pieces(text: str) -> Iterator[str]:
    """TEXT with every line ending as \\n: a bare \\r (old Mac files) ends a line too."""
    if "\r" not in text:
        yield text
        return
    *lines, last = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    yield from (line + "\n" for line in lines)
    if last:
        yield last


def bounded_lines(pieces: Iterable[str]) -> Iterator[tuple[int, str | None]]:
    """Each line with its number; None for a line longer than MAX_RECORD_CHARS, whose text is dropped."""
    number, parts, size = 1, [], 0
    for piece in pieces:
        size += len(piece)
        if size <= MAX_RECORD_CHARS:
            parts.append(piece)
        if piece.endswith("\n"):
            yield number, "".join(parts) if size <= MAX_RECORD_CHARS else None
            number, parts, size = number + 1, [], 0
    if size:
        yield number, "".join(parts) if size <= MAX_RECORD_CHARS else None


@dataclass(frozen=True)
class Record:
    """One CSV record: the lines it spans and its cells, or what kept it from being read."""

    first_line: int
    last_line: int
    cells: list[str]
    too_long_at: int | None = None  # the cell (by position) where the record passed MAX_RECORD_CHARS
    open_quote_line: int | None = None  # the line of a quote still open at the end of the file


class _Quoting:
    """Where a record stands in the csv module's quoting rules (doubled quotes, strict=False)."""

    def __init__(self, delimiter: str) -> None:
        self.delimiter = delimiter
        self.reset()

    def reset(self) -> None:
        """Start a record."""
        self.quoted, self.at_start, self.pending = False, True, False
        self.cell, self.quote_line = 0, 0

    def feed(self, piece: str, line: int) -> bool:
        """Follow the quoting through PIECE, a line or part of one; True when the record ends with it."""
        ends_line = piece.endswith("\n")
        text = piece[:-1] if ends_line else piece
        at = self._after_quote(text, 0, ends_line) if self.pending else 0
        self.pending = False
        while at < len(text):
            at = self._in_quotes(text, at, ends_line) if self.quoted else self._outside(text, at, line)
        return ends_line and not self.quoted

    def _in_quotes(self, text: str, at: int, ends_line: bool) -> int:
        found = text.find('"', at)
        if found < 0:
            return len(text)
        if found + 1 == len(text) and not ends_line:
            self.pending = True  # the next piece tells whether this quote is doubled
            return len(text)
        return self._after_quote(text, found + 1, ends_line)

    def _after_quote(self, text: str, at: int, ends_line: bool) -> int:
        if at < len(text) and text[at] == '"':
            return at + 1  # a doubled quote: still inside the cell
        self.quoted = False
        if at < len(text) and text[at] == self.delimiter:
            return self._next_cell(at)
        self.at_start = False  # text after a closing quote joins the cell, as csv.reader does
        return at

    def _outside(self, text: str, at: int, line: int) -> int:
        if self.at_start and text[at] == '"':
            self.quoted, self.at_start, self.quote_line = True, False, line
            return at + 1
        self.at_start = False  # a quote inside an unquoted cell is an ordinary character
        found = text.find(self.delimiter, at)
        return len(text) if found < 0 else self._next_cell(found)

    def _next_cell(self, at: int) -> int:
        self.cell, self.at_start = self.cell + 1, True
        return at + 1


def csv_records(pieces: Iterable[str], delimiter: str) -> Iterator[Record]:
    """The records of a CSV stream, each parsed on its own so that a bad one spoils nothing else."""
    quoting = _Quoting(delimiter)
    lines: list[str] = []
    line, first, size, too_long_at, line_open = 1, 1, 0, None, False
    for piece in pieces:
        if not size and piece.endswith("\n") and '"' not in piece:
            # Most lines: a whole record without quotes, whose cells csv.reader would split the same way.
            yield Record(line, line, piece[:-1].split(delimiter) if len(piece) > 1 else [])
            line += 1
            continue
        first = first if size else line
        size += len(piece)
        if size > MAX_RECORD_CHARS:
            too_long_at = quoting.cell if too_long_at is None else too_long_at
            lines = []  # past the limit: only the quoting is followed, to find where the record ends
        elif line_open:
            lines[-1] += piece
        else:
            lines.append(piece)
        ended = quoting.feed(piece, line)
        line_open = not piece.endswith("\n")
        if ended:
            yield _record(lines, delimiter, first, line, too_long_at)
            lines, size, too_long_at = [], 0, None
            quoting.reset()
        line += not line_open
    if size:
        yield _last_record(lines, delimiter, first, line - (not line_open), too_long_at, quoting)


def _record(lines: list[str], delimiter: str, first: int, last: int, too_long_at: int | None) -> Record:
    if too_long_at is not None:
        return Record(first, last, [], too_long_at=too_long_at)
    return Record(first, last, next(csv.reader(lines, delimiter=delimiter), []))


def _last_record(
    lines: list[str], delimiter: str, first: int, last: int, too_long_at: int | None, quoting: _Quoting
) -> Record:
    """The record at the end of the file: a quote still open there (not just closing it) is reported."""
    if quoting.quoted and not quoting.pending:
        return Record(first, last, [], too_long_at=too_long_at, open_quote_line=quoting.quote_line)
    return _record(lines, delimiter, first, last, too_long_at)
