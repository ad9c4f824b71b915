"""An in-memory index of registered names that finds the few companies worth scoring for a mention.

Each distinct token is stored once and numbered; a name is a tuple of token numbers. Retrieval
works on the vocabulary, not on names: a mention's words are linked to registered words that are
equal, share a concept, a consonant skeleton (within one deletion) or, failing that, character
trigrams; the names holding those words are pooled by company, weighted by rarity, and only the
best few companies are scored token by token.
"""

from __future__ import annotations

import heapq
import math
from array import array
from collections.abc import Iterable

from registry.matching.compare import (
    MIN_TOKEN_SIMILARITY,
    OMITTED,
    STRONG_TOKEN_SIMILARITY,
    WEIGHTS,
    PairScore,
    score_tokens,
    script_reasons,
    token_similarity,
)
from registry.matching.decide import Candidate
from registry.matching.parse import DISTINCTIVE, NUMBER, ParsedName, Token, parse_name
from registry.matching.sound import coarse, skeleton

# A word found in more companies than this does not pull candidates in by itself: it narrows
# the set that rarer words pulled in.
SMALL_SET = 400
# Work caps that keep a lookup within a few milliseconds whatever the mention.
MAX_POOL = 150
MAX_LINKS_PER_TIER = 60
MIN_SCORED = 3
RANK_FLOOR = 0.5
MAX_CACHED_LINKS = 50000
_GRAM_DF_CAP = 2000


def _deletions(key: str) -> set[str]:
    """KEY and every string one character shorter: equal sets mean an edit distance of at most 2."""
    return {key} | {key[:i] + key[i + 1 :] for i in range(len(key))}


def _grams(word: str) -> set[str]:
    padded = f"#{word.replace(' ', '')}#"
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


class NameIndex:
    """Registered names by company, with incremental add and remove, for candidate retrieval."""

    def __init__(self, max_candidates: int = 12) -> None:
        self.max_candidates = max_candidates
        self._token_id: dict[Token, int] = {}
        self._tokens: list[Token] = []
        self._postings: list[dict[int, int]] = []
        self._by_skeleton: dict[str, set[int]] = {}
        self._by_deletion: dict[str, set[int]] = {}
        self._by_concept: dict[str, set[int]] = {}
        self._by_gram: dict[str, set[int]] = {}
        self._link_cache: dict[Token, dict[int, float]] = {}
        self._slot_of: dict[int, int] = {}
        self._name_ids = array("q")
        self._name_company = array("l")
        self._name_tokens: list[tuple[int, ...]] = []
        self._name_text: list[str] = []
        self._name_script: list[str] = []
        self._free: list[int] = []
        self._company_of: dict[str, int] = {}
        self._company_keys: list[str] = []
        self._company_names: list[list[int]] = []

    def __len__(self) -> int:
        """The number of names in the index."""
        return len(self._slot_of)

    def __contains__(self, name_id: object) -> bool:
        """True if a name with this id is in the index."""
        return name_id in self._slot_of

    @property
    def company_count(self) -> int:
        """The number of companies with at least one name in the index."""
        return sum(1 for names in self._company_names if names)

    def add(self, name_id: int, company_key: str, text: str) -> None:
        """Add (or replace) name NAME_ID of company COMPANY_KEY; raise InvalidName if TEXT is not a name."""
        parsed = parse_name(text)
        if name_id in self._slot_of:
            self.remove(name_id)
        tids = tuple(self._intern(token) for token in parsed.tokens)
        company = self._company(company_key)
        self._new_slot(name_id, company, tids, parsed)
        for tid, token in zip(tids, parsed.tokens, strict=True):
            if token.content:
                postings = self._postings[tid]
                postings[company] = postings.get(company, 0) + 1
        self._link_cache.clear()

    def add_many(self, rows: Iterable[tuple[int, str, str]]) -> None:
        """Add (name_id, company_key, text) rows, as add() does one by one."""
        for name_id, company_key, text in rows:
            self.add(name_id, company_key, text)

    def remove(self, name_id: int) -> None:
        """Remove name NAME_ID; raise KeyError if it is not in the index."""
        slot = self._slot_of.pop(name_id)
        company = self._name_company[slot]
        for tid in self._name_tokens[slot]:
            postings = self._postings[tid]
            count = postings.get(company, 0)
            if count > 1:
                postings[company] = count - 1
            else:
                postings.pop(company, None)
        self._company_names[company].remove(slot)
        self._name_tokens[slot] = ()
        self._name_text[slot] = ""
        self._free.append(slot)
        self._link_cache.clear()

    def search(self, text: str | ParsedName, limit: int | None = None) -> list[Candidate]:
        """The best companies for a mention, best first, one candidate per company (at most LIMIT)."""
        parsed = text if isinstance(text, ParsedName) else parse_name(text)
        query = parsed.content
        links = [self._links(token) for token in query]
        ranked = self._rank(query, links, self._pool(links))
        count = min(limit or self.max_candidates, self.max_candidates)
        top = heapq.nlargest(count, ranked.items(), key=lambda item: max(item[1]))
        # Companies far behind the leader on shared rare words cannot win or tie after scoring.
        floor = RANK_FLOOR * max(top[0][1]) if top else 0.0
        top = [item for n, item in enumerate(top) if n < MIN_SCORED or max(item[1]) >= floor]
        memo = {
            (id(query[i]), id(self._tokens[tid])): s
            for i, found in enumerate(links)
            for tid, s in found.items()
        }
        found = [self._candidate(parsed, company, values, memo) for company, values in top]
        found.sort(key=lambda c: (-c.score, c.company_key))
        return found

    def _company(self, key: str) -> int:
        company = self._company_of.get(key)
        if company is None:
            company = self._company_of[key] = len(self._company_keys)
            self._company_keys.append(key)
            self._company_names.append([])
        return company

    def _new_slot(self, name_id: int, company: int, tids: tuple[int, ...], parsed: ParsedName) -> None:
        if self._free:
            slot = self._free.pop()
            self._name_ids[slot], self._name_company[slot] = name_id, company
            self._name_tokens[slot], self._name_text[slot] = tids, parsed.text
            self._name_script[slot] = parsed.script
        else:
            slot = len(self._name_tokens)
            self._name_ids.append(name_id)
            self._name_company.append(company)
            self._name_tokens.append(tids)
            self._name_text.append(parsed.text)
            self._name_script.append(parsed.script)
        self._slot_of[name_id] = slot
        self._company_names[company].append(slot)

    def _intern(self, token: Token) -> int:
        tid = self._token_id.get(token)
        if tid is not None:
            return tid
        tid = self._token_id[token] = len(self._tokens)
        self._tokens.append(token)
        self._postings.append({})
        if not token.content:
            return tid
        if token.concept:
            self._by_concept.setdefault(token.concept, set()).add(tid)
        for sound in token.sounds:
            key = coarse(skeleton(sound))
            self._by_skeleton.setdefault(key, set()).add(tid)
            for variant in _deletions(key) if len(key) >= 4 else ():
                self._by_deletion.setdefault(variant, set()).add(tid)
        if token.kind == DISTINCTIVE:
            for gram in _grams(token.forms[0]):
                self._by_gram.setdefault(gram, set()).add(tid)
        return tid

    def _links(self, token: Token) -> dict[int, float]:
        """Registered tokens similar to TOKEN, with their similarity (cached until the index changes)."""
        links = self._link_cache.get(token)
        if links is None:
            if len(self._link_cache) >= MAX_CACHED_LINKS:
                self._link_cache.clear()
            links = self._link_cache[token] = self._find_links(token)
        return links

    def _find_links(self, token: Token) -> dict[int, float]:
        links: dict[int, float] = {}
        own = self._token_id.get(token)
        if own is not None:
            links[own] = 1.0
        if token.kind == NUMBER:
            return links
        if token.concept and token.kind != DISTINCTIVE:
            links.update(dict.fromkeys(self._by_concept.get(token.concept, ()), 1.0))
        keys = {coarse(skeleton(sound)) for sound in token.sounds}
        same = set().union(*(self._by_skeleton.get(key, ()) for key in keys))
        self._link_tier(token, same - links.keys(), links)
        if token.kind == DISTINCTIVE:
            variants = set().union(*(_deletions(key) for key in keys if len(key) >= 4))
            near = set().union(*(self._by_deletion.get(v, ()) for v in variants | keys))
            near |= set().union(*(self._by_skeleton.get(v, ()) for v in variants))
            self._link_tier(token, near - links.keys(), links)
            if max(links.values(), default=0.0) < STRONG_TOKEN_SIMILARITY:
                self._link_tier(token, self._by_grams(token) - links.keys(), links)
        return links

    def _link_tier(self, token: Token, tids: set[int], links: dict[int, float]) -> None:
        for tid in sorted(tids)[:MAX_LINKS_PER_TIER]:
            similarity = token_similarity(token, self._tokens[tid])
            if similarity >= MIN_TOKEN_SIMILARITY:
                links[tid] = similarity

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

    def _pool(self, links: list[dict[int, float]]) -> set[int]:
        """Companies holding words linked to the mention's: those of rare words, narrowed by common ones."""
        sized = sorted((sum(len(self._postings[tid]) for tid in found), i) for i, found in enumerate(links))
        sized = [(size, i) for size, i in sized if size]
        small = [links[i] for size, i in sized if size <= SMALL_SET] or [links[i] for _, i in sized[:1]]
        pool: set[int] = set().union(*(self._postings[tid].keys() for found in small for tid in found))
        for _, i in sized[len(small) :]:
            if len(pool) <= MAX_POOL:
                break
            found = links[i]
            narrowed = {c for c in pool if any(c in self._postings[tid] for tid in found)}
            pool = narrowed or pool
        return pool if len(pool) <= MAX_POOL else set(sorted(pool)[:MAX_POOL])

    def _rank(
        self, query: tuple[Token, ...], links: list[dict[int, float]], pool: set[int]
    ) -> dict[int, list[float]]:
        """For each pooled company, the value of each of its names: similarity x weight x rarity, summed."""
        values: dict[int, list[tuple[int, float]]] = {}
        total = max(len(self._slot_of), 1)
        for i, found in enumerate(links):
            weight = WEIGHTS[query[i].kind]
            for tid, similarity in found.items():
                rarity = math.log(1.0 + total / max(len(self._postings[tid]), 1))
                values.setdefault(tid, []).append((i, similarity * weight * rarity))
        return {
            company: [self._slot_value(slot, values) for slot in self._company_names[company]]
            for company in pool
        }

    def _slot_value(self, slot: int, values: dict[int, list[tuple[int, float]]]) -> float:
        best: dict[int, float] = {}
        for tid in self._name_tokens[slot]:
            for i, value in values.get(tid, ()):
                if value > best.get(i, 0.0):
                    best[i] = value
        return sum(best.values())

    def _candidate(
        self, parsed: ParsedName, company: int, values: list[float], memo: dict[tuple[int, int], float]
    ) -> Candidate:
        def similarity(q: Token, c: Token) -> float:
            return memo.get((id(q), id(c)), 0.0)

        best: tuple[PairScore, int] | None = None
        slots = self._company_names[company]
        top = max(values)
        # Only the company's names that share most with the mention are scored in full.
        for slot, value in zip(slots, values, strict=True):
            if value < top:
                continue
            tokens = [self._tokens[tid] for tid in self._name_tokens[slot]]
            result = score_tokens(parsed.content, [t for t in tokens if t.content], similarity, OMITTED)
            if best is None or result.score > best[0].score:
                best = (result, slot)
        assert best is not None
        result, slot = best
        registered = ParsedName(
            self._name_text[slot],
            self._name_script[slot],
            tuple(self._tokens[tid] for tid in self._name_tokens[slot]),
        )
        reasons = result.reasons + tuple(script_reasons(parsed, registered))
        return Candidate(
            self._company_keys[company],
            self._name_ids[slot],
            self._name_text[slot],
            result.score,
            reasons,
            result.evidence,
            result.strong,
        )
