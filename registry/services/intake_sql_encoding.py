"""Which encoding PostgreSQL's COPY may read a file in, decided by streaming its bytes."""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path

from registry.services.intake_import import Progress

CHUNK_BYTES = 1 << 20
_UTF16 = (b"\xff\xfe", b"\xfe\xff")


def chunks(path: Path, *, check_utf8: bool, progress: Progress | None = None) -> Iterator[bytes]:
    """The file's bytes in chunks without the blank lines at its end; UnicodeDecodeError if not UTF-8.

    COPY refuses an empty line, and editors often leave some at the end of a file.
    """
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
