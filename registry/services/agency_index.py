"""Matching written names to foreign agencies: the same matcher as for companies, an index of its own.

Foreign agencies do not share the companies' index. In one index a Bangladeshi "Al Amin Overseas"
would be a rival of the Kuwaiti "Al Amin Manpower" and turn matches of complaints, visa checks and
link detection into reviews (the margin rule is decided among the candidates the index returns, so a
kind filter applied afterwards cannot undo it), and the companies' index is kept current through
their name-change log, which foreign names would have to join. Agencies are few (thousands), so
this process keeps one index per country and one for all, rebuilt when the agency names change.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlmodel import Session

from registry.matching.decide import NONE, MatchResult, MatchThresholds
from registry.matching.matcher import Matcher
from registry.repositories import agencies as agency_repo
from registry.services.name_index import thresholds
from registry.settings import get_settings

ALL_COUNTRIES = "*"


def agency_thresholds() -> MatchThresholds:
    """The companies' thresholds, with the agencies' own review threshold."""
    return replace(thresholds(), review=get_settings().agency_review_threshold)


@dataclass(frozen=True)
class AgencyMatch:
    """What a written name was matched to: decision, agency id (best candidate too), score, reasons."""

    decision: str
    agency_id: int | None
    score: float
    reasons: tuple[str, ...]


class AgencyIndex:
    """Per-country matchers over every foreign agency name, rebuilt when the names change."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._version: tuple[int, int, int] | None = None
        self._matchers: dict[str, Matcher] = {}

    def matcher(self, session: Session, country: str | None) -> Matcher:
        """The matcher for COUNTRY's agencies (every agency when None), current with the database."""
        version = agency_repo.names_version(session)
        with self._lock:
            if version != self._version:
                self._matchers = self._build(agency_repo.all_names(session))
                self._version = version
            key = country or ALL_COUNTRIES
            return self._matchers.get(key) or self._matchers.setdefault(
                key, Matcher(thresholds=agency_thresholds())
            )

    def reset(self) -> None:
        """Forget every index (tests)."""
        with self._lock:
            self._version, self._matchers = None, {}

    @staticmethod
    def _build(rows: Sequence[tuple[int, int, str, str]]) -> dict[str, Matcher]:
        by_country: dict[str, list[tuple[int, str, str]]] = {}
        for name_id, agency_id, country, text in rows:
            by_country.setdefault(country, []).append((name_id, str(agency_id), text))
        everyone = [row for rows_of in by_country.values() for row in rows_of]
        matchers = {c: Matcher.from_rows(r, agency_thresholds()) for c, r in by_country.items()}
        matchers[ALL_COUNTRIES] = Matcher.from_rows(everyone, agency_thresholds())
        return matchers


agency_index = AgencyIndex()


def match_agency(session: Session, *, text: str, country: str | None) -> AgencyMatch:
    """Match TEXT against COUNTRY's agencies (all when None)."""
    result = agency_index.matcher(session, country).match(text)
    return _view(result)


def _view(result: MatchResult) -> AgencyMatch:
    if not result.candidates:
        return AgencyMatch(NONE, None, 0.0, result.reasons)
    best = result.candidates[0]
    return AgencyMatch(result.decision, int(best.company_key), round(result.score, 4), result.reasons)
