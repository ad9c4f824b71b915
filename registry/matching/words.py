"""Word-level rules of Arabic names in both scripts: the article, Arabic prefixes, compound names.

Hand-written: the libraries at hand (anyascii, rapidfuzz, ICU transliterators) treat letters, not
these morphemes, and every transliteration of "Al-" (El, As-, Ad-, Ash-, glued "Almutairi") must
reduce to the word a registry stores.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from registry.matching.text import is_arabic_char

# A separate Latin article, and the letters the next word must start with. The sun letters
# assimilate it ("Ad Dawsari", "As-Sabah"), so "as", "at", "an" only count before their own letter;
# anywhere else they are English words.
LATIN_ARTICLES = {
    "al": "",
    "el": "",
    "as": "s",
    "ash": "sh",
    "at": "t",
    "ath": "th",
    "ad": "d",
    "adh": "dh",
    "ar": "r",
    "az": "z",
    "an": "n",
}
_GLUED_SUN = (
    ("ash", "sh"),
    ("ath", "th"),
    ("adh", "dh"),
    ("as", "s"),
    ("at", "t"),
    ("ad", "d"),
    ("ar", "r"),
    ("az", "z"),
    ("an", "n"),
)
# "Abd" names are one word in Arabic (عبدالله) but split in Latin ("Abdul Rahman", "Abd al-Rahman").
_ABD_LATIN = frozenset({"abd", "abdul", "abdel", "abdal", "abdol", "abdil", "abdu"})
_ABD_ARTICLES = frozenset({"al", "el", "ul"})
_ABD_ARABIC = "عبد"
_ARABIC_ARTICLE = "ال"
# The shortest word after an article typed with a slip ("Ax-Qatan"): shorter ones are initials.
_SLIP_STEM_MIN = 3
# "al" typed with a slip that makes no English word or other article: one letter, a doubled one,
# or "a" with a letter beside it on no article (ad, an, ar, as, at, az are articles; ai, am, ag
# English); "all" is English ("All-Star").
_SLIPPED_ARTICLES = frozenset({"a", "l", "aal", "ell"})
_SLIPPED_AFTER_A = frozenset("abcefjkopquvwx")
_HYPHENED = re.compile(r"(?<![A-Za-z])([A-Za-z]{1,3})-([A-Za-z]+)")
_ALLAH = "الله"


def is_arabic(word: str) -> bool:
    """True if WORD is written in Arabic letters."""
    return bool(word) and is_arabic_char(word[0])


def strip_arabic_article(word: str) -> str:
    """WORD without its article ال, kept when too little would remain (الي) or for الله."""
    if word.startswith("اال") and len(word) >= 5:
        # No Arabic word starts with two alifs: "االمطيري" is the article typed with one too many.
        word = word[1:]
    while word.startswith(_ARABIC_ARTICLE) and len(word) >= 4 and word != _ALLAH:
        word = word[2:]
    return word


def _known_stem(rest: str, known: Collection[str]) -> bool:
    return strip_arabic_article(rest) in known


def _strip_prefix_once(word: str, known: Collection[str], out: list[str]) -> str:
    if word.startswith("و") and len(word) >= 4:
        rest = word[1:]
        if (rest.startswith(_ARABIC_ARTICLE) and len(rest) >= 4) or _known_stem(rest, known):
            out.append("و")
            word = rest
    if word.startswith("لل") and len(word) >= 4:
        # ل + ال is written لل: "للتجارة" is "for the trading".
        return word[2:]
    if word[:1] in "لبفك" and len(word) >= 4 and _known_stem(word[1:], known):
        # A one-letter preposition only goes before a known word: بالقاسم is a family name.
        return strip_arabic_article(word[1:])
    return strip_arabic_article(word)


def arabic_words(word: str, known: Collection[str]) -> list[str]:
    """A folded Arabic WORD as its conjunction و (if any) and its stem without prefixes or article."""
    out: list[str] = []
    for _ in range(3):
        stripped = _strip_prefix_once(word, known, out)
        if stripped == word:
            break
        word = stripped
    out.append(word)
    return out


def join_abd(words: list[str]) -> list[str]:
    """Join "abd"/"عبد" with the name it governs: "abdul rahman" is "abdulrahman"."""
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word in _ABD_LATIN and i + 1 < len(words):
            if words[i + 1] in _ABD_ARTICLES and i + 2 < len(words):
                out.append(word + words[i + 1] + words[i + 2])
                i += 3
                continue
            out.append(word + words[i + 1])
            i += 2
            continue
        if word == _ABD_ARABIC and i + 1 < len(words) and is_arabic(words[i + 1]):
            out.append(word + words[i + 1])
            i += 2
            continue
        out.append(word)
        i += 1
    return out


def drop_latin_articles(words: list[str], hyphened: Collection[tuple[str, str]] = ()) -> list[str]:
    """Drop a separate article ("al mutairi", "ad dawsari", standalone ال from آل) before a word.

    A slip in a Latin article joined by a hyphen ("l-Fulaij", "Ax-Qatan") is dropped too; HYPHENED
    are the (word, next word) pairs written so.
    """
    out: list[str] = []
    for i, word in enumerate(words):
        following = words[i + 1] if i + 1 < len(words) else ""
        if word == _ARABIC_ARTICLE and following:
            continue
        letters = LATIN_ARTICLES.get(word)
        if letters is not None and following and following.isascii() and following.startswith(letters):
            continue
        if _slipped_article(word, following, hyphened):
            continue
        out.append(word)
    return out


def hyphened_words(text: str) -> frozenset[tuple[str, str]]:
    """The short Latin words of TEXT joined by a hyphen to the next, with that word ("All-Kharafi")."""
    return frozenset((short.casefold(), word.casefold()) for short, word in _HYPHENED.findall(text))


def _slipped_article(word: str, following: str, hyphened: Collection[tuple[str, str]]) -> bool:
    """True if WORD is "al" or "el" typed with one slip and joined by a hyphen to FOLLOWING.

    Only with the hyphen the article is written with: apart, a short word is as often another word
    slipped ("ew" of "New") or English ("All Seasons", "as"). And only a slip that keeps the "a" or
    the "l" and makes no word or article: "A-", "l-", "Ax-", "Ml-", "Aal-"; "Ali-Reza" and
    "Ala-Eddin" are names, "E-Mart", "All-Star", "Ex-Pro", "At-Home" and "AI-Tech" English.
    """
    if len(following) < _SLIP_STEM_MIN or (word, following) not in hyphened:
        return False
    if len(word) == 2:
        return (word[0] == "a" and word[1] in _SLIPPED_AFTER_A) or (word[1] == "l" and word[0] not in "aei")
    return word in _SLIPPED_ARTICLES


def glued_article_stem(word: str) -> str | None:
    """The stem of a Latin word with its article glued on ("almutairi", "addawsari"), if it may have one."""
    if word[:2] in ("al", "el") and len(word) >= 6:
        return word[2:]
    for article, letters in _GLUED_SUN:
        if word.startswith(article + letters) and len(word) - len(article) >= 4:
            return word[len(article) :]
    return None


def arabic_prefix_stems(words: list[str]) -> tuple[frozenset[str], frozenset[str]]:
    """The stems of the Arabic WORDS written with the article (البركة) and after "for" (للعمالة, لتوريد).

    A stem that had the article is a name or an adjective, never a misspelt legal form; one after "for"
    is most often the activity, so a slip in it is read as the activity's word.
    """
    article: set[str] = set()
    after_for: set[str] = set()
    for word in words:
        stem = word[1:] if word.startswith("و") and len(word) >= 4 else word
        if stem.startswith("لل") and len(stem) >= 4:
            after_for.add(stem[2:])
        elif stem.startswith("ل") and len(stem) >= 4:
            after_for.add(strip_arabic_article(stem[1:]))
        elif stem.startswith("ال") and len(stem) >= 4:
            article.add(strip_arabic_article(stem))
    return frozenset(article), frozenset(after_for)
