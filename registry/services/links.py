"""Re-formed companies: ties between a company and listed or proposed ones.

A banned owner who reopens under a new name usually keeps something: the same civil ID or passport,
the same phone, the same office, a similar name. Each such tie is stored as a CompanyLink, a signal
for PAM, inspectors and scoring; it proves nothing alone, so it never lists a company by itself.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from anyascii import anyascii
from sqlmodel import Session, col, select

from registry.errors import NotFound
from registry.matching.decide import MATCH
from registry.matching.matcher import Matcher
from registry.models.company import NameKind
from registry.models.listing import CompanyLink, LinkKind
from registry.repositories import companies as company_repo
from registry.repositories import listings as listing_repo
from registry.schemas.blacklist import LinkRead
from registry.services.name_index import thresholds

_CHUNK = 1000
_LINKED_NAME_KINDS = frozenset({NameKind.OFFICIAL, NameKind.TRADE, NameKind.FORMER})
# Spellings of the same address part; the keys are what clerks abbreviate.
_ADDRESS_WORDS = {
    "blk": "block",
    "bl": "block",
    "st": "street",
    "str": "street",
    "bldg": "building",
    "bld": "building",
    "flr": "floor",
    "fl": "floor",
    "off": "office",
    "no": "",
    "number": "",
}
# An address too vague to tell two businesses apart ("Kuwait City") must not tie them.
_MIN_ADDRESS_PARTS = 3


@dataclass(frozen=True)
class _Tie:
    company_id: int
    linked_company_id: int
    kind: LinkKind
    evidence: str
    score: float = 1.0


def normalized_address(text: str) -> str:
    """An address as a sorted set of its comma-separated parts, spelled one way ("" when too vague)."""
    parts = set()
    for part in anyascii(text).lower().split(","):
        words = (_ADDRESS_WORDS.get(w, w) for w in re.findall(r"[a-z]+|\d+", part))
        cleaned = " ".join(w for w in words if w)
        if cleaned:
            parts.add(cleaned)
    has_number = any(ch.isdigit() for ch in "".join(parts))
    return "|".join(sorted(parts)) if len(parts) >= _MIN_ADDRESS_PARTS and has_number else ""


def detect_links(session: Session, *, company_id: int) -> list[CompanyLink]:
    """Find and store the ties of one company to listed or proposed companies; return them all."""
    refresh_links_for_new_companies(session, company_ids=[company_id])
    watched = listing_repo.watched_company_ids(session)
    query = select(CompanyLink).where(CompanyLink.company_id == company_id).order_by(col(CompanyLink.id))
    return [link for link in session.exec(query).all() if link.linked_company_id in watched]


def refresh_links_for_new_companies(session: Session, *, company_ids: Sequence[int]) -> int:
    """Check newly registered or imported companies against every listed or proposed company.

    Returns how many new links were stored. Names are matched against a small index of the watched
    companies' names only (cached until they change), so the cost follows the companies checked:
    call it once per import batch, or after one registration.
    """
    watched = watched_index.current(session)
    if not watched.company_ids or not company_ids:
        return 0
    stored = 0
    for start in range(0, len(company_ids), _CHUNK):
        chunk = list(company_ids[start : start + _CHUNK])
        ties = [
            *_officer_ties(listing_repo.shared_officers(session, chunk, watched.company_ids)),
            *_phone_ties(listing_repo.shared_phones(session, chunk, watched.company_ids)),
            *_address_ties(listing_repo.addresses(session, chunk), watched.addresses),
            *_name_ties(_names(session, chunk), watched.matcher),
        ]
        stored += _store(session, ties)
    return stored


def refresh_links_to_watched(session: Session, *, company_id: int) -> int:
    """When a company is proposed, tie every existing company sharing an officer, phone or address.

    Similar names are not searched this way round: the registry's index resolves a name to the one
    company that bears it, so it cannot list look-alikes; companies registered later are matched.
    """
    ties = [_flipped(t) for t in _officer_ties(listing_repo.shared_officers(session, [company_id], None))]
    ties += [_flipped(t) for t in _phone_ties(listing_repo.shared_phones(session, [company_id], None))]
    mine = _address_index(listing_repo.addresses(session, [company_id]))
    if mine:
        ties += _address_ties(listing_repo.addresses(session), mine)
    return _store(session, [t for t in ties if t.company_id != company_id])


def _flipped(tie: _Tie) -> _Tie:
    return _Tie(tie.linked_company_id, tie.company_id, tie.kind, tie.evidence, tie.score)


def _officer_ties(rows: Iterable[tuple[int, int, int]]) -> list[_Tie]:
    return [_Tie(a, b, LinkKind.OFFICER, f"officer {officer_id}") for a, b, officer_id in rows]


def _phone_ties(rows: Iterable[tuple[int, int, str]]) -> list[_Tie]:
    return [_Tie(a, b, LinkKind.PHONE, f"phone {number}") for a, b, number in rows]


def _address_index(addresses: dict[int, str]) -> dict[str, list[int]]:
    index: dict[str, list[int]] = {}
    for company_id, text in addresses.items():
        key = normalized_address(text)
        if key:
            index.setdefault(key, []).append(company_id)
    return index


def _address_ties(addresses: dict[int, str], watched: dict[str, list[int]]) -> list[_Tie]:
    ties = []
    for company_id, text in addresses.items():
        key = normalized_address(text)
        for other in watched.get(key, []) if key else []:
            if other != company_id:
                ties.append(_Tie(company_id, other, LinkKind.ADDRESS, f"address {text}"[:300]))
    return ties


def _names(session: Session, company_ids: list[int]) -> dict[int, list[str]]:
    names = company_repo.names_of(session, company_ids)
    return {cid: [n.text for n in rows if n.kind in _LINKED_NAME_KINDS] for cid, rows in names.items()}


@dataclass(frozen=True)
class Watched:
    """What new companies are compared with: the watched companies, their names and addresses."""

    company_ids: list[int]
    matcher: Matcher
    addresses: dict[str, list[int]]


class WatchedIndex:
    """The watched companies' name index and address keys, rebuilt only when those change."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._digest = b""
        self._watched = Watched([], Matcher(), {})

    def current(self, session: Session) -> Watched:
        """The comparison data as it is now in SESSION's view of the database."""
        ids = sorted(listing_repo.watched_company_ids(session))
        names = listing_repo.watched_names(session)
        addresses = listing_repo.addresses(session, ids) if ids else {}
        digest = hashlib.sha256(repr((ids, names, sorted(addresses.items()))).encode()).digest()
        with self._lock:
            if digest != self._digest:
                matcher = Matcher.from_rows(((n, str(c), t) for n, c, t in names), thresholds())
                self._watched = Watched(ids, matcher, _address_index(addresses))
                self._digest = digest
            return self._watched


watched_index = WatchedIndex()


def _name_ties(names: dict[int, list[str]], matcher: Matcher) -> list[_Tie]:
    # Only a name the matcher resolves to one watched company on its own counts: names in this trade
    # share so many words (family names, "manpower supply") that a looser bar ties half the registry.
    ties = []
    for company_id, texts in names.items():
        for text in texts:
            result = matcher.match(text)
            if result.decision == MATCH and result.company_key is not None:
                best = result.candidates[0].name if result.candidates else ""
                evidence = f"name {text} ~ {best}"[:300]
                ties.append(
                    _Tie(company_id, int(result.company_key), LinkKind.NAME, evidence, round(result.score, 4))
                )
    return ties


def _store(session: Session, ties: list[_Tie]) -> int:
    if not ties:
        return 0
    known = listing_repo.existing_links(session, sorted({t.company_id for t in ties}))
    fresh: dict[tuple[int, int, str, str], _Tie] = {}
    for tie in ties:
        key = (tie.company_id, tie.linked_company_id, str(tie.kind), tie.evidence)
        if key not in known:
            fresh.setdefault(key, tie)
    session.add_all(
        CompanyLink(
            company_id=t.company_id,
            linked_company_id=t.linked_company_id,
            kind=t.kind,
            evidence=t.evidence,
            score=t.score,
        )
        for t in fresh.values()
    )
    session.flush()
    return len(fresh)


def links_view(session: Session, *, company_id: int) -> list[LinkRead]:
    """The company's ties to companies whose listing is proposed, pending or in force; NotFound if none."""
    if company_repo.get(session, company_id) is None:
        raise NotFound(f"no company with id {company_id}")
    rows = listing_repo.open_links_of(session, company_id)
    others = company_repo.get_many(session, [link.linked_company_id for link, _ in rows])
    return [
        LinkRead(
            **link.model_dump(exclude={"id"}),
            id=link.id or 0,
            linked_external_id=others[link.linked_company_id].external_id,
            linked_listing_id=listing.id or 0,
            linked_listing_state=listing.state,
        )
        for link, listing in rows
    ]
