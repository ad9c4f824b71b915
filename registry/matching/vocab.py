"""The word lists: legal forms, abbreviations, the bilingual activity glossary and stop words.

The tables live in data/*.csv. Each entry is put through the same cleaning as names, so an entry
written "ذات المسؤولية المحدودة" or "W.L.L." matches however a name spells it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from registry.matching.text import tokenize
from registry.matching.words import arabic_words, drop_latin_articles, is_arabic, join_abd

ACTIVITY = "activity"
DESCRIPTOR = "descriptor"
# Lines of business too broad to tell two companies apart ("General Services", "Supply"): their
# words weigh less, and they set two names apart only where neither names a more specific line.
GENERIC_FAMILIES = frozenset(
    {"general", "services", "supplies", "group", "projects", "solutions", "systems", "center"}
    | {"development", "agencies"}
)
FUZZY_LEGAL_MIN = 6
# After "for" (للعمالة) an Arabic word is the activity: a slip in four letters is still a typo.
FUZZY_ARABIC_AFTER_FOR = 4

STOPWORDS = frozenset(
    {
        "and",
        "&",
        "of",
        "for",
        "the",
        "in",
        "by",
        "to",
        "on",
        "de",
        "la",
        "le",
        "les",
        "des",
        "du",
        "del",
        "di",
        "da",
        "der",
        "die",
        "das",
        "und",
        "et",
        "y",
        "bin",
        "ibn",
        "bint",
        "و",
        "في",
        "من",
        "عن",
        "الي",
        "مع",
        "ل",
        "لل",
        "ب",
        "بن",
        "ابن",
        "بنت",
        "ال",
    }
)


@dataclass(frozen=True, slots=True)
class Phrase:
    """A run of canonical words and what it stands for (a legal form id or a concept)."""

    words: tuple[str, ...]
    value: str
    edge_only: bool = False


class PhraseTable:
    """Phrases found by longest match at a position of a word list."""

    def __init__(self) -> None:
        self._by_first: dict[str, list[Phrase]] = {}

    def add(self, phrase: Phrase) -> None:
        """Add PHRASE unless an entry with the same words exists (the first one wins)."""
        entries = self._by_first.setdefault(phrase.words[0], [])
        if all(entry.words != phrase.words for entry in entries):
            entries.append(phrase)
            entries.sort(key=lambda entry: -len(entry.words))

    def longest(self, words: Sequence[str], start: int) -> Phrase | None:
        """The longest phrase that starts at WORDS[START], if any."""
        for phrase in self._by_first.get(words[start], ()):
            end = start + len(phrase.words)
            if tuple(words[start:end]) == phrase.words:
                return phrase
        return None

    def words(self) -> Iterator[str]:
        """Every word of every phrase."""
        for phrase in self.phrases():
            yield from phrase.words

    def phrases(self) -> Iterator[Phrase]:
        """Every phrase."""
        for entries in self._by_first.values():
            yield from entries


def canonical_words(text: str) -> tuple[str, ...]:
    """The canonical words of a table entry: cleaned, articles dropped, Arabic prefixes split."""
    words: list[str] = []
    for word in drop_latin_articles(join_abd(tokenize(text))):
        if is_arabic(word):
            words.extend(w for w in arabic_words(word, ()) if w != "و")
        else:
            words.append(word)
    return tuple(words)


def _rows(name: str) -> list[dict[str, str]]:
    data = resources.files("registry.matching").joinpath("data", name).read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(data)))


def _add_variants(table: PhraseTable, variants: Sequence[str], value: str, edge_only: bool) -> None:
    short = abbreviations()
    for variant in variants:
        words = tuple(w for word in canonical_words(variant) for w in short.get(word, (word,)))
        if words:
            table.add(Phrase(words, value, edge_only))


def _gleif_variants(row: dict[str, str]) -> tuple[str, list[str]]:
    """The legal-form id and spellings of one row of the GLEIF ELF code list."""
    local = row["Entity Legal Form name Local name"]
    spellings = [part for part in local.replace(")", "(").split("(") if part.strip()]
    spellings += [row["Entity Legal Form name Transliterated name (per ISO 01-140-10)"]]
    abbreviations = row["Abbreviations Local language"] + ";" + row["Abbreviations transliterated"]
    spellings += [a for a in abbreviations.split(";") if a.strip()]
    name = (
        row["Abbreviations transliterated"]
        or row["Entity Legal Form name Transliterated name (per ISO 01-140-10)"]
    )
    return " ".join(canonical_words(name)) or row['"ELF Code"'], spellings


@cache
def legal_forms() -> PhraseTable:
    """Legal forms of Kuwait, the Gulf (data/legal_forms.csv, GLEIF's ELF list) and elsewhere."""
    table = PhraseTable()
    for row in _rows("legal_forms.csv"):
        _add_variants(table, row["variants"].split("|"), row["form"], row["where"] == "edge")
    for row in _rows("gleif-elf-legal-forms-gulf.csv"):
        value, spellings = _gleif_variants(row)
        _add_variants(table, spellings, value, False)
    return table


@cache
def glossary() -> PhraseTable:
    """English and Arabic business words mapped to one language-neutral concept each."""
    table = PhraseTable()
    for row in _rows("glossary.csv"):
        variants = row["english"].split("|") + row["arabic"].split("|")
        _add_variants(table, variants, row["concept"], False)
    return table


@cache
def concept_kinds() -> dict[str, str]:
    """The kind of each glossary concept: an activity (trading) or a descriptor (golden, national)."""
    return {row["concept"]: row["kind"] for row in _rows("glossary.csv")}


@cache
def activity_families() -> dict[str, str]:
    """The line of business of each activity concept: guarding and security are both "security"."""
    return {row["concept"]: row["family"] for row in _rows("glossary.csv") if row["family"]}


@cache
def long_legal_words() -> tuple[str, ...]:
    """Single-word Latin legal forms long enough to be recognised through a typo ("Aktiengeselschaft")."""
    words = {p.words[0] for p in legal_forms().phrases() if len(p.words) == 1}
    return tuple(sorted(w for w in words if len(w) >= FUZZY_LEGAL_MIN and w.isascii() and w.isalpha()))


# The forms written in Kuwait, whose short spellings a swapped or doubled letter still leaves
# recognisable when the word is written with dots ("W.L.LL.", "ESST."); see registry/matching/slips.py.
SLIP_TOLERANT_FORMS = frozenset({"company", "establishment", "office", "wll", "ksc", "kscc", "kscp", "spc"})
ENTITY_FORMS = frozenset({"company", "establishment", "office"})
SLIP_MIN = 3
# Codes are short: "Comp." and "Estb." are abbreviations, and a slip in them makes words ("camp").
_CODE_MAX = 4


@cache
def slip_tolerant_legal_words() -> dict[str, str]:
    """One-word spellings of the forms of Kuwait ("co" and "est" too), with the form each means."""
    spellings = {
        p.words[0]: p.value
        for p in legal_forms().phrases()
        if p.value in SLIP_TOLERANT_FORMS and len(p.words) == 1
    }
    # "Co." and "Est." are expanded with the abbreviations before legal forms are read: no phrase holds them.
    return spellings | {"co": "company", "est": "establishment"}


@cache
def legal_codes() -> frozenset[str]:
    """The short codes of the forms of Kuwaiti companies (W.L.L., ش.م.ك, Co., Est., Ofc), folded."""
    codes = {word for word, form in slip_tolerant_legal_words().items() if form not in ENTITY_FORMS}
    entities = {word for word, words in abbreviations().items() if words[0] in ENTITY_FORMS}
    return frozenset(word for word in codes | entities if len(word) <= _CODE_MAX)


@cache
def entity_words() -> dict[str, str]:
    """The entity words spelt out (شركة, مكتب, Company, Office...), with the form each means.

    Abbreviations ("comp", "estb") are left out: a slip in them makes other words ("camp").
    """
    return {
        word: form
        for word, form in slip_tolerant_legal_words().items()
        if form in ENTITY_FORMS and len(word) >= (4 if is_arabic(word) else 5)
    }


@cache
def long_glossary_words() -> dict[str, str]:
    """One-word Latin glossary entries of FUZZY_LEGAL_MIN letters or more, with their concepts."""
    return {
        word: concept
        for word, concept in single_glossary_words().items()
        if len(word) >= FUZZY_LEGAL_MIN and word.isascii()
    }


@cache
def single_glossary_words() -> dict[str, str]:
    """One-word glossary entries a misspelt word of FUZZY_LEGAL_MIN letters can stand for, with concepts."""
    return {p.words[0]: p.value for p in glossary().phrases() if len(p.words) == 1 and len(p.words[0]) >= 5}


@cache
def arabic_glossary_words() -> dict[str, str]:
    """One-word Arabic glossary entries of at least FUZZY_ARABIC_AFTER_FOR letters, with their concepts."""
    return {
        p.words[0]: p.value
        for p in glossary().phrases()
        if len(p.words) == 1 and is_arabic(p.words[0]) and len(p.words[0]) >= FUZZY_ARABIC_AFTER_FOR
    }


@cache
def abbreviations() -> dict[str, tuple[str, ...]]:
    """Latin abbreviations and the words they stand for ("trdg" is "trading")."""
    return {row["abbreviation"]: canonical_words(row["expansion"]) for row in _rows("abbreviations.csv")}


@cache
def known_arabic() -> frozenset[str]:
    """Arabic words of the tables: a one-letter prefix is split off only before one of them."""
    words = [*glossary().words(), *legal_forms().words()]
    return frozenset(w for w in words if is_arabic(w))
