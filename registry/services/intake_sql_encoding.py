"""Which encoding PostgreSQL's COPY may read a file in, decided by streaming its bytes."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from registry.services.intake_import import Progress

CHUNK_BYTES = 1 << 20
_UTF16 = (b"\xff\xfe", b"\xfe\xff")


class Watcher(Protocol):
    """Something that looks at each piece of a file as it streams to COPY."""

    def see(self, piece: bytes) -> None:
        """Look at the next PIECE."""


@dataclass
class LineBreaks:
    """Line breaks (LF, CR LF or a lone CR, as the Python reader ends lines) in the bytes seen so far."""

    count: int = 0
    ends_with_break: bool = True
    _after_cr: bool = False

    def see(self, piece: bytes) -> None:
        """Count the breaks of the next PIECE of the file (a CR LF split between pieces counts once)."""
        if not piece:
            return
        self.count += piece.count(b"\n") + piece.count(b"\r") - piece.count(b"\r\n")
        if self._after_cr and piece.startswith(b"\n"):
            self.count -= 1
        self._after_cr = piece.endswith(b"\r")
        self.ends_with_break = piece.endswith((b"\n", b"\r"))

    @property
    def last_line(self) -> int:
        """The number of the file's last line."""
        return self.count if self.ends_with_break else self.count + 1


class NotForCopy(Exception):
    """The file holds what PostgreSQL's CSV reader reads otherwise than the Python reader does."""


class QuoteCheck:
    """Stops the COPY where PostgreSQL and the Python reader would part ways, so Python reads the file.

    PostgreSQL opens a quoted part at a quote anywhere in a cell (`TV 32" broken` then swallows the
    next lines into the cell); the Python reader, like Excel, opens one only at a cell's start. A quote
    must therefore open a cell, double inside it, or close it before a delimiter or a line end. A line
    of only `\\.` ends COPY's data, so it stops the COPY too. Quotes are found with bytes.find, so a file
    without them costs one search per piece.
    """

    def __init__(self, delimiter: str) -> None:
        self._bounds = frozenset({ord(delimiter), 10, 13})
        # Whole quoted cells, opened after a delimiter or line end and closed before one: a piece whose
        # quotes all belong to such cells is checked by one substitution, without a loop in Python.
        bound = rb"[" + re.escape(delimiter.encode()) + rb"\r\n]"
        # (The pattern starts with the quote, so that the regex engine searches for it as a literal.)
        self._cells = re.compile(rb'"(?<=' + bound + rb'")[^"]*(?:""[^"]*)*"(?=' + bound + rb")")
        self._inside = self._pending_close = False
        self._previous, self._first, self._tail = 10, True, b"\n"

    def see(self, piece: bytes) -> None:
        """Check the next PIECE of the file; NotForCopy where the two readers would disagree."""
        if not piece:
            return
        seen = self._tail + piece
        if _END_OF_DATA.search(seen):
            raise NotForCopy("a line of only \\.")
        self._tail = seen[-2:]
        start = 3 if self._first and piece.startswith(codecs.BOM_UTF8) else 0
        self._first = False
        at = self._after_boundary(piece, start)
        while self._inside and (quote := piece.find(b'"', at)) >= 0:  # a cell the last piece left open
            at = self._quote(piece, quote, start)
        # Up to the piece's last line end, whole quoted cells are checked at once; the walk below then
        # takes the rest: a row cut by the piece's end, or a piece the quick check could not clear.
        whole_lines = max(piece.rfind(b"\n"), piece.rfind(b"\r")) + 1
        if not self._inside and whole_lines > at and not self._stray_quotes(piece, at, whole_lines, start):
            at = whole_lines
        while (quote := piece.find(b'"', at)) >= 0:
            at = self._quote(piece, quote, start)
        self._previous = piece[-1] if len(piece) > start else self._previous

    def _stray_quotes(self, piece: bytes, at: int, end: int, start: int) -> bool:
        """Whether PIECE[AT:END] has a quote outside whole quoted cells (then the exact walk decides)."""
        if piece.find(b'"', at, end) < 0:
            return False
        if piece[at] != _QUOTE:  # the region starts after a closing quote or with plain text
            return b'"' in self._cells.sub(b"", piece[at:end])
        lead = piece[at - 1] if at > start else self._previous if at == 0 else 10
        return b'"' in self._cells.sub(b"", bytes([lead]) + piece[at:end])

    def _after_boundary(self, piece: bytes, at: int) -> int:
        """Settle a quote that ended the last piece: a doubled quote, or the close of a cell."""
        if not self._pending_close or at >= len(piece):
            return at
        self._pending_close = False
        if piece[at] == _QUOTE:
            return at + 1
        self._inside = False
        if piece[at] not in self._bounds:
            raise NotForCopy("text after a closing quote")
        return at

    def _quote(self, piece: bytes, at: int, start: int) -> int:
        """Where to look for the next quote after the one at AT."""
        if not self._inside:
            before = piece[at - 1] if at > start else self._previous if at == 0 else 10
            if before not in self._bounds:
                raise NotForCopy("a quote inside a cell")
            self._inside = True
            return at + 1
        if at + 1 == len(piece):
            self._pending_close = True
            return at + 1
        if piece[at + 1] == _QUOTE:
            return at + 2
        if piece[at + 1] not in self._bounds:
            raise NotForCopy("text after a closing quote")
        self._inside = False
        return at + 1


_QUOTE = ord('"')
# Literal first (the lookbehind follows it), so that the regex engine searches for "\\." as a literal.
_END_OF_DATA = re.compile(rb"\\\.(?<=[\r\n]\\\.)(?:[\r\n]|$)")


def chunks(
    path: Path, *, check_utf8: bool, progress: Progress | None = None, watchers: Sequence[Watcher] = ()
) -> Iterator[bytes]:
    """The file's bytes in chunks without the blank lines at its end; UnicodeDecodeError if not UTF-8.

    COPY refuses an empty line, and editors often leave some at the end of a file. Each of WATCHERS
    sees every piece before it is yielded (and may stop the stream by raising).
    """
    for piece in _chunks(path, check_utf8=check_utf8, progress=progress):
        for watcher in watchers:
            watcher.see(piece)
        yield piece


def _chunks(path: Path, *, check_utf8: bool, progress: Progress | None) -> Iterator[bytes]:
    decoder = codecs.getincrementaldecoder("utf-8")()
    held = b""
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            if check_utf8:
                decoder.decode(chunk)
            body = held + chunk
            kept = body.rstrip(b"\r\n")
            held = body[len(kept) :]
            if kept:
                yield kept
            if progress is not None:
                progress(handle.tell())
    if check_utf8:
        decoder.decode(b"", final=True)
    if held:
        yield b"\r\n" if held.startswith(b"\r\n") else held[:1]


def single_byte_arabic(path: Path) -> bool:
    """True when the Python reader would read every line as Windows-1256 (no other line is UTF-8).

    That reader decodes line by line, so a file mixing UTF-8 and Windows-1256 lines is left to it.
    """
    with path.open("rb") as handle:
        if handle.read(2) in _UTF16:
            return False
        handle.seek(0)
        return not any(not line.isascii() and _is_utf8(line) for line in handle)


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
