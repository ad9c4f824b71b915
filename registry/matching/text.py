"""Character-level cleaning and tokenisation of names in any script, Latin and Arabic kept as such."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache, partial

from anyascii import anyascii

from registry.matching.abugida import BRAHMIC_RUN, transliterate

# Work is capped: a mention longer than this is a pasted paragraph, not a name.
MAX_INPUT_CHARS = 1000

_ARABIC_CLASS = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
_ARABIC_CHAR = re.compile(f"[{_ARABIC_CLASS}]")
_ARABIC_LETTER = re.compile(f"(?=[{_ARABIC_CLASS}])[^\\W\\d_]")
_LATIN_LETTER = re.compile("[a-zA-Z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]")

# Han and kana carry no spaces, so a legal form glued to the name must be split off before
# transliteration turns the whole run into one word.
_CJK_LEGAL = re.compile("(股份有限公司|有限责任公司|有限公司|株式会社|有限会社|合同会社|公司|集团)")

# Apostrophes are dropped rather than split on, so "Sa'ad" stays one word; an English possessive
# "'s" goes entirely ("Deutsche Bank's" is "Deutsche Bank").
_APOSTROPHES = "'’ʼʻ`´‘"
_POSSESSIVE = re.compile(f"[{_APOSTROPHES}]s\\b")
_SEPARATORS = re.compile(r"[^\w&]+|_")


def _code_ranges(*ranges: tuple[int, int]) -> list[int]:
    return [code for low, high in ranges for code in range(low, high + 1)]


def _build_table() -> dict[int, int | str | None]:
    deleted = _code_ranges(
        (0x0300, 0x036F),
        (0x1AB0, 0x1AFF),
        (0x1DC0, 0x1DFF),
        (0x20D0, 0x20FF),
        (0xFE20, 0xFE2F),
        (0x0610, 0x061A),
        (0x064B, 0x065F),
        (0x0670, 0x0670),
        (0x06D6, 0x06DC),
        (0x06DF, 0x06E8),
        (0x06EA, 0x06ED),
        (0x08D3, 0x08FF),
        (0x0640, 0x0640),
        (0x00AD, 0x00AD),
        (0x061C, 0x061C),
        (0x200B, 0x200F),
        (0x202A, 0x202E),
        (0x2060, 0x2064),
        (0x2066, 0x2069),
        (0xFEFF, 0xFEFF),
        (0x180E, 0x180E),
    )
    table: dict[int, int | str | None] = dict.fromkeys(deleted)
    table.update({ord(c): None for c in _APOSTROPHES})
    folds = {
        "ٱ": "ا",
        "ة": "ه",
        "ى": "ي",
        "ک": "ك",
        "ی": "ي",
        "ھ": "ه",
        "ە": "ه",
        "ے": "ي",
        "ڤ": "ف",
        "پ": "ب",
        "چ": "ج",
        "گ": "ك",
        "ژ": "ز",
        "ڭ": "ك",
    }
    table.update({ord(k): v for k, v in folds.items()})
    for digit in range(10):
        table[0x0660 + digit] = str(digit)
        table[0x06F0 + digit] = str(digit)
    return table


_TABLE = _build_table()


def detect_script(text: str) -> str:
    """The script of TEXT's letters: latin, arabic, mixed or other."""
    text = text[:MAX_INPUT_CHARS]
    arabic = _ARABIC_LETTER.search(text) is not None
    latin = _LATIN_LETTER.search(text) is not None
    if arabic and latin:
        return "mixed"
    if arabic:
        return "arabic"
    if latin:
        return "latin"
    return "other"


def is_arabic_char(char: str) -> bool:
    """True if CHAR is in one of the Arabic Unicode blocks."""
    return _ARABIC_CHAR.match(char) is not None


@lru_cache(maxsize=4096)
def _foreign(char: str) -> str:
    """What a non-ASCII character becomes before folding: kept, transliterated, a space, or nothing."""
    category = unicodedata.category(char)
    # Typographic apostrophes ("Int’l") are dropped later like the ASCII one, not made spaces here.
    if is_arabic_char(char) or char in _APOSTROPHES:
        return char
    if category.startswith("M"):
        # Accents over Latin letters are removed later. The vowel signs of Devanagari, Bengali,
        # Sinhala and other abugidas are letters of the word ("ने" is "ne"): transliterated like the
        # consonant they follow, or the word falls apart into its consonants.
        return char if unicodedata.name(char, "").startswith("COMBINING") else anyascii(char)
    if category.startswith(("L", "N")):
        if unicodedata.name(char, "").startswith("LATIN"):
            return char
        # Neither Latin nor Arabic: anyascii gives a Latin reading, which the Latin rules then treat.
        return anyascii(char)
    if category == "Cf":
        return ""
    if category.startswith(("P", "S", "Z", "C")):
        return " " if char != "&" else char
    return " "


class _ForeignTable(dict[int, str]):
    """str.translate's table for _foreign, filled on first use of each character (ASCII kept)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        value = char if char.isascii() else _foreign(char)
        # Bounded: a flood of distinct characters must not grow the table without end.
        if len(self) < _FOREIGN_TABLE_MAX:
            self[code] = value
        return value


_FOREIGN_TABLE_MAX = 65536
_FOREIGN = _ForeignTable()


def clean(text: str) -> str:
    """Fold TEXT for comparison: NFKC, case, Arabic letter variants, marks, controls, digits, punctuation."""
    text = unicodedata.normalize("NFKC", text[:MAX_INPUT_CHARS]).casefold()
    if not text.isascii():
        text = _CJK_LEGAL.sub(r" \1 ", text)
        if BRAHMIC_RUN.search(text):
            text = transliterate(text)
        text = text.translate(_FOREIGN)
        text = unicodedata.normalize("NFKD", text.casefold())
    text = _POSSESSIVE.sub("", text).translate(_TABLE)
    text = _SEPARATORS.sub(" ", text).replace("&", " & ")
    return " ".join(text.split())


# A code written letter by letter with dots, where a letter may be typed twice ("W.L.LL.", "S.PP.C.",
# "ش.ش.وو"): joined before the dots become spaces, since "LL" alone is a word and "II" a number.
_DOTTED_CODE = re.compile(r"(?<![\w.])(?:[^\W\d_]|([^\W\d_])\1)(?:\.+(?:[^\W\d_]|([^\W\d_])\2))+\.?(?!\w)")


def _single_letter(token: str) -> bool:
    return len(token) == 1 and token.isalpha()


def _join_letter_runs(tokens: list[str], joined: set[str] | None = None) -> list[str]:
    """Join runs of single letters of one script: "w l l" from "W.L.L." is "wll", "ذ م م" is "ذمم".

    The words so made are added to JOINED, if given.
    """
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if len(run) > 1:
            out.append("".join(run))
            if joined is not None:
                joined.add(out[-1])
        else:
            out.extend(run)
        run.clear()

    for token in tokens:
        if not _single_letter(token):
            if run:
                flush()
            out.append(token)
            continue
        if run and is_arabic_char(run[0]) != is_arabic_char(token):
            flush()
        run.append(token)
    flush()
    return out


def tokenize(text: str) -> list[str]:
    """The words of TEXT after clean(), with dotted or spaced abbreviations joined into one word."""
    return _join_letter_runs(clean(_DOTTED_CODE.sub(_undotted, text)).split())


def tokenize_with_codes(text: str) -> tuple[list[str], frozenset[str]]:
    """As tokenize(), with the words made of letters written one by one ("ح م م", "W.L.L.")."""
    joined: set[str] = set()
    undotted = _DOTTED_CODE.sub(partial(_undotted, joined=joined), text)
    words = _join_letter_runs(clean(undotted).split(), joined)
    return words, frozenset(joined)


def _undotted(match: re.Match[str], joined: set[str] | None = None) -> str:
    code = match.group(0)
    # Codes of single letters are joined as before, with the spaced ones ("o.o." of "Sp. z o.o.").
    if not any(len(piece) == 2 for piece in code.split(".")):
        return code
    letters = code.replace(".", "")
    if joined is not None:
        joined.add(clean(letters))
    return letters
