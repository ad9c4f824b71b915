"""Trade names and the spellings people really use, kept on a company as aliases."""

from __future__ import annotations

import random
from collections.abc import Callable

from registry.demo.naming import NameParts, Style, arabic_name, english_name
from registry.demo.sampling import Weighted, below

_AliasMaker = Callable[[random.Random, NameParts], str]


def _other_spelling(rng: random.Random, parts: NameParts) -> str:
    spelling = rng.randrange(len(parts.entry.latin))
    return english_name(parts, Style(form=parts.form, spelling=spelling))


def _abbreviated(rng: random.Random, parts: NameParts) -> str:
    abbreviation = rng.randrange(len(parts.phrase.english_short))
    return english_name(parts, Style(form=parts.form, spelling=parts.spelling, abbreviation=abbreviation))


def _informal(rng: random.Random, parts: NameParts) -> str:
    """What ends up in phone contacts and chat messages: "almutairy co"."""
    word = rng.choice(parts.entry.latin).lower().replace("-", "").replace(" ", "")
    return f"{word} {rng.choice(('co', 'company', 'office', parts.form.english_short.lower()))}"


def _english_trade_name(rng: random.Random, parts: NameParts) -> str:
    return f"{parts.latin_word()} {rng.choice(parts.phrase.english_short)}"


def _arabic_trade_name(rng: random.Random, parts: NameParts) -> str:
    return f"{parts.form.arabic_head} {parts.arabic_word}"


def _arabic_without_suffix(rng: random.Random, parts: NameParts) -> str:
    return arabic_name(parts, Style(form=None))


_COUNT = Weighted({0: 30, 1: 35, 2: 25, 3: 10})
_ENGLISH: tuple[_AliasMaker, ...] = (_other_spelling, _abbreviated, _informal, _english_trade_name)
_ARABIC: tuple[_AliasMaker, ...] = (_arabic_trade_name, _arabic_without_suffix)
_MAKERS = {
    (True, True): _ENGLISH + _ARABIC,
    (True, False): _ENGLISH,
    (False, True): _ARABIC,
}


def aliases(rng: random.Random, parts: NameParts, official: tuple[str | None, str | None]) -> list[str]:
    """Zero to three aliases in the scripts of the company's OFFICIAL (English, Arabic) names."""
    wanted = _COUNT.pick(rng)
    makers = _MAKERS.get((official[0] is not None, official[1] is not None), ())
    found: list[str] = []
    # Walking the makers from a random start is a cheap stand-in for sampling them.
    first = below(rng, len(makers)) if makers else 0
    for step in range(len(makers) if wanted else 0):
        alias = makers[(first + step) % len(makers)](rng, parts)
        if alias not in official and alias not in found:
            found.append(alias)
            if len(found) == wanted:
                break
    return found
