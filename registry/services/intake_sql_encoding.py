"""Which encoding PostgreSQL's COPY may read a file in, decided by streaming its bytes."""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from registry.services.intake_import import Progress

CHUNK_BYTES = 1 << 20
_UTF16 = (b"\xff\xfe", b"\xfe\xff")


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


def chunks(
    path: Path, *, check_utf8: bool, progress: Progress | None = None, breaks: LineBreaks | None = None
) -> Iterator[bytes]:
    """The file's bytes in chunks without the blank lines at its end; UnicodeDecodeError if not UTF-8.

    COPY refuses an empty line, and editors often leave some at the end of a file. BREAKS, if given,
    counts the line breaks of what is yielded.
    """
    for piece in _chunks(path, check_utf8=check_utf8, progress=progress):
        if breaks is not None:
            breaks.see(piece)
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
