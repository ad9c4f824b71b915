"""Every company as the public lookup shows it, held in memory, so that a search needs no query.

For each candidate the matcher finds, the public lookup needs the company's reference (is it still
a company of its own?), its licence, its final listings and their grounds, and the rejections
inspectors recorded for the spelling searched. Read from the database these cost three queries a
search, about half of what a new search cost (bench/public_search.py). The snapshot holds them for
every company (about 30 MB at 50,000) and is read again, on a thread of its own while the old one
keeps serving, once it is older than PUBLIC_STANDING_MAX_AGE_SECONDS (30 s by default; each
process at a random point of the last fifth of that, so that workers do not read at once): the public
lookup may lag a change by that long, as its answer cache (public_cache.py) already may, and a
company registered since the last reading is not shown until the next. 0 turns it off: every search
then reads the database.
"""

from __future__ import annotations

import gc
import math
import random
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session

from registry.database import in_background, session_factory
from registry.repositories import mentions as mention_repo
from registry.repositories import public as public_repo
from registry.repositories.companies import CompanyRef
from registry.repositories.public import CompanyStanding, GroundCounts, ListingInForce


class CompanyRefs(Mapping[int, CompanyRef]):
    """The snapshot's companies as matching's references, each made when asked for."""

    def __init__(self, rows: dict[int, Sequence[Any]]) -> None:
        self._rows = rows

    def __getitem__(self, company_id: int) -> CompanyRef:
        return public_repo.ref_of(self._rows[company_id])

    def __contains__(self, company_id: object) -> bool:
        return company_id in self._rows

    def __iter__(self) -> Iterator[int]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


@dataclass(frozen=True)
class PublicSnapshot:
    """What the public lookup reads of every company, as of one moment."""

    companies: dict[int, Sequence[Any]]
    listings: dict[int, list[ListingInForce]]
    grounds: dict[int, GroundCounts]
    rejections: dict[str, set[int]]

    @property
    def refs(self) -> CompanyRefs:
        """Every company's matching reference (id, external id, merged into)."""
        return CompanyRefs(self.companies)

    def standing_on(
        self, company_ids: Sequence[int], today: date
    ) -> dict[int, tuple[CompanyStanding, ListingInForce | None]]:
        """As public_repo.standing: each known company with its listing in force on TODAY, if any."""
        return {
            cid: (public_repo.standing_of(self.companies[cid]), _in_force(self.listings.get(cid, ()), today))
            for cid in company_ids
            if cid in self.companies
        }


def _in_force(listings: Iterable[ListingInForce], today: date) -> ListingInForce | None:
    # The newest listing in force wins, as in public_repo.standing (ordered by listing id).
    current = [
        listing
        for listing in listings
        if listing.starts_on is not None and listing.ends_on is not None
        if listing.starts_on <= today <= listing.ends_on
    ]
    return current[-1] if current else None


def read_snapshot(session: Session) -> PublicSnapshot:
    """Read every company's public standing, the final listings, their grounds and the rejections."""
    listed = public_repo.final_listings(session)
    listings: dict[int, list[ListingInForce]] = {}
    for row in listed:
        listings.setdefault(row.company_id, []).append(row.listing)
    return PublicSnapshot(
        companies=_every_company(session),
        listings=listings,
        grounds=public_repo.ground_counts(session, [row.listing.id for row in listed]),
        rejections=mention_repo.every_rejection(session),
    )


# Read in slices with a pause between them: read at once, 50,000 rows held the interpreter lock for
# 0.2 s, and the searches of that process waited (p99 of new searches at 500/s: 24-100 ms).
SLICE_ROWS = 1000
PAUSE_SECONDS = 0.002


def _every_company(session: Session) -> dict[int, Sequence[Any]]:
    companies: dict[int, Sequence[Any]] = {}
    for rows in public_repo.every_company(session, slice_size=SLICE_ROWS):
        companies.update((int(row[0]), row) for row in rows)
        time.sleep(PAUSE_SECONDS)
    return companies


class SnapshotHolder:
    """The process's snapshot: read on first use, then again in the background once too old."""

    def __init__(self, timer: Callable[[], float] = time.monotonic) -> None:
        self._timer = timer
        self._snapshot: PublicSnapshot | None = None
        self._read_at = -math.inf
        self._rereading = False
        self._spread = 1.0
        self._lock = threading.Lock()
        self._first_read = threading.Lock()

    def current(self, session: Session, *, max_age: float) -> PublicSnapshot | None:
        """The snapshot, or None when MAX_AGE is 0; one older than MAX_AGE still serves while it is
        read again (on a thread of its own; with SESSION where sessions cannot be concurrent)."""
        if max_age <= 0:
            return None
        with self._lock:
            snapshot = self._snapshot
            stale = snapshot is not None and self._timer() - self._read_at >= max_age * self._spread
            start_rereading = stale and not self._rereading
            self._rereading = self._rereading or start_rereading
        if snapshot is None:
            return self._read_first(session)
        if start_rereading:
            return self._reread(session) or snapshot
        return snapshot

    def read_ahead(self) -> threading.Thread | None:
        """Read the snapshot on a thread of its own (at start); None when sessions cannot be concurrent.

        A search arriving meanwhile waits for this reading, as for any first one, and never reads twice."""
        return in_background(
            self._read_ahead, name="public-snapshot", failure="the public snapshot could not be read ahead"
        )

    def reset(self) -> None:
        """Forget the snapshot; the next use reads it again (tests)."""
        with self._lock:
            self._snapshot, self._read_at, self._rereading = None, -math.inf, False

    def _read_first(self, session: Session) -> PublicSnapshot:
        with self._first_read:  # the searches of a starting process wait for one reading, not each its own
            if self._snapshot is None:
                self._store(read_snapshot(session))
            assert self._snapshot is not None
            return self._snapshot

    def _read_ahead(self, session: Session) -> None:
        self._read_first(session)
        _freeze_kept()

    def _reread(self, session: Session) -> PublicSnapshot | None:
        """The new snapshot when read at once (sessions bound to one connection), else None."""
        if session_factory.shares_one_connection():
            return self._store(read_snapshot(session))
        in_background(
            self._read_again, name="public-snapshot", failure="the public snapshot could not be read again"
        )
        return None

    def _read_again(self, session: Session) -> None:
        # Beside searches: if this fails, the old snapshot keeps serving and the next search past the
        # age tries again.
        try:
            self._store(read_snapshot(session))
        finally:
            with self._lock:
                self._rereading = False
        _freeze_kept()

    def _store(self, snapshot: PublicSnapshot) -> PublicSnapshot:
        with self._lock:
            self._snapshot, self._read_at, self._rereading = snapshot, self._timer(), False
            # Workers started together would read together (0.2 s of CPU each, both cores at once):
            # each reads again at a random point of the last fifth of the age instead.
            self._spread = random.uniform(0.8, 1.0)
        return snapshot


def _freeze_kept() -> None:
    # What the process keeps (the snapshot, the matcher's caches of recent parses and keys) out of the
    # cyclic collector, as after the index build: with every search new those caches fill, and full
    # collections over them grew to 80 ms stalls. Objects are still freed when no longer referenced;
    # only a cycle that is garbage at this moment is never collected.
    gc.freeze()


public_snapshot = SnapshotHolder()
