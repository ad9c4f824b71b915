"""Slips of the hand: the legal form or glossary word a mistyped word stands for, and when to believe it.

Hand-written rules over rapidfuzz's OSA distance (one letter dropped, added, changed or swapped): no
library knows which slips in Kuwaiti legal forms and Arabic activity words are typos and which make
another real word. A slip is believed only where a real word is unlikely, and never a changed letter
in a code: K.O.C., S.T.C. and M.S.C. are other names, not K.S.C. and S.P.C.

* SPELLED, a code written letter by letter (pieces of one or two letters) with dots, after the other
  forms at the end ("W.L.LL.", "S.PP.C.", "W..L.", "ش.ش.وو"), and ABBREVIATED, a word with a closing
  dot there ("ESST."): the first letter kept and a letter dropped or typed twice, or two letters
  swapped ("oC."). A two-letter word only through a swap: "P.C.", "No." and "Go." are words.
* PLAIN, any other word, at either end of the name: only an entity word spelt out (Company, Office,
  Establishment, شركة, مكتب, مؤسسة) with its first letter kept and two letters swapped or one typed
  twice ("شكرة", "مكتبب"), or, in Latin, a letter dropped or changed ("Ofice", "Offite"). In Arabic a
  changed letter makes a word (شبكة, مكسب, بركة), and so does an added one (مكتبة, a bookshop) or a
  dropped one (مؤسس, a founder; شرك).

An Arabic activity word is read through a slip after "for" written للـ (للعماةل), or from six letters
up; a word starting with ل whose "for" a slip hid (لغتجارة) only if five letters follow it: لبنان and
لطيفة are names.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from registry.matching import vocab
from registry.matching.text import tokenize
from registry.matching.words import is_arabic

SPELLED = "spelled"
ABBREVIATED = "abbreviated"
PLAIN = "plain"
_SPELLED = re.compile(r"(?<![\w.])[^\W\d_]{1,2}(?:\.+[^\W\d_]{1,2})+\.?(?!\w)")
_ABBREVIATED = re.compile(r"(?<![\w.])[^\W\d_]+\.")
# Four letters after a ل: as many as the shortest activity word (توريد, تجارة) less one slip.
_AFTER_L_STEM = 5


def dotted_words(text: str) -> dict[str, str]:
    """The words of TEXT written with dots: SPELLED letter by letter ("S.PP.C." is "sppc") or ABBREVIATED."""
    found = {word: ABBREVIATED for match in _ABBREVIATED.findall(text) for word in tokenize(match)}
    return found | {word: SPELLED for match in _SPELLED.findall(text) for word in tokenize(match)}


@lru_cache(maxsize=8192)
def slipped_form(word: str, kind: str) -> str | None:
    """The legal form WORD, a word of KIND (SPELLED, ABBREVIATED, PLAIN), is one believable slip from."""
    if not word.isalpha() or len(word) < (2 if kind != PLAIN else vocab.SLIP_MIN):
        return None
    spellings = vocab.entity_words() if kind == PLAIN else vocab.slip_tolerant_legal_words()
    found = process.extract(word, spellings.keys(), scorer=OSA.distance, score_cutoff=1, limit=None)
    near = [spelling for spelling, _, _ in found if _believable(word, spelling, kind)]
    forms = {spellings[spelling] for spelling in near}
    return forms.pop() if len(forms) == 1 else None


def _believable(word: str, spelling: str, kind: str) -> bool:
    """True if WORD, one slip from SPELLING, is that slip and not another word (see the module)."""
    swapped = len(word) == len(spelling) and sorted(word) == sorted(spelling)
    if len(word) == 2 or (word[0] != spelling[0] and kind != PLAIN):
        return swapped
    if word[0] != spelling[0]:
        return False
    if len(word) > len(spelling):
        return _typed_twice(word, spelling)
    latin_entity = kind == PLAIN and not is_arabic(word)
    if len(word) < len(spelling):
        return kind != PLAIN or latin_entity
    return swapped or latin_entity


def _typed_twice(word: str, spelling: str) -> bool:
    return any(word[i] == word[i - 1] and word[:i] + word[i + 1 :] == spelling for i in range(1, len(word)))


@lru_cache(maxsize=65536)
def slipped_arabic_concept(word: str, after_for: bool) -> str | None:
    """The glossary concept an Arabic word is one slip from ("عمماله", "للعماةل", "لغتجاره"), or None."""
    if not word:
        return None
    if after_for:
        return _one_slip_concept(word, vocab.FUZZY_ARABIC_AFTER_FOR)
    if word[0] == "ل" and len(word) > _AFTER_L_STEM:
        found = _one_slip_concept(word[1:], _AFTER_L_STEM)
        if found is not None:
            return found
    return _one_slip_concept(word, vocab.FUZZY_LEGAL_MIN)


def _one_slip_concept(word: str, shortest: int) -> str | None:
    if len(word) < shortest:
        return None
    words = vocab.arabic_glossary_words()
    near = process.extract(word, words.keys(), scorer=OSA.distance, score_cutoff=1, limit=None)
    concepts = {words[found] for found, _, _ in near}
    return concepts.pop() if len(concepts) == 1 else None
