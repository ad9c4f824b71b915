"""File downloads built inside a request's session and streamed after it: spooled, then sent in chunks."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import IO

from fastapi.responses import StreamingResponse

# Up to this many bytes stay in memory; a larger file spills to a temporary file on disk.
SPOOL_BYTES = 8_000_000


def spool() -> IO[bytes]:
    """A file to write a download into; the response that sends it closes it."""
    return tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)


def download(written: IO[bytes], name: str, media: str) -> StreamingResponse:
    """Send WRITTEN from its start as an attachment called NAME, closing it once sent."""
    written.seek(0)

    def chunks() -> Iterator[bytes]:
        with written:
            yield from iter(lambda: written.read(65536), b"")

    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return StreamingResponse(chunks(), media_type=media, headers=headers)
