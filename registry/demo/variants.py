"""Character-level ways people misspell a name: typos, Arabic orthography, casing and punctuation."""

from __future__ import annotations

import random
import re
import string

_ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
# Letters that never join the following letter, so a tatweel after them would be wrong.
_NON_JOINING = set("اأإآدذرزوؤةءى")
_HARAKAT = ("\u064e", "\u064f", "\u0650", "\u0652", "\u0651")
_TATWEEL = "\u0640"
_PUNCTUATION = re.compile(r"[.,&'\-]")


def _is_arabic(char: str) -> bool:
    return "\u0600" <= char <= "\u06ff"


def typo(rng: random.Random, text: str) -> str | None:
    """One or two keyboard slips: a letter dropped, doubled, swapped with its neighbour or replaced."""
    result = text
    for _ in range(rng.choice((1, 1, 2))):
        result = _one_edit(rng, result)
    return result if result != text else None


def _one_edit(rng: random.Random, text: str) -> str:
    positions = [i for i, c in enumerate(text) if c.isalpha()]
    if len(positions) < 4:
        return text
    i = rng.choice(positions[1:])
    edit = rng.randrange(4)
    if edit == 0:
        return text[:i] + text[i + 1 :]
    if edit == 1:
        return text[:i] + text[i] + text[i:]
    if edit == 2 and i + 1 < len(text) and text[i + 1].isalpha():
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text[:i] + _similar_letter(rng, text[i]) + text[i + 1 :]


def _similar_letter(rng: random.Random, char: str) -> str:
    if _is_arabic(char):
        return rng.choice(_ARABIC_LETTERS)
    letter = rng.choice(string.ascii_lowercase)
    return letter.upper() if char.isupper() else letter


def _taa_marbuta(rng: random.Random, text: str) -> str:
    return text.replace("ة", "ه")


def _final_ya(rng: random.Random, text: str) -> str:
    if "ى" in text and rng.random() < 0.5:
        return text.replace("ى", "ي")
    return re.sub(r"ي\b", "ى", text)


def _hamza(rng: random.Random, text: str) -> str:
    return text.translate(str.maketrans("أإآ", "ااا"))


def _harakat(rng: random.Random, text: str) -> str:
    chars = list(text)
    letters = [i for i, c in enumerate(chars) if _is_arabic(c) and c.isalpha()]
    for i in sorted(rng.sample(letters, min(len(letters), rng.randint(1, 4))), reverse=True):
        chars.insert(i + 1, rng.choice(_HARAKAT))
    return "".join(chars)


def _joins(char: str) -> bool:
    return _is_arabic(char) and char.isalpha() and char not in _NON_JOINING


def _tatweel(rng: random.Random, text: str) -> str:
    joins = [i for i in range(len(text) - 1) if _joins(text[i]) and _is_arabic(text[i + 1])]
    if not joins:
        return text
    i = rng.choice(joins)
    return text[: i + 1] + _TATWEEL * rng.randint(1, 3) + text[i + 1 :]


_ORTHOGRAPHY = (_taa_marbuta, _final_ya, _hamza, _harakat, _tatweel)


def arabic_orthography(rng: random.Random, text: str) -> str | None:
    """The same Arabic name as another hand writes it: ة→ه, ي↔ى, أإآ→ا, harakat or tatweel."""
    result = text
    for change in rng.sample(_ORTHOGRAPHY, rng.choice((1, 1, 2))):
        result = change(rng, result)
    if result == text:
        result = _harakat(rng, text)
    return result if result != text else None


def casing(rng: random.Random, text: str) -> str | None:
    """The Latin name typed carelessly: all lower or upper case, or without punctuation."""
    choice = rng.randrange(4)
    if choice == 0:
        result = text.lower()
    elif choice == 1:
        result = text.upper()
    elif choice == 2:
        result = " ".join(_PUNCTUATION.sub(" ", text).lower().split())
    else:
        result = " ".join(_PUNCTUATION.sub("", text).split())
    return result if result != text else None


def respell_separator(rng: random.Random, word: str) -> str:
    """A Latin spelling with its "Al-" joined differently: Al Mutairi, AlMutairi, Al-mutairi."""
    if "-" not in word and " " not in word:
        return word
    head, _, tail = word.replace(" ", "-").partition("-")
    return rng.choice((f"{head} {tail}", f"{head}{tail}", f"{head}-{tail.lower()}", f"{head.lower()}-{tail}"))
