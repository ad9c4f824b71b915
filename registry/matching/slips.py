"""Slips of the hand: the legal form or glossary word a mistyped word stands for, and when to believe it.

Hand-written rules over rapidfuzz's OSA distance (one letter dropped, added, changed or swapped): no
library knows which slips in Kuwaiti legal forms and Arabic activity words are typos and which make
another real word. A slip is believed only where a real word is unlikely:

* a word written as an abbreviation, with dots ("W.L.LL.", "ESST.", "ذ.م.ه"): any one slip from a short
  spelling of a form used in Kuwait;
* otherwise only a slip in the entity words (شركة, مكتب, مؤسسة, Company, Office, Establishment) that
  keeps the first letter and adds no letter other than a doubled one: "شكرة", "Offite" and "شرككة" are
  slips; "Nest", "Wall", "مكتبة" (a bookshop) and "بركة" are words;
* an Arabic activity word after "for" (للعماةل), or of six letters or more; a word starting with ل
  whose "for" a slip hid (لغتجارة) only if five letters follow it: لبنان and لطيفة are names.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from registry.matching import vocab
from registry.matching.text import tokenize

_DOTTED = re.compile(r"[^\W\d_]+(?:\.[^\W\d_]*)+")
# Spellings of at least this many letters; a dotted word of two letters may still be a slipped "Co.".
_DOTTED_SHORTEST = 2
_AFTER_L_STEM = 5


def dotted_words(text: str) -> frozenset[str]:
    """The words of TEXT that were written with dots, as abbreviations are ("S.PP.C." is "sppc")."""
    return frozenset(word for found in _DOTTED.findall(text) for word in tokenize(found))


@lru_cache(maxsize=8192)
def slipped_form(word: str, dotted: bool) -> str | None:
    """The legal form WORD is one believable slip from (see the module's rules), or None."""
    if not word.isalpha() or len(word) < (_DOTTED_SHORTEST if dotted else vocab.SLIP_MIN):
        return None
    spellings = vocab.slip_tolerant_legal_words() if dotted else vocab.entity_words()
    found = process.extract(word, spellings.keys(), scorer=OSA.distance, score_cutoff=1, limit=None)
    near = [spelling for spelling, _, _ in found]
    if not dotted:
        near = [spelling for spelling in near if _plain_slip(word, spelling)]
    forms = {spellings[spelling] for spelling in near}
    if len(forms) > 1:
        # "esc" is one slip from both "est" and "ksc"; slips rarely hit a word's first letter.
        forms = {spellings[spelling] for spelling in near if spelling[0] == word[0]}
    return forms.pop() if len(forms) == 1 else None


def _plain_slip(word: str, spelling: str) -> bool:
    """True if WORD is SPELLING with its first letter kept and no letter added except a doubled one."""
    if word[0] != spelling[0]:
        return False
    if len(word) <= len(spelling):
        return True
    return any(word[i] == word[i - 1] and word[:i] + word[i + 1 :] == spelling for i in range(1, len(word)))


@lru_cache(maxsize=65536)
def slipped_arabic_concept(word: str, after_for: bool) -> str | None:
    """The glossary concept an Arabic word is one slip from ("عمماله", "للعماةل", "لغتجاره"), or None."""
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
