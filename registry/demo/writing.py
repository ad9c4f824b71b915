"""How a company's name ends up written by someone else: a label for every change made on the way."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Literal

from registry.demo.names import ALL_ENTRIES, GIVEN_NAMES, NameEntry
from registry.demo.naming import NameParts, Style, arabic_name, english_name, official_style, parse_name
from registry.demo.phrases import LEGAL_FORMS, QUALIFIERS, phrases_for
from registry.demo.sampling import Weighted
from registry.demo.variants import arabic_orthography, casing, respell_separator, typo
from registry.models.company import Activity
from registry.schemas.company import CompanyCreate

Script = Literal["ar", "en"]
# How often a company registered in one script is written in the other, when the writer may choose.
_CROSS_SCRIPT = 0.4


@dataclass(frozen=True, slots=True)
class KnownCompany:
    """A registered company with the parts its official names were built from (None if not ours)."""

    external_id: str
    name_en: str | None
    name_ar: str | None
    parts: NameParts | None

    @property
    def scripts(self) -> tuple[Script, ...]:
        """The scripts the company has an official name in."""
        written: tuple[tuple[Script, str | None], ...] = (("en", self.name_en), ("ar", self.name_ar))
        return tuple(script for script, name in written if name)


class RegistryIndex:
    """How many registered companies share each part of a name, to keep variants unambiguous."""

    def __init__(self, companies: Iterable[CompanyCreate]) -> None:
        self.known = [_known(company) for company in companies]
        parts = [k.parts for k in self.known if k.parts]
        self.words = Counter(p.word_key for p in parts)
        self.cores = Counter(p.core_key for p in parts)
        self.fulls = Counter(p.full_key for p in parts)
        # A qualified name is also known without its qualifier (the trade-name alias "Al-Saleh Clng." of
        # "Al-Saleh Golden Cleaning Co."), so no unregistered company gets that shorter name either.
        self.activities = Counter(p.trade_key for p in parts)
        self.activities.update(replace(p, qualifier=None).trade_key for p in parts if p.qualifier)
        self.entries = [p.entry for p in parts] or list(ALL_ENTRIES)

    def is_registered_activity(self, parts: NameParts) -> bool:
        """Whether a registered company has this distinctive word, qualifier and activity."""
        return self.activities[parts.trade_key] > 0


def _known(company: CompanyCreate) -> KnownCompany:
    parts = parse_name(company.name_en or "") or parse_name(company.name_ar or "")
    return KnownCompany(company.external_id, company.name_en, company.name_ar, parts)


@dataclass(frozen=True, slots=True)
class _Draft:
    parts: NameParts
    style: Style
    # 1 when the draft names a registered company, which then counts once in the index itself.
    own: int


_Change = Callable[[random.Random, _Draft, RegistryIndex, Script], Style | None]


def _spelling(rng: random.Random, draft: _Draft, index: RegistryIndex, script: Script) -> Style | None:
    parts = draft.parts
    if script == "ar":
        return None
    spelling = rng.choice([i for i in range(len(parts.entry.latin)) if i != draft.style.spelling])
    word = parts.entry.latin[spelling]
    if rng.random() < 0.3:
        word = respell_separator(rng, word)
    if parts.given:
        word = f"{rng.choice(parts.given.latin)} {word}"
    return replace(draft.style, spelling=spelling, word=word)


def _form_missing(rng: random.Random, draft: _Draft, index: RegistryIndex, script: Script) -> Style | None:
    if draft.style.form is None or index.cores[draft.parts.core_key] > draft.own:
        return None
    return replace(draft.style, form=None)


def _form_different(rng: random.Random, draft: _Draft, index: RegistryIndex, script: Script) -> Style | None:
    core = draft.parts.core_key
    # As with a missing form: when other companies share every word, the form is all that tells them
    # apart, and a wrong one leaves the mention indistinguishable from theirs.
    if index.cores[core] > draft.own:
        return None
    free = [f for f in LEGAL_FORMS if f != draft.style.form and index.fulls[(*core, f.code)] == 0]
    return replace(draft.style, form=rng.choice(free)) if free else None


def _abbreviation(rng: random.Random, draft: _Draft, index: RegistryIndex, script: Script) -> Style | None:
    if index.activities[draft.parts.trade_key] > draft.own:
        return None
    return replace(draft.style, abbreviation=rng.randrange(len(draft.parts.phrase.english_short)))


def _partial(rng: random.Random, draft: _Draft, index: RegistryIndex, script: Script) -> Style | None:
    if index.words[draft.parts.word_key] > draft.own:
        return None
    return replace(draft.style, drop_activity=True)


def _translated(rng: random.Random, draft: _Draft, index: RegistryIndex, script: Script) -> Style | None:
    return replace(draft.style, translated_order=True) if script == "en" else None


def _word_order(rng: random.Random, draft: _Draft, index: RegistryIndex, script: Script) -> Style | None:
    if script == "ar" and not draft.parts.phrase.arabic_swapped:
        return None
    return replace(draft.style, swap_order=True)


_STRUCTURAL: dict[str, _Change] = {
    "spelling": _spelling,
    "legal_form_missing": _form_missing,
    "legal_form_different": _form_different,
    "abbreviation": _abbreviation,
    "partial": _partial,
    "translated_order": _translated,
    "word_order": _word_order,
}
# Spelling and dropped legal forms are what people do most; reordering is rarer.
_STRUCTURAL_NAMES = Weighted(
    {
        name: {"spelling": 4, "legal_form_missing": 4, "legal_form_different": 2, "abbreviation": 2}.get(
            name, 1
        )
        for name in _STRUCTURAL
    }
)
_STRUCTURAL_COUNT = Weighted({0: 3, 1: 5, 2: 2})
_CHARACTER_COUNT = Weighted({0: 65, 1: 30, 2: 5})
_CHARACTER: dict[Script, tuple[tuple[str, Callable[[random.Random, str], str | None]], ...]] = {
    "en": (("typo", typo), ("case", casing)),
    # Orthography listed twice: Arabic writers vary it more often than they slip on keys.
    "ar": (
        ("typo", typo),
        ("arabic_orthography", arabic_orthography),
        ("arabic_orthography", arabic_orthography),
    ),
}


def _structural(
    rng: random.Random, draft: _Draft, index: RegistryIndex, script: Script
) -> tuple[Style, list[str]]:
    wanted = _STRUCTURAL_COUNT.pick(rng)
    labels: list[str] = []
    for _ in range(4 if wanted else 0):
        name = _STRUCTURAL_NAMES.pick(rng)
        style = _STRUCTURAL[name](rng, draft, index, script)
        if name not in labels and style is not None and not _clashes(name, labels):
            draft = _Draft(draft.parts, style, draft.own)
            labels.append(name)
            if len(labels) == wanted:
                break
    return draft.style, labels


_EXCLUSIVE = {"legal_form_missing", "legal_form_different", "translated_order", "word_order", "abbreviation"}


def _clashes(name: str, labels: list[str]) -> bool:
    return name in _EXCLUSIVE and bool(_EXCLUSIVE.intersection(labels))


def _characters(rng: random.Random, text: str, script: Script, wanted: int) -> tuple[str, list[str]]:
    labels: list[str] = []
    options = _CHARACTER[script]
    for name, change in rng.sample(options, min(wanted, len(options))):
        changed = change(rng, text)
        if changed is not None and name not in labels:
            text = changed
            labels.append(name)
    return text, labels


def render(parts: NameParts, style: Style, script: Script) -> str:
    """PARTS written in SCRIPT with STYLE."""
    return english_name(parts, style) if script == "en" else arabic_name(parts, style)


def write_parts(
    rng: random.Random, parts: NameParts, index: RegistryIndex, script: Script, *, own: int
) -> tuple[str, list[str]]:
    """A realistic rendering of PARTS and the labels of what was changed from the official form."""
    style, labels = _structural(rng, _Draft(parts, official_style(parts), own), index, script)
    text, more = _characters(rng, render(parts, style, script), script, _CHARACTER_COUNT.pick(rng))
    return text, labels + more


def write_registered(
    rng: random.Random, known: KnownCompany, index: RegistryIndex, script: Script | None = None
) -> tuple[str, str]:
    """A name for KNOWN as someone writes it, in SCRIPT if given, and its variant label."""
    script = script or _pick_script(rng, known)
    if known.parts is not None and script not in known.scripts:
        text, labels = write_parts(rng, _respelled(rng, known.parts), index, script, own=1)
        return text, "+".join(["cross_script", *labels])
    # A name this generator did not build can only be misspelt, and only in the script it is written in.
    script = script if script in known.scripts else known.scripts[0]
    official = (known.name_en if script == "en" else known.name_ar) or ""
    if known.parts is None:
        text, labels = _characters(rng, official, script, _CHARACTER_COUNT.pick(rng) + 1)
    else:
        text, labels = write_parts(rng, known.parts, index, script, own=1)
    return text, "+".join(labels) or "exact"


def _respelled(rng: random.Random, parts: NameParts) -> NameParts:
    given = rng.randrange(len(parts.given.latin)) if parts.given else 0
    return replace(parts, spelling=rng.randrange(len(parts.entry.latin)), given_spelling=given)


def _pick_script(rng: random.Random, known: KnownCompany) -> Script:
    if len(known.scripts) == 1 and known.parts is not None and rng.random() < _CROSS_SCRIPT:
        return "ar" if known.scripts[0] == "en" else "en"
    return rng.choice(known.scripts) if len(known.scripts) > 1 else known.scripts[0]


def unregistered_parts(
    rng: random.Random, index: RegistryIndex, *, activity: Activity | None = None, attempts: int = 60
) -> NameParts:
    """Parts of a name no registered company has, often sharing a family name or activity with one."""
    for _ in range(attempts):
        parts = _random_parts(rng, index, activity)
        if not index.is_registered_activity(parts):
            return parts
    return _first_free(rng, index, parts)


def _random_parts(rng: random.Random, index: RegistryIndex, activity: Activity | None) -> NameParts:
    entry: NameEntry = rng.choice(index.entries) if rng.random() < 0.6 else rng.choice(ALL_ENTRIES)
    given = rng.choice(GIVEN_NAMES) if entry.kind == "family" and rng.random() < 0.15 else None
    phrase = rng.choice(phrases_for(activity or rng.choice(list(Activity))))
    qualifier = rng.choice(QUALIFIERS) if given is None and rng.random() < 0.4 else None
    parts = NameParts(entry, qualifier, phrase, rng.choice(LEGAL_FORMS), given=given)
    return _respelled(rng, parts)


def _first_free(rng: random.Random, index: RegistryIndex, parts: NameParts) -> NameParts:
    """When chance keeps hitting registered names, walk the name space for a free one."""
    for entry in rng.sample(ALL_ENTRIES, len(ALL_ENTRIES)):
        for qualifier in (None, *QUALIFIERS):
            candidate = replace(parts, entry=entry, qualifier=qualifier, given=None, spelling=0)
            if not index.is_registered_activity(candidate):
                return candidate
    raise RuntimeError("every name of this activity is registered")


def write_unregistered(
    rng: random.Random, parts: NameParts, index: RegistryIndex, script: Script
) -> tuple[str, str]:
    """A name of an unregistered company as someone writes it, and its variant label."""
    text, labels = write_parts(rng, parts, index, script, own=0)
    return text, "+".join(labels) or "exact"
