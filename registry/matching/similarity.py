"""How likely two tokens are the same word: across spellings, scripts and translation."""

from __future__ import annotations

from rapidfuzz.distance import Indel

from registry.matching import vocab
from registry.matching.parse import DISTINCTIVE, NUMBER, Token
from registry.matching.slips import is_one_swap_or_double
from registry.matching.sound import (
    FINAL_I,
    arabic_consonants,
    coarse,
    latin_consonants,
    one_consonant_spelling,
    skeleton,
    sound_similarity,
)

MIN_TOKEN_SIMILARITY = 0.7
STRONG_TOKEN_SIMILARITY = 0.85
# Two words of one concept in one script ("guards" and "guarding", "متكامل" and "متكاملة") are
# near-equal, but below the very word: where two registered names differ only so, the one the
# mention spells exactly should rank first.
_SAME_CONCEPT = 0.85
_SAME_FAMILY = 0.8
# Latin "th" read as "dh" (Thafiri, Dhafiri): clearly alike, below the word as written.
_TH_AS_DH = 0.9
_DH_LETTERS = frozenset("ذظض")
# A Latin name of one consonant that spells the Arabic letter by letter (Ali, علي): the sound keys,
# which give such names 0.65, say too little either way.
_ONE_CONSONANT_SPELT = 0.87
# العمالة is translated "labour" or "manpower" alike ("لتوريد العمالة": Manpower Supply, Labour
# Supply); in one script the two words can tell two companies apart, across scripts they cannot.
_TRANSLATED_ALIKE = ({"labour", "manpower"},)
_TRANSLATION = 0.92
# "Rashed" and "Rashedi", "الرشيد" and "الرشيدي": the nisba ending makes another family name, so
# however close the spelling the two stay below a strong match.
_NISBA_CAP = 0.75
# Two letters swapped or one typed twice in a long word is a slip of the hand ("Mutairi", "Muttairi"); a
# changed, dropped or added letter is as often another name (Anjari / Ansari, Hilton / Milton).
_ONE_SLIP = 0.9
_TYPO_MIN = 6
# The sound keys count a consonant repeated across a vowel once, which Latin needs where Arabic writes
# no vowel between ("Sibakukh", سيبكخ); but across a long vowel Arabic writes, a repeat is a letter
# the other word lacks: الحداد is Al-Haddad, not Al-Huda; الهولي Al-Houli, not Al-Helal. In Latin
# alone too, "Hadad" is not "Huda".
_CONSONANTS_DIFFER = 0.25


def _concept_similarity(a: Token, b: Token) -> float:
    if a.concept != b.concept:
        # Two words of one line of business ("manpower" and "labour", عمالة and "workers") are
        # related, and translations often swap them, but they are not the same word.
        related = a.family == b.family and a.family not in ("", *vocab.GENERIC_FAMILIES)
        if related and a.arabic != b.arabic and {a.concept, b.concept} in _TRANSLATED_ALIKE:
            return _TRANSLATION
        return _SAME_FAMILY if related else 0.0
    if a.arabic != b.arabic:
        return 1.0
    return _SAME_CONCEPT + (1.0 - _SAME_CONCEPT) * Indel.normalized_similarity(a.text, b.text)


def _nisba_differs(left: str, right: str) -> bool:
    return left.endswith(FINAL_I) != right.endswith(FINAL_I) and skeleton(left) == skeleton(right)


def _consonants(form: str, arabic: bool) -> frozenset[int]:
    return arabic_consonants(form) if arabic else latin_consonants(form)


def _repeats_differ(
    form_a: str, form_b: str, sound_a: str, sound_b: str, arabic_a: bool, arabic_b: bool
) -> bool:
    """True if two words share a skeleton only because one repeats a consonant the other writes once."""
    same = coarse(skeleton(sound_a)) == coarse(skeleton(sound_b))
    return same and not _consonants(form_a, arabic_a) & _consonants(form_b, arabic_b)


def _one_consonant_each(sound_a: str, sound_b: str) -> bool:
    return len(skeleton(sound_a)) == len(skeleton(sound_b)) == 1


def _form_similarity(a: Token, b: Token, form_a: str, form_b: str, sound_a: str, sound_b: str) -> float:
    by_sound = sound_similarity(sound_a, sound_b, left_arabic=a.arabic, right_arabic=b.arabic)
    if a.arabic != b.arabic and a.kind == b.kind == DISTINCTIVE and _one_consonant_each(sound_a, sound_b):
        latin, arabic = (form_b, form_a) if a.arabic else (form_a, form_b)
        if one_consonant_spelling(latin, arabic):
            return max(by_sound, _ONE_CONSONANT_SPELT)
    if _repeats_differ(form_a, form_b, sound_a, sound_b, a.arabic, b.arabic):
        by_sound = max(0.0, by_sound - _CONSONANTS_DIFFER)
    if a.arabic != b.arabic:
        return by_sound
    # In one script the vowels are written on both sides, so they must agree too.
    spelling = Indel.normalized_similarity(form_a, form_b)
    best = max(spelling, min(by_sound, 0.6 + 0.4 * spelling))
    if (
        min(len(form_a), len(form_b)) >= _TYPO_MIN
        and form_a[0] == form_b[0]
        and is_one_swap_or_double(form_a, form_b)
    ):
        best = max(best, _ONE_SLIP)
    return min(best, _NISBA_CAP) if _nisba_differs(sound_a, sound_b) else best


def _th_respelt(token: Token, form: str) -> bool:
    """True if FORM is the spelling with "dh" that parse.make_token adds to a word written with "th"."""
    return "dh" in form and form.replace("dh", "th") in token.forms


def _th_misapplied(token: Token, form: str, other: Token, other_form: str) -> bool:
    """True if FORM, "th" read as "dh", meets an Arabic word without ذ, ظ or ض (Thiyab is not دياب)."""
    return other.arabic and _th_respelt(token, form) and not set(other_form) & _DH_LETTERS


def token_similarity(a: Token, b: Token) -> float:
    """How likely two tokens are the same word, in [0, 1]."""
    if a.text == b.text:
        return 1.0
    if NUMBER in (a.kind, b.kind):
        return 0.0
    if a.concept and b.concept and a.kind != DISTINCTIVE and b.kind != DISTINCTIVE:
        return _concept_similarity(a, b)
    best = 0.0
    for form_a, sound_a in zip(a.forms, a.sounds, strict=True):
        for form_b, sound_b in zip(b.forms, b.sounds, strict=True):
            if _th_misapplied(a, form_a, b, form_b) or _th_misapplied(b, form_b, a, form_a):
                continue
            if form_a == form_b:
                # "Almutairi" is "Mutairi" with its article glued on, as "Al-Mutairi" is; "Thafiri"
                # is "Dhafiri" only perhaps ("th" also writes ث), so that spelling stays below it.
                if _th_respelt(a, form_a) or _th_respelt(b, form_b):
                    best = max(best, _TH_AS_DH)
                    continue
                return 1.0
            best = max(best, _form_similarity(a, b, form_a, form_b, sound_a, sound_b))
    return best
