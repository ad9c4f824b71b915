"""The registered vocabulary: every distinct token once, numbered, with keys that find similar ones fast.

A mention's word is linked to registered words that are equal, share a concept or a line of
business, share a consonant skeleton, or (when nothing near-exact is found) are within one deletion
of that skeleton or, failing a strong link, share character trigrams. Large key buckets are narrowed
in C by rapidfuzz on the sound strings before the exact token similarity is computed.
"""

from __future__ import annotations

from collections.abc import Iterable
from operator import itemgetter

from rapidfuzz import process
from rapidfuzz.distance import OSA, Indel

from registry.matching.parse import DISTINCTIVE, NUMBER, Token
from registry.matching.similarity import MIN_TOKEN_SIMILARITY, STRONG_TOKEN_SIMILARITY, token_similarity
from registry.matching.slips import is_one_swap_or_double
from registry.matching.sound import coarse, skeleton
from registry.matching.vocab import GENERIC_FAMILIES

# Beyond this many registered words in one key bucket, only the closest by sound string are scored.
PREFILTER_KEEP = 12
# A link this close means the word is spelt as registered: no search for typos of it.
NEAR_ENOUGH = 0.95
PREFILTER_CUTOFF = 0.5
MAX_CACHED_LINKS = 100_000
_GRAM_DF_CAP = 2000
# A word the registry lacks, one slip (OSA) from a registered word of at least SLIP_MIN letters, is
# linked to it: as a strong match for a proper noun, just below one for a glossary word.
SLIP_MIN = 4
SLIP_SIMILARITY = 0.86
GLOSSARY_SLIP_SIMILARITY = 0.84
# A changed first letter as often makes another name (Nader, Bader) or word (السالمية, العالمية) as a
# typo, which rarely touches the initial: a link below a strong match.
CHANGED_INITIAL_SIMILARITY = 0.8
# An Arabic word this long or longer may carry a slipped prefix before a glossary word.
_PREFIXED_MIN = 4


def _slip_similarity(kind: str, initial_changed: bool) -> float:
    if initial_changed:
        return CHANGED_INITIAL_SIMILARITY
    return SLIP_SIMILARITY if kind == DISTINCTIVE else GLOSSARY_SLIP_SIMILARITY


_DELETION_MIN = 4
_NEAR_BUCKET_CAP = 400


def _deletions(key: str) -> set[str]:
    """KEY and every string one character shorter: equal sets mean an edit distance of at most 2."""
    return {key} | {key[:i] + key[i + 1 :] for i in range(len(key))}


def _grams(word: str) -> set[str]:
    padded = f"#{word.replace(' ', '')}#"
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def _skeleton_keys(token: Token) -> set[str]:
    return {coarse(skeleton(sound)) for sound in token.sounds}


class Vocabulary:
    """Registered tokens by number, and the similar registered tokens of any token (cached)."""

    def __init__(self) -> None:
        self.tokens: list[Token] = []
        self._ids: dict[Token, int] = {}
        self._sound: list[str] = []
        self._arabic: list[bool] = []
        self._by_skeleton: dict[str, set[int]] = {}
        self._by_deletion: dict[str, set[int]] = {}
        self._by_concept: dict[str, set[int]] = {}
        self._by_family: dict[str, set[int]] = {}
        self._by_gram: dict[str, set[int]] = {}
        self._by_slip: dict[str, set[int]] = {}
        self._cache: dict[Token, dict[int, float]] = {}

    def __len__(self) -> int:
        """The number of distinct tokens ever registered."""
        return len(self.tokens)

    def get(self, token: Token) -> int | None:
        """The number of TOKEN if it is registered."""
        return self._ids.get(token)

    def intern(self, token: Token) -> int:
        """The number of TOKEN, registering it (and its lookup keys) if new."""
        tid = self._ids.get(token)
        if tid is not None:
            return tid
        tid = self._ids[token] = len(self.tokens)
        self.tokens.append(token)
        self._sound.append(token.sounds[-1] if token.sounds else token.text)
        self._arabic.append(token.arabic)
        if token.content:
            self._index(tid, token)
            # A cached answer could now miss the new word. Replaced, not cleared: a lookup that began
            # before the word was indexed fills the old cache, which no later lookup reads.
            self._cache = {}
        return tid

    def links(self, token: Token) -> dict[int, float]:
        """Registered tokens similar to TOKEN, with their similarity."""
        cache = self._cache
        found = cache.get(token)
        if found is None:
            if len(cache) >= MAX_CACHED_LINKS:
                cache.clear()
            found = cache[token] = self._find(token)
        return found

    def _index(self, tid: int, token: Token) -> None:
        if token.concept:
            self._by_concept.setdefault(token.concept, set()).add(tid)
        if token.family and token.family not in GENERIC_FAMILIES:
            self._by_family.setdefault(token.family, set()).add(tid)
        for key in _skeleton_keys(token):
            self._by_skeleton.setdefault(key, set()).add(tid)
            for variant in _deletions(key) if len(key) >= _DELETION_MIN else ():
                self._by_deletion.setdefault(variant, set()).add(tid)
        if token.kind == DISTINCTIVE:
            for gram in _grams(token.forms[0]):
                self._by_gram.setdefault(gram, set()).add(tid)
        if len(token.text) >= SLIP_MIN and " " not in token.text and token.kind != NUMBER:
            for variant in _deletions(token.text):
                self._by_slip.setdefault(variant, set()).add(tid)

    def _find(self, token: Token) -> dict[int, float]:
        found: dict[int, float] = {}
        own = self._ids.get(token)
        if own is not None:
            found[own] = 1.0
        if token.kind == NUMBER:
            return found
        if token.concept and token.kind != DISTINCTIVE:
            self._score(token, self._by_concept.get(token.concept, set()) - found.keys(), found)
            self._score(token, self._by_family.get(token.family, set()) - found.keys(), found)
        keys = _skeleton_keys(token)
        same = set().union(*(self._by_skeleton.get(key, ()) for key in keys))
        self._score(token, self._closest(token, same - found.keys()), found)
        # A word spelt exactly or nearly so needs no search for typos of it.
        if token.kind == DISTINCTIVE and max(found.values(), default=0.0) < NEAR_ENOUGH:
            self._score(token, self._closest(token, self._near(keys) - found.keys()), found)
            if max(found.values(), default=0.0) < STRONG_TOKEN_SIMILARITY:
                self._score(token, self._closest(token, self._by_grams(token) - found.keys()), found)
            if own is None:
                self._link_slips(token, found)
        return found

    def _link_slips(self, token: Token, found: dict[int, float]) -> None:
        """Link a word no registered name has to the registered words one slip from it ("Atsha", "Aisha").

        The registry holding most names, a word it lacks is far more often a typo than a new name, and
        a slip of the keyboard scores low by spelling in a short word (Indel counts a changed letter
        twice). A glossary word so reached stays below a strong match: a misspelt activity is no
        evidence of which company is meant.
        """
        text = token.text
        if len(text) < SLIP_MIN or " " in text:
            return
        self._link_near(text, token.arabic, found, glossary_only=False)
        if token.arabic and len(text) > _PREFIXED_MIN:
            # A slip in the prefix that was not stripped (لتوري, قلعمالة for للعمالة): the word behind
            # it, one slip from a glossary word. Never a name: بسام less its ب is one slip from سامي.
            self._link_near(text[1:], token.arabic, found, glossary_only=True)

    def _link_near(self, text: str, arabic: bool, found: dict[int, float], *, glossary_only: bool) -> None:
        near = set().union(*(self._by_slip.get(variant, ()) for variant in _deletions(text)))
        for tid in near:
            other = self.tokens[tid]
            if other.arabic != arabic or (glossary_only and other.kind == DISTINCTIVE):
                continue
            if OSA.distance(text, other.text, score_cutoff=1) > 1:
                continue
            changed = len(text) == len(other.text) and not is_one_swap_or_double(text, other.text)
            similarity = _slip_similarity(other.kind, changed and text[0] != other.text[0])
            found[tid] = max(found.get(tid, 0.0), similarity)

    def _near(self, keys: set[str]) -> set[int]:
        """Tokens whose skeleton is within one deletion on either side of one of KEYS.

        A bucket shared by very many words (a short or common skeleton) says little and would cost
        more than the lookup, so such buckets are left out.
        """
        variants = set().union(*(_deletions(key) for key in keys if len(key) >= _DELETION_MIN))
        buckets = [self._by_deletion.get(v, set()) for v in variants | keys]
        buckets += [self._by_skeleton.get(v, set()) for v in variants]
        return set().union(*(bucket for bucket in buckets if len(bucket) <= _NEAR_BUCKET_CAP))

    def _by_grams(self, token: Token) -> set[int]:
        """Registered distinctive words sharing half the character trigrams of TOKEN (typos, splits)."""
        grams = _grams(token.forms[0])
        counts: dict[int, int] = {}
        for gram in grams:
            tids = self._by_gram.get(gram, ())
            if len(tids) <= _GRAM_DF_CAP:
                for tid in tids:
                    counts[tid] = counts.get(tid, 0) + 1
        need = max(2, (len(grams) + 1) // 2)
        return {tid for tid, count in counts.items() if count >= need}

    def _closest(self, token: Token, tids: set[int]) -> Iterable[int]:
        """TIDS, or when they are many, those whose sound string is closest to TOKEN's, in each script.

        Arabic writes no short vowels, so an Arabic word's sound string is always further from a
        Latin word's than another Latin spelling is: ranked together, the other script's words would
        be crowded out and a company registered only in that script never found.
        """
        if len(tids) <= PREFILTER_KEEP:
            return tids
        arabic = {tid for tid in tids if self._arabic[tid]}
        return [*self._closest_in(token, arabic), *self._closest_in(token, tids - arabic)]

    def _closest_in(self, token: Token, tids: set[int]) -> Iterable[int]:
        if len(tids) <= PREFILTER_KEEP:
            return tids
        ordered = sorted(tids)
        choices = itemgetter(*ordered)(self._sound)
        query = token.sounds[-1] if token.sounds else token.text
        best = process.extract(
            query,
            choices,
            scorer=Indel.normalized_similarity,
            limit=PREFILTER_KEEP,
            score_cutoff=PREFILTER_CUTOFF,
        )
        return [ordered[position] for _, _, position in best]

    def _score(self, token: Token, tids: Iterable[int], found: dict[int, float]) -> None:
        for tid in tids:
            similarity = token_similarity(token, self.tokens[tid])
            if similarity >= MIN_TOKEN_SIMILARITY:
                found[tid] = similarity
