"""Latin readings of names in South Asian abugidas: Devanagari, Bengali, Sinhala and their kin.

anyascii maps one character at a time, which suits alphabets but not abugidas: a consonant letter
carries a vowel "a" unless a vowel sign or a virama follows it, so "नेपाल" must read "nepal" and
"मैनपावर" "mainpavar", not "nepl" and "mainpvr". Hand-written because no library kept up to date
gives the reading a recruitment clerk types (indic-transliteration gives scholarly "maināpāvara"):
the inherent vowel is added, then dropped at the end of a word and between two consonants that
have vowels on both sides (the schwa deletion of Hindi, Nepali and Bengali; Sinhala keeps it).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

# Devanagari (U+0900) to Sinhala (U+0DFF): every Brahmic script of the workers' countries of origin.
BRAHMIC_RUN = re.compile("[\u0900-\u0dff\u200c\u200d]+")
_VOWELS = frozenset("aeiou")
_LABIALS = ("p", "b", "m")
# Scripts whose languages drop the inherent vowel as above.
_SCHWA_DELETING = frozenset({"DEVANAGARI", "BENGALI", "GURMUKHI", "GUJARATI", "ORIYA"})

# Kinds of unit in a transliterated word.
_CONSONANT, _VOWEL, _SIGN, _SCHWA, _OTHER = range(5)


@lru_cache(maxsize=2048)
def _kind(char: str) -> tuple[int, str]:
    """What CHAR is in its word, and its Latin reading."""
    name = unicodedata.name(char, "")
    reading = anyascii(char).lower()
    if "VIRAMA" in name or "NUKTA" in name or "AL-LAKUNA" in name or char in "\u200c\u200d":
        return _OTHER, ""
    if "ANUSVARA" in name or "CANDRABINDU" in name:
        return _SIGN, "n"
    category = unicodedata.category(char)
    if category.startswith("M") or category == "Lo":
        if reading[:1] in _VOWELS:
            return _VOWEL, reading
        return (_CONSONANT, reading) if category == "Lo" else (_OTHER, reading)
    return _OTHER, reading if reading.isalnum() else " "


def _bare(chars: str, index: int) -> bool:
    """True when the consonant before INDEX has no vowel sign and no virama (nuktas skipped)."""
    while index < len(chars) and "NUKTA" in unicodedata.name(chars[index], ""):
        index += 1
    if index >= len(chars):
        return True
    char = chars[index]
    name = unicodedata.name(char, "")
    if "VIRAMA" in name or "AL-LAKUNA" in name:
        return False
    return not (unicodedata.category(char).startswith("M") and _kind(char)[0] == _VOWEL)


def _units(word: str) -> list[tuple[int, str]]:
    units: list[tuple[int, str]] = []
    for index, char in enumerate(word):
        kind, reading = _kind(char)
        units.append((kind, reading))
        if kind == _CONSONANT and _bare(word, index + 1):
            units.append((_SCHWA, "a"))
    return units


def _drop_schwas(units: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Drop a word's final inherent vowel, then, right to left, each one in V C _ C V."""
    kept = [u for i, u in enumerate(units) if not (u[0] == _SCHWA and _word_end(units, i + 1))]
    index = len(kept) - 3
    while index >= 2:
        kinds = [kind for kind, _ in kept[index - 2 : index + 3]]
        voiced = (_VOWEL, _SCHWA)
        if (
            kinds[2] == _SCHWA
            and kinds[1] == kinds[3] == _CONSONANT
            and kinds[0] in voiced
            and kinds[4] in voiced
        ):
            del kept[index]
        index -= 1
    return kept


def _word_end(units: list[tuple[int, str]], index: int) -> bool:
    return index >= len(units) or units[index] == (_OTHER, " ")


def _reading(units: list[tuple[int, str]]) -> str:
    out = []
    for index, (kind, text) in enumerate(units):
        if kind == _SIGN:
            after = units[index + 1][1] if index + 1 < len(units) else ""
            text = "m" if after.startswith(_LABIALS) else "n"
        out.append(text)
    return "".join(out)


def _script(word: str) -> str:
    return unicodedata.name(word[0], "").split(" ")[0]


def transliterate_word(word: str) -> str:
    """The Latin reading of one word written in a Brahmic script."""
    units = _units(word)
    if _script(word) in _SCHWA_DELETING:
        units = _drop_schwas(units)
    return _reading(units)


def transliterate(text: str) -> str:
    """TEXT with every run of Brahmic script replaced by its Latin reading; other text unchanged."""
    return BRAHMIC_RUN.sub(lambda run: transliterate_word(run.group()), text)
