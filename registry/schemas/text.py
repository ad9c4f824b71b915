"""Text types that refuse what no honest user types: NUL, other control characters, lone surrogates."""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, StringConstraints

# C0/C1 controls except tab and newline; NUL would also break PostgreSQL text columns.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Unicode category Cs: a JSON escape such as "\ud800" decodes to one, and no UTF-8 (so no database
# column, log line or response) can hold it: left in, it fails later as a UnicodeEncodeError, a 500.
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def reject_controls(value: str) -> str:
    """Strip surrounding space and refuse control characters and lone UTF-16 surrogates."""
    if _CONTROL.search(value):
        raise ValueError("contains control characters (such as NUL)")
    if _SURROGATE.search(value):
        raise ValueError("contains a lone UTF-16 surrogate (half a character); send valid Unicode text")
    return value.strip()


# Arabic-Indic and Extended Arabic-Indic digits, as Arabic keyboards and spreadsheets write them.
ARABIC_DIGITS, THEIR_ASCII = "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2
_ASCII_DIGITS = str.maketrans(ARABIC_DIGITS, THEIR_ASCII)


def ascii_digits(value: str) -> str:
    """VALUE with Arabic-Indic digits written as 0-9 (phone and document numbers are checked as ASCII)."""
    return value.translate(_ASCII_DIGITS)


def single_line(value: str) -> str:
    """Collapse runs of whitespace (tabs and newlines included) into one space."""
    return " ".join(value.split())


def empty_to_none(value: object) -> object:
    """Treat blank cells and strings as missing."""
    if isinstance(value, str) and not value.strip():
        return None
    return value


def nfc(value: str) -> str:
    """Store text in Unicode NFC so equal-looking strings compare equal."""
    return unicodedata.normalize("NFC", value)


Line = Annotated[str, AfterValidator(reject_controls), AfterValidator(single_line), AfterValidator(nfc)]
# Text that may run over several lines (a ruling's summary); control characters still refused.
Paragraph = Annotated[str, AfterValidator(reject_controls), AfterValidator(nfc)]
NameText = Annotated[Line, StringConstraints(min_length=1, max_length=300)]
ShortText = Annotated[Line, StringConstraints(min_length=1, max_length=64)]
OptionalName = Annotated[NameText | None, BeforeValidator(empty_to_none)]
OptionalShort = Annotated[ShortText | None, BeforeValidator(empty_to_none)]
OptionalAddress = Annotated[
    Annotated[Line, StringConstraints(min_length=1, max_length=500)] | None, BeforeValidator(empty_to_none)
]
