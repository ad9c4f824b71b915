"""The process-wide in-memory name index, kept current from the name change log."""

from __future__ import annotations

import gc
import math
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlmodel import Session

from registry.database import in_background
from registry.matching.decide import MatchResult, MatchThresholds
from registry.matching.errors import InvalidName
from registry.matching.matcher import Matcher
from registry.repositories import names as name_repo
from registry.settings import get_settings


def thresholds() -> MatchThresholds:
    """The decision thresholds from settings."""
    settings = get_settings()
    return MatchThresholds(
        match=settings.match_threshold, review=settings.review_threshold, margin=settings.match_margin
    )


class NameIndexCache:
    """One Matcher per process, built once and then brought up to date with the change log."""

    def __init__(self) -> None:
        self._matcher: Matcher | None = None
        self._seq = 0
        self._checked_at = -math.inf
        self._lock = threading.Lock()

    def current(self, session: Session, *, max_age: float = 0.0) -> Matcher:
        """The matcher, after applying every name change another process or request committed.

        With MAX_AGE, the change log is read only if it was last read more than MAX_AGE seconds ago:
        a caller that tolerates answers that old saves a database round trip per lookup.
        """
        return self.current_at(session, max_age=max_age)[0]

    def current_at(self, session: Session, *, max_age: float = 0.0) -> tuple[Matcher, int]:
        """As current, with the position in the name change log the matcher stands at."""
        with self._lock:
            if self._matcher is not None and time.monotonic() - self._checked_at < max_age:
                return self._matcher, self._seq
            self._checked_at = time.monotonic()
            if self._matcher is None:
                self._seq = name_repo.last_change(session)
                self._matcher = Matcher.from_rows(
                    ((nid, str(cid), text) for nid, cid, text in name_repo.all_live_names(session)),
                    thresholds(),
                )
                # The index lives as long as the process: keep its million objects out of the cyclic
                # collector, whose full passes over them would otherwise stall a request now and then.
                gc.freeze()
            else:
                self._apply_changes(session, self._matcher)
            return self._matcher, self._seq

    def reset(self) -> None:
        """Forget the index; the next use rebuilds it (tests, after a bulk rekey)."""
        with self._lock:
            self._matcher = None
            self._seq = 0
            self._checked_at = -math.inf

    def _apply_changes(self, session: Session, matcher: Matcher) -> None:
        changes = name_repo.changes_since(session, self._seq)
        if not changes:
            return
        current = name_repo.names_by_ids(session, sorted({c.name_id for c in changes}))
        for name_id in {c.name_id for c in changes}:
            if name_id in matcher.index:
                matcher.index.remove(name_id)
            if name_id in current:
                company_id, text = current[name_id]
                _add(matcher, name_id, company_id, text)
        self._seq = changes[-1].seq or self._seq


def _add(matcher: Matcher, name_id: int, company_id: int, text: str) -> None:
    try:
        matcher.index.add(name_id, str(company_id), text)
    except InvalidName:
        return


name_index = NameIndexCache()


def build_ahead() -> threading.Thread | None:
    """Start building the name index on a thread of its own; None when sessions cannot be concurrent.

    The index guards itself with a lock, so a search or an import that needs it meanwhile waits for this
    build and never builds twice. Sessions bound to one shared connection (tests) cannot serve two
    threads: the index is then built where it is first needed, as without this.
    """
    return in_background(
        name_index.current,
        name="name-index",
        failure="the name index could not be built ahead of its first use",
    )


@dataclass
class MatchedAhead:
    """What the index answered for some texts ahead of their use, and where in the change log it stood."""

    results: dict[str, MatchResult] = field(default_factory=dict)
    seq: int | None = None
    stop: threading.Event = field(default_factory=threading.Event)

    def valid_at(self, seq: int) -> Mapping[str, MatchResult]:
        """The results, if the index stands where it stood when they were found (SEQ); else none."""
        return self.results if seq == self.seq else {}


def match_ahead(texts: Sequence[str]) -> tuple[threading.Thread | None, MatchedAhead]:
    """Match TEXTS on a thread of its own, building the index first if need be; the thread and results.

    No thread, and nothing matched, when sessions cannot be concurrent (as build_ahead). The results may
    be read once the thread has ended; a text it did not reach (stopped, or failed) is matched later.
    The thread holds a database session only while it brings the index up to date.
    """
    ahead = MatchedAhead()

    def match(found: tuple[Matcher, int]) -> None:
        matcher, ahead.seq = found
        for text in texts:
            if ahead.stop.is_set():
                return
            ahead.results[text] = matcher.match(text)

    thread = in_background(
        name_index.current_at,
        name="name-match-ahead",
        failure="names could not be matched ahead of use",
        then=match,
    )
    return thread, ahead
