"""The line breaks the COPY path counts are the lines the Python reader numbers rows by."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from registry.services.intake_sql_encoding import LineBreaks

_BREAK = re.compile(rb"\r\n|\r|\n")


@given(st.binary().map(lambda b: bytes(b"ab\r\n"[x % 4] for x in b)), st.lists(st.integers(0, 64)))
def test_breaks_are_counted_once_however_the_file_is_cut(data: bytes, cuts: list[int]) -> None:
    breaks, start = LineBreaks(), 0
    for cut in sorted(c for c in cuts if c <= len(data)):
        breaks.see(data[start:cut])
        start = cut
    breaks.see(data[start:])
    assert breaks.count == len(_BREAK.findall(data))


def test_the_last_line_is_counted_whether_or_not_the_file_ends_with_a_break() -> None:
    ended, open_ended = LineBreaks(), LineBreaks()
    ended.see(b"header\r\nrow\r\n")
    open_ended.see(b"header\nrow")
    assert (ended.last_line, open_ended.last_line) == (2, 2)
