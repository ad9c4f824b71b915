"""Per-client rate limits for public endpoints (a token bucket per client address, per process)."""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict

from fastapi import Request

from registry.errors import RateLimited
from registry.settings import get_settings

_MAX_CLIENTS = 100_000


class RateLimiter:
    """Allows CAPACITY requests per PERIOD seconds per client, refilled continuously."""

    def __init__(self, *, capacity: int, period: float, name: str) -> None:
        self.capacity, self.period, self.name = capacity, period, name
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def check(self, client: str, now: float | None = None) -> None:
        """Take one token for CLIENT or raise RateLimited with the seconds to wait."""
        now = time.monotonic() if now is None else now
        rate = self.capacity / self.period
        with self._lock:
            tokens, last = self._buckets.pop(client, (float(self.capacity), now))
            tokens = min(self.capacity, tokens + (now - last) * rate)
            if tokens < 1:
                self._buckets[client] = (tokens, now)
                raise RateLimited(
                    f"too many {self.name}; try again later",
                    retry_after=max(1, math.ceil((1 - tokens) / rate)),
                )
            self._buckets[client] = (tokens - 1, now)
            while len(self._buckets) > _MAX_CLIENTS:
                self._buckets.popitem(last=False)

    def reset(self) -> None:
        """Forget every client (tests)."""
        with self._lock:
            self._buckets.clear()


def client_address(request: Request) -> str:
    """The caller's address as the server saw it (behind a proxy, configure uvicorn's --proxy-headers)."""
    return request.client.host if request.client else "unknown"


# One bucket per client and per kind, shared by every public route of that kind in this process.
report_limiter = RateLimiter(capacity=get_settings().public_reports_per_hour, period=3600, name="reports")
lookup_limiter = RateLimiter(capacity=get_settings().public_lookups_per_minute, period=60, name="lookups")


def reset_all() -> None:
    """Forget every client of every public limiter (tests)."""
    report_limiter.reset()
    lookup_limiter.reset()
