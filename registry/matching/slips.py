"""Slips of the hand: the legal form or glossary word a mistyped word stands for, and when to believe it.

Hand-written rules over rapidfuzz's OSA distance (one letter dropped, added, changed or swapped): no
library knows which slips in Kuwaiti legal forms and Arabic activity words are typos and which make
another real word. A slip is believed only where a real word is unlikely, and always with the first
letter kept:

* DOTTED, after the other forms at the end: a code written letter by letter (pieces of one or two
  letters) with dots ("W.L.LL.", "S.PP.C.", "ش.ش.وو") or a word with a closing dot ("ESST."): only a
  letter typed twice or two letters swapped ("Co." only typed twice: "CCo.", "Coo."). A dropped or
  changed letter makes other codes (K.O.C., K.C.C., S.T.C., ش.م.م), and a word of two letters is read
  as written ("P.C.", "No.").
* PLAIN, any other word, at either end of the name: only an entity word spelt out (Company, Office,
  Establishment, شركة, مكتب, مؤسسة) with two letters swapped ("شكرة", "Ofifce"), or, in Latin, a
  letter dropped, changed or typed twice ("Ofice", "Offite"). In Arabic a changed, dropped or added
  letter makes a word (شبكة, مكسب, بركة, مؤسس, مكتبة, مكتتب).

A Latin glossary word of six letters or more reads through two letters swapped, one typed twice or
one dropped ("Laobur", "Manpowe"), one of five only through a dropped letter other than the last
("Suppy"): a changed letter makes words and names (loader, wealth, Marina; Fares is not farms).

A code one slip from a Kuwaiti form's code where the form stands ("Co. W.F.L.", "CCo WLL") is read
as no form and no word (parse._garbled_code): which form it was cannot be told.

An Arabic activity word is read through a dropped, added or swapped letter after "for" written للـ
(للعماةل), or after a ل whose "for" the slip hid (لغتجارة) if five letters follow it (لبنان and لطيفة
are names); elsewhere from six letters up, through a swapped or doubled letter only. Never through a
changed letter: السالمية is not العالمية.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from registry.matching import vocab
from registry.matching.text import tokenize
from registry.matching.words import is_arabic

DOTTED = "dotted"
PLAIN = "plain"
_SPELLED = re.compile(r"(?<![\w.])[^\W\d_]{1,2}(?:\.+[^\W\d_]{1,2})+\.?(?!\w)")
_ABBREVIATED = re.compile(r"(?<![\w.])[^\W\d_]+\.")
# Four letters after a ل: as many as the shortest activity word (توريد, تجارة) less one slip.
_AFTER_L_STEM = 5
# Real words one slip from شركة, مكتب or مؤسسة, folded as names are: network, pool, partners, trap,
# thorn, gain, bookshop, subscriber, founder, written, books.
_ENTITY_LOOKALIKES = frozenset(
    {"شبكه", "بركه", "شركا", "شرك", "شوكه", "مكسب", "مكتبه", "مكتتب", "موسس", "مكتوب", "كتب"}
)
# شركة, مكتب, مؤسسة folded as names are; not their plurals (شركات, مكاتب), whose slips make other words.
_ARABIC_ENTITIES = ("شركه", "مكتب", "موسسه")
# A Latin word read through any one slip as a glossary word has at least this many letters.
_LATIN_SLIP_MIN = 6


def dotted_words(text: str) -> frozenset[str]:
    """The words of TEXT written with dots, letter by letter ("S.PP.C." is "sppc") or with a closing one."""
    matches = [*_SPELLED.findall(text), *_ABBREVIATED.findall(text)]
    return frozenset(word for match in matches for word in tokenize(match))


@lru_cache(maxsize=8192)
def slipped_form(word: str, kind: str) -> str | None:
    """The legal form WORD, a word of KIND (DOTTED or PLAIN), is one believable slip from."""
    if not word.isalpha() or len(word) < vocab.SLIP_MIN:
        return None
    spellings = vocab.entity_words() if kind == PLAIN else vocab.slip_tolerant_legal_words()
    found = process.extract(word, spellings.keys(), scorer=OSA.distance, score_cutoff=1, limit=None)
    near = [spelling for spelling, _, _ in found if _believable(word, spelling, kind)]
    forms = {spellings[spelling] for spelling in near}
    return forms.pop() if len(forms) == 1 else None


def _believable(word: str, spelling: str, kind: str) -> bool:
    """True if WORD, one slip from SPELLING, is that slip and not another word (see the module)."""
    if word[0] != spelling[0]:
        return False
    if len(spelling) < vocab.SLIP_MIN:
        # "CCo.", "Coo.": of a form of two letters only a letter typed twice, which makes no other code.
        return kind == DOTTED and len(word) == len(spelling) + 1 and _typed_twice(word, spelling)
    if is_one_swap_or_double(word, spelling):
        # A doubled letter in an Arabic entity word makes a word too (مكتتب, a subscriber).
        return not (kind == PLAIN and is_arabic(word) and len(word) != len(spelling))
    # A dropped or changed letter makes other codes (K.C.C., S.T.C.) and Arabic words (شبكة, مؤسس);
    # in a Latin entity word spelt out it is a typo ("Ofice", "Offite").
    return kind == PLAIN and not is_arabic(word)


def is_one_swap_or_double(word: str, other: str) -> bool:
    """True if WORD is OTHER with two neighbouring letters swapped, or one letter typed once more or less."""
    if len(word) == len(other):
        return sorted(word) == sorted(other) and OSA.distance(word, other, score_cutoff=1) == 1
    longer, shorter = (word, other) if len(word) > len(other) else (other, word)
    return len(longer) == len(shorter) + 1 and _typed_twice(longer, shorter)


def _typed_twice(word: str, spelling: str) -> bool:
    return any(word[i] == word[i - 1] and word[:i] + word[i + 1 :] == spelling for i in range(1, len(word)))


@lru_cache(maxsize=8192)
def garbled_code(word: str, *, swapped: bool = False) -> bool:
    """True if WORD is one slip from the code of a Kuwaiti form ("wfl", "oc", "ذزم").

    SWAPPED: only two letters swapped or one typed twice ("cco").
    Which form it was is not said: a slip in a code makes other codes (W.T.L., K.O.C., ص.ش.و).
    """
    return any(
        OSA.distance(word, code, score_cutoff=1) == 1 and (not swapped or is_one_swap_or_double(word, code))
        for code in vocab.legal_codes()
    )


@lru_cache(maxsize=8192)
def garbled_entity_word(word: str) -> bool:
    """True if WORD is one believable slip from شركة, مكتب or مؤسسة (folded) and not a real word."""
    if word in _ENTITY_LOOKALIKES or not is_arabic(word):
        return False
    return any(_entity_slip(word, spelling) for spelling in _ARABIC_ENTITIES)


def _entity_slip(word: str, spelling: str) -> bool:
    """True if WORD is SPELLING with two letters swapped, one typed twice or dropped (not the first), or
    its last letter changed: a letter changed inside makes words (شرفة, حركة, شرطة are not شركة)."""
    if OSA.distance(word, spelling, score_cutoff=1) != 1:
        return False
    if is_one_swap_or_double(word, spelling):
        return True
    dropped = len(word) == len(spelling) - 1 and word[0] == spelling[0]
    return dropped or (len(word) == len(spelling) and word[:-1] == spelling[:-1])


@lru_cache(maxsize=65536)
def slipped_latin_concept(word: str) -> str | None:
    """The glossary concept a Latin word of six letters or more is one slip from ("Laobur", "Suppy").

    Only two letters swapped, one typed twice or one dropped: a changed letter makes words and names
    of glossary words (loader, wealth, Marina are not leader, health, marine). A five-letter word
    only through a dropped letter other than the last (Fares is not farms, Falco not falcon).
    """
    if len(word) < _LATIN_SLIP_MIN - 1 or not (word.isascii() and word.isalpha()):
        return None
    words = vocab.long_glossary_words()
    near = process.extract(word, words.keys(), scorer=OSA.distance, score_cutoff=1, limit=None)
    concepts = {words[found] for found, _, _ in near if _latin_slip(word, found)}
    return concepts.pop() if len(concepts) == 1 else None


def _latin_slip(word: str, found: str) -> bool:
    if len(word) >= len(found):
        # Two letters swapped or one typed twice; a changed letter makes words and names (loader,
        # wealth, Marina).
        return len(word) >= _LATIN_SLIP_MIN and is_one_swap_or_double(word, found)
    # A letter dropped; in five letters not the last ("Falco" is a name).
    return len(word) >= _LATIN_SLIP_MIN or word[-1] == found[-1]


@lru_cache(maxsize=65536)
def slipped_arabic_concept(word: str, after_for: bool) -> str | None:
    """The glossary concept an Arabic word is one slip from ("عمماله", "للعماةل", "لغتجاره"), or None.

    Never through a changed letter, which makes other words (السالمية is not العالمية, الحفريات not
    السفريات); away from "for" only through a swapped or doubled letter.
    """
    if not word:
        return None
    if after_for:
        return _one_slip_concept(word, vocab.FUZZY_ARABIC_AFTER_FOR, _no_changed_letter)
    if word[0] == "ل" and len(word) > _AFTER_L_STEM:
        found = _one_slip_concept(word[1:], _AFTER_L_STEM, _no_changed_letter)
        if found is not None:
            return found
    return _one_slip_concept(word, vocab.FUZZY_LEGAL_MIN, is_one_swap_or_double)


def _no_changed_letter(word: str, other: str) -> bool:
    return len(word) != len(other) or is_one_swap_or_double(word, other)


def _one_slip_concept(word: str, shortest: int, slip: Callable[[str, str], bool]) -> str | None:
    if len(word) < shortest:
        return None
    words = vocab.arabic_glossary_words()
    near = process.extract(word, words.keys(), scorer=OSA.distance, score_cutoff=1, limit=None)
    concepts = {words[found] for found, _, _ in near if slip(word, found)}
    return concepts.pop() if len(concepts) == 1 else None
