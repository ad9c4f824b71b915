"""Transliteration-tolerant keys: a consonant skeleton with vowel slots, computed alike from Arabic and Latin.

No library does this: phonetic codes such as Soundex or Metaphone read English spelling only, and
transliterators (anyascii, ICU) turn Arabic into one Latin spelling instead of a key that the many
spellings of a Gulf name ("Al-Mutairi", "Almutairy", "El Mutairi", "المطيري") share.

A sound string holds consonant classes and vowel marks: "V" for a vowel, "L" for a long Latin
vowel (two or more vowel letters: "Hamoud", "Saeed"), "I" for a word-final i/y (the Arabic nisba
ending ي, as in Mutairi). The skeleton is the sound without its vowel marks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from rapidfuzz.distance import Indel

VOWEL = "V"
LONG = "L"
FINAL_I = "I"
_MARKS = (VOWEL, LONG, FINAL_I)

# Arabic letters to Latin consonant classes. The classes merge what transliterations confuse:
# ث is "th" or "s" (Othman, Osman), ذ ض ظ are "dh" or "d" in the Gulf, غ and ج are "gh", "g" or "j",
# ق is "q", "k" or "g".
_ARABIC = {
    "ب": "b",
    "ت": "t",
    "ث": "t",
    "ج": "j",
    "ح": "h",
    "خ": "k",
    "د": "d",
    "ذ": "d",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "s",
    "ص": "s",
    "ض": "d",
    "ط": "t",
    "ظ": "d",
    "غ": "j",
    "ف": "f",
    "ق": "k",
    "ك": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
}
# ع and hamza are written in Latin as a vowel or an apostrophe, so they count as a vowel slot.
_ARABIC_VOWELS = frozenset("اعءآأإ")
_ARABIC_SEMIVOWELS = {"و": "w", "ي": "y"}

_LATIN_DIGRAPHS = {
    "kh": "k",
    "gh": "j",
    "sh": "s",
    "ch": "s",
    "th": "t",
    "dh": "d",
    "ph": "f",
    "dj": "j",
    "zh": "j",
    "ck": "k",
    "sch": "s",
}
_LATIN = {
    "b": "b",
    "c": "k",
    "d": "d",
    "f": "f",
    "g": "j",
    "h": "h",
    "j": "j",
    "k": "k",
    "l": "l",
    "m": "m",
    "n": "n",
    "p": "b",
    "q": "k",
    "r": "r",
    "s": "s",
    "t": "t",
    "v": "f",
    "x": "ks",
    "z": "z",
}
_LATIN_VOWELS = frozenset("aeiou")
_COARSE = str.maketrans({"z": "d", "t": "s", "j": "k"})


def _finish(symbols: list[str]) -> str:
    """Collapse vowel runs and repeated consonants, then drop a final h (ة, ح, "ah" are all spelt so).

    A consonant repeated across a vowel counts once too ("Sibakukh" for سيبكخ, "Dawood" for داود):
    Arabic writes no short vowel between the two, so only this keeps both scripts on one skeleton.
    """
    out: list[str] = []
    last_consonant = ""
    for symbol in symbols:
        if symbol in _MARKS:
            if out and out[-1] in _MARKS:
                out[-1] = next(mark for mark in (FINAL_I, LONG, VOWEL) if mark in (symbol, out[-1]))
            else:
                out.append(symbol)
        elif symbol != last_consonant:
            out.append(symbol)
            last_consonant = symbol
    if out and out[-1] == "h":
        out.pop()
    return "".join(out)


def _latin_symbol(word: str, i: int) -> tuple[str, int]:
    for size in (3, 2):
        mapped = _LATIN_DIGRAPHS.get(word[i : i + size])
        if mapped is not None:
            return mapped, size
    char = word[i]
    if char in _LATIN_VOWELS or (char in "wy" and i > 0):
        return VOWEL, 1
    return _LATIN.get(char, char), 1


@lru_cache(maxsize=65536)
def latin_sound(word: str) -> str:
    """The sound string of a lower-case Latin WORD ("mutairi" is "mVtVrI")."""
    symbols: list[str] = []
    i = 0
    while i < len(word):
        symbol, size = _latin_symbol(word, i)
        symbols.extend(symbol)
        i += size
    if (symbols and symbols[-1] == VOWEL and word[-1] in "iy") or word.endswith(("ee", "ey", "ie")):
        symbols[-1] = FINAL_I
    # Two vowel letters in a row spell a long vowel, which Arabic writes (و, ي, ا): "Hamoud" is حمود.
    for i in range(1, len(symbols)):
        if symbols[i] == VOWEL and symbols[i - 1] in (VOWEL, LONG):
            symbols[i - 1] = symbols[i] = LONG
    return _finish(symbols)


@lru_cache(maxsize=65536)
def arabic_sound(word: str) -> str:
    """The sound string of a folded Arabic WORD ("مطيري" is "mtVrI")."""
    symbols: list[str] = []
    for i, char in enumerate(word):
        if char in _ARABIC_SEMIVOWELS:
            symbols.append(_ARABIC_SEMIVOWELS[char] if i == 0 else VOWEL)
        elif char in _ARABIC_VOWELS:
            symbols.append(VOWEL)
        else:
            symbols.append(_ARABIC.get(char, char))
    if len(word) > 1 and word[-1] == "ي":
        symbols[-1] = FINAL_I
    if word.endswith("حه"):
        # ة after ح is the vowel that follows it (واحة is Waha, فرحة Farha); as an h it would merge
        # into the ح and both would be dropped as a final h.
        symbols[-1] = VOWEL
    return _finish(symbols)


_LATIN_CONSONANTS = frozenset(_LATIN.values()) | frozenset(_LATIN_DIGRAPHS.values()) | frozenset("wy")


def _drop_final_h(consonants: list[str], written_last: bool) -> int:
    """The count without a final h written last (ة, ح, "ah"), which the sound strings drop too."""
    return len(consonants) - (1 if written_last and consonants and consonants[-1] == "h" else 0)


@lru_cache(maxsize=65536)
def latin_consonants(word: str) -> frozenset[int]:
    """The consonant count of a lower-case Latin WORD, a doubled letter once ("Haddad": {3}, "Huda": {2})."""
    consonants: list[str] = []
    i = last_end = 0
    while i < len(word):
        symbol, size = _latin_symbol(word, i)
        i += size
        for part in symbol if symbol in _LATIN_CONSONANTS or len(symbol) > 1 else "":
            # A letter typed twice in a row ("dd", "ss") is one consonant; across a vowel, two.
            if not consonants or part != consonants[-1] or i - size != last_end:
                consonants.append(part)
            last_end = i
    return frozenset({_drop_final_h(consonants, word.endswith("h"))})


@lru_cache(maxsize=65536)
def arabic_consonants(word: str) -> frozenset[int]:
    """The consonant counts a folded Arabic WORD may stand for ("حداد": {3}, "ممدوح": {2, 3}).

    A letter written twice in a row is one consonant (الله, Abdullah) or two with an unwritten short
    vowel between them (ممدوح, Mamdouh); a transliteration may show either.
    """
    final_h = _ARABIC.get(word[-1:]) == "h"
    once = [char for i, char in enumerate(word) if i == 0 or char != word[i - 1]]
    spellings = (once, list(word))
    return frozenset(_drop_final_h(_arabic_consonant_letters(letters), final_h) for letters in spellings)


def _arabic_consonant_letters(letters: list[str]) -> list[str]:
    initial = _ARABIC_SEMIVOWELS.get(letters[0], "") if letters else ""
    return [c for c in [initial] + [_ARABIC.get(char, "") for char in letters] if c]


@lru_cache(maxsize=65536)
def skeleton(sound: str) -> str:
    """The consonants of SOUND: the key that spellings of one name share."""
    return sound.replace(VOWEL, "").replace(LONG, "").replace(FINAL_I, "")


def coarse(skel: str) -> str:
    """SKEL with the classes transliteration most often confuses merged: ذ/ز (d, z), ث/س (t, s), ق (k, g)."""
    return skel.translate(_COARSE)


@lru_cache(maxsize=65536)
def _slots(sound: str) -> tuple[str, ...]:
    """The vowel mark before the first consonant and after each consonant ("" where none)."""
    slots = [""]
    for symbol in sound:
        if symbol in _MARKS:
            slots[-1] = symbol
        else:
            slots.append("")
    return tuple(slots)


def _violations(arabic: Sequence[str], latin: Sequence[str]) -> int:
    """Vowel slots that a transliteration of ARABIC would not leave as LATIN shows them."""
    # Arabic writes only long vowels, which a transliteration always shows; Latin adds short ones, but
    # a long Latin vowel needs its Arabic letter.
    count = sum(
        1 for a, b in zip(arabic[:-1], latin[:-1], strict=True) if (a and not b) or (b == LONG and not a)
    )
    # No Arabic word starts with an unwritten vowel (it needs ا or ع), so a Latin word that starts
    # with one is another name: "Ahmed" is not حمد, "Anwar" not نورة, "Asfoor" not سفير.
    if latin[0] and not arabic[0] and len(arabic) > 1:
        count += 1
    # The last slot weighs double: a final ي (Mutairi) against none (Matar) marks another name.
    if (arabic[-1] and not latin[-1]) or (latin[-1] == FINAL_I and arabic[-1] != FINAL_I):
        count += 2
    return count


def _mismatches(left: Sequence[str], right: Sequence[str]) -> int:
    """Vowel slots that differ between two spellings in one script."""
    count = sum(1 for a, b in zip(left, right, strict=True) if bool(a) != bool(b))
    return count + (1 if (left[-1] == FINAL_I) != (right[-1] == FINAL_I) else 0)


def sound_similarity(left: str, right: str, *, left_arabic: bool, right_arabic: bool) -> float:
    """How likely two sound strings spell one word, in [0, 1]; Arabic vs Latin allowed either way."""
    skel_left, skel_right = skeleton(left), skeleton(right)
    if not skel_left or not skel_right:
        return 0.0
    cross = left_arabic != right_arabic
    base = 0.95
    if skel_left != skel_right:
        if coarse(skel_left) != coarse(skel_right) or len(skel_left) < 3:
            ratio = Indel.normalized_similarity(skel_left, skel_right)
            return 0.8 * ratio if ratio >= 0.75 and min(len(skel_left), len(skel_right)) >= 3 else 0.0
        base = 0.8
    slots_left, slots_right = _slots(left), _slots(right)
    if not cross:
        errors = _mismatches(slots_left, slots_right)
    elif left_arabic:
        errors = _violations(slots_left, slots_right)
    else:
        errors = _violations(slots_right, slots_left)
    # A short skeleton ("l" for Ali, "nsr" for Nasser and Nusair) is shared by many words.
    # Vowels in agreement make a two-consonant skeleton ("tb" of Otaibi, العتيبي) better evidence.
    # Across scripts the vowels are only partly known, so each disagreement and a short skeleton
    # count a little more.
    short = {1: 0.3, 2: 0.06 if errors == 0 else 0.12, 3: 0.02 if cross else 0.0}.get(len(skel_left), 0.0)
    return max(0.0, base - (0.17 if cross else 0.15) * errors - short)


# A name of one consonant ("l" of Ali) shares its skeleton with many, so across scripts it is compared
# letter by letter instead: the consonant as Latin writes that very letter (ش is "sh", never "s":
# Aisha is not عيسى), and every long vowel the Arabic writes, on its side of the consonant, as a Latin
# vowel of its kind (و is o, u or w: Eid is not عود).
_ONE_CONSONANT_LATIN = {
    "ش": ("sh", "ch"),
    "س": ("s", "ss"),
    "ص": ("s", "ss"),
    "ض": ("dh", "d", "z"),
    "ظ": ("dh", "z", "th", "d"),
    "ذ": ("dh", "th", "z", "d"),
    "ث": ("th", "s"),
    "خ": ("kh",),
    "غ": ("gh", "g"),
    "ق": ("q", "k", "g"),
    "ج": ("j", "g"),
}
_ARABIC_LONG = {"ا": "a", "ى": "a", "آ": "a", "و": "u", "ي": "i"}
_LATIN_VOWEL_KINDS = {"a": "a", "o": "u", "u": "u", "w": "u", "i": "i", "e": "i", "y": "i"}
_LATIN_CONSONANT = re.compile("[^aeiouwy]+")


def one_consonant_spelling(latin: str, arabic: str) -> bool:
    """True if LATIN spells ARABIC, both names of one consonant, letter by letter (Ali and علي).

    Each side of the consonant must agree: a letter before it in one script and none in the other
    is another name (Aisha is not شاي), every long vowel Arabic writes must show as a Latin vowel of
    its kind, and a Latin "w" or "y" must be an Arabic و or ي (Lawi is not علي).
    """
    # A final ه is ة folded (عائشة), a vowel, not a consonant.
    consonants = [
        (i, c) for i, c in enumerate(arabic) if c in _ARABIC and not (c == "ه" and i == len(arabic) - 1)
    ]
    # A "w" or "y" that starts the word is a consonant (Yas, Waleed).
    found = _LATIN_CONSONANT.search(latin) if latin[:1] not in ("w", "y") else None
    if len(consonants) != 1 or found is None or _LATIN_CONSONANT.search(latin, found.end()):
        return False
    at, letter = consonants[0]
    allowed = _ONE_CONSONANT_LATIN.get(letter) or (_ARABIC[letter], _ARABIC[letter] * 2)
    if found.group(0) not in allowed:
        return False
    sides = ((arabic[:at], latin[: found.start()]), (arabic[at + 1 :], latin[found.end() :]))
    if bool(sides[0][0]) != bool(sides[0][1]):
        return False
    return all(_side_agrees(arabic_side, latin_side) for arabic_side, latin_side in sides)


def _side_agrees(arabic: str, latin: str) -> bool:
    written = _long_vowels(arabic)
    semivowels = {_LATIN_VOWEL_KINDS[c] for c in latin if c in "wy"}
    return written <= _vowel_kinds(latin) and semivowels <= written


def _long_vowels(arabic: str) -> set[str]:
    return {_ARABIC_LONG[c] for c in arabic if c in _ARABIC_LONG}


def _vowel_kinds(latin: str) -> set[str]:
    return {_LATIN_VOWEL_KINDS[c] for c in latin if c in _LATIN_VOWEL_KINDS}
