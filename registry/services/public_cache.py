"""Recent public lookups kept for a few seconds, so a popular search costs no database round trip.

A public answer may therefore be up to PUBLIC_LOOKUP_CACHE_SECONDS old (30 s by default; 0 turns the
cache off). The public page shows published, final decisions, which the committee publishes in daily
signed versions, so half a minute is well inside what the public already sees. Each process has its own
cache; nothing personal is kept in it (queries and the public answer only).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import date

from cachetools import TTLCache

from registry.schemas.public import PublicLookup
from registry.settings import get_settings

MAX_ENTRIES = 20_000


class RecentLookups:
    """A bounded, thread-safe TTL cache of public answers keyed by query, language and day."""

    def __init__(self, timer: Callable[[], float] = time.monotonic) -> None:
        self._timer = timer
        self._lock = threading.Lock()
        self._cache: TTLCache[tuple[str, str, date], PublicLookup] | None = None

    def get_or_compute(
        self, *, query: str, language: str, today: date, compute: Callable[[], PublicLookup]
    ) -> PublicLookup:
        """The answer cached for this query, or COMPUTE's answer (then cached)."""
        found = self.get(query=query, language=language, today=today)
        if found is not None:
            return found
        answer = compute()
        self.put(answer, today=today)
        return answer

    def get(self, *, query: str, language: str, today: date) -> PublicLookup | None:
        """The answer cached for this query, or None (also when the cache is off)."""
        cache = self._current()
        if cache is None:
            return None
        with self._lock:
            found = cache.get(_key(query, language, today))
        if found is None or found.query == query:
            return found
        return found.model_copy(update={"query": query})

    def put(self, answer: PublicLookup, *, today: date) -> None:
        """Keep ANSWER for its query, language and TODAY (nothing when the cache is off)."""
        cache = self._current()
        if cache is not None:
            with self._lock:
                cache[_key(answer.query, answer.language, today)] = answer

    def clear(self) -> None:
        """Forget every answer (tests; after a change that must show at once in this process)."""
        with self._lock:
            self._cache = None

    def _current(self) -> TTLCache[tuple[str, str, date], PublicLookup] | None:
        seconds = get_settings().public_lookup_cache_seconds
        if seconds <= 0:
            return None
        with self._lock:
            if self._cache is None or self._cache.ttl != seconds:
                self._cache = TTLCache(maxsize=MAX_ENTRIES, ttl=seconds, timer=self._timer)
            return self._cache


def _key(query: str, language: str, today: date) -> tuple[str, str, date]:
    # Spacing and case do not change the answer: "Al  Nukhba" and "al nukhba" share one entry.
    return " ".join(query.split()).casefold(), language, today


recent_lookups = RecentLookups()
