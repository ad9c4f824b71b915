"""A name as structured tokens: legal forms, stop words, activities, descriptors and distinctive words."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz import fuzz, process

from registry.matching import vocab
from registry.matching.errors import InvalidName
from registry.matching.numerals import spell_numbers
from registry.matching.slips import (
    DOTTED,
    PLAIN,
    dotted_words,
    garbled_code,
    garbled_entity_word,
    slipped_arabic_concept,
    slipped_form,
    slipped_latin_concept,
)
from registry.matching.sound import arabic_sound, latin_sound
from registry.matching.text import MAX_INPUT_CHARS, detect_script, tokenize_with_codes
from registry.matching.words import (
    arabic_prefix_stems,
    arabic_words,
    drop_latin_articles,
    glued_article_stem,
    hyphened_words,
    is_arabic,
    join_abd,
)

LEGAL = "legal"
STOP = "stop"
ACTIVITY = vocab.ACTIVITY
GENERIC = "generic"
DESCRIPTOR = vocab.DESCRIPTOR
DISTINCTIVE = "distinctive"
NUMBER = "number"
CONTENT_KINDS = frozenset({ACTIVITY, GENERIC, DESCRIPTOR, DISTINCTIVE, NUMBER})

MAX_TOKENS = 24
MAX_KEY_CHARS = 300
# Words that say what kind of business it is; a specific form (W.L.L., K.S.C.C.) says more.
ENTITY_FORMS = frozenset({"company", "establishment", "office", "agency"})
_FUZZY_LEGAL_SCORE = 90
# One letter wrong in a word of seven (ratio 0.857) is a typo; two in a word of six is another word.
_FUZZY_GLOSSARY_SCORE = 85
_TH, _DH = "th", "dh"
# Words of the name a slipped entity word must come before (two: a given and a family name).
_NAME_AFTER_ENTITY = 2
# A slip in a code written without dots, before a form ("CCo WLL", "Cz WLL"), leaves at most this many
# letters: a longer word there is a word ("Test Co.").
_SHORT_CODE = 3
# The domain of a company named after its site ("Bayt.com Co.") is part of the name, not a slip in "Co.".
_WEB_SUFFIXES = frozenset({"com", "net", "org"})


@dataclass(frozen=True, slots=True)
class Token:
    """One word (or glossary phrase) of a name in its canonical form, with its role and sound keys.

    family is the line of business of an activity word ("security" for guarding), "" for other words.
    """

    text: str
    kind: str
    concept: str = ""
    arabic: bool = False
    forms: tuple[str, ...] = ()
    sounds: tuple[str, ...] = ()
    family: str = ""

    @property
    def content(self) -> bool:
        """True unless the token is a legal form or a stop word, which comparison ignores."""
        return self.kind in CONTENT_KINDS


@dataclass(frozen=True, slots=True)
class ParsedName:
    """A name split into tokens, in order, each labelled with its role.

    content (the tokens that comparison weighs: all but legal forms and stop words), legal_forms (the
    legal forms found, stripped for comparison, kept for the reasons shown) and form (the legal form
    the name states as one key, "wll" or "establishment", "" if none) are derived once: a lookup reads
    them many times.
    """

    text: str
    script: str
    tokens: tuple[Token, ...]
    content: tuple[Token, ...] = field(init=False, repr=False, compare=False)
    legal_forms: tuple[str, ...] = field(init=False, repr=False, compare=False)
    form: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        legal = tuple(t.concept for t in self.tokens if t.kind == LEGAL)
        forms = set(legal)
        object.__setattr__(self, "content", tuple(t for t in self.tokens if t.content))
        object.__setattr__(self, "legal_forms", legal)
        object.__setattr__(self, "form", "+".join(sorted(forms - ENTITY_FORMS or forms)))

    @property
    def distinctive(self) -> tuple[Token, ...]:
        """The distinctive words and numbers: mostly proper nouns."""
        return tuple(t for t in self.tokens if t.kind in (DISTINCTIVE, NUMBER))

    @property
    def generic(self) -> tuple[Token, ...]:
        """The glossary words: activities (trading, general) and common descriptors (golden, national)."""
        return tuple(t for t in self.tokens if t.kind in (ACTIVITY, GENERIC, DESCRIPTOR))

    @property
    def key(self) -> str:
        """The canonical comparison form: content words in order, capped at MAX_KEY_CHARS."""
        words = [t.text for t in (self.content or self.tokens)]
        key = " ".join(words)
        while len(key) > MAX_KEY_CHARS and len(words) > 1:
            words.pop()
            key = " ".join(words)
        return key[:MAX_KEY_CHARS]


def _sound(text: str, arabic: bool) -> str:
    word = text.replace(" ", "")
    return arabic_sound(word) if arabic else latin_sound(word)


@lru_cache(maxsize=131072)
def make_token(text: str, kind: str, concept: str = "") -> Token:
    """The token for TEXT in role KIND; tokens are shared, so an index holds one object per word."""
    arabic = is_arabic(text)
    if kind == NUMBER:
        return Token(text, kind, concept, arabic, (text,), ())
    forms = [text]
    stem = None if arabic or kind != DISTINCTIVE else glued_article_stem(text)
    if stem:
        forms.append(stem)
    if not arabic and kind == DISTINCTIVE and _TH in text:
        # Latin "th" writes ث (Othman) and ذ or ظ (Thafiri, Al-Bathali) alike; the spelling with "dh"
        # comes first, so the last form stays the word as written (what exact keys compare).
        forms[:0] = [form.replace(_TH, _DH) for form in forms]
    sounds = tuple(_sound(f, arabic) for f in forms)
    family = vocab.activity_families().get(concept, concept) if kind in (ACTIVITY, GENERIC) else ""
    return Token(text, kind, concept, arabic, tuple(forms), sounds, family)


def _canonical(words: list[str], hyphened: frozenset[tuple[str, str]] = frozenset()) -> list[str]:
    """Articles and Arabic prefixes removed, abbreviations expanded; HYPHENED as words.drop_latin_articles."""
    known, short = vocab.known_arabic(), vocab.abbreviations()
    out: list[str] = []
    for word in drop_latin_articles(join_abd(words), hyphened):
        if is_arabic(word):
            out.extend(arabic_words(word, known))
        else:
            out.extend(short.get(word, (word,)))
    return spell_numbers(out)


@dataclass(slots=True)
class _Span:
    start: int
    end: int
    kind: str
    concept: str = ""


class _Marks(NamedTuple):
    """What the written words showed and canonical words lose: the Arabic article, "for", dots and codes."""

    article: frozenset[str]
    after_for: frozenset[str]
    dotted: frozenset[str]
    codes: frozenset[str]


def _legal_spans(words: list[str], marks: _Marks) -> list[_Span]:
    """Legal forms: most anywhere, short ambiguous ones ("sa", "ag", "as") only at either end."""
    table = vocab.legal_forms()
    spans: list[_Span] = []
    edge: list[_Span] = []
    i = 0
    while i < len(words):
        phrase = table.longest(words, i)
        if phrase is None:
            i += 1
            continue
        span = _Span(i, i + len(phrase.words), LEGAL, phrase.value)
        (edge if phrase.edge_only else spans).append(span)
        i = span.end
    edge += _misspelt_forms(words, spans, marks)
    spans += _accept_edges(words, spans, edge)
    return spans + _garbled_code(words, spans, marks) + _garbled_entity(words, spans, marks)


def _open_words(words: list[str], spans: list[_Span]) -> tuple[set[int], list[int]]:
    """The positions SPANS cover, and the others in order, stop words left out."""
    taken = {i for span in spans for i in range(span.start, span.end)}
    return taken, [i for i, word in enumerate(words) if i not in taken and word not in vocab.STOPWORDS]


def _garbled_entity(words: list[str], spans: list[_Span], marks: _Marks) -> list[_Span]:
    """The first word, if شركة, مكتب or مؤسسة typed with a slip ("شكه", "مككتب", "موسسم"): no form, no word.

    A changed, dropped or added letter there makes real words too (شبكة, مكتبة, مؤسس), which stay; the
    slip is not read as any one form, since it could be another.
    """
    taken, open_words = _open_words(words, spans)
    if not words or 0 in taken or words[0] in marks.article or vocab.glossary().longest(words, 0):
        return []
    if len(open_words) <= _NAME_AFTER_ENTITY:
        return []
    return [_Span(0, 1, STOP)] if garbled_entity_word(words[0]) else []


def _garbled_code(words: list[str], spans: list[_Span], marks: _Marks) -> list[_Span]:
    """The last word, if a form's code typed with a slip where the form stands: no form, no word.

    Where the form stands: spelt letter by letter after a word that says it is a company ("Co.
    W.F.L.", "شركة ... ذ.ز.م"); or, of three letters at most, before another form, written with its
    dot ("Cp. W.L.L.") or with a letter typed twice or two swapped ("CCo WLL"). Which form it was is
    not said: a slip in a code makes other codes. As a proper noun the registered name lacks, the slip
    would cost the match the company it names; a code alone after the words ("Boodai K.D.C.", "Gulf
    S.T.C."), before "Co." ("S.T.C. Co.") or a word without its dot ("Smart PC W.L.L.", "Green Eco
    Co.", "بيت سمك ذ.م.م") stays a word.
    """
    taken, open_words = _open_words(words, spans)
    if len(open_words) < 2:
        return []
    last = open_words[-1]
    word = words[last]
    if word in marks.article or vocab.glossary().longest(words, last) or not garbled_code(word):
        return []
    entity = any(span.kind == LEGAL and span.concept in ENTITY_FORMS and span.start < last for span in spans)
    spelt = word in marks.codes and entity
    written = (word in marks.dotted and word not in marks.codes) or garbled_code(word, swapped=True)
    placed = len(word) <= _SHORT_CODE and last + 1 in taken and written and word not in _WEB_SUFFIXES
    return [_Span(last, last + 1, STOP)] if spelt or placed else []


@lru_cache(maxsize=8192)
def _misspelt_form(word: str, kind: str = PLAIN) -> str | None:
    """The legal form a word misspells ("aktiengeselschaft", "compan", "offite"), if close to one."""
    slipped = slipped_form(word, kind)
    if slipped is not None or len(word) < vocab.FUZZY_LEGAL_MIN or not (word.isascii() and word.isalpha()):
        return slipped
    found = process.extractOne(
        word, vocab.long_legal_words(), scorer=fuzz.ratio, score_cutoff=_FUZZY_LEGAL_SCORE
    )
    if found is None:
        return None
    phrase = vocab.legal_forms().longest([found[0]], 0)
    return phrase.value if phrase else None


def _misspelt_forms(words: list[str], spans: list[_Span], marks: _Marks) -> list[_Span]:
    """Misspelt legal forms where forms stand: a plain word at either end, a dotted one after the others.

    Not an Arabic word written with the article: البركة is a name, not a slip in شركة.
    """
    taken = {i for span in spans for i in range(span.start, span.end)}
    kinds = {i: PLAIN for i in (0, len(words) - 1) if i not in taken}
    last_open = max((i for i in range(len(words)) if i not in taken), default=None)
    if last_open is not None and words[last_open] in marks.dotted:
        kinds[last_open] = DOTTED
    out: list[_Span] = []
    for i, kind in sorted(kinds.items()):
        if words[i] in vocab.STOPWORDS or words[i] in marks.article or vocab.glossary().longest(words, i):
            continue
        form = _misspelt_form(words[i], kind)
        if form is not None:
            out.append(_Span(i, i + 1, LEGAL, form))
    return out


def _accept_edges(words: list[str], spans: list[_Span], edge: list[_Span]) -> list[_Span]:
    taken = {i for span in spans for i in range(span.start, span.end)}
    taken |= {i for i, word in enumerate(words) if word in vocab.STOPWORDS}
    accepted: list[_Span] = []
    changed = True
    while changed:
        changed = False
        open_positions = [i for i in range(len(words)) if i not in taken]
        for span in edge:
            if span in accepted or not open_positions:
                continue
            if span.start <= open_positions[0] or span.end > open_positions[-1]:
                accepted.append(span)
                taken |= set(range(span.start, span.end))
                changed = True
    return accepted


def _spans(words: list[str], marks: _Marks) -> list[_Span]:
    """Every word covered by one span, in order: legal forms, glossary phrases, stop words, the rest."""
    by_start = {span.start: span for span in _legal_spans(words, marks)}
    glossary, kinds = vocab.glossary(), vocab.concept_kinds()
    out: list[_Span] = []
    i = 0
    while i < len(words):
        span = by_start.get(i)
        phrase = None if span else glossary.longest(words, i)
        if span is None and phrase is not None:
            span = _Span(i, i + len(phrase.words), _glossary_kind(phrase.value, kinds), phrase.value)
        if span is None:
            span = _word_span(words[i], i, kinds, words[i] in marks.after_for)
        out.append(span)
        i = span.end
    return out


def _word_span(word: str, i: int, kinds: dict[str, str], after_for: bool) -> _Span:
    """A word no table lists: a stop word, a number, a misspelt glossary word or a distinctive word."""
    if word in vocab.STOPWORDS:
        return _Span(i, i + 1, STOP)
    if word.isdigit():
        return _Span(i, i + 1, NUMBER)
    concept = _misspelt_concept(word, after_for)
    if concept is not None:
        return _Span(i, i + 1, _glossary_kind(concept, kinds), concept)
    return _Span(i, i + 1, DISTINCTIVE)


@lru_cache(maxsize=65536)
def _misspelt_concept(word: str, after_for: bool = False) -> str | None:
    """The glossary concept a long word misspells by a letter ("geniral", "domestc", "العماللة").

    Without it a typo in an activity word turns it into a proper noun that no name in the other
    script has, and a company registered only in that script loses to any same-script rival.
    """
    slipped = slipped_arabic_concept(word, after_for) if is_arabic(word) else slipped_latin_concept(word)
    if slipped is not None:
        return slipped
    # Shorter words one letter from a glossary word are often names (مشاري is not مشاريع).
    if len(word) < vocab.FUZZY_LEGAL_MIN or not (is_arabic(word) or (word.isascii() and word.isalpha())):
        return None
    words = vocab.single_glossary_words()
    found = process.extractOne(word, list(words), scorer=fuzz.ratio, score_cutoff=_FUZZY_GLOSSARY_SCORE)
    return words[found[0]] if found is not None else None


def _glossary_kind(concept: str, kinds: dict[str, str]) -> str:
    kind = kinds[concept]
    if kind == ACTIVITY and vocab.activity_families().get(concept) in vocab.GENERIC_FAMILIES:
        return GENERIC
    return kind


def parse_name(text: str) -> ParsedName:
    """Parse TEXT into labelled tokens; raise InvalidName if it has no letters or digits."""
    if not isinstance(text, str):
        raise InvalidName(f"a name must be a string, not {type(text).__name__}")
    return _parse_cached(text)


# The same spelling comes back often (public searches, the nightly rematch, a name's key then its
# index entry); a parsed name is immutable, so it is shared.
@lru_cache(maxsize=8192)
def _parse_cached(text: str) -> ParsedName:
    return parse_fresh(text)


def parse_fresh(text: str) -> ParsedName:
    """As parse_name for a string, without the cache: for text parsed once, such as a registered name."""
    raw, codes = tokenize_with_codes(text)
    words = _canonical(raw, hyphened_words(text))[:MAX_TOKENS]
    if not words:
        raise InvalidName("the name has no letters or digits")
    spans = _spans(words, _Marks(*arabic_prefix_stems(raw), dotted_words(text), codes))
    if not any(span.kind in CONTENT_KINDS for span in spans):
        # A name made only of legal forms or stop words ("The Company") is compared on those.
        spans = [_Span(s.start, s.end, DISTINCTIVE) for s in spans]
    tokens = tuple(make_token(" ".join(words[s.start : s.end]), s.kind, s.concept) for s in spans)
    return ParsedName(text[:MAX_INPUT_CHARS], detect_script(text), tokens)
