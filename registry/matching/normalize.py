"""Name normalisation shared by storage (CompanyName.key) and the matcher."""

from __future__ import annotations

import unicodedata

_ARABIC_BLOCKS = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))


def _is_arabic(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _ARABIC_BLOCKS)


def detect_script(text: str) -> str:
    """The script of TEXT's letters: latin, arabic, mixed or other."""
    letters = [c for c in text if c.isalpha()]
    arabic = sum(1 for c in letters if _is_arabic(c))
    latin = sum(1 for c in letters if c.isascii() or unicodedata.name(c, "").startswith("LATIN"))
    if arabic and latin:
        return "mixed"
    if arabic:
        return "arabic"
    if latin:
        return "latin"
    return "other"


def name_key(text: str) -> str:
    """A comparison key: NFKC, case-folded, letters and digits only, single spaces."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    kept = "".join(c if c.isalnum() else " " for c in folded)
    return " ".join(kept.split())
