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
# Empty cells of the token matrix: -1 reads the lookup table's last entry, which is always zero.
_PAD = -1
_INITIAL_CAPACITY = 1024


def _extra_cost(token: Token) -> float:
    return WEIGHTS[token.kind] * EXTRA[token.kind]


@dataclass(frozen=True, slots=True)
class QueryLinks:
    """One mention word and the registered tokens it is linked to, with their similarity."""

    token: Token
    links: dict[int, float]


class Postings:
    """Which name slots hold each registered token, and each slot's tokens as a matrix row."""

    def __init__(self) -> None:
        self._lists: list[array[int]] = []
        self._weight = np.zeros(_INITIAL_CAPACITY)
        self._omit = np.zeros(_INITIAL_CAPACITY)
        # The same weights as a list: reading one number from it costs a tenth of reading numpy.
        self._omit_of: list[float] = []
        self._matrix = np.full((_INITIAL_CAPACITY, 1), _PAD, dtype=np.int32)
        self._omitted = np.zeros(_INITIAL_CAPACITY)
        self._local = threading.local()
        self._sizes: dict[Token, int] = {}

    def add_token(self, token: Token) -> None:
        """Make room for the postings of a newly registered token (numbered in order)."""
        tid = len(self._lists)
        self._lists.append(array("i"))
        if tid >= len(self._weight):
            self._weight = np.concatenate([self._weight, np.zeros(len(self._weight))])
            self._omit = np.concatenate([self._omit, np.zeros(len(self._omit))])
        weight = WEIGHTS.get(token.kind, 0.0)
        self._weight[tid] = weight
        self._omit[tid] = weight * OMITTED.get(token.kind, 0.0)
        self._omit_of.append(weight * OMITTED.get(token.kind, 0.0))

    def add(self, slot: int, tids: Sequence[int]) -> None:
        """Record that name SLOT holds the content tokens TIDS."""
        self._sizes.clear()
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

    def remove(self, slot: int, tids: Sequence[int]) -> None:
        """Forget that name SLOT holds TIDS."""
        self._sizes.clear()
        for tid in set(tids):
            self._lists[tid].remove(slot)
        self._matrix[slot] = _PAD
        self._omitted[slot] = 0.0

    def estimate(self, query: Sequence[QueryLinks]) -> tuple[IntArray, FloatArray]:
        """Candidate name slots and their estimated scores, for a mention's linked words."""
        slots = self._candidates(query)
        if not len(slots):
            return slots, np.zeros(0)
        tids, found, lost, covered, omitted = self._link_table(query)
        lookup = self._lookup()
        lookup[tids] = np.arange(1, len(tids) + 1, dtype=np.int32)
        # np.take is several times faster than fancy indexing, and a product with ones than sum().
        linked = np.take(lookup, np.take(self._matrix, slots, axis=0))
        lookup[tids] = 0
        ones = np.ones(self._matrix.shape[1])
        totals = [np.take(values, linked) @ ones for values in (found, lost, covered, omitted)]
        mention = sum(_extra_cost(word.token) for word in query)
        return slots, self._score(slots, mention, *totals)

    def _lookup(self) -> npt.NDArray[np.int32]:
        """This thread's table from token number to link number, all zero between lookups."""
        lookup: npt.NDArray[np.int32] | None = getattr(self._local, "lookup", None)
        if lookup is None or len(lookup) <= len(self._lists):
            lookup = self._local.lookup = np.zeros(2 * len(self._lists) + 1, dtype=np.int32)
        return lookup

    def _candidates(self, query: Sequence[QueryLinks]) -> IntArray:
        """The slots holding a token linked to the rarest mention words, as many as the budget allows."""
        sizes = sorted((self._size(word), i) for i, word in enumerate(query))
        gathered: list[int] = []
        total = 0
        for size, i in sizes:
            if size and (not gathered or total + size <= GATHER_BUDGET):
                gathered.append(i)
                total += size
        chunks = [
            np.frombuffer(self._lists[tid], dtype=np.int32)
            for i in gathered
            for tid in query[i].links
            if self._lists[tid]
        ]
        if not chunks:
            return np.zeros(0, dtype=np.int64)
        ordered = np.sort(np.concatenate(chunks)).astype(np.int64)
        # np.unique hashes, which costs ten times a sort at these sizes.
        return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]

    def _size(self, word: QueryLinks) -> int:
        """How many names hold a token linked to WORD (remembered until the postings change)."""
        size = self._sizes.get(word.token)
        if size is None:
            size = self._sizes[word.token] = sum(len(self._lists[tid]) for tid in word.links)
        return size

    def _link_table(
        self, query: Sequence[QueryLinks]
    ) -> tuple[IntArray, FloatArray, FloatArray, FloatArray, FloatArray]:
        """Every linked registered token, sorted, with what a name holding it gains (led by zeros for none).

        The gains are the weight found and lost by the pair (as the full score credits it), the cost of
        the mention word it spares (a mention word the name lacks costs its weight times EXTRA) and the
        cost of the name's word it spares.
        """
        best: dict[int, tuple[float, float, float]] = {}
        for word in query:
            own, cost = WEIGHTS[word.token.kind], _extra_cost(word.token)
            for tid, similarity in word.links.items():
                weight, credit = max(own, float(self._weight[tid])), credit_of(similarity)
                if credit * weight > best.get(tid, (0.0, 0.0, 0.0))[0]:
                    best[tid] = (credit * weight, (1.0 - credit) * weight, cost)
        tids = np.array(sorted(best), dtype=np.int64)
        columns = np.array([(0.0, 0.0, 0.0)] + [best[tid] for tid in tids.tolist()]).T
        omitted = np.concatenate(([0.0], self._omit[tids]))
        return tids, columns[0], columns[1], columns[2], omitted

    def _score(self, slots: IntArray, mention: float, *totals: FloatArray) -> FloatArray:
        found, lost, covered, omitted = totals
        lost = lost + np.maximum(mention - covered, 0.0)
        lost += np.maximum(np.take(self._omitted, slots) - omitted, 0.0)
        estimate: FloatArray = np.divide(found, found + lost, out=np.zeros(len(slots)), where=found > 0)
        return estimate

    def _grow(self, slot: int) -> None:
        if slot < len(self._omitted):
            return
        size = max(slot + 1, 2 * len(self._omitted))
        matrix = np.full((size, self._matrix.shape[1]), _PAD, dtype=np.int32)
        matrix[: len(self._matrix)] = self._matrix
        self._matrix = matrix
        self._omitted = np.concatenate([self._omitted, np.zeros(size - len(self._omitted))])
