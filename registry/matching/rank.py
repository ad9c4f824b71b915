"""Postings of registered names by token, and a vectorised estimate of every candidate name's score.

Candidates are the names holding a word linked to one of the mention's rarer words; a word held by
many names only adds to their estimate, since gathering its postings would cost more than the
lookup. The estimate adds up, per name, what the full score adds up (the matched weight, the cost of the
mention's words and of the name's words left unmatched), without the one-to-one alignment, the
loss of imperfect pairs and the penalties, so it is almost always at least the full score; only
the best few names are then aligned in full.
"""

from __future__ import annotations

import bisect
import threading
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from registry.matching.align import EXTRA, OMITTED, WEIGHTS, credit_of
from registry.matching.parse import Token

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

# Candidates are the names holding the rarest mention words, as many words as keep the candidates
# within this budget (at least the rarest word, however common): a word held by more names than
# the budget allows only adds to the estimate of names that rarer words brought in.
GATHER_BUDGET = 1500
# Content tokens per name that the estimate reads; longer names are estimated on their first ones.
MAX_NAME_TOKENS = 12
# Candidate slots kept across lookups, in all (8 bytes each).
MAX_CACHED_SLOTS = 2_000_000
# Empty cells of the token matrix: -1 reads the lookup table's last entry, which is always zero.
_PAD = -1
_INITIAL_CAPACITY = 1024


# What a name gains through a linked token: weight found, weight lost, mention cost and name cost spared.
_GAINS = 4


def _extra_cost(token: Token) -> float:
    return WEIGHTS[token.kind] * EXTRA[token.kind]


def _gain(word: QueryLinks, weights: Sequence[float]) -> float:
    """The most weight a name can gain through WORD: its best link, credited as the full score does."""
    own = WEIGHTS[word.token.kind]
    return max((credit_of(s) * max(own, weights[tid]) for tid, s in word.links.items()), default=0.0)


@lru_cache(maxsize=16)
def _summing(width: int) -> FloatArray:
    """The matrix that adds up each gain over WIDTH cells laid side by side."""
    summing: FloatArray = np.tile(np.eye(_GAINS), (width, 1))
    return summing


@dataclass(frozen=True, slots=True)
class QueryLinks:
    """One mention word and the registered tokens it is linked to, with their similarity."""

    token: Token
    links: dict[int, float]


class _Derived:
    """What lookups derive from the postings and keep until they change (at VERSION)."""

    __slots__ = ("cached", "reaches", "unions", "version")

    def __init__(self, version: int = 0) -> None:
        self.version = version
        # Per mention word: how many names hold its links, the most weight one gains through it.
        self.reaches: dict[Token, tuple[int, float]] = {}
        # The candidate slots of recent sets of gathered words: mentions of one family name share them.
        self.unions: dict[tuple[Token, ...], IntArray] = {}
        self.cached = 0


class Postings:
    """Which name slots hold each registered token, and each slot's tokens as a matrix row."""

    def __init__(self) -> None:
        self._lists: list[array[int]] = []
        # Lists, not numpy arrays: reading one number from a list costs a tenth of reading numpy.
        self._weight_of: list[float] = []
        self._omit_of: list[float] = []
        self._matrix = np.full((_INITIAL_CAPACITY, 1), _PAD, dtype=np.int32)
        self._omitted = np.zeros(_INITIAL_CAPACITY)
        self._local = threading.local()
        # Bumped once each change is written. A lookup reads it before the postings and keeps what
        # it derives in the holder of that version, so one that began before a change never fills
        # the holder later lookups read.
        self._version = 0
        self._derived = _Derived()

    def add_token(self, token: Token) -> None:
        """Make room for the postings of a newly registered token (numbered in order)."""
        self._lists.append(array("i"))
        weight = WEIGHTS.get(token.kind, 0.0)
        self._weight_of.append(weight)
        self._omit_of.append(weight * OMITTED.get(token.kind, 0.0))

    def add(self, slot: int, tids: Sequence[int]) -> None:
        """Record that name SLOT holds the content tokens TIDS."""
        self._grow(slot)
        row = list(tids[:MAX_NAME_TOKENS])
        if len(row) > self._matrix.shape[1]:
            wider = np.full((len(self._matrix), len(row)), _PAD, dtype=np.int32)
            wider[:, : self._matrix.shape[1]] = self._matrix
            self._matrix = wider
        self._matrix[slot] = row + [_PAD] * (self._matrix.shape[1] - len(row))
        self._omitted[slot] = sum(self._omit_of[tid] for tid in tids)
        for tid in set(tids):
            postings = self._lists[tid]
            if not postings or postings[-1] < slot:
                postings.append(slot)
            else:
                postings.insert(bisect.bisect_left(postings, slot), slot)
        self._forget()

    def remove(self, slot: int, tids: Sequence[int]) -> None:
        """Forget that name SLOT holds TIDS."""
        for tid in set(tids):
            self._lists[tid].remove(slot)
        self._matrix[slot] = _PAD
        self._omitted[slot] = 0.0
        self._forget()

    def _forget(self) -> None:
        """Drop what was derived from the postings, which just changed."""
        self._version += 1

    def _current(self) -> _Derived:
        version = self._version
        derived = self._derived
        if derived.version != version:
            derived = self._derived = _Derived(version)
        return derived

    def estimate(self, query: Sequence[QueryLinks], floor: float = 0.0) -> tuple[IntArray, FloatArray]:
        """Candidate name slots and their estimated scores, for a mention's linked words.

        Names that could not be estimated at FLOOR may be left out.
        """
        slots = self._candidates(query, floor, self._current())
        if not len(slots):
            return slots, np.zeros(0)
        tids, table = self._link_table(query)
        lookup = self._lookup()
        lookup[tids] = np.arange(1, len(tids) + 1, dtype=np.int32)
        # take() is several times faster than fancy indexing; the array methods skip numpy's Python
        # dispatch layer (np.take and the like), which cost a tenth of a lookup.
        linked = lookup.take(self._matrix.take(slots, axis=0))
        lookup[tids] = 0
        # One gather of every cell's gains, added up per name by a product: twice as fast as a gather
        # and a sum per gain, and many times faster than sum().
        width = self._matrix.shape[1]
        gains = table.take(linked.ravel(), axis=0).reshape(len(slots), _GAINS * width)
        found, lost, covered, omitted = (gains @ _summing(width)).T
        mention = sum(_extra_cost(word.token) for word in query)
        lost += np.maximum(mention - covered, 0.0)
        lost += np.maximum(self._omitted.take(slots) - omitted, 0.0)
        estimate: FloatArray = np.divide(found, found + lost, out=np.zeros(len(slots)), where=found > 0)
        return slots, estimate

    def _lookup(self) -> npt.NDArray[np.int32]:
        """This thread's table from token number to link number, all zero between lookups."""
        lookup: npt.NDArray[np.int32] | None = getattr(self._local, "lookup", None)
        if lookup is None or len(lookup) <= len(self._lists):
            lookup = self._local.lookup = np.zeros(2 * len(self._lists) + 1, dtype=np.int32)
        return lookup

    def _candidates(self, query: Sequence[QueryLinks], floor: float, derived: _Derived) -> IntArray:
        """The slots holding a token linked to the rarest mention words, as many as the budget allows.

        Gathering stops early once a name holding none of the gathered words could not be estimated
        at FLOOR: it would lack every one of them and could gain at most the other words' weight. A
        word no name holds is lacking from every name, so a mention whose rarer words are unknown
        may find no candidate at all rather than gather every name holding its commonest word.
        """
        reach = [self._reach(word, derived) for word in query]
        left = sum(gain for _, gain in reach)
        lacking = 0.0
        gathered: list[int] = []
        total = 0
        for size, i, gain in sorted((size, i, gain) for i, (size, gain) in enumerate(reach)):
            if left < floor * (left + lacking) or (total and total + size > GATHER_BUDGET):
                break
            gathered.append(i)
            total += size
            left -= gain
            lacking += _extra_cost(query[i].token)
        key = tuple(query[i].token for i in gathered)
        slots = derived.unions.get(key)
        if slots is None:
            slots = self._union([tid for i in gathered for tid in query[i].links])
            if derived.cached + len(slots) > MAX_CACHED_SLOTS:
                derived.unions.clear()
                derived.cached = 0
            derived.unions[key] = slots
            derived.cached += len(slots)
        return slots

    def _union(self, tids: list[int]) -> IntArray:
        """The slots holding any of TIDS, sorted, read-only (it is cached)."""
        chunks = [np.frombuffer(self._lists[tid], dtype=np.int32) for tid in tids if self._lists[tid]]
        if not chunks:
            return np.zeros(0, dtype=np.int64)
        ordered = np.concatenate(chunks).astype(np.int64)
        ordered.sort()
        # np.unique hashes, which costs ten times a sort at these sizes.
        slots: IntArray = ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]
        slots.flags.writeable = False
        return slots

    def _reach(self, word: QueryLinks, derived: _Derived) -> tuple[int, float]:
        """How many names hold a token linked to WORD, and the most weight one gains through it."""
        reach = derived.reaches.get(word.token)
        if reach is None:
            size = sum(len(self._lists[tid]) for tid in word.links)
            reach = derived.reaches[word.token] = (size, _gain(word, self._weight_of))
        return reach

    def _link_table(self, query: Sequence[QueryLinks]) -> tuple[IntArray, FloatArray]:
        """Every linked registered token, sorted, with what a name holding it gains (row 0: none).

        The gains are the weight found and lost by the pair (as the full score credits it), the cost of
        the mention word it spares (a mention word the name lacks costs its weight times EXTRA) and the
        cost of the name's word it spares.
        """
        best: dict[int, tuple[float, float, float, float]] = {}
        weights, omit = self._weight_of, self._omit_of
        for word in query:
            own, cost = WEIGHTS[word.token.kind], _extra_cost(word.token)
            for tid, similarity in word.links.items():
                weight, credit = max(own, weights[tid]), credit_of(similarity)
                known = best.get(tid)
                if known is None or credit * weight > known[0]:
                    best[tid] = (credit * weight, (1.0 - credit) * weight, cost, omit[tid])
        tids = sorted(best)
        table = np.array([(0.0,) * _GAINS] + [best[tid] for tid in tids])
        return np.array(tids, dtype=np.int64), table

    def _grow(self, slot: int) -> None:
        if slot < len(self._omitted):
            return
        size = max(slot + 1, 2 * len(self._omitted))
        matrix = np.full((size, self._matrix.shape[1]), _PAD, dtype=np.int32)
        matrix[: len(self._matrix)] = self._matrix
        self._matrix = matrix
        self._omitted = np.concatenate([self._omitted, np.zeros(size - len(self._omitted))])
