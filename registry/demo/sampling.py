"""What keeps large demo sets fast: quick seeded draws and a paused cycle collector."""

from __future__ import annotations

import gc
import math
import random
from bisect import bisect
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from itertools import accumulate
from typing import Generic, TypeVar

T = TypeVar("T")


class Weighted(Generic[T]):
    """Items drawn in proportion to fixed weights; bisect on cumulative weights beats rng.choices."""

    def __init__(self, weights: Mapping[T, float]) -> None:
        self.items: tuple[T, ...] = tuple(weights)
        self._cumulative = list(accumulate(float(w) for w in weights.values()))
        self._total = self._cumulative[-1]

    def pick(self, rng: random.Random) -> T:
        """One item."""
        return self.items[bisect(self._cumulative, rng.random() * self._total)]


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson count; a rounded normal approximation for large means keeps big runs fast."""
    if mean <= 0:
        return 0
    if mean > 50:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def integer(rng: random.Random, low: int, high: int) -> int:
    """A uniform integer in [LOW, HIGH]; several times faster than rng.randint, which matters at scale."""
    return low + int(rng.random() * (high - low + 1))


def one_of(rng: random.Random, items: Sequence[T]) -> T:
    """A uniformly chosen item; the fast counterpart of rng.choice."""
    return items[int(rng.random() * len(items))]


def below(rng: random.Random, count: int) -> int:
    """A uniform integer in [0, COUNT); the fast counterpart of rng.randrange."""
    return int(rng.random() * count)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many acyclic objects, then restore it."""
    # Every full collection walks all objects built so far, which makes bulk generation superlinear;
    # the objects made here hold no reference cycles, so nothing is lost by collecting them later.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
