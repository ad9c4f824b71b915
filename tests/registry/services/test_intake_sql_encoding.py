"""The line breaks the COPY path counts are the lines the Python reader numbers rows by."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from registry.services.intake_sql_encoding import LineBreaks, NotForCopy, QuoteCheck

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


def _checked(data: bytes, cut: int) -> None:
    check = QuoteCheck(",")
    check.see(data[:cut])
    check.see(data[cut:])


@pytest.mark.parametrize(
    "data",
    [b'a,"b,c"\n', b'"a""b",c\r\n', b'"",x\n', b'\xef\xbb\xbf"a",b\n', b'a,"multi\nline"\n'],
)
def test_quotes_that_open_double_or_close_a_cell_pass_however_the_file_is_cut(data: bytes) -> None:
    # The byte-order mark is never cut: the first piece of a file is a whole MiB.
    for cut in range(3 if data.startswith(b"\xef") else 0, len(data) + 1):
        _checked(data, cut)


@pytest.mark.parametrize("data", [b'a,TV 32" set\n', b'a, "b"\n', b'a,"b"c\n', b"a\n\\.\nb\n", b'"a""b"x\n'])
def test_what_postgresql_reads_otherwise_stops_the_copy_however_the_file_is_cut(data: bytes) -> None:
    for cut in range(len(data) + 1):
        with pytest.raises(NotForCopy):
            _checked(data, cut)


def _verdict(pieces: list[bytes]) -> bool:
    check = QuoteCheck(",")
    try:
        for piece in pieces:
            check.see(piece)
    except NotForCopy:
        return False
    return True


@given(
    st.binary(max_size=40).map(lambda b: bytes(b'a,"\n\r'[x % 5] for x in b)), st.lists(st.integers(0, 40))
)
def test_the_verdict_on_quotes_does_not_depend_on_where_the_file_is_cut(data: bytes, cuts: list[int]) -> None:
    bounds = [0, *sorted(c for c in cuts if c <= len(data)), len(data)]
    pieces = [data[a:b] for a, b in pairwise(bounds)]
    assert _verdict(pieces) == _verdict([data])
