"""Numbers written as words or Roman numerals, turned into digits so that "Forty-Four" and "44" agree.

Numbers identify: "Fund IV" and "Fund V", "Trust 2004-1" and "Trust 2004-2" are different entities,
so every spelling of a number must reach the same digits before names are compared.
"""

from __future__ import annotations

import re

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
# "Fourty" is misspelt often enough to be worth reading.
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fourty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
# Only I, V and X: L, C and M would turn surnames such as "Li" or "Mix" into numbers.
_ROMAN = re.compile(r"(x{0,3})(ix|iv|v?i{0,3})")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10}


def roman_value(word: str) -> int | None:
    """The value of a Roman numeral of I, V and X ("iv" is 4), or None if WORD is not one."""
    if not word or _ROMAN.fullmatch(word) is None:
        return None
    total = 0
    for i, char in enumerate(word):
        value = _ROMAN_VALUES[char]
        following = _ROMAN_VALUES[word[i + 1]] if i + 1 < len(word) else 0
        total += -value if value < following else value
    return total


def _unit(word: str) -> int | None:
    if word.isdigit() and len(word) == 1:
        return int(word)
    return _UNITS.get(word)


def _number_at(words: list[str], i: int) -> tuple[str, int] | None:
    """The number spelt from WORDS[I] on, and how many words it takes."""
    word = words[i]
    tens = _TENS.get(word)
    if tens is not None:
        unit = _unit(words[i + 1]) if i + 1 < len(words) else None
        if unit is not None and 0 < unit < 10:
            return str(tens + unit), 2
        return str(tens), 1
    unit = _UNITS.get(word)
    if unit is not None:
        return str(unit), 1
    # A numeral after the first word: "Trust II", "Fund X"; as a first word it is more likely a letter.
    roman = roman_value(word) if i > 0 else None
    return (str(roman), 1) if roman is not None else None


def spell_numbers(words: list[str]) -> list[str]:
    """WORDS with English number words and Roman numerals (after the first word) as digits."""
    out: list[str] = []
    i = 0
    while i < len(words):
        found = _number_at(words, i) if words[i].isascii() else None
        if found is None:
            out.append(words[i])
            i += 1
            continue
        out.append(found[0])
        i += found[1]
    return out
