"""Company names as structured parts, rendered in either script and parsed back."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from registry.demo.names import ALL_ENTRIES, GIVEN_NAMES, NameEntry
from registry.demo.phrases import (
    ACTIVITY_PHRASES,
    LEGAL_FORMS,
    QUALIFIERS,
    ActivityPhrase,
    LegalForm,
    Qualifier,
)

NameKey = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NameParts:
    """What a company name is made of: [given name] family name or word, qualifier, activity, legal form."""

    entry: NameEntry
    qualifier: Qualifier | None
    phrase: ActivityPhrase
    form: LegalForm
    spelling: int = 0
    given: NameEntry | None = None
    given_spelling: int = 0

    @property
    def word_key(self) -> NameKey:
        """The distinctive part alone, as a partial name would keep it."""
        given = self.given.arabic if self.given else ""
        return (given, self.entry.arabic, self.qualifier.english if self.qualifier else "")

    @property
    def core_key(self) -> NameKey:
        """Everything but the legal form."""
        return (*self.word_key, self.phrase.english)

    @property
    def trade_key(self) -> NameKey:
        """The words and line of trade, which no two registered companies share.

        A commercial register refuses a trade name already held in the same line of trade; neither the
        legal form nor the wording of the activity ("Domestic Help", "Domestic Labour") makes it another.
        """
        return (*self.word_key, self.phrase.activity.value)

    @property
    def full_key(self) -> NameKey:
        """Identity of the official name, whatever the Latin spelling."""
        return (*self.core_key, self.form.code)

    def latin_word(self, spelling: int | None = None, given_spelling: int | None = None) -> str:
        """The distinctive part in Latin letters, e.g. "Fahad Al-Mutairi"."""
        word = self.entry.latin[self.spelling if spelling is None else spelling]
        if self.given is None:
            return word
        return f"{self.given.latin[self.given_spelling if given_spelling is None else given_spelling]} {word}"

    @property
    def arabic_word(self) -> str:
        """The distinctive part in Arabic, e.g. "فهد المطيري"."""
        return f"{self.given.arabic} {self.entry.arabic}" if self.given else self.entry.arabic


@dataclass(frozen=True, slots=True)
class Style:
    """How one writer renders a name: which spelling, which legal form (None: left out), which shortcuts."""

    form: LegalForm | None
    spelling: int = 0
    word: str | None = None
    abbreviation: int | None = None
    drop_activity: bool = False
    translated_order: bool = False
    swap_order: bool = False


def official_style(parts: NameParts) -> Style:
    """The style of the registered official name."""
    return Style(form=parts.form, spelling=parts.spelling)


def english_name(parts: NameParts, style: Style | None = None) -> str:
    """PARTS rendered in English, e.g. "Al-Mutairi General Trading & Contracting Co. W.L.L."."""
    style = style or official_style(parts)
    word = style.word or parts.latin_word(style.spelling)
    if parts.qualifier:
        word = f"{word} {parts.qualifier.english}"
    activity = "" if style.drop_activity else _english_activity(parts.phrase, style)
    if style.translated_order:
        return _translated(word, activity, style.form)
    form = style.form
    form_text = "" if form is None else form.english if style.abbreviation is None else form.english_short
    ordered = [activity, word] if style.swap_order and not parts.phrase.english_swapped else [word, activity]
    return " ".join(piece for piece in (*ordered, form_text) if piece)


def _english_activity(phrase: ActivityPhrase, style: Style) -> str:
    if style.abbreviation is not None:
        return phrase.english_short[style.abbreviation % len(phrase.english_short)]
    if style.swap_order and phrase.english_swapped:
        return phrase.english_swapped
    return phrase.english


def _translated(word: str, activity: str, form: LegalForm | None) -> str:
    """The Arabic word order in English: "Company Al-Mutairi for General Trading W.L.L."."""
    head = form.english_head if form else "Company"
    suffix = f" {form.code}" if form and form.english.startswith("Co. ") else ""
    return f"{head} {word} for {activity}{suffix}" if activity else f"{head} {word}{suffix}"


def arabic_name(parts: NameParts, style: Style | None = None) -> str:
    """PARTS rendered in Arabic, e.g. "شركة المطيري للتجارة العامة والمقاولات ذ.م.م"."""
    style = style or official_style(parts)
    form = style.form
    head = form.arabic_head if form else ""
    qualifier = parts.qualifier.arabic_for(head or parts.form.arabic_head) if parts.qualifier else ""
    suffix = form.arabic_suffix if form else ""
    if style.abbreviation is not None:
        suffix = " ".join(suffix.split("."))
    pieces = (head, parts.arabic_word, qualifier, _arabic_activity(parts.phrase, style), suffix)
    return " ".join(piece for piece in pieces if piece)


def _arabic_activity(phrase: ActivityPhrase, style: Style) -> str:
    if style.drop_activity:
        return ""
    if style.abbreviation is not None:
        return phrase.arabic_short
    if style.swap_order and phrase.arabic_swapped:
        return phrase.arabic_swapped
    return phrase.arabic


def parse_name(text: str) -> NameParts | None:
    """The parts of an official name this generator could have built, or None for any other name."""
    return _parse_english(text) or _parse_arabic(text)


def _alternatives(options: list[str]) -> str:
    return "|".join(re.escape(option) for option in sorted(set(options), key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class _Lookups:
    english: re.Pattern[str]
    arabic: re.Pattern[str]
    latin: dict[str, tuple[NameEntry, int]]
    arabic_entries: dict[str, NameEntry]
    given: dict[str, tuple[NameEntry, int]]
    qualifiers: dict[str, Qualifier]
    phrases: dict[str, ActivityPhrase]
    forms: dict[str, LegalForm]


def _english_pattern(latin: list[str], given: list[str]) -> re.Pattern[str]:
    return re.compile(
        rf"(?:(?P<given>{_alternatives(given)}) )?(?P<word>{_alternatives(latin)})"
        rf"(?: (?P<qual>{_alternatives([q.english for q in QUALIFIERS])}))?"
        rf" (?P<act>{_alternatives([p.english for p in ACTIVITY_PHRASES])})"
        rf" (?P<form>{_alternatives([f.english for f in LEGAL_FORMS])})"
    )


def _arabic_pattern() -> re.Pattern[str]:
    qualifiers = [q.arabic_feminine for q in QUALIFIERS] + [q.arabic_masculine for q in QUALIFIERS]
    return re.compile(
        rf"(?P<head>{_alternatives([f.arabic_head for f in LEGAL_FORMS])})"
        rf" (?:(?P<given>{_alternatives([e.arabic for e in GIVEN_NAMES])}) )?"
        rf"(?P<word>{_alternatives([e.arabic for e in ALL_ENTRIES])})"
        rf"(?: (?P<qual>{_alternatives(qualifiers)}))?"
        rf" (?P<act>{_alternatives([p.arabic for p in ACTIVITY_PHRASES])})"
        rf"(?: (?P<suffix>{_alternatives([f.arabic_suffix for f in LEGAL_FORMS if f.arabic_suffix])}))?"
    )


@cache
def _lookups() -> _Lookups:
    latin = {spelling: (e, i) for e in ALL_ENTRIES for i, spelling in enumerate(e.latin)}
    given = {spelling: (e, i) for e in GIVEN_NAMES for i, spelling in enumerate(e.latin)}
    english = _english_pattern(list(latin), list(given))
    given |= {e.arabic: (e, 0) for e in GIVEN_NAMES}
    qualifiers = {q.english: q for q in QUALIFIERS}
    qualifiers |= {q.arabic_feminine: q for q in QUALIFIERS} | {q.arabic_masculine: q for q in QUALIFIERS}
    phrases = {p.english: p for p in ACTIVITY_PHRASES} | {p.arabic: p for p in ACTIVITY_PHRASES}
    forms = {f.english: f for f in LEGAL_FORMS}
    forms |= {f"{f.arabic_head}|{f.arabic_suffix}": f for f in LEGAL_FORMS}
    arabic_entries = {e.arabic: e for e in ALL_ENTRIES}
    return _Lookups(english, _arabic_pattern(), latin, arabic_entries, given, qualifiers, phrases, forms)


def _parse_english(text: str) -> NameParts | None:
    look = _lookups()
    found = look.english.fullmatch(text)
    if found is None:
        return None
    entry, spelling = look.latin[found["word"]]
    given, given_spelling = look.given[found["given"]] if found["given"] else (None, 0)
    qualifier = look.qualifiers[found["qual"]] if found["qual"] else None
    phrase, form = look.phrases[found["act"]], look.forms[found["form"]]
    return NameParts(entry, qualifier, phrase, form, spelling, given, given_spelling)


def _parse_arabic(text: str) -> NameParts | None:
    look = _lookups()
    found = look.arabic.fullmatch(text)
    if found is None:
        return None
    form = look.forms.get(f"{found['head']}|{found['suffix'] or ''}")
    if form is None:
        return None
    qualifier = look.qualifiers[found["qual"]] if found["qual"] else None
    given = look.given[found["given"]][0] if found["given"] else None
    return NameParts(
        look.arabic_entries[found["word"]], qualifier, look.phrases[found["act"]], form, given=given
    )
